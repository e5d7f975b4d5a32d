/**
 * Per-feature statistics of min-max-normalised sets, shared by Table 1, Fig. 2 and the Fisher
 * overlap analysis.
 * @module
 */
import { MinMaxScaler } from "../data/mod.ts";
import type { Corpus } from "../data/types.ts";

/** Per-feature mean and population variance of a group of rows. */
export interface GroupStats {
  /** Rows in the group. */
  readonly rows: number;
  /** Mean per feature. */
  readonly mean: Float64Array;
  /** Population variance per feature. */
  readonly variance: Float64Array;
}

/**
 * Mean and variance per feature of selected rows.
 * @param data row-major values
 * @param cols features per row
 * @param rows row indices (all rows when omitted)
 * @returns the statistics
 */
export function groupStats(data: Float32Array, cols: number, rows?: ArrayLike<number>): GroupStats {
  const n = rows ? rows.length : data.length / cols;
  if (n < 1) throw new RangeError("Expected at least one row for feature statistics, found 0");
  const mean = new Float64Array(cols), variance = new Float64Array(cols);
  for (let k = 0; k < n; k++) {
    const o = (rows ? rows[k] : k) * cols;
    for (let c = 0; c < cols; c++) mean[c] += data[o + c];
  }
  for (let c = 0; c < cols; c++) mean[c] /= n;
  for (let k = 0; k < n; k++) {
    const o = (rows ? rows[k] : k) * cols;
    for (let c = 0; c < cols; c++) {
      const d = data[o + c] - mean[c];
      variance[c] += d * d;
    }
  }
  for (let c = 0; c < cols; c++) variance[c] /= n;
  return { rows: n, mean, variance };
}

/**
 * Row indices per class.
 * @param corpus a labelled corpus
 * @returns one index list per class of `corpus.classes`
 */
export function rowsByClass(corpus: Corpus): number[][] {
  if (corpus.labels === null) throw new TypeError(`Corpus "${corpus.name}" has no labels`);
  const out: number[][] = corpus.classes.map(() => []);
  corpus.labels.forEach((y, r) => out[y].push(r));
  return out;
}

/** The three sets of the emotion-transfer analysis, min-max normalised. */
export interface ScaledSets {
  /** Target (labelled corpus) values, scaled by its own min-max. */
  readonly target: Float32Array;
  /** Source values, scaled by the source's own min-max. */
  readonly source: Float32Array;
  /** Synthetic values by λ_cls, scaled by the target's min-max (they are in target units). */
  readonly syn: ReadonlyMap<number, Float32Array>;
}

/**
 * Min-max normalises the sets as the generator sees them (METHOD_NOTES, data handling): target
 * and source each by their own minimum and maximum, synthetic data by the target's.
 * @param target the labelled corpus
 * @param source the unlabelled source corpus
 * @param syn synthetic corpora by λ_cls
 * @returns the scaled values
 */
export function scaleSets(
  target: Corpus,
  source: Corpus,
  syn: ReadonlyMap<number, Corpus>,
): ScaledSets {
  for (const c of [source, ...syn.values()]) {
    if (c.cols !== target.cols) {
      throw new RangeError(
        `Expected ${target.cols} features in "${c.name}" like "${target.name}", found ${c.cols}`,
      );
    }
  }
  const ts = new MinMaxScaler().fit(target.data, target.cols);
  const ss = new MinMaxScaler().fit(source.data, source.cols);
  return {
    target: ts.transform(target.data, target.cols),
    source: ss.transform(source.data, source.cols),
    syn: new Map([...syn].map(([l, c]) => [l, ts.transform(c.data, c.cols)])),
  };
}
