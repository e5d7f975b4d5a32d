import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import "./gradients.ts";
import { Rng } from "../random.ts";
import { dense } from "./dense.ts";

function rand(shape: [number, number] | [number], rng: Rng): tf.Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  return tf.tensor(Array.from({ length: n }, () => 2 * rng.float() - 1), shape);
}

Deno.test("dense() computes x·W + b, hand-checked on a 1x2 by 2x2 example", async () => {
  await tf.setBackend("cpu");
  const y = dense(tf.tensor2d([[1, 2]]), tf.tensor2d([[1, 2], [3, 4]]), tf.tensor1d([10, 20]));
  assert.deepStrictEqual(Array.from(y.dataSync()), [17, 30]);
});

Deno.test("dense() has the gradients of the fused form and computes only the ones asked for", async () => {
  await tf.setBackend("cpu");
  const rng = new Rng(1);
  const x = rand([5, 4], rng) as tf.Tensor2D, w = rand([4, 3], rng) as tf.Tensor2D;
  const b = rand([3], rng);
  const loss = (f: typeof dense) => (w: tf.Tensor) => tf.sum(tf.square(f(x, w as tf.Tensor2D, b)));
  const fused = (x: tf.Tensor2D, w: tf.Tensor2D, b: tf.Tensor) =>
    tf.fused.matMul({ a: x, b: w, bias: b }) as tf.Tensor2D;
  const [gDense] = tf.grads(loss(dense))([w]);
  const [gFused] = tf.grads(loss(fused))([w]);
  const a = gDense.dataSync(), c = gFused.dataSync();
  for (let i = 0; i < a.length; i++) assert.ok(Math.abs(a[i] - c[i]) < 1e-5, `element ${i}`);
  // Forward product + the weight gradient only: the input's gradient is never computed.
  const profile = await tf.profile(() => tf.grads(loss(dense))([w]));
  assert.equal(profile.kernels.filter((k) => k.name === "BatchMatMul").length, 2);
  const fusedProfile = await tf.profile(() => tf.grads(loss(fused))([w]));
  assert.equal(fusedProfile.kernels.filter((k) => k.name === "BatchMatMul").length, 2);
  assert.equal(fusedProfile.kernels.filter((k) => k.name === "_FusedMatMul").length, 1);
});
