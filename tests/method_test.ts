/**
 * End-to-end check of the method on real data (bundled EmoDB as the labelled corpus X, bundled
 * LibriSpeech chunks as the source S), with small layers so that it runs in about a minute on
 * two CPU cores (wasm backend): after training, the synthetic rows of each emotion must be much
 * closer to that emotion's real rows than the source rows are (paper Table 1: |target − source|
 * 0.084, |target − syn| 0.013) AND keep the target's spread (paper Sec. 4.2, Fig. 2: "similar in
 * both mean and standard deviation"). The first round's generators passed the mean check while
 * their per-feature spread was 3-7 % of the target's; the spread check catches that.
 *
 * Table 1 distance, as in METHOD_NOTES: per class i, the mean over features of
 * |mean_{T_i}(f) − mean_X(f)| on min-max-normalised features, averaged over the classes.
 * Target and synthetic rows are normalised with the labelled corpus's scaler (the space the
 * CycleGAN learns in); source rows with the source's own scaler (the space the CycleGAN reads).
 */
import assert from "node:assert/strict";
import { loadCorpus } from "../lib/data/load_corpus.ts";
import type { Corpus } from "../lib/data/types.ts";
import { initBackend } from "../lib/backend.ts";
import { synthesize } from "../lib/training/synthesize.ts";
import { MinMaxScaler } from "../lib/data/scalers.ts";
import { resolveConfig } from "../lib/models/config.ts";
import { Rng } from "../lib/random.ts";
import { nnWithinRatio, quantiles, stdRatios } from "../lib/training/diversity.ts";

function classMeans(
  data: Float32Array,
  cols: number,
  rows: ArrayLike<number>,
): Float64Array {
  const mean = new Float64Array(cols);
  for (let k = 0; k < rows.length; k++) {
    const base = rows[k] * cols;
    for (let c = 0; c < cols; c++) mean[c] += data[base + c];
  }
  for (let c = 0; c < cols; c++) mean[c] /= rows.length;
  return mean;
}

function meanAbsDiff(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let c = 0; c < a.length; c++) s += Math.abs(a[c] - b[c]);
  return s / a.length;
}

function rowsOf(corpus: Corpus, label: number): number[] {
  const out: number[] = [];
  corpus.labels!.forEach((y, r) => {
    if (y === label) out.push(r);
  });
  return out;
}

function rowsData(corpus: Corpus, rows: readonly number[]): Float32Array {
  const out = new Float32Array(rows.length * corpus.cols);
  rows.forEach((r, k) =>
    out.set(corpus.data.subarray(r * corpus.cols, (r + 1) * corpus.cols), k * corpus.cols)
  );
  return out;
}

function table1(
  labelled: Corpus,
  source: Corpus,
  synthetic: Corpus,
): { source: number; synthetic: number } {
  const cols = labelled.cols;
  const scalers = {
    labelled: new MinMaxScaler().fit(labelled.data, cols),
    source: new MinMaxScaler().fit(source.data, cols),
  };
  const target = scalers.labelled.transform(labelled.data, cols);
  const syn = scalers.labelled.transform(synthetic.data, cols);
  const src = scalers.source.transform(source.data, cols);
  const srcMean = classMeans(src, cols, Array.from({ length: source.rows }, (_, r) => r));
  let dSource = 0, dSyn = 0;
  const n = labelled.classes.length;
  for (let i = 0; i < n; i++) {
    const t = classMeans(target, cols, rowsOf(labelled, i));
    dSource += meanAbsDiff(t, srcMean);
    dSyn += meanAbsDiff(t, classMeans(syn, cols, rowsOf(synthetic, i)));
  }
  return { source: dSource / n, synthetic: dSyn / n };
}

Deno.test("synthesize() on EmoDB + LibriSpeech (quick profile) moves each emotion's rows close to it and keeps its spread", async () => {
  await initBackend("wasm");
  const labelled = await loadCorpus("emodb");
  const source = await loadCorpus("librispeech");
  assert.deepEqual(labelled.classes, ["angry", "happy", "neutral", "sad"]);
  const config = resolveConfig({ lambdaCls: 0, syntheticPerClass: 400, epochs: 60 }, "quick");
  const { synthetic, history, diversity } = await synthesize(labelled, source, {
    seed: 3,
    config,
    diversityEvery: 20,
  });
  assert.deepEqual(history.d_0.length, 60);
  assert.deepEqual(synthetic.rows, 4 * 400);
  assert(synthetic.ids[0].endsWith("_syn_angry"), synthetic.ids[0]);
  const d = table1(labelled, source, synthetic);
  // The paper: 0.084 (source) vs 0.013 (synthetic, λ_cls = 0). Seen here: about 0.106 vs 0.03.
  // Require at least a twofold drop.
  assert(
    d.synthetic < d.source / 2,
    `expected |target − syn| (${d.synthetic.toFixed(4)}) well below |target − source| (${
      d.source.toFixed(4)
    })`,
  );
  // Spread, class by class: a collapsed generator scores about 0.05 on both.
  labelled.classes.forEach((c, i) => {
    const t = rowsData(labelled, rowsOf(labelled, i));
    const s = rowsData(synthetic, rowsOf(synthetic, i));
    const std = quantiles(stdRatios(s, t, labelled.cols)).median;
    const nn = nnWithinRatio(s, t, labelled.cols, new Rng(i));
    assert(std >= 0.5 && nn >= 0.5, `${c}: std ratio ${std.toFixed(3)}, NN ratio ${nn.toFixed(3)}`);
  });
  // The trainer saw the same, and the cycles reconstruct far better than the mean.
  const last = diversity.at(-1)!;
  assert(last.stdRatio >= 0.5 && last.cycleRecon <= 0.5, JSON.stringify(last));
});
