/**
 * The public surface of the toolkit: notebooks and the command line import from here only.
 *
 * Layers, each importing only from those above it in this table:
 *
 * | folder | paper | what |
 * |---|---|---|
 * | `_files.ts`, `random.ts`, `backend.ts` | - | atomic writes, cache root, hashing; seeded randomness; the TensorFlow.js backend |
 * | `data/` | Sec. 3 | openSMILE readers, corpora and presets, scalers, splits |
 * | `models/`, `losses/`, `kernels/` | Sec. 2, eqs. 1-5 | G_i, F_i, D_i^T, D_i^S, C, their losses, fast CPU kernels |
 * | `training/` | Sec. 4.1 | pre-training, the N-CycleGAN trainer, checkpoints, generation |
 * | `augmentation/` | Sec. 4.2 | the `Augmenter` seam: the CycleGAN and the baselines, found by name |
 * | `evaluation/` | Sec. 4.3-4.4 | the SER classifier, UAR, protocols, named seeds, paired comparison |
 * | `analysis/` | Tables 1-3, Fig. 2 | Table 1, Fisher, Fig. 2 statistics, synthetic-data quality, result rows, methods, sweep, claims |
 * | `pipeline/` | Sec. 4 | run configuration, plan as typed stages, estimate, cache, the run |
 * | `report/` | Tables 1-3, Figs. 2-3 | vega-lite figures, tables, the report files, notebook display |
 * | `course/` | eqs. 1-5, Sec. 4 | exercises marked in lib, the student release, the grader |
 * @module
 */
export * from "./random.ts";
export * from "./backend.ts";
export * from "./data/mod.ts";
export * from "./models/mod.ts";
export * from "./losses/mod.ts";
export * from "./training/mod.ts";
export * from "./kernels/mod.ts";
export * from "./augmentation/mod.ts";
export * from "./evaluation/mod.ts";
export * from "./analysis/mod.ts";
export * from "./pipeline/mod.ts";
export * from "./report/render/figure.ts";
export * from "./report/render/figures.ts";
export * from "./report/render/tables.ts";
export * from "./report/render/claims.ts";
export * from "./report/render/text.ts";
export * from "./report/render/report.ts";
export * from "./report/render/feature_breakdown.ts";
export * from "./report/render/quality.ts";
export * from "./report/display.ts";
export * from "./course/mod.ts";
