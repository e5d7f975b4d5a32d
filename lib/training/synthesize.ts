/**
 * The whole synthesis pipeline of the paper (Sec. 2, 4.1, 4.2) in one call: min-max scaling
 * fitted on training rows only, pre-training, main training, generation.
 * @module
 */
import { sha256Hex } from "../_files.ts";
import { alignFeatures } from "../data/align.ts";
import { subsetCorpus } from "../data/corpus.ts";
import { MinMaxScaler, StandardScaler } from "../data/scalers.ts";
import type { Corpus } from "../data/types.ts";
import { type CycleGanConfig, resolveConfig } from "../models/config.ts";
import type { AffineInit } from "../models/mlp.ts";
import { Rng } from "../random.ts";
import type { LossHistory, TrainingPhase } from "./checkpoint.ts";
import { generateRows } from "./generate.ts";
import { featureMoments } from "./diversity.ts";
import type { DiversityRecord } from "./monitor.ts";
import { type EpochProgress, trainModel } from "./train_model.ts";
import { createTrainingState, disposeTrainingState } from "./trainer.ts";

/** Progress of {@linkcode synthesize}: a training epoch, or generated rows. */
export type SynthesisProgress =
  | EpochProgress
  | {
    /** Generation of the synthetic rows. */
    readonly phase: "generate";
    /** Rows generated so far. */
    readonly rowsDone: number;
    /** Rows to generate. */
    readonly rowsTotal: number;
  };

/** Options of {@linkcode synthesize}. */
export interface SynthesizeOptions {
  /** The configuration, or overrides of the paper's defaults (resolved and validated first). */
  readonly config?: Partial<CycleGanConfig>;
  /** Seed of every random choice of the run (weights, shuffles, dropout, subsampling). */
  readonly seed: number;
  /**
   * Rows of the labelled corpus that may be seen (a cross-validation fold's training rows);
   * default every row. Other rows never influence anything: not the scaler, not training.
   */
  readonly trainRows?: Int32Array;
  /** Progress after every epoch and every generated chunk. */
  readonly onProgress?: (progress: SynthesisProgress) => void;
  /** Cancels training or generation; the call rejects with the signal's reason. */
  readonly signal?: AbortSignal;
  /** Folder for checkpoints of this run (one folder per run). */
  readonly checkpointDir?: string;
  /** Main-training epochs between checkpoints (default 50). */
  readonly checkpointEvery?: number;
  /** Pre-training epochs between checkpoints (default 500). */
  readonly pretrainCheckpointEvery?: number;
  /** Continue from the latest checkpoint in `checkpointDir` (default false). */
  readonly resume?: boolean;
  /** Main-training epochs between diversity records (default: the checkpoint interval). */
  readonly diversityEvery?: number;
  /** Pre-training epochs between diversity records (default: its checkpoint interval). */
  readonly pretrainDiversityEvery?: number;
  /** Rows per generation chunk (default 4096). */
  readonly chunkRows?: number;
}

/** The output of {@linkcode synthesize}. */
export interface SynthesisResult {
  /**
   * The synthetic corpus in the labelled corpus's feature units (inverse of its min-max scaling):
   * rows of emotion 0 first, ids `<source id>_syn_<emotion>`, labels i, the labelled corpus's
   * classes and feature names, no speakers or sessions.
   */
  readonly synthetic: Corpus;
  /** Main-training losses per epoch (`d_i`, `g_adv_i`, `cyc_i`, `cls`). */
  readonly history: LossHistory;
  /** Pre-training losses per epoch (`pre_cyc_i`). */
  readonly pretrainHistory: LossHistory;
  /** Diversity records of both phases (`lib/training/monitor.ts`). */
  readonly diversity: readonly DiversityRecord[];
  /**
   * The scalers of the generators' space (`config.synthesisSpace`): min-max or z-score, the
   * labelled corpus's fitted on its training rows, the source's on all its rows.
   */
  readonly scalers: { readonly labelled: SynthesisScaler; readonly source: SynthesisScaler };
  /** The resolved configuration of the run. */
  readonly config: CycleGanConfig;
  /** Where the run continued from, or `null`. */
  readonly resumedFrom: { readonly phase: TrainingPhase; readonly epoch: number } | null;
  /** Seconds per stage (of this call). */
  readonly timings: {
    readonly pretrainSeconds: number;
    readonly trainSeconds: number;
    readonly generateSeconds: number;
    readonly totalSeconds: number;
  };
}

/**
 * The moment-matching start of affine-residual generators: G_i's skip maps the source's
 * per-feature mean and std onto class i's (a = std_i / std_S, b = mean_i − a · mean_S), F_i's skip
 * maps them back. A feature constant in the source (or in the class) gets scale 0: the skip then
 * outputs the other side's mean.
 * @param source scaled source rows
 * @param targets scaled rows of each emotion
 * @param cols features per row
 * @returns one pair of skips per emotion
 */
export function momentSkips(
  source: Float32Array,
  targets: readonly Float32Array[],
  cols: number,
): { g: AffineInit; f: AffineInit }[] {
  const s = featureMoments(source, cols);
  const map = (from: typeof s, to: typeof s): AffineInit => {
    const scale = new Float32Array(cols), shift = new Float32Array(cols);
    for (let c = 0; c < cols; c++) {
      scale[c] = from.std[c] > 0 ? to.std[c] / from.std[c] : 0;
      shift[c] = to.mean[c] - scale[c] * from.mean[c];
    }
    return { scale, shift };
  };
  return targets.map((t) => {
    const m = featureMoments(t, cols);
    return { g: map(s, m), f: map(m, s) };
  });
}

/** A fitted scaler of the generators' space (min-max in the paper). */
export type SynthesisScaler = MinMaxScaler | StandardScaler;

function newScaler(config: CycleGanConfig): SynthesisScaler {
  return config.synthesisSpace === "zscore" ? new StandardScaler() : new MinMaxScaler();
}

function checkInputs(labelled: Corpus, source: Corpus, trainRows: Int32Array): void {
  if (labelled.labels === null || labelled.classes.length === 0) {
    throw new TypeError(`Labelled corpus "${labelled.name}" has no labels`);
  }
  if (labelled.cols !== source.cols) {
    throw new RangeError(
      `Labelled corpus "${labelled.name}" has ${labelled.cols} features, source "${source.name}" has ${source.cols}`,
    );
  }
  if (source.rows < 1) throw new RangeError(`Source corpus "${source.name}" has no rows`);
  const seen = new Uint8Array(labelled.rows);
  for (const r of trainRows) {
    if (!Number.isInteger(r) || r < 0 || r >= labelled.rows) {
      throw new RangeError(`Training row ${r} is outside [0, ${labelled.rows})`);
    }
    if (seen[r]) throw new RangeError(`Training row ${r} is listed twice`);
    seen[r] = 1;
  }
}

/**
 * Trains the N CycleGANs (+C) and generates the synthetic corpus: min-max (or, with
 * `synthesisSpace: "zscore"`, z-score) fit on the training rows of `labelled` and on all rows of
 * `source` (each corpus with its own scaler) → pre-training →
 * main training → G_i applied to every source row (or `syntheticPerClass` rows) for every
 * emotion → mapped back to feature units with the labelled scaler's inverse.
 *
 * @example
 * ```ts ignore
 * const { synthetic, history } = await synthesize(emodb, librispeech, {
 *   config: { lambdaCls: 0 }, seed: 1, trainRows, onProgress: (p) => console.log(p),
 * });
 * ```
 * @param labelled the labelled corpus X (targets T_i are its training rows of class i)
 * @param source the unlabelled source corpus S
 * @param options configuration, seed, training rows, progress, cancellation and checkpoints
 * @returns the synthetic corpus, loss histories, scalers, configuration and timings
 * @throws {RangeError} for mismatched features, bad training rows, a class without training
 *   rows or a non-finite feature value; {@linkcode TrainingDivergedError} when a loss diverges
 */
export async function synthesize(
  labelled: Corpus,
  source: Corpus,
  options: SynthesizeOptions,
): Promise<SynthesisResult> {
  const t0 = performance.now();
  const config = resolveConfig(options.config ?? {});
  if (!Number.isInteger(options.seed)) {
    throw new TypeError(`Seed must be an integer, found ${options.seed}`);
  }
  const trainRows = options.trainRows ??
    Int32Array.from({ length: labelled.rows }, (_, r) => r);
  checkInputs(labelled, source, trainRows);
  source = alignFeatures(labelled, source); // matched by feature name, reordered if need be
  const labels = labelled.labels!;
  const n = labelled.classes.length;
  const byClass: number[][] = Array.from({ length: n }, () => []);
  for (const r of trainRows) {
    const y = labels[r];
    if (!(y >= 0 && y < n)) {
      throw new RangeError(`Row "${labelled.ids[r]}" has label ${y}, expected 0..${n - 1}`);
    }
    byClass[y].push(r);
  }
  byClass.forEach((rows, i) => {
    if (rows.length === 0) {
      throw new RangeError(`Class "${labelled.classes[i]}" has no training rows`);
    }
  });

  const cols = labelled.cols;
  const labelledScaler = newScaler(config).fit(labelled.data, cols, trainRows);
  const sourceScaler = newScaler(config).fit(source.data, cols);
  const sourceScaled = sourceScaler.transform(source.data, cols);
  const targets = byClass.map((rows) =>
    labelledScaler.transform(subsetCorpus(labelled, rows).data, cols)
  );
  const dataKey = await sha256Hex(
    String(labelled.cols),
    ...byClass.map((rows) => rows.map((r) => labelled.ids[r]).join("\t")),
    source.ids.join("\t"),
    sourceScaled,
    ...targets,
  );

  const root = new Rng(options.seed);
  const stateSeed = root.seed();
  const generationRng = root.fork();
  const state = createTrainingState(config, {
    inputDim: labelled.cols,
    numClasses: n,
    ...(config.generatorForm === "affine-residual"
      ? { skips: momentSkips(sourceScaled, targets, cols) }
      : {}),
  }, stateSeed);
  try {
    const trained = await trainModel(
      state,
      { cols: labelled.cols, source: sourceScaled, targets },
      {
        onEpoch: options.onProgress,
        signal: options.signal,
        checkpointDir: options.checkpointDir,
        checkpointEvery: options.checkpointEvery,
        pretrainCheckpointEvery: options.pretrainCheckpointEvery,
        resume: options.resume,
        diversityEvery: options.diversityEvery,
        pretrainDiversityEvery: options.pretrainDiversityEvery,
        dataKey,
      },
    );
    const tg = performance.now();
    const generated = await generateRows(state.model, sourceScaled, {
      chunkRows: options.chunkRows,
      perClass: config.syntheticPerClass,
      rng: generationRng,
      signal: options.signal,
      onChunk: (rowsDone, rowsTotal) =>
        options.onProgress?.({ phase: "generate", rowsDone, rowsTotal }),
    });
    const syntheticData = labelledScaler.inverseTransform(generated.data, cols);
    const ids = new Array<string>(generated.rows);
    for (let k = 0; k < generated.rows; k++) {
      ids[k] = `${source.ids[generated.sourceRow[k]]}_syn_${labelled.classes[generated.label[k]]}`;
    }
    const synthetic: Corpus = {
      name: `${labelled.name}_syn`,
      data: syntheticData,
      rows: generated.rows,
      cols: generated.cols,
      ids,
      featureNames: [...labelled.featureNames],
      classes: [...labelled.classes],
      labels: generated.label,
      speakers: null,
      sessions: null,
      dropped: {},
    };
    const generateSeconds = (performance.now() - tg) / 1000;
    return {
      synthetic,
      history: trained.history,
      pretrainHistory: trained.pretrainHistory,
      diversity: trained.diversity,
      scalers: { labelled: labelledScaler, source: sourceScaler },
      config,
      resumedFrom: trained.resumedFrom,
      timings: {
        pretrainSeconds: trained.seconds.pretrain,
        trainSeconds: trained.seconds.train,
        generateSeconds,
        totalSeconds: (performance.now() - t0) / 1000,
      },
    };
  } finally {
    disposeTrainingState(state);
  }
}
