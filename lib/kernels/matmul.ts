/**
 * `BatchMatMul` and `_FusedMatMul` kernels for the `wasm` and `cpu` backends that call native
 * `cblas_sgemm` directly on the backend's tensor memory.
 *
 * Why: the stock wasm kernel (XNNPACK, one thread) runs `A·B` at about 40 GFLOP/s on the
 * development machine but the transposed forms `Aᵀ·B` and `A·Bᵀ`, which every backward pass
 * uses, at about 3 GFLOP/s; OpenBLAS runs them at 160-230 GFLOP/s on both cores (BENCHMARKS.md).
 *
 * Semantics follow TensorFlow.js: inputs of rank ≥ 2, the last two dimensions multiplied after
 * the optional transposes, leading (batch) dimensions broadcast. Handled here: equal batch
 * dimensions, or one side without batch (all leading dimensions 1). Anything else (other
 * broadcasts, non-float32 inputs, `prelu` activation, a bias that is neither a scalar, a row
 * vector nor a full matrix) goes to the stock kernel; on wasm with its inputs copied first,
 * because the stock kernel caches packed operands by tensor id and the fused Adam step updates
 * weights in place.
 *
 * `_FusedMatMul` fills the output with the broadcast bias, runs `sgemm` with `beta = 1` and
 * applies the activation in place (linear, relu, relu6, leakyrelu, elu, sigmoid). In gradient
 * mode TensorFlow.js fuses only `linear` (see tfjs-core `shouldFuse`), so training uses the
 * bias path and the activation path serves inference (generation).
 * @module
 */
import type * as tf from "@tensorflow/tfjs-core";
import type { Sgemm } from "./blas.ts";
import type { HostStorage } from "./_storage.ts";

/** The stock kernel function to fall back to. */
export type KernelFunc = (args: {
  inputs: Record<string, tf.TensorInfo | undefined>;
  backend: unknown;
  attrs?: Record<string, unknown>;
}) => tf.TensorInfo | tf.TensorInfo[];

interface Plan {
  batch: number;
  strideA: number;
  strideB: number;
  m: number;
  n: number;
  k: number;
  outShape: number[];
}

/**
 * Calls the stock kernel. On wasm its inputs are first copied to fresh buffers: the stock wasm
 * matMul caches packed operands by tensor id, and a variable updated in place by the fused Adam
 * step keeps its id, so the cache would otherwise serve stale weights.
 */
function _stock(
  args: Parameters<KernelFunc>[0],
  storage: HostStorage,
  fallback: KernelFunc,
): tf.TensorInfo | tf.TensorInfo[] {
  if (!storage.memory) return fallback(args);
  const copies: tf.TensorInfo[] = [];
  const inputs: Record<string, tf.TensorInfo | undefined> = {};
  for (const [key, t] of Object.entries(args.inputs)) {
    if (!t || t.dtype !== "float32") {
      inputs[key] = t;
      continue;
    }
    const copy = storage.alloc(t.shape.slice());
    storage.view(copy)!.set(storage.view(t)!);
    copies.push(copy);
    inputs[key] = copy;
  }
  try {
    return fallback({ ...args, inputs });
  } finally {
    for (const c of copies) storage.free(c);
  }
}

function _size(shape: readonly number[]): number {
  let s = 1;
  for (const d of shape) s *= d;
  return s;
}

/**
 * Works out the sgemm calls for a batched product, or `undefined` when the broadcast is one
 * this kernel does not handle.
 */
function _plan(
  aShape: readonly number[],
  bShape: readonly number[],
  transA: boolean,
  transB: boolean,
): Plan | undefined {
  const ra = aShape.length, rb = bShape.length;
  if (ra < 2 || rb < 2) return undefined;
  const m = transA ? aShape[ra - 1] : aShape[ra - 2];
  const k = transA ? aShape[ra - 2] : aShape[ra - 1];
  const kb = transB ? bShape[rb - 1] : bShape[rb - 2];
  const n = transB ? bShape[rb - 2] : bShape[rb - 1];
  if (k !== kb) return undefined;
  const outerA = aShape.slice(0, -2), outerB = bShape.slice(0, -2);
  const batchA = _size(outerA), batchB = _size(outerB);
  let outer: number[];
  if (batchA === 1 && batchB === 1) {
    outer = (outerA.length >= outerB.length ? outerA : outerB).slice();
  } else if (batchB === 1 && outerB.length <= outerA.length) {
    outer = outerA.slice();
  } else if (batchA === 1 && outerA.length <= outerB.length) {
    outer = outerB.slice();
  } else if (
    outerA.length === outerB.length && outerA.every((d, i) => d === outerB[i])
  ) {
    outer = outerA.slice();
  } else {
    return undefined;
  }
  return {
    batch: Math.max(batchA, batchB),
    strideA: batchA === 1 ? 0 : m * k,
    strideB: batchB === 1 ? 0 : k * n,
    m,
    n,
    k,
    outShape: [...outer, m, n],
  };
}

function _run(
  sgemm: Sgemm,
  p: Plan,
  transA: boolean,
  transB: boolean,
  a: Float32Array,
  b: Float32Array,
  c: Float32Array,
  beta: number,
): void {
  const mn = p.m * p.n;
  if (p.k === 0) {
    if (beta === 0) c.fill(0);
    return;
  }
  if (p.batch === 1) {
    sgemm(transA, transB, p.m, p.n, p.k, 1, a, b, beta, c);
    return;
  }
  const mk = p.m * p.k, kn = p.k * p.n;
  for (let i = 0; i < p.batch; i++) {
    sgemm(
      transA,
      transB,
      p.m,
      p.n,
      p.k,
      1,
      a.subarray(i * p.strideA, i * p.strideA + mk),
      b.subarray(i * p.strideB, i * p.strideB + kn),
      beta,
      c.subarray(i * mn, (i + 1) * mn),
    );
  }
}

/**
 * Builds a `BatchMatMul` kernel function.
 * @param sgemm native product
 * @param storage access to the backend's memory
 * @param fallback the stock kernel, used for cases this kernel does not handle
 * @returns a kernel function for `tf.registerKernel`
 */
export function makeBatchMatMul(
  sgemm: Sgemm,
  storage: HostStorage,
  fallback: KernelFunc,
): KernelFunc {
  return (args) => {
    const { a, b } = args.inputs as { a: tf.TensorInfo; b: tf.TensorInfo };
    const transA = Boolean(args.attrs?.transposeA), transB = Boolean(args.attrs?.transposeB);
    const p = a.dtype === "float32" && b.dtype === "float32"
      ? _plan(a.shape, b.shape, transA, transB)
      : undefined;
    if (!p) return _stock(args, storage, fallback);
    const out = storage.alloc(p.outShape);
    // Views only after the allocation: it may have grown (and replaced) the wasm heap.
    const va = storage.view(a), vb = storage.view(b), vc = storage.view(out);
    if (!va || !vb || !vc) throw new Error("BatchMatMul: float32 tensor data not found");
    _run(sgemm, p, transA, transB, va, vb, vc, 0);
    return out;
  };
}

type Activation = (x: Float32Array, alpha: number) => void;

const ACTIVATIONS: Record<string, Activation | null> = {
  linear: null,
  relu: (x) => {
    for (let i = 0; i < x.length; i++) if (x[i] < 0) x[i] = 0;
  },
  relu6: (x) => {
    for (let i = 0; i < x.length; i++) x[i] = Math.min(Math.max(x[i], 0), 6);
  },
  leakyrelu: (x, alpha) => {
    for (let i = 0; i < x.length; i++) if (x[i] < 0) x[i] = x[i] * alpha;
  },
  elu: (x) => {
    for (let i = 0; i < x.length; i++) if (x[i] < 0) x[i] = Math.exp(x[i]) - 1;
  },
  sigmoid: (x) => {
    for (let i = 0; i < x.length; i++) x[i] = 1 / (1 + Math.exp(-x[i]));
  },
};

/**
 * Builds a `_FusedMatMul` kernel function (matMul + bias + activation).
 * @param sgemm native product
 * @param storage access to the backend's memory
 * @param fallback the stock kernel, used for cases this kernel does not handle
 * @returns a kernel function for `tf.registerKernel`
 */
export function makeFusedMatMul(
  sgemm: Sgemm,
  storage: HostStorage,
  fallback: KernelFunc,
): KernelFunc {
  return (args) => {
    const { a, b, bias, preluActivationWeights } = args.inputs as Record<
      string,
      tf.TensorInfo | undefined
    >;
    const attrs = args.attrs ?? {};
    const transA = Boolean(attrs.transposeA), transB = Boolean(attrs.transposeB);
    const activation = String(attrs.activation ?? "linear");
    const alpha = Number(attrs.leakyreluAlpha ?? 0.2);
    const act = ACTIVATIONS[activation];
    if (
      !a || !b || a.dtype !== "float32" || b.dtype !== "float32" || act === undefined ||
      preluActivationWeights != null || (bias && bias.dtype !== "float32")
    ) return _stock(args, storage, fallback);
    const p = _plan(a.shape, b.shape, transA, transB);
    if (!p) return _stock(args, storage, fallback);
    const total = p.batch * p.m * p.n;
    let biasKind: "none" | "scalar" | "row" | "matrix" | "full" = "none";
    if (bias) {
      const bs = _size(bias.shape), r = bias.shape.length;
      const lastTwo = r >= 2 && bias.shape[r - 2] === p.m && bias.shape[r - 1] === p.n;
      if (bs === 1) biasKind = "scalar";
      else if (bs === p.n && bias.shape[r - 1] === p.n) biasKind = "row";
      else if (lastTwo && bs === p.m * p.n) biasKind = "matrix";
      else if (lastTwo && bs === total) biasKind = "full";
      else return _stock(args, storage, fallback);
    }
    const out = storage.alloc(p.outShape);
    const va = storage.view(a), vb = storage.view(b), vc = storage.view(out);
    if (!va || !vb || !vc) throw new Error("_FusedMatMul: float32 tensor data not found");
    let beta = 0;
    if (bias) {
      const vbias = storage.view(bias);
      if (!vbias) throw new Error("_FusedMatMul: float32 bias data not found");
      if (biasKind === "scalar") vc.fill(vbias[0]);
      else if (biasKind === "full") vc.set(vbias);
      else {
        const step = biasKind === "row" ? p.n : p.m * p.n;
        for (let r = 0; r < total; r += step) vc.set(vbias, r);
      }
      beta = 1;
    }
    _run(sgemm, p, transA, transB, va, vb, vc, beta);
    if (act) act(vc, alpha);
    return out;
  };
}
