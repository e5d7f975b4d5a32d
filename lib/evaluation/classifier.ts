/**
 * The speech-emotion classifier of the paper's experiments (Sec. 4.3, 4.4): a feed-forward network
 * with `hiddenLayers` hidden layers of `hiddenUnits` leaky-ReLU units (slope 0.2), dropout after
 * every hidden activation, a linear output of N logits, softmax cross-entropy, Adam, and prediction
 * by argmax.
 *
 * Choices, stated once:
 * - Weights are Glorot (Xavier) uniform, drawn from the seeded {@linkcode Rng}; biases are zero.
 * - Optimiser: TensorFlow 1.x Adam via `adamUpdate` (`lib/kernels/adam.ts`), β1 0.9, β2 0.999,
 *   ε 1e-8, as the authors' TF 1.10 code ran.
 * - An epoch is floor(n / batchSize) mini-batches over a fresh seeded permutation (the last partial
 *   batch is dropped, as in the anchor); when n < batchSize one batch of all n rows is used.
 * - `dropout` is the fraction of units dropped (rate), not a keep probability.
 * @module
 */
import * as tf from "@tensorflow/tfjs-core";
import { adamUpdate } from "../kernels/adam.ts";
import type { Rng } from "../random.ts";
import type { ClassifierSettings } from "./types.ts";
import type { Matrix } from "./normalization.ts";

export type { ClassifierSettings } from "./types.ts";

/** Within-corpus setting (i) "real" (paper Sec. 4.3): 100 units, batch 64, dropout 0.2, lr 1e-5, 70 epochs. */
export const DEFAULT_CLASSIFIER: Readonly<ClassifierSettings> = Object.freeze({
  hiddenUnits: 100,
  hiddenLayers: 2,
  dropout: 0.2,
  learningRate: 1e-5,
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
  if (!(s.leakySlope >= 0 && s.leakySlope < 1)) {
    throw new RangeError(`Expected classifier leakySlope in [0, 1), found ${s.leakySlope}`);
  }
  return s;
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

function _glorot(fanIn: number, fanOut: number, rng: Rng): Float32Array {
  const limit = Math.sqrt(6 / (fanIn + fanOut));
  const w = new Float32Array(fanIn * fanOut);
  for (let i = 0; i < w.length; i++) w[i] = (rng.float() * 2 - 1) * limit;
  return w;
}

/**
 * Mean softmax cross-entropy of one batch and its gradients with respect to every weight, by
 * explicit back-propagation (forward pass with dropout masks drawn from `seeds`). Only plain
 * matMul, elementwise and reduction ops, so it needs no registered gradients. Call inside
 * `tf.tidy`. Internal; exported for the gradient check in the tests.
 * @param w weights and biases, layer by layer
 * @param x batch features
 * @param y one-hot targets
 * @param seeds one dropout seed per hidden layer
 * @param settings dropout rate and leaky slope
 * @returns the loss and one gradient per weight
 */
export function _lossAndGrads(
  w: readonly tf.Variable[] | readonly tf.Tensor[],
  x: tf.Tensor2D,
  y: tf.Tensor2D,
  seeds: readonly number[],
  settings: Pick<ClassifierSettings, "dropout" | "leakySlope">,
): { loss: tf.Scalar; grads: tf.Tensor[] } {
  const { dropout, leakySlope } = settings;
  const nHidden = w.length / 2 - 1;
  const inputs: tf.Tensor2D[] = [x]; // input of each layer
  const slopes: tf.Tensor2D[] = []; // d leakyRelu / dz per hidden layer
  const masks: (tf.Tensor2D | null)[] = [];
  let h: tf.Tensor2D = x;
  for (let l = 0; l < nHidden; l++) {
    const z = tf.add(tf.matMul(h, w[2 * l]), w[2 * l + 1]) as tf.Tensor2D;
    slopes.push(tf.where(tf.greater(z, 0), tf.onesLike(z), tf.fill(z.shape, leakySlope)));
    h = tf.leakyRelu(z, leakySlope);
    if (dropout > 0) {
      const keep = tf.cast(
        tf.greaterEqual(tf.randomUniform(h.shape, 0, 1, "float32", seeds[l]), dropout),
        "float32",
      );
      const mask = tf.div(keep, 1 - dropout) as tf.Tensor2D;
      masks.push(mask);
      h = tf.mul(h, mask);
    } else {
      masks.push(null);
    }
    inputs.push(h);
  }
  const logits = tf.add(tf.matMul(h, w[2 * nHidden]), w[2 * nHidden + 1]) as tf.Tensor2D;
  const batch = x.shape[0];
  const logP = tf.logSoftmax(logits);
  const loss = tf.neg(tf.div(tf.sum(tf.mul(y, logP)), batch)) as tf.Scalar;
  // d loss / d logits = (softmax - y) / batch
  let d: tf.Tensor2D = tf.div(tf.sub(tf.exp(logP), y), batch);
  const grads: tf.Tensor[] = new Array(w.length);
  for (let l = nHidden; l >= 0; l--) {
    grads[2 * l] = tf.matMul(tf.transpose(inputs[l]), d);
    grads[2 * l + 1] = tf.sum(d, 0);
    if (l === 0) break;
    let dh = tf.matMul(d, tf.transpose(w[2 * l])) as tf.Tensor2D;
    const mask = masks[l - 1];
    if (mask) dh = tf.mul(dh, mask);
    d = tf.mul(dh, slopes[l - 1]);
  }
  return { loss, grads };
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
  #weights: tf.Variable[] = [];
  #nClasses = 0;
  #cols = 0;

  /** @param settings overrides of {@linkcode DEFAULT_CLASSIFIER} */
  constructor(settings: Partial<ClassifierSettings> = {}) {
    this.settings = Object.freeze(
      validateClassifierSettings({ ...DEFAULT_CLASSIFIER, ...settings }),
    );
  }

  /** Whether {@linkcode SerClassifier.fit} has run. */
  get fitted(): boolean {
    return this.#weights.length > 0;
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
    this.dispose();
    const { rng } = options;
    const sizes = [x.cols, ...new Array<number>(s.hiddenLayers).fill(s.hiddenUnits), nClasses];
    // Built inside tidy: the initial-value tensors are freed, the variables are kept.
    const { weights, m, v } = tf.tidy(() => {
      const weights: tf.Variable[] = [];
      for (let l = 0; l + 1 < sizes.length; l++) {
        const [fanIn, fanOut] = [sizes[l], sizes[l + 1]];
        weights.push(tf.variable(tf.tensor2d(_glorot(fanIn, fanOut, rng), [fanIn, fanOut])));
        weights.push(tf.variable(tf.zeros([fanOut])));
      }
      const m = weights.map((w) => tf.variable(tf.zerosLike(w), false));
      const v = weights.map((w) => tf.variable(tf.zerosLike(w), false));
      return { weights, m, v };
    });
    this.#weights = weights;
    this.#nClasses = nClasses;
    this.#cols = x.cols;
    const xT = tf.tensor2d(x.data, [x.rows, x.cols]);
    const yT = tf.tidy((): tf.Tensor2D =>
      tf.cast(tf.oneHot(tf.tensor1d(labels, "int32"), nClasses), "float32") as tf.Tensor2D
    );
    const batch = Math.min(s.batchSize, x.rows);
    const nBatches = Math.floor(x.rows / batch);
    let step = 0;
    try {
      for (let epoch = 1; epoch <= s.epochs; epoch++) {
        if (options.signal?.aborted) throw options.signal.reason ?? new Error("Training aborted");
        const perm = rng.permutation(x.rows);
        let lossSum = 0;
        for (let b = 0; b < nBatches; b++) {
          const seeds = Array.from({ length: s.hiddenLayers }, () => rng.seed());
          step++;
          const loss = tf.tidy(() => {
            const idx = tf.tensor1d(perm.subarray(b * batch, (b + 1) * batch), "int32");
            const xb = tf.gather(xT, idx);
            const yb = tf.gather(yT, idx) as tf.Tensor2D;
            const { loss, grads } = _lossAndGrads(weights, xb, yb, seeds, s);
            weights.forEach((w, i) =>
              adamUpdate(w, grads[i], m[i], v[i], {
                learningRate: s.learningRate,
                beta1: 0.9,
                beta2: 0.999,
                epsilon: 1e-8,
                step,
              })
            );
            return loss;
          });
          lossSum += (await loss.data())[0];
          loss.dispose();
        }
        await options.onEpoch?.(epoch, nBatches > 0 ? lossSum / nBatches : NaN);
      }
    } finally {
      xT.dispose();
      yT.dispose();
      m.forEach((t) => t.dispose());
      v.forEach((t) => t.dispose());
    }
    return this;
  }

  /** Logits with dropout off (inference). Call inside `tf.tidy`. */
  #forward(x: tf.Tensor2D): tf.Tensor2D {
    const w = this.#weights;
    let h: tf.Tensor2D = x;
    const last = w.length / 2 - 1;
    for (let l = 0; l < last; l++) {
      h = tf.leakyRelu(tf.add(tf.matMul(h, w[2 * l]), w[2 * l + 1]), this.settings.leakySlope);
    }
    return tf.add(tf.matMul(h, w[2 * last]), w[2 * last + 1]);
  }

  /**
   * Class scores (softmax probabilities) per row, dropout off.
   * @param x features, rows × cols as in training
   * @returns row-major rows × nClasses probabilities, read back asynchronously (webgpu under Deno
   *   cannot read synchronously)
   */
  async predictProba(x: Matrix): Promise<Float32Array> {
    if (!this.fitted) throw new Error("SerClassifier.predictProba() needs fit() first");
    if (x.cols !== this.#cols) {
      throw new RangeError(`Expected ${this.#cols} features per row, found ${x.cols}`);
    }
    const out = new Float32Array(x.rows * this.#nClasses);
    const chunk = 4096;
    for (let r0 = 0; r0 < x.rows; r0 += chunk) {
      const r1 = Math.min(x.rows, r0 + chunk);
      const p = tf.tidy(() =>
        tf.softmax(
          this.#forward(tf.tensor2d(x.data.subarray(r0 * x.cols, r1 * x.cols), [r1 - r0, x.cols])),
        )
      );
      try {
        out.set(await p.data() as Float32Array, r0 * this.#nClasses);
      } finally {
        p.dispose();
      }
    }
    return out;
  }

  /**
   * Predicted class per row (argmax of the logits), dropout off.
   * @param x features, rows × cols as in training
   * @returns one class index per row
   */
  async predict(x: Matrix): Promise<Int32Array> {
    if (!this.fitted) throw new Error("SerClassifier.predict() needs fit() first");
    const p = await this.predictProba(x);
    const k = this.#nClasses;
    const out = new Int32Array(x.rows);
    for (let r = 0; r < x.rows; r++) {
      let best = 0;
      for (let c = 1; c < k; c++) if (p[r * k + c] > p[r * k + best]) best = c;
      out[r] = best;
    }
    return out;
  }

  /** Frees the learnt weights; the classifier is unfitted afterwards. */
  dispose(): void {
    this.#weights.forEach((w) => w.dispose());
    this.#weights = [];
  }
}
