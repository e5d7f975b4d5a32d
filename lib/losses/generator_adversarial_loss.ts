/**
 * The generator's side of the adversarial loss (eq. 1, minimised by G_i and F_i).
 * @module
 */
import type * as tf from "@tensorflow/tfjs-core";
import { sigmoidCrossEntropy } from "./sigmoid_cross_entropy.ts";

/**
 * Non-saturating generator loss of eq. 1: CE(D(G(s)), realLabel), i.e. the generator is trained
 * to make D call its output real (target 0.9, as in the reference code) instead of minimising
 * log(1 − D(G(s))), which saturates early in training. For CycleGAN i it is summed over both
 * directions: D_i^T(G_i(s)) and D_i^S(F_i(t)) (eq. 2).
 * @param fakeLogits D's logits on generated rows
 * @param realLabel the smoothed real target (0.9 in the paper)
 * @returns a scalar; the caller disposes it
 */
export function generatorAdversarialLoss(fakeLogits: tf.Tensor, realLabel: number): tf.Scalar {
  // exercise eq1-2-adversarial: begin
  return sigmoidCrossEntropy(fakeLogits, realLabel);
  // exercise eq1-2-adversarial: end
}
