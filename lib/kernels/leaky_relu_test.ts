import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import "@tensorflow/tfjs-backend-wasm";
import "./gradients.ts";
import { Rng } from "../random.ts";
import { installFastKernels, uninstallFastKernels } from "./registry.ts";

function forwardAndGrad(x: tf.Tensor, dy: tf.Tensor): Float32Array[] {
  const f = (x: tf.Tensor) => tf.leakyRelu(x, 0.2);
  const y = tf.tidy(() => f(x));
  const [dx] = tf.grads(f)([x], dy);
  const out = [y.dataSync() as Float32Array, dx.dataSync() as Float32Array];
  tf.dispose([y, dx]);
  return out;
}

for (const backend of ["wasm", "cpu"]) {
  Deno.test(`leaky ReLU kernels on ${backend} give hand-computed values and gradients`, async () => {
    await tf.setBackend(backend);
    installFastKernels(backend, "fast");
    const x = tf.tensor1d([-2, -0.5, 0, 0.5, 3]);
    const dy = tf.tensor1d([1, 2, 3, 4, 5]);
    const [y, dx] = forwardAndGrad(x, dy);
    assert.deepStrictEqual(Array.from(y), [-0.4, -0.1, 0, 0.5, 3].map(Math.fround));
    // dx = dy where x > 0, else 0.2·dy (x = 0 takes the 0.2 branch, as tfjs does).
    assert.deepStrictEqual(Array.from(dx), [0.2, 0.4, 0.6, 4, 5].map(Math.fround));
    tf.dispose([x, dy]);
  });

  Deno.test(`leaky ReLU kernels on ${backend} are bit-identical to the stock ops`, async () => {
    await tf.setBackend(backend);
    const rng = new Rng(23);
    const n = 64 * 1000 + 3; // SIMD body and scalar tail
    const xv = new Float32Array(n), dv = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      xv[i] = 2 * rng.float() - 1;
      dv[i] = 2 * rng.float() - 1;
    }
    const x = tf.tensor1d(xv), dy = tf.tensor1d(dv);
    uninstallFastKernels(backend);
    const stock = forwardAndGrad(x, dy);
    installFastKernels(backend, "fast");
    const fast = forwardAndGrad(x, dy);
    for (const k of [0, 1]) {
      let differ = 0;
      for (let i = 0; i < n; i++) if (!Object.is(fast[k][i], stock[k][i])) differ++;
      assert.equal(differ, 0, `${k === 0 ? "forward" : "gradient"}: ${differ} values differ`);
    }
    tf.dispose([x, dy]);
  });
}
