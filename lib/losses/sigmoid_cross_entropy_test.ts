import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs-core";
import { initBackend } from "../backend.ts";
import "../kernels/gradients.ts";
import { sigmoidCrossEntropy } from "./sigmoid_cross_entropy.ts";

function value(t: tf.Scalar): number {
  const v = t.dataSync()[0];
  t.dispose();
  return v;
}

Deno.test("sigmoidCrossEntropy() matches −z·log σ(x) − (1−z)·log(1−σ(x)) averaged over elements", async () => {
  await initBackend("cpu");
  const logits = tf.tensor2d([[2], [-1]]);
  // x = 2: 0.2 + log(1 + e^-2) = 0.326928; x = -1: 0.9 + log(1 + e^-1) = 1.213262
  const expected = (0.2 + Math.log1p(Math.exp(-2)) + 0.9 + Math.log1p(Math.exp(-1))) / 2;
  assert.ok(Math.abs(value(sigmoidCrossEntropy(logits, 0.9)) - expected) < 1e-6);
  assert.ok(Math.abs(expected - 0.770095) < 1e-6);
  logits.dispose();
});

Deno.test("sigmoidCrossEntropy() of a zero logit is log 2 for any target", async () => {
  await initBackend("cpu");
  const logits = tf.zeros([3, 1]);
  for (const z of [0, 0.9, 1]) {
    assert.ok(Math.abs(value(sigmoidCrossEntropy(logits, z)) - Math.LN2) < 1e-6);
  }
  logits.dispose();
});

Deno.test("sigmoidCrossEntropy() stays finite for huge logits", async () => {
  await initBackend("cpu");
  const logits = tf.tensor1d([100, -100]);
  // target 0: x = 100 costs 100, x = -100 costs log(1 + e^-100) ≈ 0
  assert.ok(Math.abs(value(sigmoidCrossEntropy(logits, 0)) - 50) < 1e-4);
  logits.dispose();
});

Deno.test("sigmoidCrossEntropy() rejects a target outside [0, 1]", async () => {
  await initBackend("cpu");
  const logits = tf.zeros([1]);
  assert.throws(() => sigmoidCrossEntropy(logits, 1.5), RangeError);
  logits.dispose();
});
