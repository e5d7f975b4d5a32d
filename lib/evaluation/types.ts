/**
 * The vocabulary and result shapes of the experiments (paper Sec. 4) that `lib/evaluation`
 * produces: protocols, train-on settings, classifier settings and one evaluated setting. Plain,
 * JSON-serialisable data, so a results file read back with `JSON.parse` has exactly these types.
 *
 * UAR values are fractions in [0, 1] (multiply by 100 for the paper's percentages).
 * @module
 */
import type { pairedComparison } from "./paired.ts";

/** Evaluation protocol: within-corpus leave-one-session-out (Sec. 4.3) or cross-corpus (Sec. 4.4). */
export type Protocol = "within" | "cross";

/** What the classifier is trained on (Sec. 4.3 settings (i), (ii), (iii)). */
export type TrainOn = "real" | "syn" | "real+syn";

/**
 * Where the within-corpus augmenter is fitted. `leak-free` (default): once per fold, on that
 * fold's training sessions only. `reference`: once on all sessions, test session included, as
 * the authors' public script did for the CycleGAN (METHOD_NOTES, "A flaw").
 */
export type SynthesisProtocol = "leak-free" | "reference";

/**
 * How classifier features are z-normalised. `per-dataset` (default, paper Sec. 4.1): train, test and
 * synthetic sets each standardised by their own mean and std. `train-fit`: statistics fitted on the
 * training rows (real and synthetic together) and applied to the test rows.
 */
export type Normalization = "per-dataset" | "train-fit";

/** Hyper-parameters of the feed-forward SER classifier (paper Sec. 4.3 / 4.4). */
export interface ClassifierSettings {
  /** Units in each of the hidden layers. */
  readonly hiddenUnits: number;
  /** Number of hidden layers (2 in the paper). */
  readonly hiddenLayers: number;
  /** Dropout rate (fraction of units dropped) after every hidden activation. */
  readonly dropout: number;
  /** Adam learning rate. */
  readonly learningRate: number;
  /** Adam decay of the first moment (Sec. 4.1: Adam, TensorFlow's default 0.9). */
  readonly beta1: number;
  /** Adam decay of the second moment (TensorFlow's default 0.999). */
  readonly beta2: number;
  /** Adam ε (TensorFlow 1.x default 1e-8). */
  readonly epsilon: number;
  /** Mini-batch size; an epoch is floor(n / batchSize) batches. */
  readonly batchSize: number;
  /** Training epochs. */
  readonly epochs: number;
  /** Negative slope of the leaky ReLU (TensorFlow's default 0.2). */
  readonly leakySlope: number;
}

/** What the development split selected in the cross-corpus protocol. */
export interface DevSelection {
  /** What was selected, in words. */
  readonly what: string;
  /** The candidate epoch counts that were scored on the development split. */
  readonly candidates: readonly number[];
  /** Mean development UAR (over repetitions) per candidate, same order as `candidates`. */
  readonly devUar: readonly number[];
  /** The selected epoch count, used for every reported test UAR. */
  readonly selected: number;
}

/** The paired test's numbers (`lib/evaluation/paired.ts`). */
export type PairedTest = ReturnType<typeof pairedComparison>;

/**
 * The unit of pairing of two settings of one protocol: the classifier of one (fold, repetition)
 * within corpus (5 × 5 pairs in the paper's design), of one repetition cross corpus. Both
 * settings' classifiers of a unit were trained from the same seed.
 */
export type PairingUnit = "fold × repetition" | "repetition";

/** A setting compared with a baseline setting over the same seeds (treatment − baseline). */
export interface PairedResult extends PairedTest {
  /** What one pair is. */
  readonly unit: PairingUnit;
  /** The baseline, e.g. `real`. */
  readonly baseline: string;
}

/** One evaluated setting: one protocol × train-on × augmenter, over all repetitions. */
export interface SettingResult {
  /** `within` or `cross`. */
  readonly protocol: Protocol;
  /** `real`, `syn` or `real+syn`. */
  readonly trainOn: TrainOn;
  /**
   * The augmenter that made the synthetic rows as its canonical spec (name and every resolved
   * setting, e.g. `cyclegan:lambda_cls=2`); `null` for `real`.
   */
  readonly augment: string | null;
  /** Synthesis protocol (within, synthetic settings only); `null` otherwise. */
  readonly synthesisProtocol: SynthesisProtocol | null;
  /** Normalisation used for the classifier features. */
  readonly normalization: Normalization;
  /** The classifier hyper-parameters actually used. */
  readonly classifier: ClassifierSettings;
  /** Class names, the order of every confusion-matrix axis. */
  readonly classes: readonly string[];
  /** Mean UAR over repetitions (fraction). */
  readonly uarMean: number;
  /** Population standard deviation of the per-repetition UARs (numpy `np.std`, ddof 0). */
  readonly uarStd: number;
  /** UAR of every repetition; within-corpus: the mean of that repetition's per-fold UARs. */
  readonly uarPerRep: readonly number[];
  /** Per repetition, the UAR of every fold (within) or a single entry (cross). */
  readonly uarPerFold: readonly (readonly number[])[];
  /** Raw confusion counts [true][predicted], summed over folds, averaged over repetitions. */
  readonly confusion: readonly (readonly number[])[];
  /** Row-normalised confusion matrices (rows sum to 1), averaged over repetitions. */
  readonly confusionNormalized: readonly (readonly number[])[];
  /** Raw confusion counts of every repetition (summed over folds). */
  readonly confusionPerRep: readonly (readonly (readonly number[])[])[];
  /** Fold names (within: the held-out session ids; cross: `["test"]`). */
  readonly folds: readonly string[];
  /** Training rows per fold (real + synthetic), same order as `folds`. */
  readonly trainRows: readonly number[];
  /** Test rows per fold, same order as `folds`. */
  readonly testRows: readonly number[];
  /** Cross-corpus only: what the development split selected; `null` otherwise. */
  readonly selection: DevSelection | null;
  /**
   * Seed of the classifier of every repetition and fold, `[rep][fold]`: derived from the base seed,
   * the repetition and the fold only, so every setting of a protocol shares them (pairing).
   */
  readonly classifierSeeds: readonly (readonly number[])[];
  /** Wall-clock seconds spent on classifier training and testing for this setting. */
  readonly seconds: number;
  /**
   * The paired comparison with Real on the same seeds; absent for Real itself (and with a single
   * pair: one repetition cross corpus).
   */
  readonly vsReal?: PairedResult;
}
