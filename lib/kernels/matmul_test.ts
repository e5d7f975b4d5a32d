import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import "@tensorflow/tfjs-backend-wasm";
import "./gradients.ts";
import { startPortableGemm } from "./portable_gemm.ts";
import { Rng } from "../random.ts";
import {
  installFastKernels,
  type KernelChoice,
  kernelStatus,
  uninstallFastKernels,
} from "./registry.ts";

function rand(shape: number[], rng: Rng): tf.Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  const v = new Float32Array(n);
  for (let i = 0; i < n; i++) v[i] = 2 * rng.float() - 1;
  return tf.tensor(v, shape);
}

/** The two matrix-product paths: native OpenBLAS and the portable WebAssembly SIMD product. */
const PATHS = [["fast", "openblas"], ["portable", "portable"]] as const;

/** Runs `f` once with the stock kernels and once with the fast ones; returns both results. */
function both(
  backend: string,
  f: () => tf.Tensor,
  choice: KernelChoice = "fast",
): [Float32Array, Float32Array, number[]] {
  uninstallFastKernels(backend);
  const ref = tf.tidy(f);
  const stock = ref.dataSync() as Float32Array;
  const shape = ref.shape;
  ref.dispose();
  const expected = choice === "portable" ? "portable" : "openblas";
  assert.deepStrictEqual(installFastKernels(backend, choice).kernels, expected);
  const out = tf.tidy(f);
  const fast = out.dataSync() as Float32Array;
  assert.deepStrictEqual(out.shape, shape);
  out.dispose();
  return [stock, fast, shape];
}

/**
 * Tolerance for float32 products: the fast and stock kernels sum in different orders, so results
 * differ by rounding, at most about k·ε relative to the magnitudes (k ≤ 1582 here, ε = 6e-8).
 */
const TOL = 1e-4;

function assertClose(a: Float32Array, b: Float32Array, tol: number, label = "") {
  assert.deepStrictEqual(a.length, b.length);
  let worst = 0;
  for (let i = 0; i < a.length; i++) {
    worst = Math.max(worst, Math.abs(a[i] - b[i]) / (1 + Math.abs(a[i])));
  }
  assert.ok(worst <= tol, `${label}: max relative difference ${worst} exceeds ${tol}`);
}

for (const backend of ["wasm", "cpu"]) {
  for (const [choice, path] of PATHS) {
    Deno.test(`BatchMatMul on ${backend} multiplies a hand-computed 2x2 product (${path})`, async () => {
      await tf.setBackend(backend);
      uninstallFastKernels(backend);
      installFastKernels(backend, choice);
      assert.deepStrictEqual(kernelStatus(backend).kernels, path);
      const y = tf.matMul(tf.tensor2d([[1, 2], [3, 4]]), tf.tensor2d([[5, 6], [7, 8]]));
      assert.deepStrictEqual(Array.from(y.dataSync()), [19, 22, 43, 50]);
      const yt = tf.matMul(
        tf.tensor2d([[1, 2], [3, 4]]),
        tf.tensor2d([[5, 6], [7, 8]]),
        true,
        true,
      );
      // [[1,3],[2,4]] · [[5,7],[6,8]]
      assert.deepStrictEqual(Array.from(yt.dataSync()), [23, 31, 34, 46]);
      tf.dispose([y, yt]);
    });

    Deno.test(`BatchMatMul on ${backend} (${path}) matches the stock kernel for every transpose form and batch layout`, async () => {
      await tf.setBackend(backend);
      await startPortableGemm(); // the worker threads are up, so the large cases run on all
      const rng = new Rng(7);
      // [a shape (untransposed m×k), b shape (untransposed k×n)] with batch dims.
      const cases: [number[], number[]][] = [
        [[5, 7], [7, 3]],
        [[64, 1582], [1582, 1000]], // paper-size first generator layer
        [[3, 5, 7], [3, 7, 4]], // equal batch
        [[5, 7], [4, 7, 2]], // a without batch, b batched
        [[2, 3, 5, 7], [7, 6]], // rank 4 a, plain b
        [[1, 5, 7], [2, 7, 3]], // batch of one broadcast
        [[3, 75, 259], [3, 259, 67]], // odd sizes, batch 3: large enough to run on all threads
        [[2, 130, 301], [301, 61]], // odd sizes, batched a, plain b, all threads
        [[1, 1], [1, 1]],
        [[1, 9], [9, 1]], // a dot product
      ];
      for (const [as, bs] of cases) {
        for (const ta of [false, true]) {
          for (const tb of [false, true]) {
            const aShape = ta ? [...as.slice(0, -2), as.at(-1)!, as.at(-2)!] : as;
            const bShape = tb ? [...bs.slice(0, -2), bs.at(-1)!, bs.at(-2)!] : bs;
            const a = rand(aShape, rng), b = rand(bShape, rng);
            const [stock, fast] = both(backend, () => tf.matMul(a, b, ta, tb), choice);
            assertClose(stock, fast, TOL, `${aShape} x ${bShape}, ${ta}, ${tb}`);
            tf.dispose([a, b]);
          }
        }
      }
    });

    Deno.test(`_FusedMatMul on ${backend} (${path}) equals matMul, then bias, then activation`, async () => {
      await tf.setBackend(backend);
      const rng = new Rng(11);
      const a = rand([9, 13], rng), b = rand([13, 6], rng);
      const row = rand([6], rng), scalar = rand([1], rng), full = rand([9, 6], rng);
      const activate: Record<string, (y: tf.Tensor) => tf.Tensor> = {
        linear: (y) => y,
        relu: tf.relu,
        leakyrelu: (y) => tf.leakyRelu(y, 0.2),
        sigmoid: tf.sigmoid,
        elu: tf.elu,
        relu6: tf.relu6,
      };
      for (
        const activation of ["linear", "relu", "leakyrelu", "sigmoid", "elu", "relu6"] as const
      ) {
        for (const bias of [undefined, row, scalar, full]) {
          // Reference: the unfused ops on the stock kernels (the stock wasm fused kernel rejects a
          // rank-2 bias and mishandles a size-1 bias, so it is not the reference).
          const [composed] = both(
            backend,
            () => activate[activation](bias ? tf.add(tf.matMul(a, b), bias) : tf.matMul(a, b)),
            choice,
          );
          const fused = tf.tidy(() =>
            tf.fused.matMul({ a, b, bias, activation, leakyreluAlpha: 0.2 })
          );
          assertClose(
            composed,
            fused.dataSync() as Float32Array,
            TOL,
            `${activation}, bias ${bias?.shape}`,
          );
          fused.dispose();
        }
      }
      const at = tf.transpose(a), bt = tf.transpose(b);
      const [, transposed] = both(
        backend,
        () => tf.fused.matMul({ a: at, b: bt, transposeA: true, transposeB: true, bias: row }),
        choice,
      );
      const [plain] = both(backend, () => tf.add(tf.matMul(a, b), row), choice);
      assertClose(plain, transposed, TOL, "transposed");
      tf.dispose([a, b, row, scalar, full, at, bt]);
    });

    Deno.test(`fast matMul on ${backend} (${path}) gives the stock gradients of a dense layer`, async () => {
      await tf.setBackend(backend);
      const rng = new Rng(3);
      const x = rand([8, 10], rng), w = rand([10, 5], rng), bias = rand([5], rng);
      const grads = () => {
        const g = tf.grads((w: tf.Tensor, bias: tf.Tensor) =>
          tf.sum(tf.square(tf.fused.matMul({ a: x as tf.Tensor2D, b: w as tf.Tensor2D, bias })))
        )([w, bias]);
        return tf.concat([tf.reshape(g[0], [-1]), tf.reshape(g[1], [-1])]);
      };
      const [stock, fast] = both(backend, grads, choice);
      assertClose(stock, fast, TOL);
      tf.dispose([x, w, bias]);
    });

    Deno.test(`fast kernels on ${backend} (${path}) leak no tensors`, async () => {
      await tf.setBackend(backend);
      uninstallFastKernels(backend);
      installFastKernels(backend, choice);
      const rng = new Rng(5);
      const a = rand([4, 3, 6], rng), b = rand([6, 2], rng);
      tf.dispose(tf.tidy(() => tf.matMul(a, b)));
      const before = tf.memory().numTensors;
      for (let i = 0; i < 3; i++) {
        tf.dispose(
          tf.tidy(() =>
            tf.fused.matMul({ a: tf.reshape(a, [12, 6]) as tf.Tensor2D, b: b as tf.Tensor2D })
          ),
        );
        tf.dispose(tf.tidy(() => tf.matMul(a, b, false, false)));
      }
      assert.deepStrictEqual(tf.memory().numTensors, before);
      tf.dispose([a, b]);
    });
  }
}

Deno.test("uninstallFastKernels() restores the stock kernels and the builtin status", async () => {
  await tf.setBackend("wasm");
  installFastKernels("wasm", "fast");
  const fastKernel = tf.getKernel("BatchMatMul", "wasm");
  uninstallFastKernels("wasm");
  assert.deepStrictEqual(kernelStatus("wasm").kernels, "builtin");
  assert.ok(tf.getKernel("BatchMatMul", "wasm") !== fastKernel);
  assert.deepStrictEqual(installFastKernels("wasm", "builtin").kernels, "builtin");
});
