/**
 * Report data computed from corpora and evaluated settings: Table 1, Fisher overlap, Fig. 2 and
 * Tables 2-3 rows. Plain data; rendering lives in `../render/`.
 * @module
 */
export * from "./table1.ts";
export * from "./fisher.ts";
export * from "./fig2.ts";
export * from "./tables.ts";
export type { GroupStats } from "./_stats.ts";
