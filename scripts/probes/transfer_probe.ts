/**
 * Short, seeded probes of the N-CycleGAN's synthetic data (issue 9, section 4): train one model
 * on all labelled rows (the cross-corpus model) with a named remedy, generate, and print the
 * fidelity and diversity numbers that expose collapse. One JSON line per (variant, seed), then a
 * Markdown table of means over seeds.
 *
 *   deno run -A scripts/probes/transfer_probe.ts [--variants a,b,...] [--seeds 1,2,3] [--lambda-cls 0]
 *
 * Not a test and not part of the library: a research script whose output goes into BENCHMARKS.md.
 */
import { parseArgs } from "node:util";
import {
  type CycleGanConfig,
  type DiversityRecord,
  initBackend,
  loadCorpus,
  nnWithinRatio,
  quantiles,
  resolveConfig,
  Rng,
  stdRatios,
  synthesize,
  table1,
} from "../../lib/mod.ts";
import type { Corpus } from "../../lib/data/types.ts";

/**
 * The first round's quick profile (plain generators in min-max space, 20 pre-training epochs):
 * every variant below is an override of it, so the table stays comparable whatever `quick`
 * becomes.
 */
const FIRST_ROUND: Partial<CycleGanConfig> = {
  generatorForm: "plain",
  synthesisSpace: "minmax",
  pretrainEpochs: 20,
};

/** The remedies, as overrides of {@linkcode FIRST_ROUND} (plus 300 rows per class). */
const VARIANTS: Record<string, Partial<CycleGanConfig>> = {
  quick: {},
  "quick-now": { generatorForm: "affine-residual", synthesisSpace: "zscore", pretrainEpochs: 0 },
  "quick-shared": { sourceBatches: "shared" },
  zscore: { synthesisSpace: "zscore" },
  residual: { generatorForm: "residual" },
  "residual-zscore": { generatorForm: "residual", synthesisSpace: "zscore" },
  identity: { lambdaIdentity: 5 },
  "identity-zscore": { lambdaIdentity: 5, synthesisSpace: "zscore" },
  mbstd: { minibatchStd: true },
  "mbstd-zscore": { minibatchStd: true, synthesisSpace: "zscore" },
  "residual-zscore-mbstd": {
    generatorForm: "residual",
    synthesisSpace: "zscore",
    minibatchStd: true,
  },
  "rz-nopre": { generatorForm: "residual", synthesisSpace: "zscore", pretrainEpochs: 0 },
  "rz-cyc1": { generatorForm: "residual", synthesisSpace: "zscore", lambdaCyc: 1 },
  "rz-long": { generatorForm: "residual", synthesisSpace: "zscore", epochs: 300, lrDecayEvery: 60 },
  "rz-bigd": {
    generatorForm: "residual",
    synthesisSpace: "zscore",
    discriminatorHidden: [256, 256],
  },
  "rz-nodrop": {
    generatorForm: "residual",
    synthesisSpace: "zscore",
    discriminatorDropout: 0,
    generatorDropout: 0,
  },
  "affine-zscore": {
    generatorForm: "affine-residual",
    synthesisSpace: "zscore",
    pretrainEpochs: 0,
  },
  "affine": { generatorForm: "affine-residual", pretrainEpochs: 0 },
  "affine-zscore-long": {
    generatorForm: "affine-residual",
    synthesisSpace: "zscore",
    pretrainEpochs: 0,
    epochs: 300,
    lrDecayEvery: 60,
  },
  "lowlr": { learningRate: 1e-3, pretrainLearningRate: 1e-3 },
  "longpre": { pretrainEpochs: 100 },
  "nopre": { pretrainEpochs: 0 },
  "paper-size-short": {
    generatorHidden: [1000, 500, 1000],
    discriminatorHidden: [1000, 1000],
    batchSize: 64,
    learningRate: 2e-4,
    pretrainLearningRate: 2e-4,
    lrDecayEvery: 50,
    pretrainEpochs: 100,
    epochs: 100,
  },
};

function rowsOf(c: Corpus, label: number): Float32Array {
  const idx: number[] = [];
  c.labels!.forEach((y, r) => y === label && idx.push(r));
  const out = new Float32Array(idx.length * c.cols);
  idx.forEach((r, k) => out.set(c.data.subarray(r * c.cols, (r + 1) * c.cols), k * c.cols));
  return out;
}

const { values } = parseArgs({
  args: Deno.args,
  options: {
    variants: { type: "string", default: "quick,residual-zscore" },
    seeds: { type: "string", default: "1,2,3" },
    "lambda-cls": { type: "string", default: "0" },
    backend: { type: "string", default: "wasm" },
    trace: { type: "boolean", default: false },
  },
});
const backend = await initBackend(values.backend as "wasm");
const [labelled, source] = await Promise.all([loadCorpus("emodb"), loadCorpus("librispeech")]);
const lambdaCls = Number(values["lambda-cls"]);
const seeds = values.seeds!.split(",").map(Number);
console.error(`backend ${backend.name} (${backend.kernels}); λcls ${lambdaCls}; seeds ${seeds}`);

interface Row {
  variant: string;
  seed: number;
  table1: number;
  source_table1: number;
  std_ratio: number;
  std_p10: number;
  std_p90: number;
  nn_ratio: number;
  cycle_recon: number;
  pretrain_std_ratio: number;
  seconds: number;
}
const rows: Row[] = [];
for (const variant of values.variants!.split(",")) {
  const over = VARIANTS[variant];
  if (!over) throw new RangeError(`Unknown variant "${variant}": ${Object.keys(VARIANTS)}`);
  for (const seed of seeds) {
    const config = resolveConfig(
      { syntheticPerClass: 300, ...FIRST_ROUND, ...over, lambdaCls },
      "quick",
    );
    const t0 = performance.now();
    const res = await synthesize(labelled, source, {
      config,
      seed,
      diversityEvery: 10,
      pretrainDiversityEvery: Math.max(1, Math.floor(config.pretrainEpochs / 4)),
    });
    const seconds = (performance.now() - t0) / 1000;
    const syn = res.synthetic;
    const t1 = table1(labelled, source, new Map([[lambdaCls, syn]]));
    const perClass = labelled.classes.map((_, i) => {
      const t = rowsOf(labelled, i), s = rowsOf(syn, i);
      const q = quantiles(stdRatios(s, t, labelled.cols));
      return { q, nn: nnWithinRatio(s, t, labelled.cols, new Rng(seed + i)) };
    });
    const mean = (f: (x: (typeof perClass)[number]) => number) =>
      perClass.reduce((a, x) => a + f(x), 0) / perClass.length;
    const last: DiversityRecord | undefined = res.diversity.at(-1);
    const pre = res.diversity.filter((d) => d.phase === "pretrain").at(-1);
    const row: Row = {
      variant,
      seed,
      table1: t1[1].meanAbsDiff,
      source_table1: t1[0].meanAbsDiff,
      std_ratio: mean((x) => x.q.median),
      std_p10: mean((x) => x.q.p10),
      std_p90: mean((x) => x.q.p90),
      nn_ratio: mean((x) => x.nn),
      cycle_recon: last?.cycleRecon ?? NaN,
      pretrain_std_ratio: pre?.stdRatio ?? NaN,
      seconds,
    };
    rows.push(row);
    if (values.trace) {
      const last = (k: string) => res.history[k]?.at(-1)?.toFixed(3);
      const first = (k: string) => res.history[k]?.[0]?.toFixed(3);
      console.error(
        `  losses first→last: d_0 ${first("d_0")}→${last("d_0")} g_adv_0 ${first("g_adv_0")}→${
          last("g_adv_0")
        } cyc_0 ${first("cyc_0")}→${last("cyc_0")} cls ${first("cls")}→${last("cls")}`,
      );
      for (const d of res.diversity) {
        console.error(
          `  ${d.phase} ${d.epoch}: std ${d.stdRatio.toFixed(3)} nn ${d.nnRatio.toFixed(3)} ` +
            `recon ${d.cycleRecon.toFixed(3)}`,
        );
      }
    }
    console.log(JSON.stringify({ name: "transfer_probe", lambda_cls: lambdaCls, ...row }));
  }
}
const f = (v: number) => v.toFixed(3);
console.log(
  "\n| variant | seeds | std ratio (p10-p90) | NN ratio | cycle recon | Table 1 (source) | std ratio after pre-training |",
);
console.log("|---|---|---|---|---|---|---|");
for (const variant of [...new Set(rows.map((r) => r.variant))]) {
  const rs = rows.filter((r) => r.variant === variant);
  const m = (k: keyof Row) => rs.reduce((a, r) => a + (r[k] as number), 0) / rs.length;
  const sd = (k: keyof Row) =>
    Math.sqrt(rs.reduce((a, r) => a + ((r[k] as number) - m(k)) ** 2, 0) / rs.length);
  console.log(
    `| ${variant} | ${rs.length} | ${f(m("std_ratio"))} ± ${f(sd("std_ratio"))} (${
      f(m("std_p10"))
    }-${f(m("std_p90"))}) | ${f(m("nn_ratio"))} ± ${f(sd("nn_ratio"))} | ${f(m("cycle_recon"))} | ${
      f(m("table1"))
    } ± ${f(sd("table1"))} (${f(m("source_table1"))}) | ${f(m("pretrain_std_ratio"))} |`,
  );
}
