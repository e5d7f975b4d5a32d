/**
 * The result shapes of the experiments (paper Sec. 4): what `lib/evaluation` computes and what the
 * report, the notebooks and `deno task reproduce` render. Everything here is plain,
 * JSON-serialisable data (numbers, strings, arrays, records), so a results file read back with
 * `JSON.parse` has exactly these types.
 *
 * UAR values are fractions in [0, 1] (multiply by 100 for the paper's percentages); the paper's
 * numbers in {@linkcode ResultTableRow} are kept in percent, as printed in the paper.
 * @module
 */
import type { Fig2Row } from "../analysis/fig2.ts";
import type { FisherOverlap } from "../analysis/fisher.ts";
import type { ResultTableRow } from "../analysis/paper.ts";
import type { Table1Row } from "../analysis/table1.ts";

/** Evaluation protocol: within-corpus leave-one-session-out (Sec. 4.3) or cross-corpus (Sec. 4.4). */
export type Protocol = "within" | "cross";

/** What the classifier is trained on (Sec. 4.3 settings (i), (ii), (iii)). */
export type TrainOn = "real" | "syn" | "real+syn";

/**
 * Where the within-corpus synthetic data comes from. `leak-free` (default): one CycleGAN per fold,
 * trained on that fold's training sessions only. `reference`: one CycleGAN trained on all sessions,
 * test session included, as the authors' public script did (METHOD_NOTES, "A flaw").
 */
export type SynthesisProtocol = "leak-free" | "reference";

/**
 * How classifier features are z-normalised. `per-dataset` (default, paper Sec. 4.1): train, test and
 * synthetic sets each standardised by their own mean and std. `train-fit`: statistics fitted on the
 * training rows (real and synthetic together) and applied to the test rows.
 */
export type Normalization = "per-dataset" | "train-fit";

/** Name of a reproduction profile: named overrides of the default configuration. */
export type ProfileName = "paper" | "quick";

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

/** One evaluated setting: one protocol × train-on × λ_cls, over all repetitions. */
export interface SettingResult {
  /** `within` or `cross`. */
  readonly protocol: Protocol;
  /** `real`, `syn` or `real+syn`. */
  readonly trainOn: TrainOn;
  /** λ_cls of the CycleGAN that produced the synthetic data; `null` for `real`. */
  readonly lambdaCls: number | null;
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
  /** Seed of each repetition. */
  readonly seeds: readonly number[];
  /** Wall-clock seconds spent on classifier training and testing for this setting. */
  readonly seconds: number;
}

/**
 * The name of the CycleGAN model trained on every labelled row: the cross-corpus model, which the
 * within-corpus reference protocol shares (same rows, seed and cache entry).
 */
export const ALL_ROWS_MODEL = "all";

/** One point of a loss curve. */
export interface LossPoint {
  /** λ_cls of the model. */
  readonly lambdaCls: number;
  /** Which model: {@linkcode ALL_ROWS_MODEL}, or the held-out session of a within-corpus fold. */
  readonly model: string;
  /** `pretrain` or `train`. */
  readonly phase: "pretrain" | "train";
  /** Epoch index (0-based). */
  readonly epoch: number;
  /** Loss name as recorded by the trainer, e.g. `d_0`, `g_adv_0`, `cyc_0`, `cls`. */
  readonly name: string;
  /** Loss value, averaged over the epoch's iterations. */
  readonly value: number;
}

/** Hashes identifying the inputs. */
export interface DataHashes {
  /** sha256 (hex) of the labelled corpus' feature matrix, labels and sessions. */
  readonly labelled: string;
  /** sha256 of the cross-corpus test corpus. */
  readonly test: string;
  /** sha256 of the unlabelled source corpus. */
  readonly source: string;
}

/** Backend that produced the results (mirrors `BackendInfo` in `lib/backend.ts`). */
export interface BackendReport {
  /** Backend name, e.g. `cpu`, `wasm`. */
  readonly name: string;
  /** Device in words. */
  readonly device: string;
  /** Hot-op kernels in use. */
  readonly kernels: string;
}

/** One-line description of a corpus as used. */
export interface CorpusSummary {
  /** Corpus name. */
  readonly name: string;
  /** Rows. */
  readonly utterances: number;
  /** Class counts by class name (empty for unlabelled corpora). */
  readonly classCounts: Readonly<Record<string, number>>;
}

/** Results of one `evaluate` call (one setting), as written by the cache and `--json`. */
export interface EvaluationResult {
  /** Code version of the evaluation (part of the cache key). */
  readonly codeVersion: string;
  /** Profile name. */
  readonly profile: ProfileName;
  /** The resolved configuration (JSON). */
  readonly config: Readonly<Record<string, unknown>>;
  /** Backend used. */
  readonly backend: BackendReport;
  /** Input hashes. */
  readonly dataHashes: DataHashes;
  /** The setting's numbers. */
  readonly setting: SettingResult;
  /** Loss curves of the CycleGANs trained for this setting (empty for `real`). */
  readonly lossCurves: readonly LossPoint[];
  /** Wall-clock seconds per stage name. */
  readonly timings: Readonly<Record<string, number>>;
  /** ISO time the result was computed. */
  readonly createdAt: string;
}

/** Everything `reproducePaper()` computes: Tables 1-3, Figs. 2-3, loss curves and provenance. */
export interface ExperimentResults {
  /** Schema version of this shape. */
  readonly schema: 1;
  /** Code version of the evaluation (part of every cache key). */
  readonly codeVersion: string;
  /** Profile name, printed with the results. */
  readonly profile: ProfileName;
  /** The resolved configuration (JSON). */
  readonly config: Readonly<Record<string, unknown>>;
  /** Backend used. */
  readonly backend: BackendReport;
  /** Base seed and the seed of each repetition. */
  readonly seeds: { readonly base: number; readonly reps: readonly number[] };
  /** Wall-clock seconds per stage id. */
  readonly timings: Readonly<Record<string, number>>;
  /** Input hashes. */
  readonly dataHashes: DataHashes;
  /** The corpora used (labelled, test, source). */
  readonly corpora: {
    readonly labelled: CorpusSummary;
    readonly test: CorpusSummary;
    readonly source: CorpusSummary;
  };
  /** Every evaluated setting (within and cross, real / syn / real+syn per λ_cls). */
  readonly settings: readonly SettingResult[];
  /** Table 1 rows: source, then syn per λ_cls. */
  readonly table1: readonly Table1Row[];
  /** Fisher's ratio overlap between sets and between emotions. */
  readonly fisher: readonly FisherOverlap[];
  /** Fig. 2 data: 12 features × {source, target, syn per λ_cls}. */
  readonly fig2: readonly Fig2Row[];
  /** Loss curves of every CycleGAN trained. */
  readonly lossCurves: readonly LossPoint[];
  /** Table 2 (within): Sahu et al. (reported), the paper's rows and ours. */
  readonly table2: readonly ResultTableRow[];
  /** Table 3 (cross): Sahu et al. (reported), the paper's rows and ours. */
  readonly table3: readonly ResultTableRow[];
  /** ISO time the results were computed. */
  readonly createdAt: string;
}
