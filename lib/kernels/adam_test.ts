import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import "@tensorflow/tfjs-backend-wasm";
import "./gradients.ts";
import { Rng } from "../random.ts";
import { type AdamStep, adamUpdate, adamUpdatePlain } from "./adam.ts";
import { fusedAdamEnabled, installFastKernels, uninstallFastKernels } from "./registry.ts";

const H = { learningRate: 2e-4, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 };

function values(n: number, rng: Rng, scale = 1): Float32Array {
  const v = new Float32Array(n);
  for (let i = 0; i < n; i++) v[i] = (2 * rng.float() - 1) * scale;
  return v;
}

/**
 * Three Adam steps from the same start; returns w, m, v after them. The variables own their
 * buffers (made inside `tf.tidy`), so the fused path runs in place: `inPlace` says whether the
 * variable kept its buffer.
 */
function run(
  update: typeof adamUpdate,
  w0: Float32Array,
  grads: Float32Array[],
  inPlace: boolean,
): Float32Array[] {
  const shape = [w0.length];
  const [w, m, v] = tf.tidy(() => [
    tf.variable(tf.tensor1d(w0)),
    tf.variable(tf.zeros(shape)),
    tf.variable(tf.zeros(shape)),
  ]);
  const dataId = w.dataId;
  grads.forEach((g, i) => {
    const gt = tf.tensor1d(g);
    update(w, gt, m, v, { ...H, step: i + 1 });
    gt.dispose();
  });
  assert.equal(w.dataId === dataId, inPlace);
  const out = [w, m, v].map((t) => t.dataSync() as Float32Array);
  tf.dispose([w, m, v]);
  return out;
}

for (const backend of ["wasm", "cpu"]) {
  Deno.test(`adamUpdate() on ${backend} moves a weight by about lr·sign(g) on the first step`, async () => {
    await tf.setBackend(backend);
    installFastKernels(backend, "fast");
    // Hand computation, t = 1: m = 0.1·g, v = 0.001·g², lr_t = lr·sqrt(0.001)/0.1,
    // step = lr_t·m/(sqrt(v)+ε) = lr·g/|g| (up to ε): w = 1 - 0.1 for g = 0.5, lr = 0.1.
    const w = tf.variable(tf.tensor1d([1, 1, 1, 1, 1]));
    const m = tf.variable(tf.zeros([5])), v = tf.variable(tf.zeros([5]));
    const g = tf.tensor1d([0.5, -0.5, 2, 0, 1e-3]);
    const step: AdamStep = { learningRate: 0.1, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, step: 1 };
    adamUpdate(w, g, m, v, step);
    const got = w.dataSync();
    // For g = 1e-3, ε is not negligible: sqrt(v) = sqrt(0.001)·1e-3.
    const s = Math.sqrt(0.001) * 1e-3;
    const expected = [0.9, 1.1, 0.9, 1, 1 - 0.1 * s / (s + 1e-8)];
    for (let i = 0; i < 5; i++) {
      assert.ok(Math.abs(got[i] - expected[i]) < 1e-5, `w[${i}] = ${got[i]}`);
    }
    assert.ok(Math.abs(m.dataSync()[2] - 0.2) < 1e-7);
    assert.ok(Math.abs(v.dataSync()[2] - 0.004) < 1e-9);
    tf.dispose([w, m, v, g]);
  });

  Deno.test(`fused adamUpdate() on ${backend} is bit-identical to the plain composed ops`, async () => {
    await tf.setBackend(backend);
    installFastKernels(backend, "fast");
    assert.ok(fusedAdamEnabled(backend));
    const rng = new Rng(17);
    // 4103 elements: the SIMD loop plus a scalar tail of 3.
    const w0 = values(4103, rng);
    const grads = [values(4103, rng, 1e-2), values(4103, rng, 1e-5), values(4103, rng, 10)];
    const plain = run(adamUpdatePlain, w0, grads, false);
    const fused = run(adamUpdate, w0, grads, true);
    for (let k = 0; k < 3; k++) assert.deepStrictEqual(fused[k], plain[k]);
  });

  Deno.test(`adamUpdate() on ${backend} never writes into a buffer another tensor shares`, async () => {
    await tf.setBackend(backend);
    installFastKernels(backend, "fast");
    const init = tf.tensor1d([1, 2, 3, 4, 5, 6]);
    const w = tf.variable(init); // shares init's buffer until the first update
    const m = tf.variable(tf.zeros([6])), v = tf.variable(tf.zeros([6]));
    const g = tf.ones([6]);
    adamUpdate(w, g, m, v, { ...H, learningRate: 0.5, step: 1 });
    assert.deepStrictEqual(Array.from(init.dataSync()), [1, 2, 3, 4, 5, 6]);
    assert.ok(Math.abs(w.dataSync()[0] - 0.5) < 1e-5);
    tf.dispose([init, w, m, v, g]);
  });

  Deno.test(`adamUpdate() on ${backend} leaks no tensors on either path`, async () => {
    await tf.setBackend(backend);
    const w = tf.variable(tf.ones([10]));
    const m = tf.variable(tf.zeros([10])), v = tf.variable(tf.zeros([10]));
    const g = tf.ones([10]);
    for (const fast of [true, false]) {
      if (fast) installFastKernels(backend, "fast");
      else uninstallFastKernels(backend);
      adamUpdate(w, g, m, v, { ...H, step: 1 });
      const before = tf.memory().numTensors;
      for (let t = 2; t < 5; t++) adamUpdate(w, g, m, v, { ...H, step: t });
      assert.equal(tf.memory().numTensors, before);
    }
    tf.dispose([w, m, v, g]);
  });
}

Deno.test("the stock wasm matMul sees weights updated by the fused Adam step", async () => {
  await tf.setBackend("wasm");
  installFastKernels("wasm", "fast");
  const x = tf.ones([2, 3]);
  const [w, m, v] = tf.tidy(() =>
    [tf.ones([3, 2]), tf.zeros([3, 2]), tf.zeros([3, 2])].map((t) => tf.variable(t))
  );
  // prelu is not handled by the fast kernel, so this product goes to the stock one.
  const alpha = tf.zeros([2]);
  const product = () =>
    tf.fused.matMul({ a: x, b: w, activation: "prelu", preluActivationWeights: alpha });
  assert.deepStrictEqual(Array.from(tf.tidy(product).dataSync()), [3, 3, 3, 3]);
  const g = tf.onesLike(w);
  for (let t = 1; t <= 2; t++) adamUpdate(w, g, m, v, { ...H, learningRate: 0.5, step: t });
  const expected = tf.tidy(() => tf.matMul(x, w)).dataSync()[0];
  assert.ok(expected < 3);
  assert.ok(Math.abs(tf.tidy(product).dataSync()[0] - expected) < 1e-6);
  tf.dispose([x, w, m, v, alpha, g]);
});
