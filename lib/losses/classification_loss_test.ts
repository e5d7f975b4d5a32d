import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs-core";
import { initBackend } from "../backend.ts";
import { classificationLoss } from "./classification_loss.ts";

Deno.test("classificationLoss() labels the i-th block of rows with class i", async () => {
  await initBackend("cpu");
  // N = 2, batch 1: row 0 (class 0) logits [0, 0] → −log 0.5; row 1 (class 1) logits
  // [log 3, 0] → p(1) = 1 / 4 → −log 0.25.
  const logits = tf.tensor2d([[0, 0], [Math.log(3), 0]]);
  const loss = classificationLoss(logits, 1);
  assert.ok(Math.abs(loss.dataSync()[0] - (Math.LN2 + Math.log(4)) / 2) < 1e-6);
  tf.dispose([logits, loss]);
});

Deno.test("classificationLoss() is near zero when every block is confidently its own class", async () => {
  await initBackend("cpu");
  const logits = tf.tensor2d([[30, 0, 0], [30, 0, 0], [0, 30, 0], [0, 30, 0], [0, 0, 30], [
    0,
    0,
    30,
  ]]);
  const loss = classificationLoss(logits, 2);
  assert.ok(loss.dataSync()[0] < 1e-10);
  tf.dispose([logits, loss]);
});

Deno.test("classificationLoss() rejects logits that are not N blocks of the batch size", async () => {
  await initBackend("cpu");
  const logits = tf.zeros([5, 2]) as tf.Tensor2D;
  assert.throws(() => classificationLoss(logits, 2), RangeError);
  logits.dispose();
});
