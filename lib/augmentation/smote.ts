/**
 * SMOTE (Chawla et al., JAIR 2002) within each class: a new row is x + u · (n − x), with x a
 * uniformly drawn training row of the class, n one of x's k nearest neighbours in the same class
 * (uniformly drawn), and u ~ U(0, 1). Neighbours are found in the z-space of the fold's
 * training rows (per-feature mean and std over all classes), so that features in large units
 * do not decide them alone; the interpolation itself is the same segment in any per-feature
 * affine space. A class with k or fewer rows uses all its other rows as neighbours.
 * @module
 */
import type { Corpus } from "../data/types.ts";
import type { Rng } from "../random.ts";
import { featureMoments, squaredDistances, zNormalize } from "../training/diversity.ts";
import type { AugmenterParam } from "./augmenter.ts";
import { _gather, _numericParams, _WithinClassAugmenter } from "./_baseline.ts";

/** Settings of {@linkcode SmoteAugmenter}. */
export interface SmoteSettings {
  /** Nearest neighbours within class to interpolate towards; a positive integer. */
  readonly k: number;
}

/** Default settings: k = 5 (Chawla et al. 2002, Sec. 4.2). */
export const SMOTE_DEFAULTS: SmoteSettings = Object.freeze({ k: 5 });

/**
 * The k nearest other rows of every row, from a square matrix of squared distances.
 * @param d2 `n × n` squared distances, row-major
 * @param n rows
 * @param k neighbours per row (at most n − 1)
 * @returns `n × k` neighbour indices (into 0..n−1), nearest first; ties by lower index
 */
export function _nearestOthers(d2: Float64Array, n: number, k: number): Int32Array {
  const out = new Int32Array(n * k);
  const bestD = new Float64Array(k), bestI = new Int32Array(k);
  for (let i = 0; i < n; i++) {
    let filled = 0;
    for (let j = 0; j < n; j++) {
      if (j === i) continue;
      const d = d2[i * n + j];
      if (filled === k && d >= bestD[k - 1]) continue;
      let p = filled < k ? filled++ : k - 1;
      while (p > 0 && bestD[p - 1] > d) {
        bestD[p] = bestD[p - 1];
        bestI[p] = bestI[p - 1];
        p--;
      }
      bestD[p] = d;
      bestI[p] = j;
    }
    out.set(bestI.subarray(0, k), i * k);
  }
  return out;
}

/** SMOTE within class. */
export class SmoteAugmenter extends _WithinClassAugmenter {
  /** Registry name. */
  readonly name = "smote";
  /** Resolved settings. */
  readonly params: Readonly<Record<string, AugmenterParam>>;
  /** The validated settings. */
  readonly settings: SmoteSettings;
  #neighbours: { k: number; index: Int32Array }[] | null = null;

  /**
   * @param settings overrides of {@linkcode SMOTE_DEFAULTS}
   * @throws {RangeError} when k is not a positive integer
   */
  constructor(settings: Partial<SmoteSettings> = {}) {
    super();
    const s = { ...SMOTE_DEFAULTS, ...settings };
    if (!Number.isInteger(s.k) || s.k < 1) {
      throw new RangeError(`SMOTE k must be a positive integer, found ${s.k}`);
    }
    this.settings = Object.freeze(s);
    this.params = Object.freeze({ k: s.k });
  }

  /** @returns 2: interpolation needs a second row of the class */
  protected override _minRowsPerClass(): number {
    return 2;
  }

  /**
   * Finds each training row's k nearest neighbours within its class (z-space).
   * @param train the training corpus
   * @param byClass its rows per class
   */
  protected override _learn(train: Corpus, byClass: Int32Array[]): void {
    const { mean, std } = featureMoments(train.data, train.cols);
    this.#neighbours = byClass.map((rows) => {
      const z = zNormalize(_gather(train.data, train.cols, rows), train.cols, mean, std);
      const k = Math.min(this.settings.k, rows.length - 1);
      return { k, index: _nearestOthers(squaredDistances(z, z, train.cols), rows.length, k) };
    });
  }

  /**
   * Makes `count` SMOTE rows of class `c`.
   * @param c class index
   * @param count rows to make
   * @param rng the class's generator
   * @returns the rows and the id of each row's base row x
   */
  protected _make(c: number, count: number, rng: Rng): { data: Float32Array; origins: string[] } {
    const { train, byClass } = this._state!;
    const rows = byClass[c], cols = train.cols, { k, index } = this.#neighbours![c];
    const data = new Float32Array(count * cols);
    const origins: string[] = [];
    for (let m = 0; m < count; m++) {
      const i = rng.int(rows.length);
      const x = rows[i] * cols, nb = rows[index[i * k + rng.int(k)]] * cols;
      const u = rng.float();
      origins.push(train.ids[rows[i]]);
      for (let f = 0; f < cols; f++) {
        data[m * cols + f] = train.data[x + f] + u * (train.data[nb + f] - train.data[x + f]);
      }
    }
    return { data, origins };
  }

  /** @returns the settings, the training rows per class and the k used per class */
  override diagnostics(): Readonly<Record<string, unknown>> {
    const s = this._state, nb = this.#neighbours;
    return {
      ...super.diagnostics(),
      kUsed: s === null || nb === null
        ? null
        : Object.fromEntries(s.train.classes.map((c, i) => [c, nb[i].k])),
      neighbourSpace: "z-space of the fold's training rows (all classes)",
    };
  }
}

/**
 * Builds a {@linkcode SmoteAugmenter} from settings given by name.
 * @example
 * ```ts
 * import { createSmote } from "./smote.ts";
 * if (createSmote({ k: 3 }).params.k !== 3) throw new Error("unexpected");
 * ```
 * @param params `k` (number or numeric string), default 5
 * @returns the augmenter, not yet fitted
 * @throws {RangeError} for an unknown setting or a k out of range; {TypeError} for a non-number
 */
export function createSmote(params: Readonly<Record<string, AugmenterParam>> = {}): SmoteAugmenter {
  return new SmoteAugmenter(_numericParams("smote", params, ["k"]));
}
