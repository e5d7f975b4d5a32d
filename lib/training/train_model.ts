/**
 * The training schedule of the paper (Sec. 4.1): pre-training of every pair G_i, F_i on the
 * cycle loss, then main training of the N CycleGANs (+C), with per-epoch loss history, progress
 * callbacks, cancellation, checkpoints, resume and a NaN guard.
 * @module
 */
import * as tf from "@tensorflow/tfjs-core";
import {
  DamagedCheckpointError,
  discardCheckpoint,
  type LossHistory,
  readLatestCheckpoint,
  restoreCheckpoint,
  type RunPosition,
  saveCheckpoint,
  type TrainingPhase,
} from "./checkpoint.ts";
import { TrainingDivergedError } from "./errors.ts";
import {
  collapseWarning,
  type DiversityRecord,
  measureDiversity,
  monitorSample,
} from "./monitor.ts";
import { batchRows, iterationsPerEpoch, learningRateAt, shuffleStreams } from "./schedule.ts";
import {
  disposePretrainOptimizers,
  lossNames,
  pretrainIterationAsync,
  type TrainingState,
  trainIterationAsync,
} from "./trainer.ts";

/** Training rows, already min-max scaled: one source stream and one target stream per emotion. */
export interface TrainingData {
  /** Features per row. */
  readonly cols: number;
  /** Source rows S, row-major. */
  readonly source: Float32Array;
  /** Rows of each emotion i (T_i), row-major, in class order. */
  readonly targets: readonly Float32Array[];
}

/** Reported after every epoch. */
export interface EpochProgress {
  /** `pretrain` or `train`. */
  readonly phase: TrainingPhase;
  /** Epochs completed in this phase (1 after the first). */
  readonly epoch: number;
  /** Epochs of this phase in total. */
  readonly epochs: number;
  /** This epoch's losses (means over its iterations), by name. */
  readonly losses: Readonly<Record<string, number>>;
  /** Estimated seconds until this phase ends, from the epochs run so far in this call. */
  readonly etaSeconds: number;
  /** The diversity measured after this epoch, on the epochs the monitor runs. */
  readonly diversity?: DiversityRecord;
  /** A warning for the user (e.g. collapsing generators); lib never prints it. */
  readonly warning?: string;
}

/** Options of {@linkcode trainModel}. */
export interface TrainModelOptions {
  /** Called after every epoch. */
  readonly onEpoch?: (progress: EpochProgress) => void;
  /** Stops training before the next iteration; the call rejects with the signal's reason. */
  readonly signal?: AbortSignal;
  /** Folder for checkpoints; none are written without it. */
  readonly checkpointDir?: string;
  /**
   * Main-training epochs between checkpoints (default 200: the paper's 2,000 epochs give 10, the
   * quick profile's 100 only the last; a paper-size checkpoint is about 650 MB, a quick one
   * 25 MB); the last epoch is always saved.
   */
  readonly checkpointEvery?: number;
  /**
   * Pre-training epochs between checkpoints (default 2,000: a pre-training epoch is short, 10,000
   * of them in the paper); the last pre-training epoch is always saved.
   */
  readonly pretrainCheckpointEvery?: number;
  /** Continue from the latest checkpoint in `checkpointDir` when there is one (default false). */
  readonly resume?: boolean;
  /**
   * Main-training epochs between diversity records (`lib/training/monitor.ts`; default: the
   * checkpoint interval); the last epoch is always measured. 0 turns the monitor off.
   */
  readonly diversityEvery?: number;
  /** Pre-training epochs between diversity records (default: the pre-training checkpoint interval). */
  readonly pretrainDiversityEvery?: number;
  /** Identifies the training data; a checkpoint of other data is refused (default `""`). */
  readonly dataKey?: string;
}

/** What {@linkcode trainModel} returns. */
export interface TrainModelResult {
  /** Main-training losses per epoch, by name (`d_i`, `g_adv_i`, `cyc_i`, `cls`). */
  readonly history: LossHistory;
  /** Pre-training losses per epoch, by name (`pre_cyc_i`). */
  readonly pretrainHistory: LossHistory;
  /** Diversity records of both phases, in order (empty with the monitor off). */
  readonly diversity: readonly DiversityRecord[];
  /** Where the run continued from, or `null` for a fresh start. */
  readonly resumedFrom: { readonly phase: TrainingPhase; readonly epoch: number } | null;
  /** Seconds spent in pre-training and main training in this call. */
  readonly seconds: { readonly pretrain: number; readonly train: number };
}

function rowsOf(data: Float32Array, cols: number, what: string): number {
  if (data.length % cols !== 0 || data.length === 0) {
    throw new RangeError(
      `${what} must hold a positive whole number of ${cols}-value rows, found ${data.length} values`,
    );
  }
  return data.length / cols;
}

function abortIfNeeded(signal?: AbortSignal): void {
  if (signal?.aborted) {
    throw signal.reason ?? new DOMException("Training was aborted", "AbortError");
  }
}

function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

function gather(stream: tf.Tensor2D, rows: Int32Array): tf.Tensor2D {
  return tf.tidy(() => tf.gather(stream, tf.tensor1d(rows, "int32")));
}

/**
 * Runs pre-training (`config.pretrainEpochs`) and main training (`config.epochs`) on `state`.
 *
 * Pre-training: for every emotion i, an epoch is max(1, min(floor(n_S / b), floor(n_i / b)))
 * iterations of {@linkcode pretrainIterationAsync} with fresh shuffles of S and T_i. Main
 * training: an epoch is max(1, min over S and all T_i of floor(n / b)) iterations of
 * {@linkcode trainIterationAsync} at lr · 0.8^floor(epoch / 50). Losses are read back
 * asynchronously, so every backend (webgpu included) can train. Streams shorter than a batch are
 * cycled. Losses are averaged per epoch into the histories; a NaN or infinite loss stops
 * training with a {@linkcode TrainingDivergedError} (the last checkpoint is left in place).
 * @param state the training state (updated in place)
 * @param data scaled source and target rows
 * @param options callbacks, cancellation and checkpoints
 * @returns the loss histories
 */
export async function trainModel(
  state: TrainingState,
  data: TrainingData,
  options: TrainModelOptions = {},
): Promise<TrainModelResult> {
  const { config, model } = state;
  const { cols } = data;
  if (cols !== model.inputDim) {
    throw new RangeError(`Training data has ${cols} features, the model expects ${model.inputDim}`);
  }
  if (data.targets.length !== model.numClasses) {
    throw new RangeError(
      `Expected ${model.numClasses} target streams (one per emotion), found ${data.targets.length}`,
    );
  }
  const every = options.checkpointEvery ?? 200;
  const pretrainEvery = options.pretrainCheckpointEvery ?? 2000;
  for (
    const [name, v] of [["checkpointEvery", every], ["pretrainCheckpointEvery", pretrainEvery]]
  ) {
    if (!Number.isInteger(v) || (v as number) < 1) {
      throw new RangeError(`${name} must be a positive integer, found ${v}`);
    }
  }
  const diversityEvery = options.diversityEvery ?? every;
  const pretrainDiversityEvery = options.pretrainDiversityEvery ?? pretrainEvery;
  for (
    const [name, v] of [
      ["diversityEvery", diversityEvery],
      ["pretrainDiversityEvery", pretrainDiversityEvery],
    ] as const
  ) {
    if (!Number.isInteger(v) || v < 0) {
      throw new RangeError(`${name} must be a non-negative integer, found ${v}`);
    }
  }
  const dataKey = options.dataKey ?? "";
  const sourceRows = rowsOf(data.source, cols, "Source stream");
  const targetRows = data.targets.map((t, i) => rowsOf(t, cols, `Target stream ${i}`));
  const dir = options.checkpointDir;

  let phase: TrainingPhase = "pretrain";
  let startEpoch = 0;
  let history: LossHistory = {};
  let pretrainHistory: LossHistory = {};
  let diversity: DiversityRecord[] = [];
  let resumedFrom: TrainModelResult["resumedFrom"] = null;
  let lastCheckpoint: string | undefined;
  let pendingWarning: string | undefined;
  if (options.resume && dir !== undefined) {
    let ckpt: Awaited<ReturnType<typeof readLatestCheckpoint>> = null;
    try {
      ckpt = await readLatestCheckpoint(dir);
    } catch (e) {
      if (!(e instanceof DamagedCheckpointError)) throw e;
      // A damaged checkpoint cannot be resumed: drop it and train from the start, and say so.
      await discardCheckpoint(dir, e.path);
      pendingWarning = `${e.message}: discarded, training from the start`;
    }
    if (ckpt !== null) {
      if (ckpt.meta.dataKey !== dataKey) {
        throw new Error(`${ckpt.path}: the checkpoint was written for other training data`);
      }
      restoreCheckpoint(state, ckpt);
      phase = ckpt.meta.phase;
      startEpoch = ckpt.meta.epoch;
      history = structuredClone(ckpt.meta.history);
      pretrainHistory = structuredClone(ckpt.meta.pretrainHistory);
      diversity = structuredClone([...(ckpt.meta.diversity ?? [])]);
      resumedFrom = { phase, epoch: startEpoch };
      lastCheckpoint = ckpt.path;
    }
  }

  const save = async (position: RunPosition) => {
    if (dir !== undefined) lastCheckpoint = await saveCheckpoint(dir, state, position);
  };
  const record = (h: LossHistory, losses: Record<string, number>) => {
    for (const [k, v] of Object.entries(losses)) (h[k] ??= []).push(v);
  };
  /**
   * Ends an epoch of either phase: its losses into that phase's history, a checkpoint on the
   * phase's interval and after the last epoch, progress with an ETA from the epochs run in this
   * call, then a turn of the event loop (so an abort or a progress display gets through).
   */
  const endEpoch = async (
    p: TrainingPhase,
    epoch: number,
    epochs: number,
    losses: Record<string, number>,
    t0: number,
  ) => {
    record(p === "pretrain" ? pretrainHistory : history, losses);
    const done = epoch + 1;
    const monitorEvery = p === "pretrain" ? pretrainDiversityEvery : diversityEvery;
    let measured: DiversityRecord | undefined;
    if (monitorEvery > 0 && (done % monitorEvery === 0 || done === epochs)) {
      measured = await measureDiversity(model, sample, p, done);
      diversity.push(measured);
    }
    if (done % (p === "pretrain" ? pretrainEvery : every) === 0 || done === epochs) {
      await save({ phase: p, epoch: done, history, pretrainHistory, diversity, dataKey });
    }
    const elapsed = (performance.now() - t0) / 1000;
    const collapse = measured ? collapseWarning(measured) : null;
    const warning = [pendingWarning, collapse].filter((w) => w).join("; ") || null;
    pendingWarning = undefined;
    options.onEpoch?.({
      phase: p,
      epoch: done,
      epochs,
      losses,
      etaSeconds: elapsed / (done - startEpoch) * (epochs - done),
      ...(measured ? { diversity: measured } : {}),
      ...(warning ? { warning } : {}),
    });
    await yieldToEventLoop();
  };
  const guard = (p: TrainingPhase, epoch: number, losses: Record<string, number>) => {
    for (const [name, value] of Object.entries(losses)) {
      if (!Number.isFinite(value)) {
        throw new TrainingDivergedError(p, epoch, name, value, lastCheckpoint);
      }
    }
  };

  const sample = monitorSample(cols, data.source, data.targets);
  const source = tf.tensor2d(data.source, [sourceRows, cols]);
  const targets = data.targets.map((t, i) => tf.tensor2d(t, [targetRows[i], cols]));
  const seconds = { pretrain: 0, train: 0 };
  try {
    // Pre-training, each pair G_i, F_i on its own source/target streams (Sec. 4.1).
    if (phase === "pretrain") {
      const epochs = config.pretrainEpochs;
      const t0 = performance.now();
      for (let epoch = startEpoch; epoch < epochs; epoch++) {
        const losses: Record<string, number> = {};
        for (let i = 0; i < model.numClasses; i++) {
          const rowsPerStream = [sourceRows, targetRows[i]];
          const iterations = iterationsPerEpoch(rowsPerStream, config.batchSize);
          const [orderS, orderT] = shuffleStreams(rowsPerStream, state.pretrainRng);
          let sum = 0;
          for (let it = 0; it < iterations; it++) {
            abortIfNeeded(options.signal);
            const s = gather(source, batchRows(orderS, it, config.batchSize));
            const t = gather(targets[i], batchRows(orderT, it, config.batchSize));
            let loss: number;
            try {
              loss = await pretrainIterationAsync(state, i, s, t, config.pretrainLearningRate);
            } finally {
              tf.dispose([s, t]);
            }
            guard("pretrain", epoch, { [`pre_cyc_${i}`]: loss });
            sum += loss;
          }
          losses[`pre_cyc_${i}`] = sum / iterations;
        }
        await endEpoch("pretrain", epoch, epochs, losses, t0);
      }
      seconds.pretrain = (performance.now() - t0) / 1000;
      phase = "train";
      startEpoch = 0;
    }
    disposePretrainOptimizers(state);

    // Main training (Sec. 4.1): one D update and two G(+C) updates per iteration.
    const epochs = config.epochs;
    const names = lossNames(
      model.numClasses,
      model.classifier !== null,
      config.lambdaIdentity > 0,
    );
    // Per-GAN source batches (the authors' code): N shuffles of S, then the N target streams.
    const sourceStreams = config.sourceBatches === "per-gan" ? model.numClasses : 1;
    const rowsPerStream = [...new Array(sourceStreams).fill(sourceRows), ...targetRows];
    const iterations = iterationsPerEpoch(rowsPerStream, config.batchSize);
    const t0 = performance.now();
    for (let epoch = startEpoch; epoch < epochs; epoch++) {
      const lr = learningRateAt(config, epoch);
      const orders = shuffleStreams(rowsPerStream, state.rng);
      const orderS = orders.slice(0, sourceStreams), orderT = orders.slice(sourceStreams);
      const sums = new Float64Array(names.length);
      for (let it = 0; it < iterations; it++) {
        abortIfNeeded(options.signal);
        const ss = orderS.map((o) => gather(source, batchRows(o, it, config.batchSize)));
        const ts = targets.map((t, i) => gather(t, batchRows(orderT[i], it, config.batchSize)));
        let losses: Record<string, number>;
        try {
          losses = await trainIterationAsync(
            state,
            { source: ss[0], ...(ss.length > 1 ? { sources: ss } : {}), targets: ts },
            lr,
          );
        } finally {
          tf.dispose([...ss, ...ts]);
        }
        guard("train", epoch, losses);
        names.forEach((n, k) => (sums[k] += losses[n]));
      }
      const losses: Record<string, number> = {};
      names.forEach((n, k) => (losses[n] = sums[k] / iterations));
      await endEpoch("train", epoch, epochs, losses, t0);
    }
    seconds.train = (performance.now() - t0) / 1000;
  } finally {
    tf.dispose([source, ...targets]);
  }
  return { history, pretrainHistory, diversity, resumedFrom, seconds };
}
