/**
 * A run assembled once, at the top: the run configuration (augmenters as specs), the corpora loaded
 * and hashed once, the plan as typed stages with its cost estimate and warm-up, the cache, and the
 * run itself, which hands fitted augmenters' synthetic corpora on in memory. One setting
 * (`evaluate`) and the whole paper (`reproducePaper`) are two plans of the same runner.
 * @module
 */
export * from "./types.ts";
export * from "./config.ts";
export * from "./inputs.ts";
export * from "./cache.ts";
export * from "./plan.ts";
export * from "./estimate.ts";
export * from "./run.ts";
export * from "./evaluate.ts";
export * from "./reproduce.ts";
