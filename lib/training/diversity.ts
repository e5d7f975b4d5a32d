/**
 * Diversity statistics of a set of generated rows against the real rows it imitates: the cheap
 * measures the trainer records while training (so a collapsing generator is seen at once) and
 * that `lib/analysis` reuses for the full quality report. Plain numbers in, plain numbers out.
 *
 * A generator that maps every input to (nearly) one point per class keeps the class means right
 * while losing the spread; mean-only checks (Table 1) cannot see that. These can:
 * - the per-feature std ratio std_syn(f) / std_target(f): 1 for a faithful copy, near 0 for
 *   collapse (invariant to any per-feature affine scaling applied to both sets alike);
 * - the within-set nearest-neighbour distance ratio: the median distance from a synthetic row to
 *   its nearest other synthetic row over the same median for target rows, both sets z-normalised
 *   by the target's statistics and the larger set subsampled to the smaller's size (NN distances
 *   shrink as a set grows); 1 for a faithful copy, near 0 for collapse;
 * - the reconstruction ratio: mean squared error of a reconstruction over the mean per-feature
 *   variance of the original; 1.0 is what outputting the mean achieves.
 * @module
 */
import type { Rng } from "../random.ts";

/** Median and 10th / 90th percentiles of a set of values. */
export interface Quantiles {
  /** 10th percentile. */
  readonly p10: number;
  /** Median. */
  readonly median: number;
  /** 90th percentile. */
  readonly p90: number;
}

function _rowsOf(data: Float32Array, cols: number, what: string): number {
  if (!Number.isInteger(cols) || cols < 1 || data.length % cols !== 0) {
    throw new RangeError(
      `${what} must hold whole rows of ${cols} values, found ${data.length} values`,
    );
  }
  return data.length / cols;
}

/**
 * Per-feature mean and population standard deviation.
 * @param data row-major values
 * @param cols features per row
 * @returns `mean` and `std`, one value per feature
 */
export function featureMoments(
  data: Float32Array,
  cols: number,
): { mean: Float64Array; std: Float64Array } {
  const n = _rowsOf(data, cols, "Data");
  const mean = new Float64Array(cols), m2 = new Float64Array(cols);
  for (let r = 0; r < n; r++) {
    const o = r * cols;
    for (let c = 0; c < cols; c++) mean[c] += data[o + c];
  }
  for (let c = 0; c < cols; c++) mean[c] /= Math.max(1, n);
  for (let r = 0; r < n; r++) {
    const o = r * cols;
    for (let c = 0; c < cols; c++) {
      const d = data[o + c] - mean[c];
      m2[c] += d * d;
    }
  }
  const std = new Float64Array(cols);
  for (let c = 0; c < cols; c++) std[c] = Math.sqrt(m2[c] / Math.max(1, n));
  return { mean, std };
}

/**
 * Linear-interpolated quantiles (numpy's default).
 * @param values the values (not modified); at least one
 * @returns 10th percentile, median, 90th percentile
 */
export function quantiles(values: ArrayLike<number>): Quantiles {
  if (values.length === 0) throw new RangeError("Expected at least one value, found none");
  const s = Float64Array.from(values).sort();
  const q = (p: number) => {
    const x = p * (s.length - 1), lo = Math.floor(x), hi = Math.ceil(x);
    return s[lo] + (s[hi] - s[lo]) * (x - lo);
  };
  return { p10: q(0.1), median: q(0.5), p90: q(0.9) };
}

/**
 * Per-feature ratio std_syn(f) / std_target(f), over the features whose target std is above
 * `minStd` (a constant feature has no spread to imitate).
 * @param synthetic generated rows, row-major
 * @param target real rows, row-major, same width
 * @param cols features per row
 * @param minStd target std at or below which a feature is skipped (default 1e-12)
 * @returns one ratio per kept feature
 */
export function stdRatios(
  synthetic: Float32Array,
  target: Float32Array,
  cols: number,
  minStd = 1e-12,
): Float64Array {
  // exercise std-ratio: begin
  const s = featureMoments(synthetic, cols).std, t = featureMoments(target, cols).std;
  const out: number[] = [];
  for (let c = 0; c < cols; c++) if (t[c] > minStd) out.push(s[c] / t[c]);
  return Float64Array.from(out);
  // exercise std-ratio: end
}

/**
 * Rows z-normalised by given per-feature statistics (features with zero std are left centred).
 * @param data row-major values
 * @param cols features per row
 * @param mean per-feature mean
 * @param std per-feature std
 * @returns new row-major values
 */
export function zNormalize(
  data: Float32Array,
  cols: number,
  mean: ArrayLike<number>,
  std: ArrayLike<number>,
): Float32Array {
  const out = new Float32Array(data.length);
  for (let i = 0; i < data.length; i++) {
    const c = i % cols;
    out[i] = (data[i] - mean[c]) / (std[c] > 0 ? std[c] : 1);
  }
  return out;
}

/**
 * Squared Euclidean distances between every pair of rows of `a` and `b`, via
 * ||x||² + ||y||² − 2 x·y in double precision (clamped at 0). When `b` is `a` itself, only half
 * of the (symmetric) matrix is computed.
 * @param a row-major rows
 * @param b row-major rows
 * @param cols features per row
 * @returns `rowsA × rowsB` distances, row-major
 */
export function squaredDistances(a: Float32Array, b: Float32Array, cols: number): Float64Array {
  const na = _rowsOf(a, cols, "First set"), nb = _rowsOf(b, cols, "Second set");
  const self = a === b;
  const norm = (m: Float32Array, n: number) => {
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = _dot(m, i * cols, m, i * cols, cols);
    return out;
  };
  const normA = norm(a, na), normB = self ? normA : norm(b, nb);
  const out = new Float64Array(na * nb);
  for (let i = 0; i < na; i++) {
    const oa = i * cols;
    for (let j = self ? i : 0; j < nb; j++) {
      const d = Math.max(0, normA[i] + normB[j] - 2 * _dot(a, oa, b, j * cols, cols));
      out[i * nb + j] = d;
      if (self) out[j * nb + i] = d;
    }
    if (self) out[i * nb + i] = 0;
  }
  return out;
}

/** x·y over `cols` values from the given offsets, four accumulators. */
function _dot(x: Float32Array, ox: number, y: Float32Array, oy: number, cols: number): number {
  let s0 = 0, s1 = 0, s2 = 0, s3 = 0, c = 0;
  for (; c + 3 < cols; c += 4) {
    s0 += x[ox + c] * y[oy + c];
    s1 += x[ox + c + 1] * y[oy + c + 1];
    s2 += x[ox + c + 2] * y[oy + c + 2];
    s3 += x[ox + c + 3] * y[oy + c + 3];
  }
  for (; c < cols; c++) s0 += x[ox + c] * y[oy + c];
  return (s0 + s1) + (s2 + s3);
}

/**
 * Distance from each row to its nearest other row of the same set.
 * @param data row-major rows (at least two)
 * @param cols features per row
 * @returns one distance per row
 */
export function nearestNeighbourDistances(data: Float32Array, cols: number): Float64Array {
  const n = _rowsOf(data, cols, "Data");
  if (n < 2) throw new RangeError(`Nearest neighbours need at least 2 rows, found ${n}`);
  const d2 = squaredDistances(data, data, cols);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let best = Infinity;
    for (let j = 0; j < n; j++) if (j !== i && d2[i * n + j] < best) best = d2[i * n + j];
    out[i] = Math.sqrt(best);
  }
  return out;
}

function _subsample(data: Float32Array, cols: number, k: number, rng: Rng): Float32Array {
  const n = data.length / cols;
  if (k >= n) return data;
  const rows = rng.permutation(n).slice(0, k).sort();
  const out = new Float32Array(k * cols);
  rows.forEach((r, i) => out.set(data.subarray(r * cols, (r + 1) * cols), i * cols));
  return out;
}

/**
 * The within-set nearest-neighbour distance ratio: median NN distance among synthetic rows over
 * median NN distance among target rows, both z-normalised by the target's per-feature mean and
 * std, the larger set subsampled (seeded) to the smaller's size first.
 * @param synthetic generated rows of one class
 * @param target real rows of the same class
 * @param cols features per row
 * @param rng generator for the subsampling
 * @returns the ratio (1 for a faithful copy, near 0 for a collapsed set)
 */
export function nnWithinRatio(
  synthetic: Float32Array,
  target: Float32Array,
  cols: number,
  rng: Rng,
): number {
  const ns = _rowsOf(synthetic, cols, "Synthetic rows"), nt = _rowsOf(target, cols, "Target rows");
  const k = Math.min(ns, nt);
  if (k < 2) throw new RangeError(`Expected at least 2 rows in each set, found ${ns} and ${nt}`);
  const { mean, std } = featureMoments(target, cols);
  const s = zNormalize(_subsample(synthetic, cols, k, rng), cols, mean, std);
  const t = zNormalize(_subsample(target, cols, k, rng), cols, mean, std);
  const ds = quantiles(nearestNeighbourDistances(s, cols)).median;
  const dt = quantiles(nearestNeighbourDistances(t, cols)).median;
  return dt > 0 ? ds / dt : (ds > 0 ? Infinity : 1);
}

/**
 * Reconstruction error relative to the trivial solution: mean squared error of `reconstructed`
 * against `original`, over the mean per-feature variance of `original` (what outputting the
 * per-feature mean scores).
 * @param original row-major rows
 * @param reconstructed row-major rows, same shape
 * @param cols features per row
 * @returns the ratio: 0 for a perfect reconstruction, 1.0 for "output the mean"
 */
export function reconstructionRatio(
  original: Float32Array,
  reconstructed: Float32Array,
  cols: number,
): number {
  _rowsOf(original, cols, "Original rows");
  if (reconstructed.length !== original.length) {
    throw new RangeError(
      `Expected a reconstruction of ${original.length} values, found ${reconstructed.length}`,
    );
  }
  let se = 0;
  for (let i = 0; i < original.length; i++) {
    const d = reconstructed[i] - original[i];
    se += d * d;
  }
  const { std } = featureMoments(original, cols);
  let v = 0;
  for (let c = 0; c < cols; c++) v += std[c] * std[c];
  const mse = se / original.length, variance = v / cols;
  return variance > 0 ? mse / variance : (mse > 0 ? Infinity : 0);
}
