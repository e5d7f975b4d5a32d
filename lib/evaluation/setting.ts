/**
 * One setting and what evaluating it runs with: the setting (protocol, train-on, augmenter), the
 * corpora, the configuration, and the three functions through which data flows (scaler fitting,
 * classifier training, synthetic rows), injectable so a test can record what each one saw and the
 * pipeline can hand on synthetic corpora it already holds.
 * @module
 */
import type { AugmenterSpec } from "../augmentation/augmenter.ts";
import { augmenterSeed } from "./seeds.ts";
import type { Corpus } from "../data/types.ts";
import { checkSameClasses, type FitScaler, fitStandardScaler } from "./_datasets.ts";
import type { EvaluationConfig } from "./config.ts";
import { meanStd, rowNormalize, sumMatrices } from "./metrics.ts";
import { augmenterProvider, type SyntheticProvider } from "./synthetic.ts";
import {
  type ClassifierJob,
  type TrainClassifiers,
  trainClassifiers,
  type TrainedClassifier,
} from "./train_classifiers.ts";
import type {
  ClassifierSettings,
  DevSelection,
  Protocol,
  SettingResult,
  TrainOn,
} from "./types.ts";

/** One setting to evaluate. */
export interface SettingSpec {
  /** `within` or `cross`. */
  readonly protocol: Protocol;
  /** `real`, `syn` or `real+syn`. */
  readonly trainOn: TrainOn;
  /** The augmenter of the synthetic rows, resolved; `null` (and ignored) for `real`. */
  readonly augment: AugmenterSpec | null;
}

/** The corpora of an evaluation. */
export interface EvaluationInputs {
  /** The labelled corpus (within: cross-validated; cross: training corpus). */
  readonly labelled: Corpus;
  /** The cross-corpus test corpus (needed for `cross`). */
  readonly test?: Corpus;
  /** The unlabelled source corpus (needed by augmenters that use one, e.g. the CycleGAN). */
  readonly source?: Corpus;
}

/** The functions through which data flows. */
export interface EvaluationDeps {
  /** Fits a z-normalisation on one dataset. */
  readonly fitScaler: FitScaler;
  /** Trains every classifier of a setting (one call per setting). */
  readonly trainClassifiers: TrainClassifiers;
  /** Synthetic rows for the rows an augmenter may see. */
  readonly synthetic: SyntheticProvider;
}

/** Progress of an evaluation. */
export interface EvaluationProgress {
  /** What runs: `augment` (an augmenter's fit) or `classifier`. */
  readonly stage: "augment" | "classifier";
  /** Units done. */
  readonly done: number;
  /** Units in total. */
  readonly total: number;
  /** Details, e.g. a fold's UAR or a CycleGAN epoch. */
  readonly message?: string;
}

/** What an evaluation runs with. */
export interface EvaluationContext {
  /** The resolved configuration. */
  readonly config: EvaluationConfig;
  /** Injected functions; missing ones are the defaults ({@linkcode evaluationDeps}). */
  readonly deps?: Partial<EvaluationDeps>;
  /** Progress callback. */
  readonly onProgress?: (p: EvaluationProgress) => void;
  /** Cancellation. */
  readonly signal?: AbortSignal;
}

/**
 * The functions of an evaluation: the injected ones, the defaults for the rest (the data layer's
 * `StandardScaler`, {@linkcode trainClassifiers} one by one (`trainClassifiersStacked` in
 * `stacked_classifiers.ts` is the opt-in stacked trainer), fresh augmenters from the registry
 * with the configuration's CycleGAN settings).
 * @param ctx the evaluation context
 * @returns every function
 */
export function evaluationDeps(ctx: EvaluationContext): EvaluationDeps {
  return {
    fitScaler: ctx.deps?.fitScaler ?? fitStandardScaler,
    trainClassifiers: ctx.deps?.trainClassifiers ?? trainClassifiers,
    synthetic: ctx.deps?.synthetic ??
      augmenterProvider(undefined, { cyclegan: ctx.config.cyclegan }),
  };
}

/**
 * Throws the signal's reason when it has been aborted.
 * @param signal the signal, if any
 */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw signal.reason ?? new Error("Evaluation aborted");
}

/** What a protocol measured, before the summary statistics. */
export interface Measured {
  /** Class names. */
  readonly classes: readonly string[];
  /** The classifier settings used. */
  readonly settings: ClassifierSettings;
  /** Per repetition, the UAR of every fold. */
  readonly uarPerFold: number[][];
  /** Raw confusion counts per repetition (summed over folds). */
  readonly confusionPerRep: number[][][];
  /** Fold names. */
  readonly folds: string[];
  /** Training rows per fold. */
  readonly trainRows: number[];
  /** Test rows per fold. */
  readonly testRows: number[];
  /** The development selection (cross) or `null`. */
  readonly selection: DevSelection | null;
  /** Classifier seed per repetition and fold. */
  readonly classifierSeeds: number[][];
  /** Seconds of classifier work. */
  readonly seconds: number;
}

/**
 * The result of a setting from what its protocol measured: UAR mean and std over repetitions,
 * confusion matrices summed over folds and averaged over repetitions.
 * @param spec the setting
 * @param config the configuration
 * @param m the measurements
 * @param augment the canonical spec text of the augmenter (`null` for real)
 * @returns the setting's result
 */
export function settingResult(
  spec: SettingSpec,
  config: EvaluationConfig,
  m: Measured,
  augment: string | null,
): SettingResult {
  const uarPerRep = m.uarPerFold.map((f) => f.reduce((a, b) => a + b, 0) / f.length);
  const { mean, std } = meanStd(uarPerRep);
  const reps = m.confusionPerRep.length;
  const average = (ms: number[][][]) => sumMatrices(ms).map((r) => r.map((v) => v / reps));
  return {
    protocol: spec.protocol,
    trainOn: spec.trainOn,
    augment: spec.trainOn === "real" ? null : augment,
    synthesisProtocol: spec.protocol === "within" && spec.trainOn !== "real"
      ? config.synthesisProtocol
      : null,
    normalization: config.normalization,
    classifier: m.settings,
    classes: m.classes,
    uarMean: mean,
    uarStd: std,
    uarPerRep,
    uarPerFold: m.uarPerFold,
    confusion: average(m.confusionPerRep),
    confusionNormalized: average(m.confusionPerRep.map(rowNormalize)),
    confusionPerRep: m.confusionPerRep,
    folds: m.folds,
    trainRows: m.trainRows,
    testRows: m.testRows,
    selection: m.selection,
    classifierSeeds: m.classifierSeeds,
    seconds: m.seconds,
  };
}

/**
 * Trains a setting's classifiers in one call of the batch function, reporting each finished job.
 * @param train the batch function
 * @param jobs every job of the setting
 * @param ctx progress and cancellation
 * @returns the trained classifiers, in job order (the caller disposes them)
 */
export function trainSettingClassifiers(
  train: TrainClassifiers,
  jobs: readonly ClassifierJob[],
  ctx: Pick<EvaluationContext, "onProgress" | "signal">,
): Promise<TrainedClassifier[]> {
  let done = 0;
  return train(jobs, {
    signal: ctx.signal,
    onJobDone: () => ctx.onProgress?.({ stage: "classifier", done: ++done, total: jobs.length }),
  });
}

/**
 * The synthetic rows of one augmenter fitted on `train` (one fold's training rows, or every
 * labelled row), seeded by its scope, checked to have the labelled corpus's classes.
 * @param synthetic the provider
 * @param ctx configuration, progress and cancellation
 * @param request the augmenter, the rows it may see, the labelled corpus, the source and the scope
 * @returns the synthetic corpus
 * @throws {RangeError} when the rows have other classes than the labelled corpus
 */
export async function syntheticRows(
  synthetic: SyntheticProvider,
  ctx: EvaluationContext,
  request: {
    readonly spec: AugmenterSpec;
    readonly train: Corpus;
    readonly labelled: Corpus;
    readonly source?: Corpus;
    readonly scope: string;
  },
): Promise<Corpus> {
  const { spec, train, labelled, source, scope } = request;
  const r = await synthetic({
    spec,
    train,
    source,
    scope,
    seed: augmenterSeed(ctx.config.seed, scope),
    perClass: ctx.config.syntheticPerClass,
    signal: ctx.signal,
    onProgress: ctx.onProgress
      ? (p) =>
        ctx.onProgress!({
          stage: "augment",
          done: p.done,
          total: p.total,
          message: `${scope}: ${p.message ?? p.phase}`,
        })
      : undefined,
  });
  checkSameClasses(labelled, r.corpus);
  return r.corpus;
}

/**
 * The augmenter of a setting: `null` for Real, the spec otherwise.
 * @param spec the setting
 * @returns the augmenter spec, or `null`
 * @throws {TypeError} for a synthetic setting without an augmenter
 */
export function settingAugmenter(spec: SettingSpec): AugmenterSpec | null {
  if (spec.trainOn === "real") return null;
  if (spec.augment === null) {
    throw new TypeError(`Train-on ${spec.trainOn} needs an augmenter, found none`);
  }
  return spec.augment;
}
