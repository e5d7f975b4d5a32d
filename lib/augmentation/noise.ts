/**
 * Gaussian-noise augmentation in z-space: a new row is a uniformly drawn training row of the
 * class plus independent Gaussian noise on every feature, with standard deviation σ times that
 * feature's standard deviation over the fold's training rows (all classes, population std). In
 * the z-normalised space the classifier sees, that is noise N(0, σ²) per feature. Features that
 * are constant over the training rows get no noise.
 * @module
 */
import type { Corpus } from "../data/types.ts";
import type { Rng } from "../random.ts";
import { featureMoments } from "../training/diversity.ts";
import type { AugmenterParam } from "./augmenter.ts";
import { _numericParams, _WithinClassAugmenter } from "./_baseline.ts";

/** Settings of {@linkcode NoiseAugmenter}. */
export interface NoiseSettings {
  /** Noise standard deviation as a fraction of each feature's training std; > 0. */
  readonly sigma: number;
}

/** Default settings: σ = 0.1 of each feature's std. */
export const NOISE_DEFAULTS: NoiseSettings = Object.freeze({ sigma: 0.1 });

/** A training row of the class plus Gaussian noise of σ feature stds. */
export class NoiseAugmenter extends _WithinClassAugmenter {
  /** Registry name. */
  readonly name = "noise";
  /** Resolved settings. */
  readonly params: Readonly<Record<string, AugmenterParam>>;
  /** The validated settings. */
  readonly settings: NoiseSettings;
  #scale: Float64Array | null = null;

  /**
   * @param settings overrides of {@linkcode NOISE_DEFAULTS}
   * @throws {RangeError} when σ is not a positive finite number
   */
  constructor(settings: Partial<NoiseSettings> = {}) {
    super();
    const s = { ...NOISE_DEFAULTS, ...settings };
    if (typeof s.sigma !== "number" || !Number.isFinite(s.sigma) || s.sigma <= 0) {
      throw new RangeError(`Noise sigma must be a positive finite number, found ${s.sigma}`);
    }
    this.settings = Object.freeze(s);
    this.params = Object.freeze({ sigma: s.sigma });
  }

  /**
   * Learns σ · std(f) per feature over all training rows.
   * @param train the training corpus
   */
  protected override _learn(train: Corpus): void {
    const { std } = featureMoments(train.data, train.cols);
    this.#scale = std.map((v) => v * this.settings.sigma);
  }

  /**
   * Makes `count` noisy copies of uniformly drawn rows of class `c`.
   * @param c class index
   * @param count rows to make
   * @param rng the class's generator
   * @returns the rows and the id of each base row
   */
  protected _make(c: number, count: number, rng: Rng): { data: Float32Array; origins: string[] } {
    const { train, byClass } = this._state!;
    const rows = byClass[c], cols = train.cols, scale = this.#scale!;
    const data = new Float32Array(count * cols);
    const origins: string[] = [];
    for (let k = 0; k < count; k++) {
      const r = rows[rng.int(rows.length)];
      origins.push(train.ids[r]);
      const o = k * cols, src = r * cols;
      for (let f = 0; f < cols; f++) {
        data[o + f] = train.data[src + f] + (scale[f] > 0 ? scale[f] * rng.normal() : 0);
      }
    }
    return { data, origins };
  }

  /** @returns the settings and, once fitted, the training rows per class */
  override diagnostics(): Readonly<Record<string, unknown>> {
    return { ...super.diagnostics(), space: "z-space of the fold's training rows (all classes)" };
  }
}

/**
 * Builds a {@linkcode NoiseAugmenter} from settings given by name.
 * @example
 * ```ts
 * import { createNoise } from "./noise.ts";
 * if (createNoise({ sigma: "0.2" }).params.sigma !== 0.2) throw new Error("unexpected");
 * ```
 * @param params `sigma` (number or numeric string), default 0.1
 * @returns the augmenter, not yet fitted
 * @throws {RangeError} for an unknown setting or a σ out of range; {TypeError} for a non-number
 */
export function createNoise(params: Readonly<Record<string, AugmenterParam>> = {}): NoiseAugmenter {
  return new NoiseAugmenter(_numericParams("noise", params, ["sigma"]));
}
