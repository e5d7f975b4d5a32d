/**
 * Random oversampling: new rows are copies of training rows of the same class, drawn uniformly
 * with replacement (imbalanced-learn's `RandomOverSampler`). It adds no new information, so it is
 * the control every augmentation must beat: a method that does no better than duplicating rows
 * has not helped.
 * @module
 */
import type { Rng } from "../random.ts";
import type { AugmenterParam } from "./augmenter.ts";
import { _gather, _numericParams, _WithinClassAugmenter } from "./_baseline.ts";

/** Settings of {@linkcode OversampleAugmenter}: none. */
export type OversampleSettings = Record<string, never>;

/** Random duplication within class. */
export class OversampleAugmenter extends _WithinClassAugmenter {
  /** Registry name. */
  readonly name = "oversample";
  /** Resolved settings (none). */
  readonly params: Readonly<Record<string, AugmenterParam>> = Object.freeze({});

  /**
   * Makes `count` copies of uniformly drawn rows of class `c`.
   * @param c class index
   * @param count rows to make
   * @param rng the class's generator
   * @returns the copies and the id of each copied row
   */
  protected _make(c: number, count: number, rng: Rng): { data: Float32Array; origins: string[] } {
    const { train, byClass } = this._state!;
    const rows = byClass[c];
    const picks = Int32Array.from({ length: count }, () => rows[rng.int(rows.length)]);
    const origins = Array.from(picks, (r) => train.ids[r]);
    return { data: _gather(train.data, train.cols, picks), origins };
  }
}

/**
 * Builds an {@linkcode OversampleAugmenter} from settings given by name.
 * @example
 * ```ts
 * import { createOversample } from "./oversample.ts";
 * if (createOversample({}).name !== "oversample") throw new Error("unexpected");
 * ```
 * @param params settings (the method has none)
 * @returns the augmenter, not yet fitted
 * @throws {RangeError} for any setting
 */
export function createOversample(
  params: Readonly<Record<string, AugmenterParam>> = {},
): OversampleAugmenter {
  _numericParams("oversample", params, []);
  return new OversampleAugmenter();
}
