/**
 * The paper's experiments (Sec. 4): the SER classifier and the batch function that trains a
 * setting's classifiers, metrics, the within- and cross-corpus protocols, named seeds, the
 * configuration and its profiles, and the paired comparison of two settings.
 * @module
 */
export * from "./types.ts";
export * from "./classifier.ts";
export * from "./train_classifiers.ts";
export * from "./stacked_classifiers.ts";
export * from "./metrics.ts";
export * from "./config.ts";
export * from "./seeds.ts";
export * from "./synthetic.ts";
export * from "./setting.ts";
export * from "./within.ts";
export * from "./cross.ts";
export * from "./evaluate_setting.ts";
export * from "./compare.ts";
export * from "./paired.ts";
export {
  type Dataset,
  type FitScaler,
  fitStandardScaler,
  type FittedScaler,
  type ScalerRole,
} from "./_datasets.ts";
