/**
 * Adam state for a fixed list of named variables (paper Sec. 4.1: "we use Adam optimization"),
 * stepping every variable with {@linkcode adamUpdate} (TensorFlow 1.x semantics), so that the
 * fused kernel of `lib/kernels` is used when it is registered.
 * @module
 */
import * as tf from "@tensorflow/tfjs-core";
import { adamUpdate } from "../kernels/adam.ts";
import type { NamedVariable } from "../models/mlp.ts";

/** β1, β2 and ε of an {@linkcode AdamOptimizer}. */
export interface AdamSettings {
  /** Decay of the first moment (0.9). */
  readonly beta1: number;
  /** Decay of the second moment (0.999). */
  readonly beta2: number;
  /** ε added to sqrt(v) (1e-8). */
  readonly epsilon: number;
}

/** The moments of one variable. */
export interface AdamSlot {
  /** The variable's checkpoint name. */
  readonly name: string;
  /** The variable being optimised. */
  readonly variable: tf.Variable;
  /** First-moment accumulator. */
  readonly m: tf.Variable;
  /** Second-moment accumulator. */
  readonly v: tf.Variable;
}

/**
 * Adam over a fixed variable list: one `m` and one `v` per variable and a step count shared by
 * all of them (as in TensorFlow 1.x, where the bias-correction powers belong to the optimiser).
 */
export class AdamOptimizer {
  /** Name used in checkpoints, e.g. `adam_d`. */
  readonly name: string;
  /** β1, β2 and ε. */
  readonly settings: AdamSettings;
  /** One slot per variable, in the order given. */
  readonly slots: readonly AdamSlot[];
  /** The variables this optimiser moves, for `tf.variableGrads(f, variableList)`. */
  readonly variableList: readonly tf.Variable[];
  /** Number of steps taken so far (t of the bias correction). */
  step = 0;

  /**
   * Creates zero moments for every variable (step 0).
   * @param name checkpoint name of the optimiser
   * @param variables the variables it updates (and no others)
   * @param settings β1, β2 and ε
   */
  constructor(name: string, variables: readonly NamedVariable[], settings: AdamSettings) {
    if (variables.length === 0) {
      throw new RangeError(`Optimiser "${name}" needs at least one variable, found none`);
    }
    this.name = name;
    this.settings = { ...settings };
    this.slots = variables.map(({ name, variable }) => ({
      name,
      variable,
      m: tf.tidy(() => tf.variable(tf.zerosLike(variable), false)),
      v: tf.tidy(() => tf.variable(tf.zerosLike(variable), false)),
    }));
    this.variableList = this.slots.map((s) => s.variable);
  }

  /**
   * One Adam step for every variable that has a gradient.
   * @param grads gradients keyed by tfjs variable name, as returned by `tf.variableGrads`
   *   (not disposed here)
   * @param learningRate the step's learning rate
   */
  apply(grads: tf.NamedTensorMap, learningRate: number): void {
    this.step += 1;
    const h = { ...this.settings, learningRate, step: this.step };
    for (const slot of this.slots) {
      const g = grads[slot.variable.name];
      if (g != null) adamUpdate(slot.variable, g, slot.m, slot.v, h);
    }
  }

  /** Frees the moment accumulators (not the variables being optimised). */
  dispose(): void {
    for (const slot of this.slots) {
      slot.m.dispose();
      slot.v.dispose();
    }
  }
}
