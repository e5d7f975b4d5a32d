/**
 * What a run produces: the results of one `evaluate` call and of a whole reproduction, with their
 * provenance. Plain, JSON-serialisable data, so `results.json` read back with `JSON.parse` has
 * exactly these types.
 * @module
 */
import type { Claim } from "../analysis/claims.ts";
import type { Fig2Row } from "../analysis/fig2.ts";
import type { FisherOverlap } from "../analysis/fisher.ts";
import type { LambdaSweepRow } from "../analysis/lambda_sweep.ts";
import type { MethodRow } from "../analysis/methods.ts";
import type { QualityFigures, QualityRecord } from "../analysis/quality.ts";
import type { ResultTableRow } from "../analysis/paper.ts";
import type { Table1Row } from "../analysis/table1.ts";
import type { BackendInfo } from "../backend.ts";
import type { ProfileName } from "../evaluation/config.ts";
import type { SettingResult } from "../evaluation/types.ts";

/** One point of an augmenter's loss curve (the CycleGAN records one per loss and epoch). */
export interface LossPoint {
  /** The augmenter, canonical spec (e.g. `cyclegan:lambda_cls=2`). */
  readonly augment: string;
  /** Where it was fitted: `all` (every labelled row) or the held-out session of a fold. */
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

/** One diversity record of a CycleGAN fit (`lib/training/monitor.ts`), for the loss figure's panel. */
export interface DiversityPoint {
  /** The augmenter, canonical spec. */
  readonly augment: string;
  /** Where it was fitted: `all` or the held-out session of a fold. */
  readonly model: string;
  /** `pretrain` or `train`. */
  readonly phase: "pretrain" | "train";
  /** Epochs completed in that phase. */
  readonly epoch: number;
  /** Mean over emotions of the median per-feature std ratio (1 = the target's spread). */
  readonly stdRatio: number;
  /** Mean over emotions of the within-set NN ratio (1 = the target's spacing). */
  readonly nnRatio: number;
  /** Mean over emotions of the larger cycle reconstruction ratio (1.0 = outputting the mean). */
  readonly cycleRecon: number;
}

/** Hashes identifying the inputs (empty for a corpus a run did not use). */
export interface DataHashes {
  /** sha256 (hex) of the labelled corpus' feature matrix, labels and sessions. */
  readonly labelled: string;
  /** sha256 of the cross-corpus test corpus. */
  readonly test: string;
  /** sha256 of the unlabelled source corpus. */
  readonly source: string;
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

/** Results of one `evaluate` call: one setting, compared with Real, as `--json` prints it. */
export interface EvaluationResult {
  /** Code version of the evaluation (part of the cache key). */
  readonly codeVersion: string;
  /** Profile name. */
  readonly profile: ProfileName;
  /** The resolved run configuration (JSON). */
  readonly config: Readonly<Record<string, unknown>>;
  /** Backend used. */
  readonly backend: BackendInfo;
  /** Input hashes. */
  readonly dataHashes: DataHashes;
  /** The setting's numbers, with `vsReal` unless it is Real. */
  readonly setting: SettingResult;
  /** Real of the same protocol, the baseline of `setting.vsReal` (`setting` itself for Real). */
  readonly baseline: SettingResult;
  /** Loss curves of the augmenters fitted for this setting (empty for `real`). */
  readonly lossCurves: readonly LossPoint[];
  /** Wall-clock seconds per stage id. */
  readonly timings: Readonly<Record<string, number>>;
  /** ISO time the result was computed. */
  readonly createdAt: string;
}

/** Everything a reproduction computes: Tables 1-3, Figs. 2-3, the methods side by side, provenance. */
export interface ExperimentResults {
  /** Schema version of this shape. */
  readonly schema: 2;
  /** Code version of the evaluation (part of every cache key). */
  readonly codeVersion: string;
  /** Profile name, printed with the results. */
  readonly profile: ProfileName;
  /** The resolved run configuration (JSON). */
  readonly config: Readonly<Record<string, unknown>>;
  /** Backend used. */
  readonly backend: BackendInfo;
  /** Base seed (every other seed is derived from it by name, `lib/evaluation/seeds.ts`) and repetitions. */
  readonly seeds: { readonly base: number; readonly reps: number };
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
  /** The augmenters compared, canonical specs, in run order. */
  readonly augmenters: readonly string[];
  /** Every evaluated setting (within and cross, Real and every augmenter × syn / real+syn). */
  readonly settings: readonly SettingResult[];
  /** Table 1 rows: source, then the CycleGAN's synthetic data per λ_cls. */
  readonly table1: readonly Table1Row[];
  /** Fisher's ratio overlap between sets and between emotions. */
  readonly fisher: readonly FisherOverlap[];
  /** Fig. 2 data: 12 features × {source, target, syn per λ_cls}. */
  readonly fig2: readonly Fig2Row[];
  /** Loss curves of every augmenter fit that records them. */
  readonly lossCurves: readonly LossPoint[];
  /** The trainer's diversity records of every CycleGAN fit (the loss figure's diversity panel). */
  readonly diversityCurves: readonly DiversityPoint[];
  /**
   * Synthetic-data quality of every augmenter's all-rows corpus beside the two untrained
   * references (`lib/analysis/quality.ts`).
   */
  readonly syntheticQuality: readonly QualityRecord[];
  /** The quality figures' data (projection, std-ratio distributions); `null` without analysis. */
  readonly qualityFigures: QualityFigures | null;
  /** Table 2 (within): Sahu et al. (reported), the paper's rows and ours. */
  readonly table2: readonly ResultTableRow[];
  /** Table 3 (cross): Sahu et al. (reported), the paper's rows and ours. */
  readonly table3: readonly ResultTableRow[];
  /** Every augmenter side by side, paired against Real. */
  readonly methods: readonly MethodRow[];
  /** The λ_cls sweep, when one was asked for. */
  readonly lambdaSweep: readonly LambdaSweepRow[] | null;
  /** The paper's claims checked on our numbers, with paired tests. */
  readonly claims: readonly Claim[];
  /** ISO time the results were computed. */
  readonly createdAt: string;
}
