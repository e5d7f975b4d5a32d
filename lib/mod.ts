/**
 * The public surface of the toolkit: notebooks and the command line import from here only.
 *
 * | folder | paper | what |
 * |---|---|---|
 * | `data/` | Sec. 3 | openSMILE readers, corpora and presets, scalers, splits |
 * | `models/`, `losses/` | Sec. 2, eqs. 1-5 | G_i, F_i, D_i^T, D_i^S, C and their losses |
 * | `training/` | Sec. 4.1 | pre-training, the N-CycleGAN trainer, checkpoints, generation |
 * | `evaluation/` | Sec. 4.3-4.4 | the SER classifier, UAR, protocols, experiments, cache |
 * | `report/` | Tables 1-3, Figs. 2-3 | report data, vega-lite figures, tables, notebook display |
 * | `backend.ts`, `kernels/` | - | TensorFlow.js backends and the fast CPU kernels |
 * @module
 */
export * from "./random.ts";
export * from "./backend.ts";
export * from "./data/mod.ts";
export * from "./models/mod.ts";
export * from "./losses/mod.ts";
export * from "./training/mod.ts";
export * from "./kernels/mod.ts";
export * from "./evaluation/mod.ts";
export * from "./evaluation/types.ts";
export * from "./analysis/mod.ts";
export * from "./report/render/figure.ts";
export * from "./report/render/figures.ts";
export * from "./report/render/tables.ts";
export * from "./report/render/claims.ts";
export * from "./report/render/report.ts";
export * from "./report/render/feature_breakdown.ts";
export * from "./report/display.ts";
