/**
 * A feed-forward network with explicit, named weight variables: the building block of every
 * network in the paper (Sec. 4.1). Hidden layers use leaky ReLU followed by dropout; the last
 * layer is linear. Dropout is the seeded inverted dropout of `lib/kernels/dropout.ts` (same
 * expectation and variance as `tf.dropout`, one kernel instead of four, and the same mask for the
 * same seed on every backend).
 * @module
 */
import * as tf from "@tensorflow/tfjs-core";
import { dense } from "../kernels/dense.ts";
import { dropout } from "../kernels/dropout.ts";
import type { Rng } from "../random.ts";

/** The shape and regularisation of one {@linkcode Mlp}. */
export interface MlpSpec {
  /** Prefix of every variable name, e.g. `G_0` gives `G_0/dense_1/kernel`. */
  readonly name: string;
  /** Layer widths from input to output, e.g. `[1582, 1000, 500, 1000, 1582]`. */
  readonly sizes: readonly number[];
  /** Slope of the leaky ReLU for negative inputs. */
  readonly alpha: number;
  /** Dropout rate after every hidden activation (during training only). */
  readonly dropout: number;
  /**
   * Residual form x + Δ(x) (input and output widths must match); Δ's output layer starts at zero,
   * so the network starts as the identity. Default false.
   */
  readonly residual?: boolean;
  /**
   * With `residual`: the skip path becomes the trainable elementwise affine map x ⊙ scale + shift
   * (variables `<name>/skip/scale`, `<name>/skip/shift`) started at these values, so the network
   * is scale ⊙ x + shift + Δ(x). Absent: the plain identity skip x.
   */
  readonly skip?: AffineInit;
  /**
   * Append the batch's minibatch standard deviation (mean over features of the per-feature std
   * over the batch rows; Karras et al., ICLR 2018) to every input row. The first kernel then has
   * `sizes[0] + 1` rows. Default false.
   */
  readonly minibatchStd?: boolean;
}

/** Initial values of an elementwise affine map x ⊙ scale + shift. */
export interface AffineInit {
  /** Per-feature scale. */
  readonly scale: Float32Array;
  /** Per-feature shift. */
  readonly shift: Float32Array;
}

/** One weight variable with its checkpoint name. */
export interface NamedVariable {
  /** Stable name, e.g. `D_T_2/dense_3/bias`; tfjs's own variable name is not used. */
  readonly name: string;
  /** The variable. */
  readonly variable: tf.Variable;
}

/**
 * Glorot (Xavier) uniform initial values: U(-l, l) with l = sqrt(6 / (fanIn + fanOut)), drawn from
 * the seeded generator so that the same seed gives the same weights on every backend.
 * @param fanIn rows of the kernel
 * @param fanOut columns of the kernel
 * @param rng the generator to draw from
 * @returns `fanIn × fanOut` values, row-major
 */
export function glorotUniform(fanIn: number, fanOut: number, rng: Rng): Float32Array {
  const limit = Math.sqrt(6 / (fanIn + fanOut));
  const out = new Float32Array(fanIn * fanOut);
  for (let i = 0; i < out.length; i++) out[i] = (2 * rng.float() - 1) * limit;
  return out;
}

/**
 * Appends the minibatch standard deviation to every row (Karras et al., ICLR 2018, Sec. 3): the
 * mean over features of sqrt(var_batch(x_f) + 1e-8). A batch of identical rows gets 1e-4.
 * @param x rows, `batch × cols`
 * @returns rows, `batch × (cols + 1)`; the caller disposes it (or runs inside `tf.tidy`)
 */
export function appendMinibatchStd(x: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => {
    const { variance } = tf.moments(x, 0);
    const s = tf.mean(tf.sqrt(tf.add(variance, 1e-8)));
    return tf.concat([x, tf.mul(tf.onesLike(tf.slice(x, [0, 0], [-1, 1])), s)], 1) as tf.Tensor2D;
  });
}

/**
 * Checks the layer sizes and dropout rate of a network.
 * @param spec the network's name, sizes and dropout rate
 * @throws {RangeError} for fewer than two layers, a non-positive width or a bad dropout rate
 */
export function checkLayers(spec: Pick<MlpSpec, "name" | "sizes" | "dropout">): void {
  if (spec.sizes.length < 2 || !spec.sizes.every((s) => Number.isInteger(s) && s > 0)) {
    throw new RangeError(
      `Network "${spec.name}" needs at least two positive integer layer sizes, found [${spec.sizes}]`,
    );
  }
  if (!(spec.dropout >= 0 && spec.dropout < 1)) {
    throw new RangeError(
      `Network "${spec.name}" dropout must be in [0, 1), found ${spec.dropout}`,
    );
  }
}

/** A multilayer perceptron whose weights are `tf.Variable`s with stable names. */
export class Mlp {
  /** The settings this network was built with. */
  readonly spec: MlpSpec;
  /** Kernels, `sizes[k] × sizes[k + 1]`. */
  readonly kernels: readonly tf.Variable[];
  /** Biases, `sizes[k + 1]`. */
  readonly biases: readonly tf.Variable[];
  /** Every weight with its name, kernels and biases layer by layer, then the skip's. */
  readonly variables: readonly NamedVariable[];
  /** The affine skip's scale and shift, or `null` (identity skip or no residual). */
  readonly skip: { readonly scale: tf.Variable; readonly shift: tf.Variable } | null;

  /**
   * Creates the variables: Glorot-uniform kernels drawn from `rng`, zero biases.
   * @param spec layer sizes, activation slope, dropout rate and name
   * @param rng the generator for the initial weights
   * @throws {RangeError} for fewer than two layers, a non-positive width or a bad dropout rate
   */
  constructor(spec: MlpSpec, rng: Rng) {
    checkLayers(spec);
    const last = spec.sizes.length - 1;
    if (spec.residual && spec.sizes[0] !== spec.sizes[last]) {
      throw new RangeError(
        `Residual network "${spec.name}" needs equal input and output widths, found ${
          spec.sizes[0]
        } and ${spec.sizes[last]}`,
      );
    }
    this.spec = { ...spec, sizes: [...spec.sizes] };
    const kernels: tf.Variable[] = [];
    const biases: tf.Variable[] = [];
    const variables: NamedVariable[] = [];
    for (let k = 0; k + 1 < spec.sizes.length; k++) {
      const fanIn = spec.sizes[k] + (k === 0 && spec.minibatchStd ? 1 : 0);
      const fanOut = spec.sizes[k + 1];
      const init = glorotUniform(fanIn, fanOut, rng);
      // The residual branch's output layer starts at zero (the draw is kept, so every other
      // variable gets the same initial values as in the plain form).
      if (spec.residual && k === last - 1) init.fill(0);
      const kernel = tf.tidy(() => tf.variable(tf.tensor2d(init, [fanIn, fanOut])));
      const bias = tf.tidy(() => tf.variable(tf.zeros([fanOut])));
      kernels.push(kernel);
      biases.push(bias);
      variables.push({ name: `${spec.name}/dense_${k + 1}/kernel`, variable: kernel });
      variables.push({ name: `${spec.name}/dense_${k + 1}/bias`, variable: bias });
    }
    let skip: Mlp["skip"] = null;
    if (spec.skip) {
      if (!spec.residual) {
        throw new RangeError(`Network "${spec.name}" has an affine skip but is not residual`);
      }
      const width = spec.sizes[last];
      if (spec.skip.scale.length !== width || spec.skip.shift.length !== width) {
        throw new RangeError(
          `Network "${spec.name}" needs a skip of ${width} scales and shifts, found ${spec.skip.scale.length} and ${spec.skip.shift.length}`,
        );
      }
      const scale = tf.tidy(() => tf.variable(tf.tensor1d(spec.skip!.scale)));
      const shift = tf.tidy(() => tf.variable(tf.tensor1d(spec.skip!.shift)));
      variables.push({ name: `${spec.name}/skip/scale`, variable: scale });
      variables.push({ name: `${spec.name}/skip/shift`, variable: shift });
      skip = { scale, shift };
    }
    this.kernels = kernels;
    this.biases = biases;
    this.variables = variables;
    this.skip = skip;
  }

  /** Width of the input layer. */
  get inputSize(): number {
    return this.spec.sizes[0];
  }

  /** Width of the output layer. */
  get outputSize(): number {
    return this.spec.sizes[this.spec.sizes.length - 1];
  }

  /**
   * The forward pass. Each hidden layer is `dropout(leakyRelu(x W + b))`; the last is `x W + b`.
   * @param x input rows, `batch × inputSize`
   * @param rng dropout seeds are drawn from it (one per hidden layer); `null` turns dropout off
   *   (inference)
   * @returns output rows, `batch × outputSize`; the caller disposes it (or runs inside `tf.tidy`)
   */
  apply(x: tf.Tensor2D, rng: Rng | null): tf.Tensor2D {
    if (x.rank !== 2 || x.shape[1] !== this.inputSize) {
      throw new RangeError(
        `Network "${this.spec.name}" expects input of shape [batch, ${this.inputSize}], found [${x.shape}]`,
      );
    }
    return tf.tidy(() => {
      let h: tf.Tensor2D = this.spec.minibatchStd ? appendMinibatchStd(x) : x;
      const last = this.kernels.length - 1;
      for (let k = 0; k <= last; k++) {
        h = dense(h, this.kernels[k] as tf.Tensor2D, this.biases[k]);
        if (k < last) {
          h = tf.leakyRelu(h, this.spec.alpha);
          if (rng !== null && this.spec.dropout > 0) {
            h = dropout(h, this.spec.dropout, rng.seed());
          }
        }
      }
      if (!this.spec.residual) return h;
      const skip = this.skip;
      return tf.add(skip ? tf.add(tf.mul(x, skip.scale), skip.shift) : x, h) as tf.Tensor2D;
    });
  }

  /** Frees the variables. */
  dispose(): void {
    for (const { variable } of this.variables) variable.dispose();
  }
}
