/**
 * The speech-emotion classifier of the paper's experiments (Sec. 4.3, 4.4): a feed-forward network
 * with `hiddenLayers` hidden layers of `hiddenUnits` leaky-ReLU units (slope 0.2), dropout after
 * every hidden activation, a linear output of N logits, softmax cross-entropy, Adam, and prediction
 * by argmax.
 *
 * Built from the toolkit's parts, as the CycleGAN's networks are: the network is an
 * {@linkcode Mlp} (`lib/models/mlp.ts`: Glorot-uniform kernels from the seeded {@linkcode Rng},
 * zero biases, the seeded dropout kernel), gradients come from `tf.variableGrads`, and the
 * optimiser is the shared {@linkcode AdamOptimizer} (`lib/training/adam_optimizer.ts`, TensorFlow
 * 1.x semantics, β1, β2 and ε from the settings).
 *
 * Choices, stated once:
 * - An epoch is floor(n / batchSize) mini-batches over a fresh seeded permutation (the last partial
 *   batch is dropped, as in the anchor); when n < batchSize one batch of all n rows is used.
 * - `dropout` is the fraction of units dropped (rate), not a keep probability.
 * @module
 */
import * as tf from "@tensorflow/tfjs-core";
import "../kernels/gradients.ts";
import type { FeatureMatrix } from "../data/types.ts";
import { Mlp, type MlpSpec } from "../models/mlp.ts";
import type { Rng } from "../random.ts";
import { AdamOptimizer } from "../training/adam_optimizer.ts";
import type { ClassifierSettings } from "./types.ts";

/** A dense row-major matrix: the part of a {@linkcode FeatureMatrix} that the maths needs. */
export type Matrix = Pick<FeatureMatrix, "data" | "rows" | "cols">;

/**
 * Within-corpus setting (i) "real" (paper Sec. 4.3): 100 units, batch 64, dropout 0.2, lr 1e-5,
 * 70 epochs; Adam with TensorFlow's defaults (Sec. 4.1 names Adam, not its moments).
 */
export const DEFAULT_CLASSIFIER: Readonly<ClassifierSettings> = Object.freeze({
  hiddenUnits: 100,
  hiddenLayers: 2,
  dropout: 0.2,
  learningRate: 1e-5,
  beta1: 0.9,
  beta2: 0.999,
  epsilon: 1e-8,
  batchSize: 64,
  epochs: 70,
  leakySlope: 0.2,
});

/**
 * Checks classifier settings.
 * @param s settings to check
 * @returns the same settings
 * @throws {RangeError} when a value is out of range
 */
export function validateClassifierSettings(s: ClassifierSettings): ClassifierSettings {
  const intAtLeast = (name: keyof ClassifierSettings, min: number) => {
    const v = s[name];
    if (!Number.isInteger(v) || v < min) {
      throw new RangeError(`Expected classifier ${name} to be an integer ≥ ${min}, found ${v}`);
    }
  };
  intAtLeast("hiddenUnits", 1);
  intAtLeast("hiddenLayers", 1);
  intAtLeast("batchSize", 1);
  intAtLeast("epochs", 0);
  if (!(s.dropout >= 0 && s.dropout < 1)) {
    throw new RangeError(`Expected classifier dropout rate in [0, 1), found ${s.dropout}`);
  }
  if (!(s.learningRate > 0 && Number.isFinite(s.learningRate))) {
    throw new RangeError(`Expected a positive classifier learningRate, found ${s.learningRate}`);
  }
  for (const name of ["beta1", "beta2"] as const) {
    if (!(s[name] >= 0 && s[name] < 1)) {
      throw new RangeError(`Expected classifier ${name} in [0, 1), found ${s[name]}`);
    }
  }
  if (!(s.epsilon > 0 && Number.isFinite(s.epsilon))) {
    throw new RangeError(`Expected a positive classifier epsilon, found ${s.epsilon}`);
  }
  if (!(s.leakySlope >= 0 && s.leakySlope < 1)) {
    throw new RangeError(`Expected classifier leakySlope in [0, 1), found ${s.leakySlope}`);
  }
  return s;
}

/**
 * Checks one classifier's training set.
 * @param x training features, rows × cols
 * @param labels class index per row
 * @param nClasses number of output classes
 * @throws {RangeError} for a size mismatch, no rows, fewer than 2 classes or a label out of range
 */
export function checkTrainingRows(x: Matrix, labels: Int32Array, nClasses: number): void {
  if (x.data.length !== x.rows * x.cols) {
    throw new RangeError(`Expected ${x.rows * x.cols} feature values, found ${x.data.length}`);
  }
  if (labels.length !== x.rows) {
    throw new RangeError(`Expected ${x.rows} labels, one per row, found ${labels.length}`);
  }
  if (x.rows < 1) throw new RangeError("Expected at least one training row, found 0");
  if (!Number.isInteger(nClasses) || nClasses < 2) {
    throw new RangeError(`Expected at least 2 classes, found ${nClasses}`);
  }
  for (let i = 0; i < labels.length; i++) {
    if (labels[i] < 0 || labels[i] >= nClasses) {
      throw new RangeError(
        `Expected labels in [0, ${nClasses - 1}], found ${labels[i]} at row ${i}`,
      );
    }
  }
}

/**
 * The network of a classifier: `hiddenLayers` layers of `hiddenUnits` leaky-ReLU units with
 * dropout, then `nClasses` linear logits.
 * @param s the classifier's settings
 * @param inputs features per row
 * @param nClasses number of output classes
 * @returns the network's shape, for {@linkcode Mlp} (or a stack of them)
 */
export function classifierNetwork(
  s: ClassifierSettings,
  inputs: number,
  nClasses: number,
): MlpSpec {
  return {
    name: "C_ser",
    sizes: [inputs, ...new Array<number>(s.hiddenLayers).fill(s.hiddenUnits), nClasses],
    alpha: s.leakySlope,
    dropout: s.dropout,
  };
}

/**
 * Softmax class probabilities of every row, computed 4,096 rows at a time and read back
 * asynchronously (webgpu under Deno cannot read synchronously).
 * @param x features
 * @param nClasses number of classes (width of the logits)
 * @param logits the network's logits for `n` rows given row-major (run inside `tf.tidy`)
 * @returns row-major rows × nClasses probabilities
 */
export async function classProbabilities(
  x: Matrix,
  nClasses: number,
  logits: (rows: Float32Array, n: number) => tf.Tensor,
): Promise<Float32Array> {
  const out = new Float32Array(x.rows * nClasses);
  const chunk = 4096;
  for (let r0 = 0; r0 < x.rows; r0 += chunk) {
    const r1 = Math.min(x.rows, r0 + chunk);
    const p = tf.tidy(() => tf.softmax(logits(x.data.subarray(r0 * x.cols, r1 * x.cols), r1 - r0)));
    try {
      out.set(await p.data() as Float32Array, r0 * nClasses);
    } finally {
      p.dispose();
    }
  }
  return out;
}

/**
 * The most probable class of every row (the first on ties).
 * @param p row-major rows × k scores
 * @param rows number of rows
 * @param k number of classes
 * @returns one class index per row
 */
export function argmaxRows(p: Float32Array, rows: number, k: number): Int32Array {
  const out = new Int32Array(rows);
  for (let r = 0; r < rows; r++) {
    let best = 0;
    for (let c = 1; c < k; c++) if (p[r * k + c] > p[r * k + best]) best = c;
    out[r] = best;
  }
  return out;
}

/** Options of {@linkcode SerClassifier.prototype.fit}. */
export interface FitOptions {
  /** Seeded generator for initialisation, shuffles and dropout. */
  readonly rng: Rng;
  /** Called after every epoch with the 1-based epoch count and the mean training loss. */
  readonly onEpoch?: (epoch: number, loss: number) => void | Promise<void>;
  /** Stops training (rejects with the signal's reason) at the next epoch boundary. */
  readonly signal?: AbortSignal;
}

/**
 * Feed-forward SER classifier. The constructor stores settings; {@linkcode SerClassifier.fit}
 * learns the weights; {@linkcode SerClassifier.predict} needs a fitted model. Call
 * {@linkcode SerClassifier.dispose} to free the weights.
 *
 * @example
 * ```ts
 * import { SerClassifier } from "./classifier.ts";
 * import { Rng } from "../random.ts";
 * const x = { data: new Float32Array([-1, -1, -0.9, -1.1, 1, 1, 1.1, 0.9]), rows: 4, cols: 2 };
 * const clf = await new SerClassifier({ hiddenUnits: 8, dropout: 0, learningRate: 0.05, batchSize: 4, epochs: 60 })
 *   .fit(x, new Int32Array([0, 0, 1, 1]), 2, { rng: new Rng(1) });
 * const p = await clf.predict(x);
 * clf.dispose();
 * if (p.join() !== "0,0,1,1") throw new Error(`unexpected predictions ${p}`);
 * ```
 */
export class SerClassifier {
  /** The hyper-parameters (settings only). */
  readonly settings: Readonly<ClassifierSettings>;
  // Learnt state.
  #net: Mlp | null = null;
  #nClasses = 0;

  /** @param settings overrides of {@linkcode DEFAULT_CLASSIFIER} */
  constructor(settings: Partial<ClassifierSettings> = {}) {
    this.settings = Object.freeze(
      validateClassifierSettings({ ...DEFAULT_CLASSIFIER, ...settings }),
    );
  }

  /** Whether {@linkcode SerClassifier.fit} has run. */
  get fitted(): boolean {
    return this.#net !== null;
  }

  /**
   * Trains from scratch (any previous weights are disposed first).
   * @param x training features, rows × cols
   * @param labels class index per row
   * @param nClasses number of output classes
   * @param options seeded generator, progress callback, abort signal
   * @returns this classifier, fitted
   */
  async fit(
    x: Matrix,
    labels: Int32Array,
    nClasses: number,
    options: FitOptions,
  ): Promise<this> {
    const s = this.settings;
    checkTrainingRows(x, labels, nClasses);
    this.dispose();
    const { rng } = options;
    const net = new Mlp(classifierNetwork(s, x.cols, nClasses), rng);
    this.#net = net;
    this.#nClasses = nClasses;
    const adam = new AdamOptimizer("adam_ser", net.variables, {
      beta1: s.beta1,
      beta2: s.beta2,
      epsilon: s.epsilon,
    });
    const xT = tf.tensor2d(x.data, [x.rows, x.cols]);
    const yT = tf.tidy((): tf.Tensor2D =>
      tf.cast(tf.oneHot(tf.tensor1d(labels, "int32"), nClasses), "float32") as tf.Tensor2D
    );
    const batch = Math.min(s.batchSize, x.rows);
    const nBatches = Math.floor(x.rows / batch);
    try {
      for (let epoch = 1; epoch <= s.epochs; epoch++) {
        if (options.signal?.aborted) throw options.signal.reason ?? new Error("Training aborted");
        const perm = rng.permutation(x.rows);
        let lossSum = 0;
        for (let b = 0; b < nBatches; b++) {
          const loss = tf.tidy(() => {
            const idx = tf.tensor1d(perm.subarray(b * batch, (b + 1) * batch), "int32");
            const xb = tf.gather(xT, idx) as tf.Tensor2D;
            const yb = tf.gather(yT, idx) as tf.Tensor2D;
            const { value, grads } = tf.variableGrads(
              () => tf.losses.softmaxCrossEntropy(yb, net.apply(xb, rng)) as tf.Scalar,
              adam.variableList as tf.Variable[],
            );
            adam.apply(grads, s.learningRate);
            return value;
          });
          lossSum += (await loss.data())[0];
          loss.dispose();
        }
        await options.onEpoch?.(epoch, nBatches > 0 ? lossSum / nBatches : NaN);
      }
    } finally {
      xT.dispose();
      yT.dispose();
      adam.dispose();
    }
    return this;
  }

  /**
   * Class scores (softmax probabilities) per row, dropout off.
   * @param x features, rows × cols as in training
   * @returns row-major rows × nClasses probabilities, read back asynchronously (webgpu under Deno
   *   cannot read synchronously)
   */
  async predictProba(x: Matrix): Promise<Float32Array> {
    const net = this.#net;
    if (net === null) throw new Error("SerClassifier.predictProba() needs fit() first");
    if (x.cols !== net.inputSize) {
      throw new RangeError(`Expected ${net.inputSize} features per row, found ${x.cols}`);
    }
    return await classProbabilities(
      x,
      this.#nClasses,
      (rows, n) => net.apply(tf.tensor2d(rows, [n, x.cols]), null),
    );
  }

  /**
   * Predicted class per row (argmax of the logits), dropout off.
   * @param x features, rows × cols as in training
   * @returns one class index per row
   */
  async predict(x: Matrix): Promise<Int32Array> {
    if (!this.fitted) throw new Error("SerClassifier.predict() needs fit() first");
    return argmaxRows(await this.predictProba(x), x.rows, this.#nClasses);
  }

  /** Frees the learnt weights; the classifier is unfitted afterwards. */
  dispose(): void {
    this.#net?.dispose();
    this.#net = null;
  }
}
