/** One measurement: printed as a JSON line by `deno task bench --json`. */
export interface BenchRecord {
  /** What was measured, e.g. `quad_iteration` or `arff_parse`. */
  readonly name: string;
  readonly [key: string]: unknown;
}

/** A benchmark module yields its records as it measures them. */
export type Benchmark = (options: { readonly quick: boolean }) => AsyncIterable<BenchRecord>;
