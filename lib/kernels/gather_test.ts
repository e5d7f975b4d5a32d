import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import "@tensorflow/tfjs-backend-wasm";
import { Rng } from "../random.ts";
import { installFastKernels, uninstallFastKernels } from "./registry.ts";

function gatherBoth(backend: string, f: () => tf.Tensor): [Float32Array, Float32Array] {
  uninstallFastKernels(backend);
  const stock = tf.tidy(f);
  const s = stock.dataSync() as Float32Array, shape = stock.shape;
  stock.dispose();
  installFastKernels(backend, "fast");
  const fast = tf.tidy(f);
  assert.deepStrictEqual(fast.shape, shape);
  const out = fast.dataSync() as Float32Array;
  fast.dispose();
  return [s, out];
}

for (const backend of ["wasm", "cpu"]) {
  Deno.test(`GatherV2 on ${backend} equals the stock kernel bit for bit for every axis`, async () => {
    await tf.setBackend(backend);
    const rng = new Rng(3);
    const x = tf.tensor3d(Array.from({ length: 5 * 6 * 7 }, () => rng.float()), [5, 6, 7]);
    const cases: [number[], number][] = [
      [[4, 0, 4, 2], 0],
      [[5, 1], 1],
      [[6, 6, 0], 2],
      [[3], -1],
      [[], 0],
    ];
    for (const [idx, axis] of cases) {
      const [stock, fast] = gatherBoth(
        backend,
        () => tf.gather(x, tf.tensor1d(idx, "int32"), axis),
      );
      assert.deepStrictEqual(fast, stock, `indices ${idx}, axis ${axis}`);
    }
    const [s2, f2] = gatherBoth(
      backend,
      () => tf.gather(x, tf.tensor2d([[1, 2], [3, 0]], [2, 2], "int32")),
    );
    assert.deepStrictEqual(f2, s2, "2-D indices");
    const [s3, f3] = gatherBoth(
      backend,
      () => tf.gather(tf.tensor1d([1, 2, 3], "int32"), tf.tensor1d([2, 0], "int32")),
    );
    assert.deepStrictEqual(f3, s3, "int32 values go to the stock kernel");
    x.dispose();
  });

  Deno.test(`GatherV2 on ${backend} leaves out-of-range indices to the stock kernel's error`, async () => {
    await tf.setBackend(backend);
    installFastKernels(backend, "fast");
    const x = tf.tensor2d([[1, 2], [3, 4]]);
    const bad = tf.tensor1d([2], "int32"), good = tf.tensor1d([1, 0], "int32");
    assert.throws(() => tf.gather(x, bad), /index value 2 is not in \[0, 1\]/);
    const before = tf.memory().numTensors;
    const y = tf.gather(x, good);
    assert.deepStrictEqual(Array.from(y.dataSync()), [3, 4, 1, 2]);
    y.dispose();
    assert.equal(tf.memory().numTensors, before);
    tf.dispose([bad, good]);
    x.dispose();
  });
}
