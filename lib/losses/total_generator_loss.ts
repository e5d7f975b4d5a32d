/**
 * The overall generator objective (eq. 5).
 * @module
 */
import * as tf from "@tensorflow/tfjs-core";

/** The parts of eq. 5 for one G(+C) update. */
export interface GeneratorLossParts {
  /** Adversarial loss of CycleGAN i, both directions (eq. 2, generator side), per emotion. */
  readonly adversarial: readonly tf.Scalar[];
  /** Cycle loss of CycleGAN i (eq. 3), per emotion. */
  readonly cycle: readonly tf.Scalar[];
  /** Classification loss (eq. 4), or `null` when λ_cls = 0 (C switched off). */
  readonly classification: tf.Scalar | null;
}

/**
 * Eq. 5: Σ_i (adv_i + λ_cyc · cyc_i) + λ_cls · cls.
 * @param parts the losses per emotion and the classification loss
 * @param lambdaCyc λ_cyc (5 in the paper)
 * @param lambdaCls λ_cls (0 or 2 in the paper); with 0, `parts.classification` may be `null`
 * @returns a scalar; the caller disposes it
 */
export function totalGeneratorLoss(
  parts: GeneratorLossParts,
  lambdaCyc: number,
  lambdaCls: number,
): tf.Scalar {
  if (parts.adversarial.length === 0 || parts.adversarial.length !== parts.cycle.length) {
    throw new RangeError(
      `Expected one adversarial and one cycle loss per emotion, found ${parts.adversarial.length} and ${parts.cycle.length}`,
    );
  }
  if (lambdaCls > 0 && parts.classification === null) {
    throw new TypeError(`λ_cls is ${lambdaCls} but no classification loss was given`);
  }
  // exercise eq4-5-objective: begin
  return tf.tidy(() => {
    let total: tf.Scalar = tf.scalar(0);
    for (let i = 0; i < parts.adversarial.length; i++) {
      total = tf.add(total, tf.add(parts.adversarial[i], tf.mul(parts.cycle[i], lambdaCyc)));
    }
    if (lambdaCls > 0 && parts.classification !== null) {
      total = tf.add(total, tf.mul(parts.classification, lambdaCls));
    }
    return total;
  });
  // exercise eq4-5-objective: end
}
