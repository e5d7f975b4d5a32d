/**
 * End-to-end check of the method on real data (bundled EmoDB as the labelled corpus X, bundled
 * LibriSpeech chunks as the source S), with small layers so that it runs in about a minute on
 * two CPU cores (wasm backend): after pre-training and main training, the synthetic rows of each emotion must
 * be much closer to that emotion's real rows than the source rows are (paper Table 1:
 * |target − source| 0.084, |target − syn| 0.013).
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
import type { MinMaxScaler } from "../lib/data/scalers.ts";

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

function table1(
  labelled: Corpus,
  source: Corpus,
  synthetic: Corpus,
  scalers: { labelled: MinMaxScaler; source: MinMaxScaler },
): { source: number; synthetic: number } {
  const cols = labelled.cols;
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

Deno.test("synthesize() on EmoDB + LibriSpeech moves synthetic rows much closer to each emotion than the source (Table 1)", async () => {
  await initBackend("wasm");
  const labelled = await loadCorpus("emodb");
  const source = await loadCorpus("librispeech");
  assert.deepEqual(labelled.classes, ["angry", "happy", "neutral", "sad"]);
  const { synthetic, history, pretrainHistory, scalers } = await synthesize(labelled, source, {
    seed: 3,
    config: {
      generatorHidden: [64, 32, 64],
      discriminatorHidden: [32, 32],
      lambdaCls: 0,
      // Small and fast: batch 16 gives 3 iterations per epoch (62 sad rows), a higher
      // learning rate makes up for 240 iterations instead of the paper's thousands.
      batchSize: 16,
      pretrainEpochs: 5,
      epochs: 80,
      learningRate: 5e-3,
      pretrainLearningRate: 5e-3,
      syntheticPerClass: 400,
    },
  });
  assert.deepEqual(pretrainHistory.pre_cyc_0.length, 5);
  assert.deepEqual(history.d_0.length, 80);
  assert.deepEqual(synthetic.rows, 4 * 400);
  assert(synthetic.ids[0].endsWith("_syn_angry"), synthetic.ids[0]);
  const d = table1(labelled, source, synthetic, scalers);
  // The paper: 0.084 (source) vs 0.013 (synthetic, λ_cls = 0). Seen here: about 0.106 vs 0.027.
  // Require at least a twofold drop.
  assert(
    d.synthetic < d.source / 2,
    `expected |target − syn| (${d.synthetic.toFixed(4)}) well below |target − source| (${
      d.source.toFixed(4)
    })`,
  );
});
