/**
 * z-normalisation of classifier features (paper Sec. 4.1: "we scale the features on each dataset
 * with z-normalization separately"). Statistics are population mean and standard deviation per
 * feature; a feature with zero spread keeps a divisor of 1, as numpy code does with `sd[sd == 0] = 1`.
 * @module
 */
import type { FeatureMatrix } from "../data/types.ts";

/** A dense row-major matrix: the part of a {@linkcode FeatureMatrix} that the maths needs. */
export type Matrix = Pick<FeatureMatrix, "data" | "rows" | "cols">;

/** Per-feature mean and standard deviation learnt from one dataset. */
export interface ZStats {
  /** Mean of each feature. */
  readonly mean: Float64Array;
  /** Standard deviation of each feature (1 where the feature is constant). */
  readonly std: Float64Array;
}

function _checkMatrix(m: Matrix): void {
  if (m.data.length !== m.rows * m.cols) {
    throw new RangeError(
      `Expected ${m.rows} × ${m.cols} = ${m.rows * m.cols} values, found ${m.data.length}`,
    );
  }
}

/**
 * Learns per-feature mean and population standard deviation.
 * @param m the rows to learn from (at least one)
 * @returns the statistics
 */
export function zStats(m: Matrix): ZStats {
  _checkMatrix(m);
  if (m.rows < 1) throw new RangeError("Expected at least one row to fit z-statistics, found 0");
  const { data, rows, cols } = m;
  const mean = new Float64Array(cols), sq = new Float64Array(cols);
  for (let r = 0; r < rows; r++) {
    const o = r * cols;
    for (let c = 0; c < cols; c++) mean[c] += data[o + c];
  }
  for (let c = 0; c < cols; c++) mean[c] /= rows;
  for (let r = 0; r < rows; r++) {
    const o = r * cols;
    for (let c = 0; c < cols; c++) {
      const d = data[o + c] - mean[c];
      sq[c] += d * d;
    }
  }
  const std = new Float64Array(cols);
  for (let c = 0; c < cols; c++) {
    const s = Math.sqrt(sq[c] / rows);
    std[c] = s > 0 ? s : 1;
  }
  return { mean, std };
}

/**
 * Applies learnt statistics: `(x - mean) / std` per feature.
 * @param m the rows to transform
 * @param stats statistics from {@linkcode zStats}
 * @returns a new matrix with the same shape
 */
export function zApply(m: Matrix, stats: ZStats): Matrix {
  _checkMatrix(m);
  if (stats.mean.length !== m.cols) {
    throw new RangeError(
      `Expected z-statistics for ${m.cols} features, found ${stats.mean.length}`,
    );
  }
  const out = new Float32Array(m.data.length);
  const { cols } = m;
  for (let r = 0; r < m.rows; r++) {
    const o = r * cols;
    for (let c = 0; c < cols; c++) out[o + c] = (m.data[o + c] - stats.mean[c]) / stats.std[c];
  }
  return { data: out, rows: m.rows, cols };
}

/**
 * Standardises a dataset by its own statistics (the paper's per-dataset z-normalisation).
 * @param m the rows
 * @returns a new, standardised matrix
 * @example
 * ```ts
 * import { zSelf } from "./normalization.ts";
 * const z = zSelf({ data: new Float32Array([1, 3]), rows: 2, cols: 1 });
 * if (z.data[0] !== -1 || z.data[1] !== 1) throw new Error("unexpected z-scores");
 * ```
 */
export function zSelf(m: Matrix): Matrix {
  return zApply(m, zStats(m));
}

/**
 * Stacks matrices with the same number of columns.
 * @param parts matrices to concatenate row-wise
 * @returns one matrix
 */
export function stackRows(parts: readonly Matrix[]): Matrix {
  if (parts.length === 0) throw new RangeError("Expected at least one matrix to stack, found none");
  const cols = parts[0].cols;
  let rows = 0;
  for (const p of parts) {
    if (p.cols !== cols) {
      throw new RangeError(`Expected ${cols} columns in every matrix, found ${p.cols}`);
    }
    rows += p.rows;
  }
  const data = new Float32Array(rows * cols);
  let o = 0;
  for (const p of parts) {
    data.set(p.data.subarray(0, p.rows * cols), o);
    o += p.rows * cols;
  }
  return { data, rows, cols };
}

/**
 * Selects rows by index.
 * @param m the source matrix
 * @param rows row indices
 * @returns a new matrix holding copies of those rows
 */
export function takeRows(m: Matrix, rows: ArrayLike<number>): Matrix {
  const { cols } = m;
  const data = new Float32Array(rows.length * cols);
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    if (!Number.isInteger(r) || r < 0 || r >= m.rows) {
      throw new RangeError(`Expected a row index in [0, ${m.rows - 1}], found ${r}`);
    }
    data.set(m.data.subarray(r * cols, (r + 1) * cols), i * cols);
  }
  return { data, rows: rows.length, cols };
}
