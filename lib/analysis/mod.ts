/**
 * Analysis of corpora and evaluated settings, as plain data: the paper's numbers, Table 1, Fisher
 * overlap, Fig. 2 statistics, synthetic-data quality (fidelity, diversity, collapse), the rows
 * of Tables 2-3, the methods side by side, the λ_cls sweep and the paper's claims with their
 * paired tests. Rendering lives in `lib/report/`.
 * @module
 */
export * from "./paper.ts";
export * from "./table1.ts";
export * from "./fisher.ts";
export * from "./fig2.ts";
export * from "./tables.ts";
export type { GroupStats } from "./_stats.ts";
export * from "./methods.ts";
export * from "./lambda_sweep.ts";
export * from "./claims.ts";
export * from "./synthetic_quality.ts";
export * from "./projection.ts";
export * from "./quality.ts";
