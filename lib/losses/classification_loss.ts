/**
 * Classification loss of the shared classifier C (eq. 4).
 * @module
 */
import * as tf from "@tensorflow/tfjs-core";

/**
 * Eq. 4: softmax cross-entropy of C's logits on the concatenated batches G_0(s), …, G_{N−1}(s),
 * where the rows of G_i(s) are labelled i; the mean over rows.
 * @param logits C's outputs, `(N · batch) × N`, the batches of G_0(s), G_1(s), … stacked in order
 * @param batchSize rows per emotion in `logits`
 * @returns a scalar; the caller disposes it
 */
export function classificationLoss(logits: tf.Tensor2D, batchSize: number): tf.Scalar {
  const [rows, n] = logits.shape;
  if (!Number.isInteger(batchSize) || batchSize < 1 || rows !== n * batchSize) {
    throw new RangeError(
      `Classifier logits must have N·batch = ${n}·${batchSize} rows, found ${rows}`,
    );
  }
  // exercise eq4-5-objective: begin
  return tf.tidy(() => {
    const labels = new Int32Array(rows);
    for (let r = 0; r < rows; r++) labels[r] = Math.floor(r / batchSize);
    const oneHot = tf.oneHot(tf.tensor1d(labels, "int32"), n);
    const logProb = tf.logSoftmax(logits);
    return tf.neg(tf.mean(tf.sum(tf.mul(oneHot, logProb), 1)));
  });
  // exercise eq4-5-objective: end
}
