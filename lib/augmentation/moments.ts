/**
 * Per-class moment matching, the CycleGAN's untrained twin: every unlabelled SOURCE row s is
 * mapped to emotion class c by matching the first two moments per feature,
 *
 *   x_c(f) = μ_c(f) + σ_c(f) · (s(f) − μ_S(f)) / σ_S(f),
 *
 * with μ_S, σ_S the source's per-feature mean and population std (all source rows) and μ_c, σ_c
 * those of class c over the fold's training rows. It uses the same source rows as the CycleGAN
 * and the same amount of generation (`null`: every source row for every class), so it answers
 * whether learning the transfer adds anything over matching means and spreads. Source features
 * with zero spread map to μ_c. With every source row, the output of class c has exactly μ_c and
 * σ_c per feature (up to float32 rounding).
 * @module
 */
import type { Corpus } from "../data/types.ts";
import { featureMoments } from "../training/diversity.ts";
import type { Augmenter, AugmenterParam, FitContext } from "./augmenter.ts";
import {
  _checkPerClass,
  _classRngs,
  _classRows,
  _gather,
  _generatedCorpus,
  _notFitted,
  _numericParams,
} from "./_baseline.ts";

/** Settings of {@linkcode MomentsAugmenter}: none. */
export type MomentsSettings = Record<string, never>;

interface _Fitted {
  readonly train: Corpus;
  readonly source: Corpus;
  readonly seed: number;
  readonly sourceMean: Float64Array;
  readonly sourceStd: Float64Array;
  readonly classMean: Float64Array[];
  readonly classStd: Float64Array[];
  readonly trainRowsPerClass: number[];
}

/** Source rows mapped to each class's per-feature mean and std. */
export class MomentsAugmenter implements Augmenter {
  /** Registry name. */
  readonly name = "moments";
  /** Resolved settings (none). */
  readonly params: Readonly<Record<string, AugmenterParam>> = Object.freeze({});
  /** Needs the unlabelled source corpus. */
  readonly usesSource = true;
  #state: _Fitted | null = null;

  /** Whether `fit` has run. */
  get fitted(): boolean {
    return this.#state !== null;
  }

  /**
   * Learns the source's per-feature moments (all source rows) and each class's (training rows).
   * @param train labelled training rows of one fold (every class present)
   * @param context the seed and the unlabelled source corpus (required)
   * @returns this augmenter, fitted
   * @throws {TypeError} without a source corpus or an integer seed; {RangeError} when the source's
   *   features differ from the training corpus's
   */
  fit(train: Corpus, context: FitContext): Promise<this> {
    try {
      if (!Number.isInteger(context.seed)) {
        throw new TypeError(`The moments augmenter needs an integer seed, found ${context.seed}`);
      }
      context.signal?.throwIfAborted();
      const source = context.source;
      if (source === undefined) {
        throw new TypeError(
          "The moments augmenter needs the unlabelled source corpus in context.source",
        );
      }
      const byClass = _classRows(train, this.name);
      if (source.cols !== train.cols) {
        throw new RangeError(
          `Source "${source.name}" has ${source.cols} features, training corpus "${train.name}" has ${train.cols}`,
        );
      }
      const differs = source.featureNames.findIndex((n, i) => n !== train.featureNames[i]);
      if (differs >= 0) {
        throw new RangeError(
          `Source "${source.name}" feature ${differs} is "${
            source.featureNames[differs]
          }", training corpus "${train.name}" has "${train.featureNames[differs]}"`,
        );
      }
      if (source.rows < 1) throw new RangeError(`Source "${source.name}" has no rows`);
      const src = featureMoments(source.data, source.cols);
      const perClass = byClass.map((rows) =>
        featureMoments(_gather(train.data, train.cols, rows), train.cols)
      );
      this.#state = {
        train,
        source,
        seed: context.seed,
        sourceMean: src.mean,
        sourceStd: src.std,
        classMean: perClass.map((m) => m.mean),
        classStd: perClass.map((m) => m.std),
        trainRowsPerClass: byClass.map((r) => r.length),
      };
    } catch (e) {
      return Promise.reject(e);
    }
    return Promise.resolve(this);
  }

  /**
   * Maps source rows to every class.
   * @param perClass source rows per class, drawn without replacement (seeded, independently per
   *   class); `null`: every source row, in source order, for every class
   * @returns a labelled corpus, ids `<source id>_moments_<class>_<k>`
   * @throws {RangeError} when `perClass` exceeds the source's rows; {Error} before `fit`
   */
  generate(perClass: number | null): Promise<Corpus> {
    try {
      _checkPerClass(perClass, this.name);
      const s = this.#state;
      if (s === null) throw _notFitted(this.name);
      const { source, train } = s, cols = train.cols;
      if (perClass !== null && perClass > source.rows) {
        throw new RangeError(
          `The moments augmenter draws source rows without replacement: perClass ${perClass} exceeds the ${source.rows} rows of "${source.name}"`,
        );
      }
      const rngs = _classRngs(s.seed, train.classes.length);
      const blocks = train.classes.map((_, c) => {
        const picks = perClass === null
          ? Int32Array.from({ length: source.rows }, (_, i) => i)
          : rngs[c].permutation(source.rows).slice(0, perClass);
        const data = new Float32Array(picks.length * cols);
        const mu = s.classMean[c], sd = s.classStd[c];
        for (let k = 0; k < picks.length; k++) {
          const o = picks[k] * cols;
          for (let f = 0; f < cols; f++) {
            const z = s.sourceStd[f] > 0
              ? (source.data[o + f] - s.sourceMean[f]) / s.sourceStd[f]
              : 0;
            data[k * cols + f] = mu[f] + sd[f] * z;
          }
        }
        return { data, origins: Array.from(picks, (r) => source.ids[r]) };
      });
      return Promise.resolve(_generatedCorpus(train, this.name, blocks));
    } catch (e) {
      return Promise.reject(e);
    }
  }

  /** @returns the source's size and the training rows per class (null before `fit`) */
  diagnostics(): Readonly<Record<string, unknown>> {
    const s = this.#state;
    return {
      params: {},
      sourceRows: s?.source.rows ?? null,
      trainRowsPerClass: s === null
        ? null
        : Object.fromEntries(s.train.classes.map((c, i) => [c, s.trainRowsPerClass[i]])),
    };
  }
}

/**
 * Builds a {@linkcode MomentsAugmenter} from settings given by name.
 * @example
 * ```ts
 * import { createMoments } from "./moments.ts";
 * if (!createMoments({}).usesSource) throw new Error("unexpected");
 * ```
 * @param params settings (the method has none)
 * @returns the augmenter, not yet fitted
 * @throws {RangeError} for any setting
 */
export function createMoments(
  params: Readonly<Record<string, AugmenterParam>> = {},
): MomentsAugmenter {
  _numericParams("moments", params, []);
  return new MomentsAugmenter();
}
