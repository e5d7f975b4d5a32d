/**
 * The whole of the paper's Section 4 as one orchestrated, cached run: pre-training and the
 * N-CycleGAN for each λ_cls, generation, within- and cross-corpus evaluation for real / syn /
 * real+syn, Table 1, Fisher overlap, Fig. 2, Fig. 3 and loss curves.
 * @module
 */
import type { ExperimentResults, ProfileName, SynthesisProtocol } from "../report/types.ts";

/** Options of {@linkcode planPaper} and {@linkcode reproducePaper}. */
export interface ReproduceOptions {
  /** Profile: `quick` (minutes on 2 CPU cores) or `paper` (every published hyper-parameter). */
  readonly profile?: ProfileName;
  /** Labelled corpus: preset name or path of a corpus spec JSON (default `emodb`). */
  readonly labelled?: string;
  /** Cross-corpus test corpus: preset or spec path (default `ravdess`). */
  readonly test?: string;
  /** Unlabelled source corpus: preset or spec path (default `librispeech`). */
  readonly source?: string;
  /** Backend name as accepted by `initBackend` (default: whatever is set). */
  readonly backend?: string;
  /** Base seed (default 0). */
  readonly seed?: number;
  /** Classifier repetitions (default 5). */
  readonly reps?: number;
  /** λ_cls values (default [0, 2]). */
  readonly lambdas?: readonly number[];
  /** Within-corpus synthesis protocol (default `leak-free`). */
  readonly synthesisProtocol?: SynthesisProtocol;
  /** Cache root (default `$SER_CACHE_DIR` or `.cache`). */
  readonly cacheDir?: string;
}

/** One stage of a reproduction, with its amount of work. */
export interface Stage {
  /** Stable id, e.g. `cyclegan:lambda=2:fold=S1`, `evaluate:within:syn:lambda=0`. */
  readonly id: string;
  /** What the stage does, in words. */
  readonly title: string;
  /** Kind of work: CycleGAN training (pre-training + main), or classifier evaluation, or analysis. */
  readonly kind: "cyclegan" | "evaluate" | "analysis";
  /** Units of work (CycleGAN: pre-training + training iterations; evaluate: classifier batches). */
  readonly units: number;
  /** What one unit is. */
  readonly unit: "iteration" | "batch" | "step";
  /** Whether the result of this stage is already in the cache. */
  readonly cached: boolean;
}

/** The plan of a reproduction. */
export interface PaperPlan {
  /** Profile used. */
  readonly profile: ProfileName;
  /** The resolved configuration (JSON). */
  readonly config: Readonly<Record<string, unknown>>;
  /** Stages in execution order. */
  readonly stages: readonly Stage[];
}

/** Progress within a stage. */
export interface StageProgress {
  /** Id of the running stage. */
  readonly stage: string;
  /** Units done so far. */
  readonly done: number;
  /** Units in the stage. */
  readonly total: number;
  /** Optional message (e.g. latest losses). */
  readonly message?: string;
}

/** Callbacks and cancellation for {@linkcode reproducePaper}. */
export interface ReproduceHooks {
  /** Called when a stage starts (`event: "start"`) and ends (`"end"`, with seconds). */
  readonly onStage?: (
    stage: Stage,
    event: "start" | "end",
    seconds?: number,
  ) => void;
  /** Called as a stage progresses. */
  readonly onProgress?: (progress: StageProgress) => void;
  /** Aborts the run; finished stages stay cached, CycleGAN checkpoints allow resuming. */
  readonly signal?: AbortSignal;
}

/**
 * Lists the stages of a reproduction and their work, without training anything.
 * @param options what to reproduce
 * @returns the plan (loads the corpora to count iterations)
 */
export function planPaper(options: ReproduceOptions = {}): Promise<PaperPlan> {
  return Promise.reject(
    new Error(`planPaper() is not implemented yet (${JSON.stringify(options)})`),
  );
}

/**
 * Runs the whole reproduction, every expensive piece cached.
 * @param options what to reproduce
 * @param hooks progress callbacks and an abort signal
 * @returns all results (Tables 1-3, Figs. 2-3, loss curves, provenance)
 */
export function reproducePaper(
  options: ReproduceOptions = {},
  hooks: ReproduceHooks = {},
): Promise<ExperimentResults> {
  void hooks;
  return Promise.reject(
    new Error(`reproducePaper() is not implemented yet (${JSON.stringify(options)})`),
  );
}
