/**
 * Checkpoints of a training run: every weight, every optimiser's moments and step, the epoch,
 * the generators' states, the loss histories and the resolved configuration.
 *
 * Layout of a checkpoint folder `<dir>/ckpt-<phase>-<epoch>/`: `checkpoint.json` (metadata and,
 * per tensor, its name, shape and offset) and `weights.bin` (all tensors as little-endian
 * float32, back to back). `<dir>/latest.json` names the newest complete checkpoint. Writes are
 * atomic: the folder is written under a temporary name and renamed, then `latest.json` is
 * replaced by rename, then older checkpoints are removed; a run killed at any point leaves the
 * previous checkpoint intact.
 *
 * A run killed during a write (`kill -9`) leaves its temporary folder (`.tmp-ckpt-…-<pid>`) or
 * pointer (`.latest.json.tmp-<pid>`) behind. {@linkcode removeStaleTemporaries} deletes those
 * whose process is gone; reading or first writing a folder in a process does it, so the next
 * run cleans up after the killed one. Temporaries of a live process (another run writing the
 * same folder) are left alone.
 * @module
 */
import * as tf from "@tensorflow/tfjs-core";
import { Checksum, checksum } from "../_checksum.ts";
import { writeFileAtomic } from "../_files.ts";
import type { CycleGanConfig } from "../models/config.ts";
import type { ModelShape } from "../models/ncyclegan.ts";
import { Rng, type RngState } from "../random.ts";
import type { AdamOptimizer } from "./adam_optimizer.ts";
import type { DiversityRecord } from "./monitor.ts";
import { ensurePretrainOptimizers, type TrainingState } from "./trainer.ts";

/** Losses per epoch by name (`d_0`, `g_adv_0`, `cyc_0`, …, `cls`; `pre_cyc_i` in pre-training). */
export type LossHistory = Record<string, number[]>;

/** Training phases, in order. */
export type TrainingPhase = "pretrain" | "train";

/** Where a run stands: what a checkpoint records besides the tensors. */
export interface RunPosition {
  /** The phase the run is in. */
  readonly phase: TrainingPhase;
  /** Epochs completed in that phase. */
  readonly epoch: number;
  /** Main-training history so far. */
  readonly history: LossHistory;
  /** Pre-training history so far. */
  readonly pretrainHistory: LossHistory;
  /** Diversity records so far (`lib/training/monitor.ts`); absent in older checkpoints. */
  readonly diversity?: readonly DiversityRecord[];
  /** Identifies the training data; a resume on other data is refused. */
  readonly dataKey: string;
}

/** One tensor in `weights.bin`. */
export interface TensorEntry {
  /** e.g. `G_0/dense_1/kernel` or `adam_d/m/D_T_0/dense_1/kernel`. */
  readonly name: string;
  /** Its shape. */
  readonly shape: readonly number[];
  /** Offset in float32 elements. */
  readonly offset: number;
}

/** The content of `checkpoint.json`. */
export interface CheckpointMeta extends RunPosition {
  /** Always `cyclegan-ser-checkpoint`. */
  readonly format: "cyclegan-ser-checkpoint";
  /** Format version (1). */
  readonly version: 1;
  /** The resolved configuration of the run. */
  readonly config: CycleGanConfig;
  /** Input width and number of emotions. */
  readonly shape: ModelShape;
  /** Generator states: main training and pre-training. */
  readonly rng: { readonly train: RngState; readonly pretrain: RngState };
  /** Step count of every optimiser, by name. */
  readonly optimizerSteps: Record<string, number>;
  /** Tensors in `weights.bin`, in order. */
  readonly tensors: readonly TensorEntry[];
  /** Wall-clock time of writing (ISO 8601). */
  readonly savedAt: string;
  /**
   * Checksum of `weights.bin` (`lib/_checksum.ts`), verified on read; absent in checkpoints
   * written before it existed, which are read unverified.
   */
  readonly weightsChecksum?: string;
}

/**
 * A checkpoint whose `weights.bin` does not match its recorded checksum or size (partly
 * overwritten, truncated): unusable, unlike a missing one. `trainModel` discards it and trains
 * from the start, with a warning.
 */
export class DamagedCheckpointError extends Error {
  /**
   * @param path the checkpoint folder
   * @param why what does not match
   */
  constructor(readonly path: string, why: string) {
    super(`${path}: damaged checkpoint (${why})`);
    this.name = "DamagedCheckpointError";
  }
}

/** A checkpoint read back: metadata and the tensor values. */
export interface Checkpoint {
  /** Folder of the checkpoint. */
  readonly path: string;
  /** Its metadata. */
  readonly meta: CheckpointMeta;
  /** All tensor values, indexed by {@linkcode TensorEntry.offset}. */
  readonly values: Float32Array;
}

function optimizers(state: TrainingState): AdamOptimizer[] {
  return [state.dOptimizer, state.gOptimizer, ...(state.pretrainOptimizers ?? [])];
}

function tensorsOf(state: TrainingState): { name: string; tensor: tf.Variable }[] {
  const out = state.model.variables.map(({ name, variable }) => ({ name, tensor: variable }));
  for (const o of optimizers(state)) {
    for (const s of o.slots) {
      out.push({ name: `${o.name}/m/${s.name}`, tensor: s.m });
      out.push({ name: `${o.name}/v/${s.name}`, tensor: s.v });
    }
  }
  return out;
}

const LATEST = "latest.json";

/** Names of a writer's temporaries, with the writer's process id. */
const TEMPORARY = /^\.(?:tmp-ckpt-.+|latest\.json\.tmp)-(\d+)$/;

/** Folders already cleaned by this process. */
const cleaned = new Set<string>();

/** Whether a process id belongs to a running process (Linux only: `/proc/<pid>`). */
function _alive(pid: number): boolean {
  if (pid === Deno.pid) return true;
  try {
    Deno.statSync(`/proc/${pid}`);
    return true;
  } catch {
    return false;
  }
}

/**
 * Removes the temporaries a killed writer left in a checkpoint folder: `.tmp-ckpt-…-<pid>`
 * folders and `.latest.json.tmp-<pid>` files whose process is no longer running, or, where
 * running processes cannot be listed (not Linux), that are older than `maxAgeMs`.
 * @param dir the run's checkpoint folder (a missing folder is fine)
 * @param maxAgeMs age after which a temporary counts as stale where liveness is unknown
 * @returns the names removed
 */
export async function removeStaleTemporaries(
  dir: string,
  maxAgeMs = 3_600_000,
): Promise<string[]> {
  const removed: string[] = [];
  let entries: Deno.DirEntry[];
  try {
    entries = await Array.fromAsync(Deno.readDir(dir));
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return removed;
    throw e;
  }
  const linux = Deno.build.os === "linux";
  for (const e of entries) {
    const match = TEMPORARY.exec(e.name);
    if (!match) continue;
    const pid = Number(match[1]);
    if (pid === Deno.pid) continue;
    let stale = linux ? !_alive(pid) : false;
    if (!linux) {
      const mtime = (await Deno.stat(`${dir}/${e.name}`).catch(() => null))?.mtime;
      stale = mtime !== null && mtime !== undefined && Date.now() - mtime.getTime() > maxAgeMs;
    }
    if (!stale) continue;
    await Deno.remove(`${dir}/${e.name}`, { recursive: true }).catch(() => {});
    removed.push(e.name);
  }
  return removed;
}

async function _cleanOnce(dir: string): Promise<void> {
  if (cleaned.has(dir)) return;
  cleaned.add(dir);
  await removeStaleTemporaries(dir);
}

/**
 * Writes a checkpoint atomically and makes it the latest; older checkpoints in `dir` are removed
 * once the new one is in place.
 * @param dir the run's checkpoint folder (created if missing)
 * @param state the training state
 * @param position phase, epoch, histories and data key
 * @returns the path of the new checkpoint folder
 */
export async function saveCheckpoint(
  dir: string,
  state: TrainingState,
  position: RunPosition,
): Promise<string> {
  await Deno.mkdir(dir, { recursive: true });
  await _cleanOnce(dir);
  const name = `ckpt-${position.phase}-${String(position.epoch).padStart(6, "0")}`;
  const final = `${dir}/${name}`;
  const tmp = `${dir}/.tmp-${name}-${Deno.pid}`;
  await Deno.remove(tmp, { recursive: true }).catch(() => {});
  await Deno.mkdir(tmp);
  const entries: TensorEntry[] = [];
  const hash = new Checksum();
  const file = await Deno.open(`${tmp}/weights.bin`, { write: true, create: true, truncate: true });
  try {
    let offset = 0;
    for (const { name, tensor } of tensorsOf(state)) {
      const values = (await tensor.data()) as Float32Array;
      entries.push({ name, shape: [...tensor.shape], offset });
      const bytes = new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
      hash.update(bytes);
      let written = 0;
      while (written < bytes.length) written += await file.write(bytes.subarray(written));
      offset += values.length;
    }
    await file.sync();
  } finally {
    file.close();
  }
  const meta: CheckpointMeta = {
    format: "cyclegan-ser-checkpoint",
    version: 1,
    ...position,
    config: state.config,
    shape: { inputDim: state.model.inputDim, numClasses: state.model.numClasses },
    rng: { train: state.rng.state(), pretrain: state.pretrainRng.state() },
    optimizerSteps: Object.fromEntries(optimizers(state).map((o) => [o.name, o.step])),
    tensors: entries,
    savedAt: new Date().toISOString(),
    weightsChecksum: hash.digest(),
  };
  await Deno.writeTextFile(`${tmp}/checkpoint.json`, JSON.stringify(meta));
  await Deno.remove(final, { recursive: true }).catch(() => {});
  await Deno.rename(tmp, final);
  await writeFileAtomic(`${dir}/${LATEST}`, JSON.stringify({ checkpoint: name }));
  for await (const e of Deno.readDir(dir)) {
    if (e.isDirectory && e.name.startsWith("ckpt-") && e.name !== name) {
      await Deno.remove(`${dir}/${e.name}`, { recursive: true });
    }
  }
  return final;
}

/**
 * Reads the latest checkpoint of a folder.
 * @param dir the run's checkpoint folder
 * @returns the checkpoint, or `null` when the folder has none
 * @throws {Error} when `latest.json` names a checkpoint that is missing or malformed
 * @throws {DamagedCheckpointError} when its weights do not match their size or checksum
 */
export async function readLatestCheckpoint(dir: string): Promise<Checkpoint | null> {
  await _cleanOnce(dir);
  let pointer: { checkpoint?: unknown };
  try {
    pointer = JSON.parse(await Deno.readTextFile(`${dir}/${LATEST}`));
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return null;
    throw new Error(`${dir}/${LATEST}: cannot be read: ${(e as Error).message}`);
  }
  if (typeof pointer.checkpoint !== "string") {
    throw new Error(
      `${dir}/${LATEST}: expected {"checkpoint": "<folder>"}, found ${JSON.stringify(pointer)}`,
    );
  }
  const path = `${dir}/${pointer.checkpoint}`;
  const meta = JSON.parse(await Deno.readTextFile(`${path}/checkpoint.json`)) as CheckpointMeta;
  if (meta.format !== "cyclegan-ser-checkpoint" || meta.version !== 1) {
    throw new Error(`${path}/checkpoint.json: expected format cyclegan-ser-checkpoint version 1`);
  }
  const bytes = await Deno.readFile(`${path}/weights.bin`);
  const elements = meta.tensors.reduce((n, t) => n + t.shape.reduce((a, b) => a * b, 1), 0);
  if (bytes.byteLength !== elements * 4) {
    throw new DamagedCheckpointError(
      path,
      `weights.bin has ${bytes.byteLength} bytes, its tensors need ${elements * 4}`,
    );
  }
  if (meta.weightsChecksum !== undefined && checksum(bytes) !== meta.weightsChecksum) {
    throw new DamagedCheckpointError(path, "weights.bin does not match its checksum");
  }
  const values = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
  return { path, meta, values };
}

/**
 * Removes a run's checkpoint and the pointer to it, so that the next read finds none (a damaged
 * checkpoint, see {@linkcode DamagedCheckpointError}).
 * @param dir the run's checkpoint folder
 * @param path the checkpoint folder to remove
 */
export async function discardCheckpoint(dir: string, path: string): Promise<void> {
  await Deno.remove(path, { recursive: true }).catch(() => {});
  await Deno.remove(`${dir}/${LATEST}`).catch(() => {});
}

/**
 * Puts a checkpoint's weights, optimiser moments and steps and generator states into `state`.
 * The configuration and model shape must be those of the checkpoint.
 * @param state a state created with the checkpoint's configuration and shape
 * @param checkpoint the checkpoint
 * @throws {Error} when configuration, shape or tensor list differ
 */
export function restoreCheckpoint(state: TrainingState, checkpoint: Checkpoint): void {
  const { meta, values, path } = checkpoint;
  if (JSON.stringify(meta.config) !== JSON.stringify(state.config)) {
    throw new Error(`${path}: the checkpoint was written with a different configuration`);
  }
  if (
    meta.shape.inputDim !== state.model.inputDim || meta.shape.numClasses !== state.model.numClasses
  ) {
    throw new Error(
      `${path}: checkpoint model is ${meta.shape.inputDim} features × ${meta.shape.numClasses} emotions, expected ${state.model.inputDim} × ${state.model.numClasses}`,
    );
  }
  if (meta.optimizerSteps["adam_pre_0"] !== undefined) ensurePretrainOptimizers(state);
  const byName = new Map(meta.tensors.map((e) => [e.name, e]));
  const targets = tensorsOf(state);
  if (targets.length !== meta.tensors.length) {
    throw new Error(
      `${path}: checkpoint holds ${meta.tensors.length} tensors, the run expects ${targets.length}`,
    );
  }
  for (const t of targets) {
    const e = byName.get(t.name);
    if (e === undefined || JSON.stringify(e.shape) !== JSON.stringify(t.tensor.shape)) {
      throw new Error(`${path}: tensor "${t.name}" is missing or has another shape`);
    }
  }
  for (const o of optimizers(state)) {
    if (meta.optimizerSteps[o.name] === undefined) {
      throw new Error(`${path}: no step count for optimiser "${o.name}"`);
    }
  }
  for (const t of targets) {
    const e = byName.get(t.name)!;
    const size = t.tensor.size;
    const copy = values.slice(e.offset, e.offset + size);
    tf.tidy(() => t.tensor.assign(tf.tensor(copy, t.tensor.shape)));
  }
  for (const o of optimizers(state)) o.step = meta.optimizerSteps[o.name];
  state.rng = Rng.fromState(meta.rng.train);
  state.pretrainRng = Rng.fromState(meta.rng.pretrain);
}
