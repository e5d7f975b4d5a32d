/**
 * K independent multilayer perceptrons of one shape stored as one: kernel `l` is a
 * `K × in × out` tensor and bias `l` a `K × 1 × out` tensor, and the forward pass is one batched
 * matrix product per layer for all members. Member `k` sees only its own block of the input
 * (`K × batch × in`), so its outputs, loss and gradients are those of the {@linkcode Mlp} it
 * stands for; the stack only saves the per-model launch overhead (and, on a GPU, fills the
 * device).
 *
 * A member drawn from its own {@linkcode Rng} gets exactly the initial weights of
 * `new Mlp(spec, rng)` (the same Glorot draws in the same order), and {@linkcode StackedMlp.apply}
 * draws its dropout seeds from each member's generator as {@linkcode Mlp.apply} does, so a member
 * trained in a stack follows the same random stream as when trained alone.
 *
 * Only the plain form (no residual, skip or minibatch standard deviation): the classifier's.
 * @module
 */
import * as tf from "@tensorflow/tfjs-core";
import { stackedDropout } from "../kernels/dropout.ts";
import type { Rng } from "../random.ts";
import { checkLayers, glorotUniform, type MlpSpec, type NamedVariable } from "./mlp.ts";

/** The shape and regularisation of every member of a {@linkcode StackedMlp}. */
export type StackedMlpSpec = Pick<MlpSpec, "name" | "sizes" | "alpha" | "dropout">;

/** A stack of K same-shaped MLPs trained side by side. */
export class StackedMlp {
  /** Shape of every member. */
  readonly spec: StackedMlpSpec;
  /** Number of members K. */
  readonly members: number;
  /** Kernels, `K × sizes[l] × sizes[l + 1]`. */
  readonly kernels: readonly tf.Variable[];
  /** Biases, `K × 1 × sizes[l + 1]`. */
  readonly biases: readonly tf.Variable[];
  /** Every weight with its name, kernels and biases layer by layer (as {@linkcode Mlp}). */
  readonly variables: readonly NamedVariable[];

  private constructor(
    spec: StackedMlpSpec,
    members: number,
    kernels: tf.Variable[],
    biases: tf.Variable[],
  ) {
    this.spec = { ...spec, sizes: [...spec.sizes] };
    this.members = members;
    this.kernels = kernels;
    this.biases = biases;
    this.variables = kernels.flatMap((kernel, l) => [
      { name: `${spec.name}/dense_${l + 1}/kernel`, variable: kernel },
      { name: `${spec.name}/dense_${l + 1}/bias`, variable: biases[l] },
    ]);
  }

  /**
   * One member per generator, each initialised as `new Mlp(spec, rngs[k])` would be
   * (Glorot-uniform kernels, zero biases).
   * @param spec layer sizes, activation slope, dropout rate and name
   * @param rngs one generator per member; each is advanced past its initial weights
   * @returns the stack
   * @throws {RangeError} for no member, fewer than two layers, a non-positive width or a bad
   *   dropout rate
   */
  static create(spec: StackedMlpSpec, rngs: readonly Rng[]): StackedMlp {
    if (rngs.length === 0) throw new RangeError(`Stack "${spec.name}" needs at least one member`);
    checkLayers(spec);
    const k = rngs.length;
    const layers = spec.sizes.length - 1;
    const inits = Array.from(
      { length: layers },
      (_, l) => new Float32Array(k * spec.sizes[l] * spec.sizes[l + 1]),
    );
    // Member by member, layer by layer: the order in which `new Mlp` draws.
    for (const [m, rng] of rngs.entries()) {
      for (let l = 0; l < layers; l++) {
        const size = spec.sizes[l] * spec.sizes[l + 1];
        inits[l].set(glorotUniform(spec.sizes[l], spec.sizes[l + 1], rng), m * size);
      }
    }
    const kernels = inits.map((init, l) =>
      tf.tidy(() => tf.variable(tf.tensor3d(init, [k, spec.sizes[l], spec.sizes[l + 1]])))
    );
    const biases = inits.map((_, l) =>
      tf.tidy(() => tf.variable(tf.zeros([k, 1, spec.sizes[l + 1]])))
    );
    return new StackedMlp(spec, k, kernels, biases);
  }

  /**
   * A new stack of some of this stack's members, with copies of their current weights.
   * @param members member indices, in the new stack's order
   * @returns the new stack (this one is unchanged)
   */
  select(members: readonly number[]): StackedMlp {
    const idx = _memberIndex(members, this.members);
    const take = (v: tf.Variable) => tf.tidy(() => tf.variable(tf.gather(v, idx)));
    try {
      return new StackedMlp(
        this.spec,
        members.length,
        this.kernels.map(take),
        this.biases.map(take),
      );
    } finally {
      idx.dispose();
    }
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
   * The forward pass of every member: hidden layers `dropout(leakyRelu(x W + b))`, the last
   * `x W + b`, each member on its own block of `x`.
   * @param x input rows, `K × batch × inputSize`
   * @param rngs one generator per member, from which that member's dropout seeds are drawn (one
   *   per hidden layer, as {@linkcode Mlp.apply}); `null` turns dropout off (inference)
   * @returns output rows, `K × batch × outputSize`; the caller disposes it (or runs inside
   *   `tf.tidy`)
   */
  apply(x: tf.Tensor3D, rngs: readonly Rng[] | null): tf.Tensor3D {
    if (x.rank !== 3 || x.shape[0] !== this.members || x.shape[2] !== this.inputSize) {
      throw new RangeError(
        `Stack "${this.spec.name}" expects input of shape [${this.members}, batch, ${this.inputSize}], found [${x.shape}]`,
      );
    }
    if (rngs !== null && rngs.length !== this.members) {
      throw new RangeError(`Expected ${this.members} generators, found ${rngs.length}`);
    }
    return tf.tidy(() => {
      let h = x;
      const last = this.kernels.length - 1;
      for (let l = 0; l <= last; l++) {
        h = tf.add(tf.matMul(h, this.kernels[l] as tf.Tensor3D), this.biases[l]) as tf.Tensor3D;
        if (l < last) {
          h = tf.leakyRelu(h, this.spec.alpha);
          if (rngs !== null && this.spec.dropout > 0) {
            h = stackedDropout(h, this.spec.dropout, rngs.map((r) => r.seed()));
          }
        }
      }
      return h;
    });
  }

  /** Frees the variables. */
  dispose(): void {
    for (const { variable } of this.variables) variable.dispose();
  }
}

/**
 * Member indices as an int32 tensor, checked.
 * @param members indices
 * @param size members of the stack
 * @returns the indices; the caller disposes them
 */
function _memberIndex(members: readonly number[], size: number): tf.Tensor1D {
  if (members.length === 0) throw new RangeError("Expected at least one member, found none");
  for (const m of members) {
    if (!Number.isInteger(m) || m < 0 || m >= size) {
      throw new RangeError(`Expected member indices in [0, ${size - 1}], found ${m}`);
    }
  }
  return tf.tensor1d(Int32Array.from(members), "int32");
}
