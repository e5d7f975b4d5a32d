import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs-core";
import { initBackend } from "../backend.ts";
import "../kernels/gradients.ts";
import { generatorAdversarialLoss } from "./generator_adversarial_loss.ts";

Deno.test("generatorAdversarialLoss() is CE(D(fake), 0.9)", async () => {
  await initBackend("cpu");
  const fake = tf.tensor2d([[-1], [3]]);
  const loss = generatorAdversarialLoss(fake, 0.9);
  const ce = (x: number) => Math.max(x, 0) - 0.9 * x + Math.log1p(Math.exp(-Math.abs(x)));
  assert.ok(Math.abs(loss.dataSync()[0] - (ce(-1) + ce(3)) / 2) < 1e-6);
  tf.dispose([fake, loss]);
});

Deno.test("generatorAdversarialLoss() does not saturate when D rejects the fakes", async () => {
  await initBackend("cpu");
  // d/dx CE(x, 0.9) = σ(x) − 0.9 ≈ −0.9 at x = −10, where log(1 − σ(x)) has gradient ≈ −4.5e-5.
  const x = tf.scalar(-10);
  const g = tf.grad((v: tf.Tensor) => generatorAdversarialLoss(v, 0.9))(x);
  assert.ok(Math.abs(g.dataSync()[0] - (1 / (1 + Math.exp(10)) - 0.9)) < 1e-6);
  tf.dispose([x, g]);
});
