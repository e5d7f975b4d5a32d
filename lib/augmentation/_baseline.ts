/**
 * What the simple augmenters (oversample, noise, SMOTE, mixup, moments) share: checking the
 * training corpus, rows per class, checking `perClass`, parsing factory settings, building the
 * output corpus, and the seeded Gamma / Beta samplers mixup needs. Private to
 * `lib/augmentation`.
 * @module
 */
import type { Corpus } from "../data/types.ts";
import { Rng } from "../random.ts";
import type { Augmenter, AugmenterParam, FitContext } from "./augmenter.ts";

/**
 * Checks that a training corpus is labelled, non-empty and has every class present.
 * @param train the fold's training rows
 * @param method augmenter name, for messages
 * @param minRows rows every class needs (default 1)
 * @returns the row indices of each class, in row order
 * @throws {TypeError} for an unlabelled corpus; {RangeError} for a class with too few rows
 */
export function _classRows(train: Corpus, method: string, minRows = 1): Int32Array[] {
  if (train.labels === null || train.classes.length === 0) {
    throw new TypeError(
      `The ${method} augmenter needs a labelled corpus, "${train.name}" has none`,
    );
  }
  if (train.data.length !== train.rows * train.cols) {
    throw new RangeError(
      `Corpus "${train.name}" should hold ${train.rows} × ${train.cols} values, found ${train.data.length}`,
    );
  }
  const counts = new Array<number>(train.classes.length).fill(0);
  for (const y of train.labels) {
    if (!Number.isInteger(y) || y < 0 || y >= train.classes.length) {
      throw new RangeError(
        `Corpus "${train.name}" has a label ${y} outside [0, ${train.classes.length})`,
      );
    }
    counts[y]++;
  }
  counts.forEach((n, c) => {
    if (n < minRows) {
      throw new RangeError(
        `The ${method} augmenter needs at least ${minRows} training row${
          minRows === 1 ? "" : "s"
        } of class "${train.classes[c]}", found ${n}`,
      );
    }
  });
  const out = counts.map((n) => new Int32Array(n));
  const fill = new Array<number>(counts.length).fill(0);
  train.labels.forEach((y, r) => (out[y][fill[y]++] = r));
  return out;
}

/**
 * Checks the `perClass` argument of `generate`.
 * @param perClass rows per class, or `null`
 * @param method augmenter name, for messages
 * @throws {RangeError} when it is not `null` or a non-negative integer
 */
export function _checkPerClass(perClass: number | null, method: string): void {
  if (perClass !== null && (!Number.isInteger(perClass) || perClass < 0)) {
    throw new RangeError(
      `The ${method} augmenter expects perClass to be null or a non-negative integer, found ${perClass}`,
    );
  }
}

/**
 * The error `generate` throws before `fit`.
 * @param method augmenter name
 * @returns the error
 */
export function _notFitted(method: string): Error {
  return new Error(`The ${method} augmenter needs fit() before generate()`);
}

/**
 * Reads the settings given to a factory: rejects unknown keys, parses numeric strings.
 * @param method augmenter name, for messages
 * @param params the settings as given
 * @param known the names the method accepts
 * @returns the numeric settings that are present, by name
 * @throws {RangeError} for an unknown key; {TypeError} for a value that is not a number
 */
export function _numericParams(
  method: string,
  params: Readonly<Record<string, AugmenterParam>>,
  known: readonly string[],
): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [key, value] of Object.entries(params)) {
    if (!known.includes(key)) {
      throw new RangeError(
        `Unknown setting "${key}" for the ${method} augmenter; expected ${
          known.length === 0 ? "no settings" : known.map((k) => `"${k}"`).join(", ")
        }`,
      );
    }
    const n = typeof value === "number"
      ? value
      : typeof value === "string" && value.trim() !== ""
      ? Number(value)
      : NaN;
    if (Number.isNaN(n)) {
      throw new TypeError(
        `Setting "${key}" of the ${method} augmenter must be a number, found ${
          JSON.stringify(value)
        }`,
      );
    }
    out[key] = n;
  }
  return out;
}

/**
 * The child generator of each class for one `generate` call: the same seed gives the same
 * streams, whatever was generated before.
 * @param seed the fit seed
 * @param classes number of classes
 * @returns one generator per class
 */
export function _classRngs(seed: number, classes: number): Rng[] {
  const root = new Rng(seed);
  return Array.from({ length: classes }, () => root.fork());
}

/**
 * Assembles a generated corpus: rows of class 0 first, ids `<origin>_<method>_<class>_<k>`,
 * the training corpus's classes and feature names, no speakers or sessions.
 * @param train the training corpus (classes, feature names, name)
 * @param method augmenter name
 * @param blocks per class: the generated rows (row-major) and the id of each row's origin
 * @returns the corpus
 */
export function _generatedCorpus(
  train: Corpus,
  method: string,
  blocks: readonly { readonly data: Float32Array; readonly origins: readonly string[] }[],
): Corpus {
  const rows = blocks.reduce((s, b) => s + b.origins.length, 0);
  const data = new Float32Array(rows * train.cols);
  const labels = new Int32Array(rows);
  const ids: string[] = [];
  let r = 0;
  blocks.forEach((b, c) => {
    data.set(b.data, r * train.cols);
    labels.fill(c, r, r + b.origins.length);
    b.origins.forEach((o, k) => ids.push(`${o}_${method}_${train.classes[c]}_${k}`));
    r += b.origins.length;
  });
  return {
    name: `${train.name}_${method}`,
    data,
    rows,
    cols: train.cols,
    ids,
    featureNames: train.featureNames,
    classes: train.classes,
    labels,
    speakers: null,
    sessions: null,
    dropped: {},
  };
}

/**
 * A Gamma(shape, 1) draw: Marsaglia and Tsang (2000) for shape ≥ 1, and for shape < 1 the
 * boost Gamma(shape) = Gamma(shape + 1) · U^(1/shape).
 * @param shape the shape, > 0
 * @param rng the generator
 * @returns the draw (> 0 up to underflow)
 */
export function _gamma(shape: number, rng: Rng): number {
  if (!(shape > 0) || !Number.isFinite(shape)) {
    throw new RangeError(`Gamma shape must be a positive finite number, found ${shape}`);
  }
  if (shape < 1) return _gamma(shape + 1, rng) * Math.pow(1 - rng.float(), 1 / shape);
  const d = shape - 1 / 3, c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number, v: number;
    do {
      x = rng.normal();
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = 1 - rng.float();
    if (u < 1 - 0.0331 * x * x * x * x) return d * v;
    if (Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
  }
}

/**
 * A Beta(a, b) draw as X / (X + Y) with X ~ Gamma(a), Y ~ Gamma(b).
 * @param a first shape, > 0
 * @param b second shape, > 0
 * @param rng the generator
 * @returns the draw in [0, 1]
 */
export function _beta(a: number, b: number, rng: Rng): number {
  const x = _gamma(a, rng), y = _gamma(b, rng);
  const s = x + y;
  // Both draws underflowed (only for tiny shapes): the Beta law is then a coin between 0 and 1.
  return s > 0 ? x / s : (rng.float() < a / (a + b) ? 1 : 0);
}

/**
 * Copies selected rows into a new row-major block.
 * @param data row-major values
 * @param cols features per row
 * @param rows row indices
 * @returns the rows, in the order given
 */
export function _gather(data: Float32Array, cols: number, rows: ArrayLike<number>): Float32Array {
  const out = new Float32Array(rows.length * cols);
  for (let k = 0; k < rows.length; k++) {
    out.set(data.subarray(rows[k] * cols, (rows[k] + 1) * cols), k * cols);
  }
  return out;
}

/**
 * The shape of the augmenters that work within each class of the training rows (oversample,
 * noise, SMOTE, mixup): `fit` checks and stores the rows, `generate` asks the subclass for each
 * class's rows from that class's own seeded generator.
 */
export abstract class _WithinClassAugmenter implements Augmenter {
  /** Registry name. */
  abstract readonly name: string;
  /** Resolved settings. */
  abstract readonly params: Readonly<Record<string, AugmenterParam>>;
  /** These methods never use the source corpus. */
  readonly usesSource = false;
  /** Fitted state: the training corpus, its rows per class, the seed. */
  protected _state: { train: Corpus; byClass: Int32Array[]; seed: number } | null = null;

  /** Whether `fit` has run. */
  get fitted(): boolean {
    return this._state !== null;
  }

  /** Rows each class needs for this method (default 1). */
  protected _minRowsPerClass(): number {
    return 1;
  }

  /**
   * Extra learning after the rows are stored (SMOTE's neighbours, noise's feature std).
   * @param _train the training corpus
   * @param _byClass its rows per class
   */
  protected _learn(_train: Corpus, _byClass: Int32Array[]): void {}

  /**
   * Makes `count` rows of class `c`.
   * @param c class index
   * @param count rows to make
   * @param rng the class's generator
   * @returns the rows and the id of each row's origin
   */
  protected abstract _make(
    c: number,
    count: number,
    rng: Rng,
  ): { data: Float32Array; origins: string[] };

  /**
   * Stores the fold's training rows (settings are not touched).
   * @param train labelled training rows of one fold (every class present)
   * @param context the seed (source, progress and cancellation are not used)
   * @returns this augmenter, fitted
   */
  fit(train: Corpus, context: FitContext): Promise<this> {
    if (!Number.isInteger(context.seed)) {
      return Promise.reject(
        new TypeError(`The ${this.name} augmenter needs an integer seed, found ${context.seed}`),
      );
    }
    try {
      context.signal?.throwIfAborted();
      const byClass = _classRows(train, this.name, this._minRowsPerClass());
      this._learn(train, byClass);
      this._state = { train, byClass, seed: context.seed };
    } catch (e) {
      return Promise.reject(e);
    }
    return Promise.resolve(this);
  }

  /**
   * Generates rows class by class.
   * @param perClass rows per class; `null`: as many as the class has in the training rows
   * @returns a labelled corpus, ids `<origin>_<method>_<class>_<k>` (origin: the training row
   *   the new row was made from)
   */
  generate(perClass: number | null): Promise<Corpus> {
    try {
      _checkPerClass(perClass, this.name);
      const s = this._state;
      if (s === null) throw _notFitted(this.name);
      const rngs = _classRngs(s.seed, s.train.classes.length);
      const blocks = s.byClass.map((rows, c) => this._make(c, perClass ?? rows.length, rngs[c]));
      return Promise.resolve(_generatedCorpus(s.train, this.name, blocks));
    } catch (e) {
      return Promise.reject(e);
    }
  }

  /** @returns the training rows per class and the resolved settings */
  diagnostics(): Readonly<Record<string, unknown>> {
    const s = this._state;
    return {
      params: { ...this.params },
      trainRowsPerClass: s === null
        ? null
        : Object.fromEntries(s.train.classes.map((c, i) => [c, s.byClass[i].length])),
    };
  }
}
