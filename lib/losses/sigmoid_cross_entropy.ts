/**
 * Sigmoid cross-entropy on logits, the building block of the adversarial loss (eq. 1).
 * @module
 */
import * as tf from "@tensorflow/tfjs-core";

/**
 * Mean sigmoid cross-entropy of `logits` against a constant target z, in the numerically stable
 * form max(x, 0) − x·z + log(1 + exp(−|x|)) (TensorFlow's `sigmoid_cross_entropy_with_logits`).
 * With z = 0.9 for real rows and z = 0 for fake rows this is eq. 1 with one-sided label smoothing
 * (Sec. 4.1, Salimans et al. [24]).
 *
 * @example
 * ```ts
 * import * as tf from "@tensorflow/tfjs-core";
 * import "@tensorflow/tfjs-backend-cpu";
 * import { sigmoidCrossEntropy } from "./sigmoid_cross_entropy.ts";
 * const loss = sigmoidCrossEntropy(tf.tensor2d([[0]]), 1); // log 2
 * if (Math.abs(loss.dataSync()[0] - Math.LN2) > 1e-6) throw new Error("expected log 2");
 * loss.dispose();
 * ```
 * @param logits discriminator outputs, any shape
 * @param target the label z in [0, 1] every element is compared with
 * @returns a scalar; the caller disposes it
 */
export function sigmoidCrossEntropy(logits: tf.Tensor, target: number): tf.Scalar {
  if (!(target >= 0 && target <= 1)) {
    throw new RangeError(`Cross-entropy target must be in [0, 1], found ${target}`);
  }
  // exercise eq1-2-adversarial: begin
  return tf.tidy(() => {
    const perElement = tf.add(
      tf.sub(tf.relu(logits), tf.mul(logits, target)),
      tf.log1p(tf.exp(tf.neg(tf.abs(logits)))),
    );
    return tf.mean(perElement);
  });
  // exercise eq1-2-adversarial: end
}
