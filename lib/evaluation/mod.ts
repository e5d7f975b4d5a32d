/**
 * The paper's experiments (Sec. 4): the SER classifier, metrics, the within- and cross-corpus
 * protocols, the configuration and its profiles, the result cache, one-setting evaluation and
 * the whole-paper orchestration.
 * @module
 */
export * from "./classifier.ts";
export * from "./metrics.ts";
export * from "./normalization.ts";
export * from "./config.ts";
export * from "./cache.ts";
export * from "./protocols.ts";
export * from "./evaluate.ts";
export * from "./experiments.ts";
