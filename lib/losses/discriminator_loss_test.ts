import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs-core";
import { initBackend } from "../backend.ts";
import { discriminatorLoss } from "./discriminator_loss.ts";

Deno.test("discriminatorLoss() is (CE(real, 0.9) + CE(fake, 0)) / 2", async () => {
  await initBackend("cpu");
  const real = tf.tensor2d([[2]]), fake = tf.tensor2d([[-1]]);
  const loss = discriminatorLoss(real, fake, 0.9);
  // CE(2, 0.9) = 0.2 + log(1 + e^-2); CE(-1, 0) = log(1 + e^-1)
  const expected = (0.2 + Math.log1p(Math.exp(-2)) + Math.log1p(Math.exp(-1))) / 2;
  assert.ok(Math.abs(loss.dataSync()[0] - expected) < 1e-6);
  tf.dispose([real, fake, loss]);
});

Deno.test("discriminatorLoss() smooths only the real side (fake target stays 0)", async () => {
  await initBackend("cpu");
  // A very confident, correct discriminator: the fake side costs ~0, the real side costs
  // 0.1 · 20 (the label smoothing penalty for logit 20 against 0.9).
  const real = tf.tensor1d([20]), fake = tf.tensor1d([-20]);
  const loss = discriminatorLoss(real, fake, 0.9);
  const expected = (20 - 18 + Math.log1p(Math.exp(-20)) + Math.log1p(Math.exp(-20))) / 2;
  assert.ok(Math.abs(loss.dataSync()[0] - expected) < 1e-5);
  tf.dispose([real, fake, loss]);
});
