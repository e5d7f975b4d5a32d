/**
 * One Adam step for one variable, TensorFlow 1.x semantics (the reference implementation ran on
 * TF 1.10): `lr_t = lr · sqrt(1 - β2^t) / (1 - β1^t)`, `w -= lr_t · m / (sqrt(v) + ε)`, ε = 1e-8.
 *
 * This is the plain path, built from stock ops. The fast path (a fused kernel, see the speed
 * work) must keep this signature and agree with it within float32 rounding.
 * @module
 */
import * as tf from "@tensorflow/tfjs-core";

/** Hyper-parameters of one Adam step. */
export interface AdamStep {
  /** Base learning rate (before bias correction). */
  readonly learningRate: number;
  /** Decay of the first moment, 0.9 by default. */
  readonly beta1: number;
  /** Decay of the second moment, 0.999 by default. */
  readonly beta2: number;
  /** ε added to sqrt(v), 1e-8 as in TensorFlow 1.x. */
  readonly epsilon: number;
  /** 1-based step count t, used for bias correction. */
  readonly step: number;
}

/**
 * Applies one Adam step to `variable`, updating the moment estimates `m` and `v` in place.
 * @param variable the weights to update
 * @param grad the gradient of the loss with respect to `variable` (not disposed here)
 * @param m first-moment accumulator, same shape as `variable`
 * @param v second-moment accumulator, same shape as `variable`
 * @param h the step's hyper-parameters
 */
export function adamUpdate(
  variable: tf.Variable,
  grad: tf.Tensor,
  m: tf.Variable,
  v: tf.Variable,
  h: AdamStep,
): void {
  const lrT = h.learningRate * Math.sqrt(1 - h.beta2 ** h.step) / (1 - h.beta1 ** h.step);
  tf.tidy(() => {
    const mNew = tf.add(tf.mul(m, h.beta1), tf.mul(grad, 1 - h.beta1));
    const vNew = tf.add(tf.mul(v, h.beta2), tf.mul(tf.square(grad), 1 - h.beta2));
    m.assign(mNew);
    v.assign(vNew);
    variable.assign(tf.sub(variable, tf.div(tf.mul(mNew, lrT), tf.add(tf.sqrt(vNew), h.epsilon))));
  });
}
