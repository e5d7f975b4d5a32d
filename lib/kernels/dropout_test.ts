import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import "./gradients.ts";
import { Rng } from "../random.ts";
import { dropout } from "./dropout.ts";

Deno.test("dropout() keeps each element with probability 1 - rate and scales it by 1/(1 - rate)", async () => {
  await tf.setBackend("cpu");
  const y = dropout(tf.ones([100, 100]), 0.2, 7);
  const v = y.dataSync();
  let kept = 0;
  for (const e of v) {
    assert.ok(e === 0 || e === Math.fround(1.25), `unexpected value ${e}`);
    if (e > 0) kept++;
  }
  // 10,000 Bernoulli(0.8) draws: standard deviation 40, so ±200 is five sigma.
  assert.ok(Math.abs(kept - 8000) < 200, `kept ${kept} of 10000`);
  y.dispose();
});

Deno.test("dropout() takes its keep decisions from Rng(seed), so a seed fixes the mask", async () => {
  await tf.setBackend("cpu");
  const m = dropout(tf.ones([257]), 0.5, 11).dataSync();
  const rng = new Rng(11);
  for (let i = 0; i < 257; i++) assert.equal(m[i] > 0, rng.uint32() >= 2 ** 31, `element ${i}`);
  assert.deepStrictEqual(dropout(tf.ones([257]), 0.5, 11).dataSync(), m);
  assert.notDeepStrictEqual(dropout(tf.ones([257]), 0.5, 12).dataSync(), m);
});

Deno.test("dropout() passes gradients through the kept elements only, with the same scale", async () => {
  await tf.setBackend("cpu");
  const x = tf.tensor1d([1, 2, 3, 4, 5, 6, 7, 8]);
  const mask = dropout(tf.onesLike(x), 0.5, 3).dataSync();
  const [g] = tf.grads((x: tf.Tensor) => tf.sum(dropout(x, 0.5, 3)))([x]);
  assert.deepStrictEqual(g.dataSync(), mask);
});

Deno.test("dropout() with rate 0 returns the input values and rejects bad arguments", async () => {
  await tf.setBackend("cpu");
  const x = tf.tensor1d([1, -2, 3]);
  assert.deepStrictEqual(Array.from(dropout(x, 0, 1).dataSync()), [1, -2, 3]);
  assert.throws(() => dropout(x, 1, 1), RangeError);
  assert.throws(() => dropout(x, 0.5, 1.5), RangeError);
});
