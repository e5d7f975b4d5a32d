/**
 * A dense layer's affine map `x·W + b` in the form that costs least.
 *
 * `tf.fused.matMul` runs the product and the bias in one kernel, but its gradient (tfjs-core
 * `fused/mat_mul`, a custom gradient) computes the gradients of *both* operands eagerly, even
 * when one is not needed: the gradient of a data batch fed to a first layer, or of the weights
 * of a network that is not being updated (D during the G update). In the paper's iteration that
 * is 13 % of all matMul FLOPs (87.7 G → 75.9 G per iteration, counted at the kernel).
 * `tf.matMul` + `tf.add` have registered gradients that TensorFlow.js evaluates only for the
 * inputs on a path to the variables being differentiated.
 *
 * {@linkcode dense} therefore uses the fused kernel outside gradient recording (inference,
 * generation) and the unfused pair while a gradient is being recorded.
 * @module
 */
import * as tf from "@tensorflow/tfjs-core";

/**
 * `x·W + b`, fused when no gradient is being recorded, unfused (lazily differentiated) when one
 * is.
 * @param x input rows, `batch × in`
 * @param kernel weights, `in × out`
 * @param bias biases, `out`
 * @returns `batch × out`; the caller disposes it (or runs inside `tf.tidy`)
 */
export function dense(x: tf.Tensor2D, kernel: tf.Tensor2D, bias: tf.Tensor): tf.Tensor2D {
  const recording = (tf.engine().state as unknown as { gradientDepth: number }).gradientDepth > 0;
  if (!recording) return tf.fused.matMul({ a: x, b: kernel, bias }) as tf.Tensor2D;
  return tf.add(tf.matMul(x, kernel), bias) as tf.Tensor2D;
}
