/**
 * Feature scaling with the scikit-learn estimator shape: the constructor stores settings,
 * `fit()` learns per-feature statistics (optionally from some rows only, e.g. a training fold)
 * and returns `this`, `transform()` / `inverseTransform()` throw before `fit()`. Learned state
 * lives in `learned`, apart from `settings`. Features whose range (min-max) or standard
 * deviation (z-norm) is zero get a divisor of 1, so no NaN ever appears.
 *
 * The paper min-max scales each corpus for the CycleGAN (METHOD_NOTES "Data handling") and
 * z-normalises each dataset for the classifier.
 * @module
 */

/** Settings of {@linkcode MinMaxScaler}. */
export interface MinMaxScalerSettings {
  /** Target range `[low, high]` of each feature; low < high. */
  readonly featureRange: readonly [number, number];
}

/** Default settings: scale to [0, 1]. */
export const MIN_MAX_DEFAULTS: MinMaxScalerSettings = Object.freeze({
  featureRange: Object.freeze([0, 1]) as unknown as readonly [number, number],
});

/** What a {@linkcode MinMaxScaler} learns. */
export interface MinMaxLearned {
  /** Per-feature minimum of the fitted rows. */
  readonly dataMin: Float64Array;
  /** Per-feature maximum of the fitted rows. */
  readonly dataMax: Float64Array;
}

/** Settings of {@linkcode StandardScaler}. */
export interface StandardScalerSettings {
  /** Subtract the mean. */
  readonly withMean: boolean;
  /** Divide by the (population, ddof 0) standard deviation. */
  readonly withStd: boolean;
}

/** Default settings: centre and scale, as scikit-learn. */
export const STANDARD_DEFAULTS: StandardScalerSettings = Object.freeze({
  withMean: true,
  withStd: true,
});

/** What a {@linkcode StandardScaler} learns. */
export interface StandardLearned {
  /** Per-feature mean of the fitted rows. */
  readonly mean: Float64Array;
  /** Per-feature population standard deviation (ddof 0) of the fitted rows. */
  readonly std: Float64Array;
}

/** A serialised scaler, as written by `toJSON()`. */
export type ScalerJson =
  | {
    readonly type: "MinMaxScaler";
    readonly settings: MinMaxScalerSettings;
    readonly dataMin: number[];
    readonly dataMax: number[];
  }
  | {
    readonly type: "StandardScaler";
    readonly settings: StandardScalerSettings;
    readonly mean: number[];
    readonly std: number[];
  };

function _checkMatrix(what: string, data: Float32Array, cols: number): number {
  if (!(data instanceof Float32Array)) {
    throw new TypeError(
      `${what} expects a Float32Array, found ${Object.prototype.toString.call(data)}`,
    );
  }
  if (!Number.isInteger(cols) || cols <= 0) {
    throw new RangeError(`${what} expects a positive integer column count, found ${cols}`);
  }
  if (data.length % cols !== 0) {
    throw new RangeError(
      `${what} expects rows × ${cols} values, found ${data.length} (not a multiple of ${cols})`,
    );
  }
  return data.length / cols;
}

function _rowsToUse(what: string, rows: number, rowIndices?: ArrayLike<number>): ArrayLike<number> {
  if (rowIndices === undefined) {
    const all = new Int32Array(rows);
    for (let i = 0; i < rows; i++) all[i] = i;
    return all;
  }
  for (let k = 0; k < rowIndices.length; k++) {
    const r = rowIndices[k];
    if (!Number.isInteger(r) || r < 0 || r >= rows) {
      throw new RangeError(
        `${what}: row index ${k} must be an integer in [0, ${rows}), found ${r}`,
      );
    }
  }
  return rowIndices;
}

function _affine(
  data: Float32Array,
  cols: number,
  shift: Float64Array,
  scale: Float64Array,
  offset: number,
): Float32Array {
  // out = (x - shift) * scale + offset, per column, in float64 before rounding to float32
  const out = new Float32Array(data.length);
  for (let i = 0; i < data.length; i += cols) {
    for (let j = 0; j < cols; j++) out[i + j] = (data[i + j] - shift[j]) * scale[j] + offset;
  }
  return out;
}

/** Scales each feature to a range, from the minimum and maximum of the fitted rows. */
export class MinMaxScaler {
  /** Settings, as given to the constructor (merged with {@linkcode MIN_MAX_DEFAULTS}). */
  readonly settings: MinMaxScalerSettings;
  /** Learned statistics; `null` before {@linkcode MinMaxScaler.prototype.fit}. */
  learned: MinMaxLearned | null = null;

  /**
   * @param settings overrides of {@linkcode MIN_MAX_DEFAULTS}
   * @throws {RangeError} when the range is not two finite numbers, low < high
   */
  constructor(settings: Partial<MinMaxScalerSettings> = {}) {
    const s = { ...MIN_MAX_DEFAULTS, ...settings };
    const [lo, hi] = s.featureRange;
    if (!Number.isFinite(lo) || !Number.isFinite(hi) || !(lo < hi)) {
      throw new RangeError(
        `MinMaxScaler featureRange must be [low, high] with low < high, found [${lo}, ${hi}]`,
      );
    }
    this.settings = Object.freeze({
      featureRange: Object.freeze([lo, hi]) as readonly [number, number],
    });
  }

  /**
   * Learns each feature's minimum and maximum.
   * @param data row-major values, `rows × cols`
   * @param cols number of features
   * @param rowIndices fit on these rows only (e.g. a training fold); default all
   * @returns this scaler
   * @throws {RangeError} on a shape mismatch, a bad row index, no rows, or a non-finite value
   */
  fit(data: Float32Array, cols: number, rowIndices?: ArrayLike<number>): this {
    const rows = _checkMatrix("MinMaxScaler.fit()", data, cols);
    const use = _rowsToUse("MinMaxScaler.fit()", rows, rowIndices);
    if (use.length === 0) {
      throw new RangeError("MinMaxScaler.fit() needs at least one row, found 0");
    }
    const dataMin = new Float64Array(cols).fill(Infinity);
    const dataMax = new Float64Array(cols).fill(-Infinity);
    for (let k = 0; k < use.length; k++) {
      const base = use[k] * cols;
      for (let j = 0; j < cols; j++) {
        const v = data[base + j];
        if (v < dataMin[j]) dataMin[j] = v;
        if (v > dataMax[j]) dataMax[j] = v;
      }
    }
    for (let j = 0; j < cols; j++) {
      if (!Number.isFinite(dataMin[j]) || !Number.isFinite(dataMax[j])) {
        throw new RangeError(
          `MinMaxScaler.fit() expects finite values, found NaN or ±Inf in feature ${j}`,
        );
      }
    }
    this.learned = { dataMin, dataMax };
    return this;
  }

  #scale(what: string, cols: number): Float64Array {
    if (this.learned === null) throw new Error(`MinMaxScaler.${what}() called before fit()`);
    if (cols !== this.learned.dataMin.length) {
      throw new RangeError(
        `MinMaxScaler.${what}() expects ${this.learned.dataMin.length} features, found ${cols}`,
      );
    }
    const [lo, hi] = this.settings.featureRange;
    const scale = new Float64Array(cols);
    for (let j = 0; j < cols; j++) {
      const range = this.learned.dataMax[j] - this.learned.dataMin[j];
      scale[j] = (hi - lo) / (range === 0 ? 1 : range);
    }
    return scale;
  }

  /**
   * Scales rows: `(x - min) / (max - min) · (high - low) + low` (a zero range divides by 1).
   * @param data row-major values, `rows × cols`
   * @param cols number of features, as fitted
   * @returns a new array of scaled values
   * @throws {Error} before `fit()`; {RangeError} on a shape mismatch
   */
  transform(data: Float32Array, cols: number): Float32Array {
    _checkMatrix("MinMaxScaler.transform()", data, cols);
    const scale = this.#scale("transform", cols);
    return _affine(data, cols, this.learned!.dataMin, scale, this.settings.featureRange[0]);
  }

  /**
   * Fits on `data` (or some of its rows), then transforms all of it.
   * @param data row-major values
   * @param cols number of features
   * @param rowIndices rows to fit on; default all
   * @returns a new array of scaled values
   */
  fitTransform(data: Float32Array, cols: number, rowIndices?: ArrayLike<number>): Float32Array {
    return this.fit(data, cols, rowIndices).transform(data, cols);
  }

  /**
   * Maps scaled rows back to the original units.
   * @param data row-major scaled values
   * @param cols number of features, as fitted
   * @returns a new array in the original units
   * @throws {Error} before `fit()`; {RangeError} on a shape mismatch
   */
  inverseTransform(data: Float32Array, cols: number): Float32Array {
    _checkMatrix("MinMaxScaler.inverseTransform()", data, cols);
    const scale = this.#scale("inverseTransform", cols);
    const lo = this.settings.featureRange[0];
    const min = this.learned!.dataMin;
    const out = new Float32Array(data.length);
    for (let i = 0; i < data.length; i += cols) {
      for (let j = 0; j < cols; j++) out[i + j] = (data[i + j] - lo) / scale[j] + min[j];
    }
    return out;
  }

  /**
   * @returns settings and learned state as plain JSON
   * @throws {Error} before `fit()`
   */
  toJSON(): ScalerJson {
    if (this.learned === null) throw new Error("MinMaxScaler.toJSON() called before fit()");
    return {
      type: "MinMaxScaler",
      settings: { featureRange: [...this.settings.featureRange] as [number, number] },
      dataMin: Array.from(this.learned.dataMin),
      dataMax: Array.from(this.learned.dataMax),
    };
  }

  /**
   * Rebuilds a fitted scaler from {@linkcode MinMaxScaler.prototype.toJSON}'s output.
   * @param json the serialised scaler
   * @returns a fitted scaler
   * @throws {TypeError} when `json` is not a serialised MinMaxScaler
   */
  static fromJSON(json: ScalerJson): MinMaxScaler {
    if (
      json?.type !== "MinMaxScaler" || !Array.isArray(json.dataMin) ||
      !Array.isArray(json.dataMax) || json.dataMin.length !== json.dataMax.length
    ) {
      throw new TypeError(`Expected a serialised MinMaxScaler, found type ${String(json?.type)}`);
    }
    const s = new MinMaxScaler(json.settings);
    s.learned = {
      dataMin: Float64Array.from(json.dataMin),
      dataMax: Float64Array.from(json.dataMax),
    };
    return s;
  }
}

/** Centres each feature on its mean and divides by its standard deviation (z-normalisation). */
export class StandardScaler {
  /** Settings, as given to the constructor (merged with {@linkcode STANDARD_DEFAULTS}). */
  readonly settings: StandardScalerSettings;
  /** Learned statistics; `null` before {@linkcode StandardScaler.prototype.fit}. */
  learned: StandardLearned | null = null;

  /** @param settings overrides of {@linkcode STANDARD_DEFAULTS} */
  constructor(settings: Partial<StandardScalerSettings> = {}) {
    this.settings = Object.freeze({ ...STANDARD_DEFAULTS, ...settings });
  }

  /**
   * Learns each feature's mean and population standard deviation (two passes, float64).
   * @param data row-major values, `rows × cols`
   * @param cols number of features
   * @param rowIndices fit on these rows only (e.g. a training fold); default all
   * @returns this scaler
   * @throws {RangeError} on a shape mismatch, a bad row index, no rows, or a non-finite value
   */
  fit(data: Float32Array, cols: number, rowIndices?: ArrayLike<number>): this {
    const rows = _checkMatrix("StandardScaler.fit()", data, cols);
    const use = _rowsToUse("StandardScaler.fit()", rows, rowIndices);
    if (use.length === 0) {
      throw new RangeError("StandardScaler.fit() needs at least one row, found 0");
    }
    const mean = new Float64Array(cols);
    for (let k = 0; k < use.length; k++) {
      const base = use[k] * cols;
      for (let j = 0; j < cols; j++) mean[j] += data[base + j];
    }
    for (let j = 0; j < cols; j++) mean[j] /= use.length;
    const std = new Float64Array(cols);
    for (let k = 0; k < use.length; k++) {
      const base = use[k] * cols;
      for (let j = 0; j < cols; j++) {
        const d = data[base + j] - mean[j];
        std[j] += d * d;
      }
    }
    for (let j = 0; j < cols; j++) {
      std[j] = Math.sqrt(std[j] / use.length);
      if (!Number.isFinite(std[j])) {
        throw new RangeError(
          `StandardScaler.fit() expects finite values, found NaN or ±Inf in feature ${j}`,
        );
      }
    }
    this.learned = { mean, std };
    return this;
  }

  #params(what: string, cols: number): { shift: Float64Array; scale: Float64Array } {
    if (this.learned === null) throw new Error(`StandardScaler.${what}() called before fit()`);
    if (cols !== this.learned.mean.length) {
      throw new RangeError(
        `StandardScaler.${what}() expects ${this.learned.mean.length} features, found ${cols}`,
      );
    }
    const shift = this.settings.withMean ? this.learned.mean : new Float64Array(cols);
    const scale = new Float64Array(cols);
    for (let j = 0; j < cols; j++) {
      const s = this.learned.std[j];
      scale[j] = this.settings.withStd && s !== 0 ? s : 1;
    }
    return { shift, scale };
  }

  /**
   * Standardises rows: `(x - mean) / std` (a zero std divides by 1).
   * @param data row-major values, `rows × cols`
   * @param cols number of features, as fitted
   * @returns a new array of standardised values
   * @throws {Error} before `fit()`; {RangeError} on a shape mismatch
   */
  transform(data: Float32Array, cols: number): Float32Array {
    _checkMatrix("StandardScaler.transform()", data, cols);
    const { shift, scale } = this.#params("transform", cols);
    return _affine(data, cols, shift, scale.map((s) => 1 / s), 0);
  }

  /**
   * Fits on `data` (or some of its rows), then transforms all of it.
   * @param data row-major values
   * @param cols number of features
   * @param rowIndices rows to fit on; default all
   * @returns a new array of standardised values
   */
  fitTransform(data: Float32Array, cols: number, rowIndices?: ArrayLike<number>): Float32Array {
    return this.fit(data, cols, rowIndices).transform(data, cols);
  }

  /**
   * Maps standardised rows back to the original units: `x · std + mean`.
   * @param data row-major standardised values
   * @param cols number of features, as fitted
   * @returns a new array in the original units
   * @throws {Error} before `fit()`; {RangeError} on a shape mismatch
   */
  inverseTransform(data: Float32Array, cols: number): Float32Array {
    _checkMatrix("StandardScaler.inverseTransform()", data, cols);
    const { shift, scale } = this.#params("inverseTransform", cols);
    const out = new Float32Array(data.length);
    for (let i = 0; i < data.length; i += cols) {
      for (let j = 0; j < cols; j++) out[i + j] = data[i + j] * scale[j] + shift[j];
    }
    return out;
  }

  /**
   * @returns settings and learned state as plain JSON
   * @throws {Error} before `fit()`
   */
  toJSON(): ScalerJson {
    if (this.learned === null) throw new Error("StandardScaler.toJSON() called before fit()");
    return {
      type: "StandardScaler",
      settings: { ...this.settings },
      mean: Array.from(this.learned.mean),
      std: Array.from(this.learned.std),
    };
  }

  /**
   * Rebuilds a fitted scaler from {@linkcode StandardScaler.prototype.toJSON}'s output.
   * @param json the serialised scaler
   * @returns a fitted scaler
   * @throws {TypeError} when `json` is not a serialised StandardScaler
   */
  static fromJSON(json: ScalerJson): StandardScaler {
    if (
      json?.type !== "StandardScaler" || !Array.isArray(json.mean) || !Array.isArray(json.std) ||
      json.mean.length !== json.std.length
    ) {
      throw new TypeError(`Expected a serialised StandardScaler, found type ${String(json?.type)}`);
    }
    const s = new StandardScaler(json.settings);
    s.learned = { mean: Float64Array.from(json.mean), std: Float64Array.from(json.std) };
    return s;
  }
}
