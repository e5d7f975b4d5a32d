/**
 * Min-max scaling for synthesis (paper Sec. 4.1, METHOD_NOTES "Data handling"): each corpus is
 * scaled with its own per-feature minimum and maximum, fitted on its training rows only.
 * Private to training; the data layer's scaler can replace it.
 * @module
 */
import type { FeatureMatrix } from "../data/types.ts";

/** Fitted min-max parameters of one corpus, per feature. */
export interface MinMaxParams {
  /** Per-feature minimum over the fitted rows. */
  readonly min: Float32Array;
  /** Per-feature maximum over the fitted rows. */
  readonly max: Float32Array;
}

/**
 * Fits per-feature min and max on the given rows.
 * @param matrix the corpus
 * @param rows row indices to fit on
 * @returns the parameters
 * @throws {RangeError} for no rows or a non-finite value (naming corpus row id and feature)
 */
export function _fitMinMax(
  matrix: FeatureMatrix,
  rows: ArrayLike<number>,
  label: string,
): MinMaxParams {
  const { cols, data } = matrix;
  if (rows.length === 0) throw new RangeError(`Cannot fit min-max on ${label}: no rows`);
  const min = new Float32Array(cols).fill(Infinity);
  const max = new Float32Array(cols).fill(-Infinity);
  for (let k = 0; k < rows.length; k++) {
    const r = rows[k];
    const base = r * cols;
    for (let c = 0; c < cols; c++) {
      const v = data[base + c];
      if (!Number.isFinite(v)) {
        throw new RangeError(
          `${label}: row "${matrix.ids[r]}" feature "${
            matrix.featureNames[c] ?? c
          }" is ${v}, expected a finite number`,
        );
      }
      if (v < min[c]) min[c] = v;
      if (v > max[c]) max[c] = v;
    }
  }
  return { min, max };
}

/**
 * Scales rows to [0, 1] per feature (values outside the fitted range fall outside [0, 1]); a
 * constant feature (max = min) maps to x − min.
 * @param matrix the corpus
 * @param rows row indices to take, in order
 * @param p fitted parameters
 * @returns `rows.length × cols` scaled values
 */
export function _transformRows(
  matrix: FeatureMatrix,
  rows: ArrayLike<number>,
  p: MinMaxParams,
): Float32Array {
  const { cols, data } = matrix;
  const out = new Float32Array(rows.length * cols);
  const scale = new Float32Array(cols);
  for (let c = 0; c < cols; c++) {
    const range = p.max[c] - p.min[c];
    scale[c] = range > 0 ? 1 / range : 1;
  }
  for (let k = 0; k < rows.length; k++) {
    const src = rows[k] * cols, dst = k * cols;
    for (let c = 0; c < cols; c++) out[dst + c] = (data[src + c] - p.min[c]) * scale[c];
  }
  return out;
}

/**
 * Maps scaled values back to feature units in place: x · (max − min) + min.
 * @param values row-major scaled values
 * @param p fitted parameters
 * @returns the same array
 */
export function _inverseInPlace(values: Float32Array, p: MinMaxParams): Float32Array {
  const cols = p.min.length;
  for (let i = 0; i < values.length; i++) {
    const c = i % cols;
    const range = p.max[c] - p.min[c];
    values[i] = values[i] * (range > 0 ? range : 1) + p.min[c];
  }
  return values;
}
