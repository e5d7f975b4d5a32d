import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs-core";
import { initBackend } from "../backend.ts";
import { Rng } from "../random.ts";
import { glorotUniform, Mlp } from "./mlp.ts";

Deno.test("Mlp names its variables layer by layer and shapes them from the sizes", async () => {
  await initBackend("cpu");
  const net = new Mlp({ name: "G_0", sizes: [5, 4, 3, 5], alpha: 0.2, dropout: 0.2 }, new Rng(1));
  assert.deepEqual(net.variables.map((v) => [v.name, v.variable.shape]), [
    ["G_0/dense_1/kernel", [5, 4]],
    ["G_0/dense_1/bias", [4]],
    ["G_0/dense_2/kernel", [4, 3]],
    ["G_0/dense_2/bias", [3]],
    ["G_0/dense_3/kernel", [3, 5]],
    ["G_0/dense_3/bias", [5]],
  ]);
  const x = tf.ones([7, 5]) as tf.Tensor2D;
  const y = net.apply(x, new Rng(2));
  assert.deepEqual(y.shape, [7, 5]);
  tf.dispose([x, y]);
  net.dispose();
});

Deno.test("Mlp starts with Glorot-uniform kernels and zero biases, the same for the same seed", async () => {
  await initBackend("cpu");
  const a = new Mlp({ name: "D", sizes: [30, 20, 1], alpha: 0.2, dropout: 0 }, new Rng(9));
  const b = new Mlp({ name: "D", sizes: [30, 20, 1], alpha: 0.2, dropout: 0 }, new Rng(9));
  const k = a.kernels[0].dataSync();
  const limit = Math.sqrt(6 / 50);
  assert.ok(k.every((v) => Math.abs(v) <= limit));
  assert.ok(Math.max(...k) > limit * 0.9 && Math.min(...k) < -limit * 0.9);
  assert.ok(a.biases.every((bias) => bias.dataSync().every((v) => v === 0)));
  assert.deepEqual(k, b.kernels[0].dataSync());
  assert.deepEqual(glorotUniform(3, 2, new Rng(4)), glorotUniform(3, 2, new Rng(4)));
  a.dispose();
  b.dispose();
});

Deno.test("Mlp.apply() computes leakyRelu(x W1 + b1) W2 + b2 with dropout off", async () => {
  await initBackend("cpu");
  const net = new Mlp({ name: "C", sizes: [2, 2, 1], alpha: 0.2, dropout: 0.5 }, new Rng(1));
  net.kernels[0].assign(tf.tensor2d([[1, -1], [2, 1]]));
  net.biases[0].assign(tf.tensor1d([0, -1]));
  net.kernels[1].assign(tf.tensor2d([[1], [10]]));
  net.biases[1].assign(tf.tensor1d([0.5]));
  const x = tf.tensor2d([[1, 1], [-1, 0]]);
  const y = net.apply(x, null);
  // row 0: h = [3, -1] → leaky [3, -0.2] → 3 − 2 + 0.5 = 1.5
  // row 1: h = [-1, 0] → leaky [-0.2, 0] → −0.2 + 0.5 = 0.3
  const out = y.dataSync();
  assert.ok(Math.abs(out[0] - 1.5) < 1e-6 && Math.abs(out[1] - 0.3) < 1e-6, `${out}`);
  tf.dispose([x, y]);
  net.dispose();
});

Deno.test("Mlp.apply() drops hidden units with the seeded rate and is repeatable per seed", async () => {
  await initBackend("cpu");
  const net = new Mlp({ name: "G", sizes: [4, 400, 1], alpha: 0.2, dropout: 0.5 }, new Rng(1));
  net.kernels[1].assign(tf.ones([400, 1]));
  const x = tf.ones([1, 4]) as tf.Tensor2D;
  // Count zeroed hidden units through a first layer that is all ones: h = 4 per unit.
  net.kernels[0].assign(tf.ones([4, 400]));
  const full = net.apply(x, null).dataSync()[0];
  const a = net.apply(x, new Rng(5)).dataSync()[0];
  const b = net.apply(x, new Rng(5)).dataSync()[0];
  assert.equal(full, 1600);
  assert.equal(a, b);
  // Kept units are scaled by 1 / 0.5, so a = 8 · kept; about half are kept.
  const kept = a / 8;
  assert.ok(kept > 150 && kept < 250, `kept ${kept} of 400`);
  x.dispose();
  net.dispose();
});

Deno.test("Mlp rejects bad sizes and inputs of the wrong width", async () => {
  await initBackend("cpu");
  assert.throws(
    () => new Mlp({ name: "X", sizes: [3], alpha: 0.2, dropout: 0 }, new Rng(1)),
    RangeError,
  );
  assert.throws(
    () => new Mlp({ name: "X", sizes: [3, 2], alpha: 0.2, dropout: 1 }, new Rng(1)),
    RangeError,
  );
  const net = new Mlp({ name: "X", sizes: [3, 2], alpha: 0.2, dropout: 0 }, new Rng(1));
  const x = tf.zeros([1, 4]) as tf.Tensor2D;
  assert.throws(() => net.apply(x, null), /expects input of shape \[batch, 3\]/);
  x.dispose();
  net.dispose();
});
