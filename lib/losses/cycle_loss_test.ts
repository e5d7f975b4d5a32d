import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs-core";
import { initBackend } from "../backend.ts";
import { cycleLoss } from "./cycle_loss.ts";

Deno.test("cycleLoss() is the element-mean squared error of both directions, summed", async () => {
  await initBackend("cpu");
  const s = tf.tensor2d([[1, 2]]), rs = tf.tensor2d([[1, 4]]);
  const t = tf.tensor2d([[0, 0], [1, 1]]), rt = tf.tensor2d([[0, 1], [1, 1]]);
  const loss = cycleLoss(s, rs, t, rt);
  // (0² + 2²) / 2 + (0 + 1 + 0 + 0) / 4 = 2 + 0.25
  assert.equal(loss.dataSync()[0], 2.25);
  tf.dispose([s, rs, t, rt, loss]);
});

Deno.test("cycleLoss() is zero for perfect reconstruction", async () => {
  await initBackend("cpu");
  const s = tf.tensor2d([[0.3, -2]]), t = tf.tensor2d([[5, 1]]);
  const loss = cycleLoss(s, s, t, t);
  assert.equal(loss.dataSync()[0], 0);
  tf.dispose([s, t, loss]);
});

Deno.test("cycleLoss() rejects a reconstruction of another shape", async () => {
  await initBackend("cpu");
  const s = tf.zeros([2, 3]), r = tf.zeros([2, 2]);
  assert.throws(() => cycleLoss(s, r, s, s), RangeError);
  assert.throws(() => cycleLoss(s, s, s, r), RangeError);
  tf.dispose([s, r]);
});
