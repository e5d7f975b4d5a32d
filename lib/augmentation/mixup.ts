/**
 * Mixup within class (after Zhang et al., ICLR 2018): a new row is λ · x_i + (1 − λ) · x_j with
 * x_i, x_j two training rows of the same class drawn uniformly and independently (i = j is
 * allowed) and λ ~ Beta(α, α). Because both rows share the label, the label is not mixed; each
 * new row lies in the class's convex hull (so within its per-feature range). Small α puts λ
 * near 0 or 1 (rows near a real one), α = 1 makes λ uniform.
 * @module
 */
import type { Rng } from "../random.ts";
import type { AugmenterParam } from "./augmenter.ts";
import { _beta, _numericParams, _WithinClassAugmenter } from "./_baseline.ts";

/** Settings of {@linkcode MixupAugmenter}. */
export interface MixupSettings {
  /** Both shapes of the Beta(α, α) law of λ; > 0. */
  readonly alpha: number;
}

/** Default settings: α = 0.2 (Zhang et al. 2018 use α ∈ [0.1, 0.4] on ImageNet). */
export const MIXUP_DEFAULTS: MixupSettings = Object.freeze({ alpha: 0.2 });

/** Within-class convex combinations of two training rows. */
export class MixupAugmenter extends _WithinClassAugmenter {
  /** Registry name. */
  readonly name = "mixup";
  /** Resolved settings. */
  readonly params: Readonly<Record<string, AugmenterParam>>;
  /** The validated settings. */
  readonly settings: MixupSettings;

  /**
   * @param settings overrides of {@linkcode MIXUP_DEFAULTS}
   * @throws {RangeError} when α is not a positive finite number
   */
  constructor(settings: Partial<MixupSettings> = {}) {
    super();
    const s = { ...MIXUP_DEFAULTS, ...settings };
    if (typeof s.alpha !== "number" || !Number.isFinite(s.alpha) || s.alpha <= 0) {
      throw new RangeError(`Mixup alpha must be a positive finite number, found ${s.alpha}`);
    }
    this.settings = Object.freeze(s);
    this.params = Object.freeze({ alpha: s.alpha });
  }

  /**
   * Makes `count` mixed rows of class `c`.
   * @param c class index
   * @param count rows to make
   * @param rng the class's generator
   * @returns the rows and the id of each row's first parent x_i
   */
  protected _make(c: number, count: number, rng: Rng): { data: Float32Array; origins: string[] } {
    const { train, byClass } = this._state!;
    const rows = byClass[c], cols = train.cols, a = this.settings.alpha;
    const data = new Float32Array(count * cols);
    const origins: string[] = [];
    for (let m = 0; m < count; m++) {
      const ri = rows[rng.int(rows.length)], rj = rows[rng.int(rows.length)];
      const lambda = _beta(a, a, rng);
      origins.push(train.ids[ri]);
      const xi = ri * cols, xj = rj * cols;
      for (let f = 0; f < cols; f++) {
        data[m * cols + f] = lambda * train.data[xi + f] + (1 - lambda) * train.data[xj + f];
      }
    }
    return { data, origins };
  }
}

/**
 * Builds a {@linkcode MixupAugmenter} from settings given by name.
 * @example
 * ```ts
 * import { createMixup } from "./mixup.ts";
 * if (createMixup({ alpha: 0.4 }).params.alpha !== 0.4) throw new Error("unexpected");
 * ```
 * @param params `alpha` (number or numeric string), default 0.2
 * @returns the augmenter, not yet fitted
 * @throws {RangeError} for an unknown setting or an α out of range; {TypeError} for a non-number
 */
export function createMixup(params: Readonly<Record<string, AugmenterParam>> = {}): MixupAugmenter {
  return new MixupAugmenter(_numericParams("mixup", params, ["alpha"]));
}
