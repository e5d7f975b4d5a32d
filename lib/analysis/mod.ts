/**
 * Analysis of corpora and evaluated settings, as plain data: the paper's numbers, Table 1, Fisher
 * overlap, Fig. 2 statistics and the rows of Tables 2-3. Rendering lives in `lib/report/`.
 * @module
 */
export * from "./paper.ts";
export * from "./table1.ts";
export * from "./fisher.ts";
export * from "./fig2.ts";
export * from "./tables.ts";
export type { GroupStats } from "./_stats.ts";
