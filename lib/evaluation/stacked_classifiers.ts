/**
 * A {@linkcode TrainClassifiers} that trains the independent classifiers of a setting (folds ×
 * repetitions) together: jobs with the same settings, feature width, class count and batch size
 * become the members of one {@linkcode StackedMlp}, and every training step is one batched
 * forward and backward pass and one Adam step for all of them.
 *
 * Each member keeps everything that makes it the classifier {@linkcode trainClassifiers} would
 * train: its own seeded {@linkcode Rng} (initial weights, one permutation per epoch, dropout
 * seeds, drawn in the same order), its own rows, its own number of batches per epoch, its own
 * `onEpoch` calls, and Adam moments that only its own gradients move. Members whose training
 * rows differ in number finish at different steps; a finished member leaves the stack (its
 * weights and the others' Adam state are copied into a smaller stack), so that no member takes a
 * step its one-by-one training would not take. On the `cpu` backend a member's predictions equal
 * those of its one-by-one training to within float rounding (`stacked_classifiers_test.ts`
 * states the tolerance).
 *
 * What it saves is the per-model overhead: one dispatch of each kernel per step for all members
 * instead of one per member. The floating-point work is the same.
 * @module
 */
import * as tf from "@tensorflow/tfjs-core";
import "../kernels/gradients.ts";
import { StackedMlp } from "../models/stacked_mlp.ts";
import { Rng } from "../random.ts";
import { AdamOptimizer } from "../training/adam_optimizer.ts";
import {
  argmaxRows,
  checkTrainingRows,
  classifierNetwork,
  classProbabilities,
  type Matrix,
  validateClassifierSettings,
} from "./classifier.ts";
import type { ClassifierJob, TrainClassifiers, TrainedClassifier } from "./train_classifiers.ts";
import type { ClassifierSettings } from "./types.ts";

/** Options of {@linkcode stackedClassifierTrainer}. */
export interface StackedTrainerOptions {
  /**
   * Most bytes of training state (weights, two Adam moments and a gradient, float32) in one
   * stack; a larger group is split into stacks of equal size. Default 1.5 GiB, which holds the
   * 25 classifiers of the paper's real+syn setting and stays well inside the wasm backend's
   * 4 GiB heap.
   */
  readonly maxStackBytes?: number;
}

/** Default {@linkcode StackedTrainerOptions.maxStackBytes}. */
export const DEFAULT_MAX_STACK_BYTES = 1.5 * 2 ** 30;

/**
 * A {@linkcode TrainClassifiers} that stacks compatible jobs.
 * @param options the memory bound of one stack
 * @returns the batch trainer
 */
export function stackedClassifierTrainer(options: StackedTrainerOptions = {}): TrainClassifiers {
  const maxBytes = options.maxStackBytes ?? DEFAULT_MAX_STACK_BYTES;
  if (!(maxBytes > 0)) {
    throw new RangeError(`Expected a positive maxStackBytes, found ${maxBytes}`);
  }
  return async (jobs, opts = {}) => {
    const settings = jobs.map((j) => {
      checkTrainingRows(j.x, j.y, j.nClasses);
      return validateClassifierSettings(j.settings);
    });
    const out: (TrainedClassifier | undefined)[] = new Array(jobs.length);
    try {
      for (const group of stackGroups(jobs, settings, maxBytes)) {
        await _trainStack(group.map((i) => jobs[i]), group, settings[group[0]], out, opts);
      }
    } catch (e) {
      out.forEach((c) => c?.dispose());
      throw e;
    }
    return out as TrainedClassifier[];
  };
}

/** The default stacked trainer ({@linkcode DEFAULT_MAX_STACK_BYTES}). */
export const trainClassifiersStacked: TrainClassifiers = stackedClassifierTrainer();

/**
 * Splits jobs into stacks: same settings, width, classes and batch size, at most `maxBytes` of
 * training state each, split evenly; jobs keep their order inside a stack.
 * @param jobs the jobs
 * @param settings their validated settings
 * @param maxBytes bound of one stack's training state
 * @returns job indices per stack
 */
export function stackGroups(
  jobs: readonly ClassifierJob[],
  settings: readonly ClassifierSettings[],
  maxBytes: number,
): number[][] {
  const groups = new Map<string, number[]>();
  for (const [i, job] of jobs.entries()) {
    const batch = Math.min(settings[i].batchSize, job.x.rows);
    const key = JSON.stringify([settings[i], job.x.cols, job.nClasses, batch]);
    const g = groups.get(key);
    if (g) g.push(i);
    else groups.set(key, [i]);
  }
  const stacks: number[][] = [];
  for (const g of groups.values()) {
    const net = classifierNetwork(settings[g[0]], jobs[g[0]].x.cols, jobs[g[0]].nClasses);
    let params = 0;
    for (let l = 0; l + 1 < net.sizes.length; l++) {
      params += (net.sizes[l] + 1) * net.sizes[l + 1];
    }
    const perStack = Math.max(1, Math.floor(maxBytes / (16 * params)));
    const parts = Math.ceil(g.length / perStack);
    const size = Math.ceil(g.length / parts);
    for (let p = 0; p < g.length; p += size) stacks.push(g.slice(p, p + size));
  }
  return stacks;
}

/** The progress of one member through its own schedule. */
interface Member {
  /** Index of its job in the caller's list. */
  readonly index: number;
  readonly job: ClassifierJob;
  readonly rng: Rng;
  /** Batches per epoch and in all. */
  readonly perEpoch: number;
  readonly total: number;
  /** Steps taken. */
  step: number;
  /** The current epoch's permutation of the member's rows. */
  perm: Int32Array;
}

async function _trainStack(
  jobs: readonly ClassifierJob[],
  indices: readonly number[],
  s: ClassifierSettings,
  out: (TrainedClassifier | undefined)[],
  opts: Parameters<TrainClassifiers>[1] & object,
): Promise<void> {
  const { cols } = jobs[0].x;
  const nClasses = jobs[0].nClasses;
  const batch = Math.min(s.batchSize, jobs[0].x.rows);
  let members: Member[] = jobs.map((job, k) => {
    const perEpoch = Math.floor(job.x.rows / batch);
    return {
      index: indices[k],
      job,
      rng: new Rng(job.seed),
      perEpoch,
      total: perEpoch * s.epochs,
      step: 0,
      perm: new Int32Array(0),
    };
  });
  const spec = classifierNetwork(s, cols, nClasses);
  let net = StackedMlp.create(spec, members.map((m) => m.rng));
  const adamSettings = { beta1: s.beta1, beta2: s.beta2, epsilon: s.epsilon };
  let adam = new AdamOptimizer("adam_ser", net.variables, adamSettings);
  let xBuf = new Float32Array(0), yBuf = new Float32Array(0);
  try {
    for (;;) {
      // Members that are done (no steps, or all taken) leave the stack.
      const keep: number[] = [];
      for (const [slot, m] of members.entries()) {
        if (m.step < m.total) {
          keep.push(slot);
          continue;
        }
        out[m.index] = new StackedClassifier(net.select([slot]), nClasses);
        opts.onJobDone?.(m.index);
      }
      if (keep.length === 0) break;
      if (keep.length < members.length) {
        const smaller = net.select(keep);
        const moved = new AdamOptimizer("adam_ser", smaller.variables, adamSettings);
        _moveMoments(adam, moved, keep);
        net.dispose();
        adam.dispose();
        net = smaller;
        adam = moved;
        members = keep.map((slot) => members[slot]);
      }
      const k = members.length;
      if (xBuf.length !== k * batch * cols) {
        xBuf = new Float32Array(k * batch * cols);
        yBuf = new Float32Array(k * batch * nClasses);
      } else yBuf.fill(0);
      for (const [slot, m] of members.entries()) {
        const b = m.step % m.perEpoch;
        if (b === 0) {
          if (opts.signal?.aborted) throw opts.signal.reason ?? new Error("Training aborted");
          m.perm = m.rng.permutation(m.job.x.rows);
        }
        const { data } = m.job.x;
        for (let i = 0; i < batch; i++) {
          const r = m.perm[b * batch + i];
          const at = slot * batch + i;
          xBuf.set(data.subarray(r * cols, (r + 1) * cols), at * cols);
          yBuf[at * nClasses + m.job.y[r]] = 1;
        }
      }
      const rngs = members.map((m) => m.rng);
      tf.tidy(() => {
        const xb = tf.tensor3d(xBuf, [k, batch, cols]);
        const yb = tf.tensor3d(yBuf, [k, batch, nClasses]);
        const { grads } = tf.variableGrads(() => {
          const perRow = tf.losses.softmaxCrossEntropy(
            yb,
            net.apply(xb, rngs),
            undefined,
            undefined,
            tf.Reduction.NONE,
          );
          // Each member's own mean loss; their sum has each member's gradient as its part.
          return tf.sum(tf.mean(perRow, 1)) as tf.Scalar;
        }, adam.variableList as tf.Variable[]);
        adam.apply(grads, s.learningRate);
      });
      for (const [slot, m] of members.entries()) {
        m.step += 1;
        if (m.step % m.perEpoch === 0 && m.job.onEpoch) {
          const view = new StackedClassifier(net.select([slot]), nClasses);
          try {
            await m.job.onEpoch(m.step / m.perEpoch, view);
          } finally {
            view.dispose();
          }
        }
      }
    }
  } finally {
    net.dispose();
    adam.dispose();
  }
}

/**
 * Gives `to` the moments and step count of the members `keep` of `from`.
 * @param from the optimiser of the larger stack
 * @param to a fresh optimiser of the stack of the kept members (same variable order)
 * @param keep the kept members' positions in the larger stack
 */
function _moveMoments(from: AdamOptimizer, to: AdamOptimizer, keep: readonly number[]): void {
  tf.tidy(() => {
    const idx = tf.tensor1d(Int32Array.from(keep), "int32");
    for (const [i, slot] of to.slots.entries()) {
      slot.m.assign(tf.gather(from.slots[i].m, idx));
      slot.v.assign(tf.gather(from.slots[i].v, idx));
    }
  });
  to.step = from.step;
}

/** One trained member, standing alone: a stack of one. */
export class StackedClassifier implements TrainedClassifier {
  #net: StackedMlp | null;
  readonly #nClasses: number;

  /**
   * @param net a stack of exactly one member (owned from now on)
   * @param nClasses number of output classes
   */
  constructor(net: StackedMlp, nClasses: number) {
    if (net.members !== 1) {
      throw new RangeError(`Expected a stack of one member, found ${net.members}`);
    }
    this.#net = net;
    this.#nClasses = nClasses;
  }

  /**
   * Class scores (softmax probabilities) per row, dropout off; as `SerClassifier.predictProba`.
   * @param x features, rows × cols as in training
   * @returns row-major rows × nClasses probabilities
   */
  async predictProba(x: Matrix): Promise<Float32Array> {
    const net = this.#net;
    if (net === null) throw new Error("StackedClassifier.predictProba() after dispose()");
    if (x.cols !== net.inputSize) {
      throw new RangeError(`Expected ${net.inputSize} features per row, found ${x.cols}`);
    }
    return await classProbabilities(
      x,
      this.#nClasses,
      (rows, n) =>
        tf.reshape(net.apply(tf.tensor3d(rows, [1, n, x.cols]), null), [n, this.#nClasses]),
    );
  }

  /**
   * Predicted class per row (argmax), dropout off.
   * @param x features, rows × cols as in training
   * @returns one class index per row
   */
  async predict(x: Matrix): Promise<Int32Array> {
    return argmaxRows(await this.predictProba(x), x.rows, this.#nClasses);
  }

  /** Frees the weights. */
  dispose(): void {
    this.#net?.dispose();
    this.#net = null;
  }
}
