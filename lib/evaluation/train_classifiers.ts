/**
 * Training the classifiers of one setting as one batch: every (fold, repetition) of a setting is a
 * {@linkcode ClassifierJob}, and {@linkcode TrainClassifiers} turns the list into trained
 * classifiers, in order. The protocols build the whole list first and make one call, so an
 * implementation is free to train the jobs one after another ({@linkcode trainClassifiers},
 * the default) or all at once (stacked weights, one kernel for all folds × repetitions).
 * @module
 */
import { Rng } from "../random.ts";
import { type Matrix, SerClassifier } from "./classifier.ts";
import type { ClassifierSettings } from "./types.ts";

/** Something that predicts classes. */
export interface Predictor {
  /** @returns the predicted class per row */
  predict(x: Matrix): Promise<Int32Array>;
}

/** A trained classifier that owns resources. */
export interface TrainedClassifier extends Predictor {
  /** Frees the model. */
  dispose(): void;
}

/** One classifier to train. */
export interface ClassifierJob {
  /** Training features (already normalised). */
  readonly x: Matrix;
  /** Class index per training row. */
  readonly y: Int32Array;
  /** Ids of the training rows (what a leak test inspects). */
  readonly ids: readonly string[];
  /** Number of output classes. */
  readonly nClasses: number;
  /** Hyper-parameters. */
  readonly settings: ClassifierSettings;
  /** Seed of the weights, shuffles and dropout (`seeds.ts` `classifierSeed`). */
  readonly seed: number;
  /**
   * Called after every epoch (1-based) with the model as it is then, e.g. to score the
   * development split; training continues once the returned promise resolves.
   */
  readonly onEpoch?: (epoch: number, model: Predictor) => void | Promise<void>;
}

/** Options of a {@linkcode TrainClassifiers} call. */
export interface TrainClassifiersOptions {
  /** Called when job `index` has finished training. */
  readonly onJobDone?: (index: number) => void;
  /** Cancels; the call rejects with the signal's reason and frees what it trained. */
  readonly signal?: AbortSignal;
}

/** Trains every job; result `i` belongs to job `i`. The caller disposes the classifiers. */
export type TrainClassifiers = (
  jobs: readonly ClassifierJob[],
  options?: TrainClassifiersOptions,
) => Promise<TrainedClassifier[]>;

/**
 * The default {@linkcode TrainClassifiers}: one {@linkcode SerClassifier} after another.
 * @param jobs what to train
 * @param options progress and cancellation
 * @returns the trained classifiers, in job order
 */
export const trainClassifiers: TrainClassifiers = async (jobs, options = {}) => {
  const out: TrainedClassifier[] = [];
  try {
    for (const [i, job] of jobs.entries()) {
      if (options.signal?.aborted) throw options.signal.reason ?? new Error("Training aborted");
      const clf = new SerClassifier(job.settings);
      out.push(clf);
      await clf.fit(job.x, job.y, job.nClasses, {
        rng: new Rng(job.seed),
        signal: options.signal,
        onEpoch: job.onEpoch ? (epoch) => job.onEpoch!(epoch, clf) : undefined,
      });
      options.onJobDone?.(i);
    }
  } catch (e) {
    out.forEach((c) => c.dispose());
    throw e;
  }
  return out;
};
