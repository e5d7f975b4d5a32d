/**
 * Cycle-consistency loss (eq. 3).
 * @module
 */
import * as tf from "@tensorflow/tfjs-core";

/**
 * Eq. 3: mean over all elements of (F_i(G_i(s)) − s)² plus mean over all elements of
 * (G_i(F_i(t)) − t)², i.e. the element-mean squared error in both directions, summed.
 *
 * @example
 * ```ts
 * import * as tf from "@tensorflow/tfjs-core";
 * import "@tensorflow/tfjs-backend-cpu";
 * import { cycleLoss } from "./cycle_loss.ts";
 * const s = tf.tensor2d([[1, 2]]), t = tf.tensor2d([[0, 0]]);
 * const loss = cycleLoss(s, s, t, tf.tensor2d([[1, 1]])); // 0 + (1 + 1) / 2
 * if (loss.dataSync()[0] !== 1) throw new Error("expected 1");
 * ```
 * @param source real source rows s
 * @param sourceReconstruction F_i(G_i(s)), same shape as `source`
 * @param target real target rows t
 * @param targetReconstruction G_i(F_i(t)), same shape as `target`
 * @returns a scalar; the caller disposes it
 */
export function cycleLoss(
  source: tf.Tensor,
  sourceReconstruction: tf.Tensor,
  target: tf.Tensor,
  targetReconstruction: tf.Tensor,
): tf.Scalar {
  if (!tf.util.arraysEqual(source.shape, sourceReconstruction.shape)) {
    throw new RangeError(
      `Source reconstruction shape [${sourceReconstruction.shape}] differs from source [${source.shape}]`,
    );
  }
  if (!tf.util.arraysEqual(target.shape, targetReconstruction.shape)) {
    throw new RangeError(
      `Target reconstruction shape [${targetReconstruction.shape}] differs from target [${target.shape}]`,
    );
  }
  // exercise eq3-cycle-loss: begin
  return tf.tidy(() =>
    tf.add(
      tf.mean(tf.squaredDifference(sourceReconstruction, source)),
      tf.mean(tf.squaredDifference(targetReconstruction, target)),
    )
  );
  // exercise eq3-cycle-loss: end
}
