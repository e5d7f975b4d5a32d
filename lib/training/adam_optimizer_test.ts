import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs-core";
import { initBackend } from "../backend.ts";
import { AdamOptimizer } from "./adam_optimizer.ts";

const SETTINGS = { beta1: 0.9, beta2: 0.999, epsilon: 1e-8 };

Deno.test("AdamOptimizer takes TF1 Adam steps (w = 1, g = 0.5, lr = 0.1 gives 0.9 then 0.8)", async () => {
  await initBackend("cpu");
  const w = tf.variable(tf.tensor1d([1]));
  const opt = new AdamOptimizer("adam_test", [{ name: "w", variable: w }], SETTINGS);
  const g = tf.tensor1d([0.5]);
  // Step 1: m = 0.05, v = 2.5e-4, lr_t = 0.1·sqrt(0.001)/0.1 → update lr_t·m/sqrt(v) = 0.1.
  opt.apply({ [w.name]: g }, 0.1);
  assert.ok(Math.abs(w.dataSync()[0] - 0.9) < 1e-5, `${w.dataSync()[0]}`);
  // Step 2: m = 0.095, v = 4.9975e-4, lr_t = 0.1·sqrt(1 − 0.999²)/(1 − 0.9²) → update 0.1.
  opt.apply({ [w.name]: g }, 0.1);
  assert.ok(Math.abs(w.dataSync()[0] - 0.8) < 1e-5, `${w.dataSync()[0]}`);
  assert.equal(opt.step, 2);
  assert.ok(Math.abs(opt.slots[0].m.dataSync()[0] - 0.095) < 1e-7);
  tf.dispose([w, g]);
  opt.dispose();
});

Deno.test("AdamOptimizer leaves a variable without gradient untouched", async () => {
  await initBackend("cpu");
  const a = tf.variable(tf.tensor1d([1, 2])), b = tf.variable(tf.tensor1d([3]));
  const opt = new AdamOptimizer("adam_test", [
    { name: "a", variable: a },
    { name: "b", variable: b },
  ], SETTINGS);
  const g = tf.tensor1d([1, -1]);
  opt.apply({ [a.name]: g }, 0.01);
  assert.deepEqual([...b.dataSync()], [3]);
  assert.notDeepEqual([...a.dataSync()], [1, 2]);
  tf.dispose([a, b, g]);
  opt.dispose();
});
