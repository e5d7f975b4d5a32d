/**
 * Stacked classifier training (issue 11 §3): the 25 classifiers of a within-corpus setting
 * (5 folds × 5 repetitions) trained one after another (`trainClassifiers`) and as stacks
 * (`trainClassifiersStacked`, the default), on the bundled EmoDB features, for the three
 * within-corpus classifier shapes of the paper (Sec. 4.3: real 100 units batch 64, syn 200 units
 * batch 256, real+syn 1000 units batch 256) with fewer epochs. One `classifier_stack` record per
 * shape: ms per member-batch each way and the speed-up. Both ways run in this process one after
 * the other, so the ratio compares; the absolute figures depend on the machine and its load.
 * @module
 */
import { initBackend } from "../lib/backend.ts";
import { loadCorpus } from "../lib/data/mod.ts";
import { resolveEvaluationConfig } from "../lib/evaluation/config.ts";
import { trainClassifiersStacked } from "../lib/evaluation/stacked_classifiers.ts";
import {
  type ClassifierJob,
  type TrainClassifiers,
  trainClassifiers,
} from "../lib/evaluation/train_classifiers.ts";
import type { TrainOn } from "../lib/evaluation/types.ts";
import type { Benchmark } from "./types.ts";

/** Yields one `classifier_stack` record per within-corpus classifier shape. */
export const benchmarks: Benchmark = async function* ({ quick }) {
  const backend = await initBackend("wasm");
  const corpus = await loadCorpus("emodb");
  const { rows, cols } = corpus;
  const labels = corpus.labels!;
  const within = resolveEvaluationConfig("paper", {}).classifiers.within;
  const folds = 5, reps = quick ? 2 : 5;
  const epochs: Record<TrainOn, number> = quick
    ? { real: 2, syn: 1, "real+syn": 1 }
    : { real: 6, syn: 4, "real+syn": 3 };
  for (const trainOn of ["real", "syn", "real+syn"] as const) {
    const settings = { ...within[trainOn], epochs: epochs[trainOn] };
    // Synthetic settings train on more rows than EmoDB has: repeat the rows to ~2,000 per fold.
    const copies = trainOn === "real" ? 1 : 4;
    const jobs: ClassifierJob[] = [];
    for (let f = 0; f < folds; f++) {
      const keep: number[] = [];
      for (let c = 0; c < copies; c++) {
        for (let r = 0; r < rows; r++) if (r % folds !== f) keep.push(r);
      }
      const data = new Float32Array(keep.length * cols);
      keep.forEach((r, i) => data.set(corpus.data.subarray(r * cols, (r + 1) * cols), i * cols));
      const y = Int32Array.from(keep, (r) => labels[r]);
      const x = { data, rows: keep.length, cols };
      for (let r = 0; r < reps; r++) {
        jobs.push({ x, y, ids: [], nClasses: corpus.classes.length, settings, seed: 10 * f + r });
      }
    }
    const batches = jobs.reduce(
      (a, j) => a + settings.epochs * Math.floor(j.x.rows / Math.min(settings.batchSize, j.x.rows)),
      0,
    );
    const time = async (train: TrainClassifiers) => {
      const t0 = performance.now();
      const trained = await train(jobs);
      const ms = performance.now() - t0;
      trained.forEach((c) => c.dispose());
      return ms;
    };
    const oneByOne = await time(trainClassifiers);
    const stacked = await time(trainClassifiersStacked);
    yield {
      name: "classifier_stack",
      backend: backend.name,
      kernels: backend.kernels,
      train_on: trainOn,
      hidden: settings.hiddenUnits,
      batch: settings.batchSize,
      members: jobs.length,
      member_batches: batches,
      one_by_one_ms_per_batch: +(oneByOne / batches).toFixed(3),
      stacked_ms_per_batch: +(stacked / batches).toFixed(3),
      speedup: +(oneByOne / stacked).toFixed(2),
    };
  }
};
