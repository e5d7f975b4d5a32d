/**
 * The discriminator's side of the adversarial loss (eq. 1, maximised by D).
 * @module
 */
import * as tf from "@tensorflow/tfjs-core";
import { sigmoidCrossEntropy } from "./sigmoid_cross_entropy.ts";

/**
 * Loss of one discriminator (eq. 1 as a minimisation): (CE(D(real), realLabel) + CE(D(fake), 0)) / 2,
 * with one-sided label smoothing (real targets 0.9, fake targets 0; Sec. 4.1). The loss of
 * CycleGAN i is the sum of this for D_i^T and D_i^S.
 * @param realLogits D's logits on real rows
 * @param fakeLogits D's logits on generated rows
 * @param realLabel the smoothed real target (0.9 in the paper)
 * @returns a scalar; the caller disposes it
 */
export function discriminatorLoss(
  realLogits: tf.Tensor,
  fakeLogits: tf.Tensor,
  realLabel: number,
): tf.Scalar {
  // exercise eq1-2-adversarial: begin
  return tf.tidy(() =>
    tf.div(
      tf.add(sigmoidCrossEntropy(realLogits, realLabel), sigmoidCrossEntropy(fakeLogits, 0)),
      2,
    )
  );
  // exercise eq1-2-adversarial: end
}
