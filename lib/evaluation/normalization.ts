/**
 * Dense row-major matrices as the classifier and the protocols pass them around, and the two
 * row operations they need (stacking, selecting). z-normalisation itself is the data layer's
 * `StandardScaler` (population std, a zero std divides by 1, like the anchor's `sd[sd == 0] = 1`).
 * @module
 */
import type { FeatureMatrix } from "../data/types.ts";

/** A dense row-major matrix: the part of a {@linkcode FeatureMatrix} that the maths needs. */
export type Matrix = Pick<FeatureMatrix, "data" | "rows" | "cols">;

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
