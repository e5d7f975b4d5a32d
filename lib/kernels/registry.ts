/**
 * Switching the fast kernels on and off for a backend.
 *
 * {@linkcode installFastKernels} replaces, on the `wasm` or `cpu` backend:
 * - `BatchMatMul`, `_FusedMatMul`: native `cblas_sgemm` (OpenBLAS, Accelerate, or another CBLAS;
 *   `blas.ts`) on the backend's memory, or, where no CBLAS library loads, the portable
 *   WebAssembly SIMD product on all cores (`portable_gemm.ts`) (`matmul.ts`);
 * - `LeakyRelu` and its gradient: one pass each (wasm: SIMD), instead of a non-SIMD kernel and
 *   a three-kernel gradient (`leaky_relu.ts`);
 * - `GatherV2` (every mini-batch): one block copy per row instead of the stock element loop
 *   (`gather.ts`);
 * - wasm `Identity`: shares the buffer instead of copying it (the engine clones every tensor it
 *   saves for the backward pass);
 * - and turns on the fused, in-place Adam step behind `adamUpdate` (`adam.ts`).
 *
 * {@linkcode uninstallFastKernels} restores the stock kernels, so the plain path stays available
 * in the same process (the equality tests switch back and forth).
 *
 * Opt-out: `SER_KERNELS=builtin` in the environment, or `{kernels: "builtin"}`;
 * `SER_KERNELS=portable` (or `{kernels: "portable"}`) takes the portable product even where a
 * CBLAS library is installed. Automatic fallback: without a CBLAS library or without FFI
 * permission (`--allow-ffi`) the portable product runs; only where that cannot run either
 * (no WebAssembly SIMD) do the matrix products stay stock, and on wasm so does Adam (the stock
 * wasm matMul caches packed weights by tensor id, which an in-place update would make stale);
 * {@linkcode KernelStatus} says which and why.
 * @module
 */
import * as tf from "@tensorflow/tfjs-core";
import { loadBlas, type NativeKernels, type Sgemm } from "./blas.ts";
import { hostStorage } from "./_storage.ts";
import { portableSgemm, startPortableGemm } from "./portable_gemm.ts";
import { makeGather } from "./gather.ts";
import { type KernelFunc, makeBatchMatMul, makeFusedMatMul } from "./matmul.ts";
import {
  LEAKY_RELU_GRAD,
  leakyReluGradConfig,
  makeLeakyRelu,
  makeLeakyReluGrad,
} from "./leaky_relu.ts";

/**
 * Which kernels to use: `auto` honours `SER_KERNELS` (`builtin` or `portable`) and is `fast`
 * otherwise; `fast` takes a native CBLAS when one loads and the portable product otherwise;
 * `portable` never loads a native library; `builtin` keeps the stock kernels.
 */
export type KernelChoice = "auto" | "fast" | "portable" | "builtin";

/** The accepted {@linkcode KernelChoice} names. */
export const KERNEL_CHOICES: readonly KernelChoice[] = Object.freeze([
  "auto",
  "fast",
  "portable",
  "builtin",
]);

/** What a backend ended up with. */
export interface KernelStatus {
  /**
   * `openblas`, `accelerate` or `blas` (native matrix products from that library + fused Adam
   * + leaky-ReLU kernels), `portable` (the same with the WebAssembly SIMD product on all cores
   * instead of a native library), `partial` (neither runs here: stock matrix products,
   * leaky-ReLU kernels, and on `cpu` the fused Adam), or `builtin` (stock TensorFlow.js
   * kernels, composed Adam).
   */
  readonly kernels: NativeKernels | "portable" | "partial" | "builtin";
  /** Why the native or the whole fast path is off; absent when a native library runs. */
  readonly reason?: string;
  /** The native library that was loaded, when one was. */
  readonly library?: string;
}

const HOT_KERNELS = ["BatchMatMul", "_FusedMatMul"] as const;

interface Installed {
  readonly originals: Map<string, tf.KernelConfig>;
  readonly status: KernelStatus;
  /** Whether the in-place Adam step is safe on this backend (see {@linkcode fusedAdamEnabled}). */
  readonly inPlaceAdam: boolean;
}

const installed = new Map<string, Installed>();
/** The stock LeakyRelu gradient while ours is registered. */
let stockLeakyReluGrad: tf.GradConfig | undefined;

function _envChoice(): string | undefined {
  try {
    return Deno.env.get("SER_KERNELS");
  } catch {
    return undefined;
  }
}

/**
 * Installs the fast kernels on a backend that is already initialised (call after
 * `tf.setBackend(name)`, so the stock kernels it replaces are set up). Installing twice is a
 * no-op that returns the first status.
 * @param backendName `wasm` or `cpu`; other backends keep their kernels
 * @param choice `auto` (default: `SER_KERNELS=builtin` opts out), `fast` or `builtin`
 * @returns which kernels are now in use on that backend
 * @throws {RangeError} when `choice` is not one of the three names
 */
export function installFastKernels(
  backendName: string,
  choice: KernelChoice = "auto",
): KernelStatus {
  if (!KERNEL_CHOICES.includes(choice)) {
    throw new RangeError(
      `Kernel choice must be one of ${KERNEL_CHOICES.join(", ")}, found ${choice}`,
    );
  }
  const already = installed.get(backendName);
  if (already) return already.status;
  if (choice === "builtin") return { kernels: "builtin", reason: "builtin kernels requested" };
  let portableReason = "portable kernels requested";
  if (choice === "auto") {
    const env = _envChoice();
    if (env === "builtin") return { kernels: "builtin", reason: "SER_KERNELS=builtin" };
    if (env === "portable") {
      choice = "portable";
      portableReason = "SER_KERNELS=portable";
    }
  }
  const backend = tf.findBackend(backendName);
  const storage = backend ? hostStorage(backendName, backend) : undefined;
  if (!storage) {
    return { kernels: "builtin", reason: `no fast kernels for the ${backendName} backend` };
  }
  const originals = new Map<string, tf.KernelConfig>();
  const blas = choice === "portable" ? undefined : loadBlas();
  let status: KernelStatus;
  let sgemm: Sgemm | undefined;
  if (blas?.ok) {
    sgemm = blas.sgemm;
    status = { kernels: blas.kernels, library: blas.library };
  } else {
    const reason = blas ? blas.reason : portableReason;
    sgemm = portableSgemm(storage.memory);
    if (sgemm) {
      void startPortableGemm();
      status = { kernels: "portable", reason };
    } else {
      status = {
        kernels: "partial",
        reason: `${reason}; the portable product needs WebAssembly SIMD and shared memory`,
      };
    }
  }
  if (sgemm) {
    const makers = { BatchMatMul: makeBatchMatMul, _FusedMatMul: makeFusedMatMul };
    for (const name of HOT_KERNELS) {
      const stock = tf.getKernel(name, backendName);
      if (!stock) continue;
      const kernelFunc = makers[name](sgemm, storage, stock.kernelFunc as KernelFunc);
      _replace(originals, name, backendName, kernelFunc as tf.KernelFunc);
    }
  }
  if (backendName === "wasm") _replace(originals, "Identity", backendName, _shareIdentity);
  const gather = tf.getKernel("GatherV2", backendName);
  if (gather) {
    _replace(
      originals,
      "GatherV2",
      backendName,
      makeGather(storage, gather.kernelFunc as KernelFunc) as tf.KernelFunc,
    );
  }
  const leaky = tf.getKernel("LeakyRelu", backendName);
  if (leaky) {
    _replace(
      originals,
      "LeakyRelu",
      backendName,
      makeLeakyRelu(storage, leaky.kernelFunc as KernelFunc) as tf.KernelFunc,
    );
  }
  tf.registerKernel({
    kernelName: LEAKY_RELU_GRAD,
    backendName,
    kernelFunc: makeLeakyReluGrad(storage) as tf.KernelFunc,
  });
  if (stockLeakyReluGrad === undefined) {
    stockLeakyReluGrad = tf.getGradient("LeakyRelu");
    tf.registerGradient(leakyReluGradConfig);
  }
  // The stock wasm matMul caches packed weights by tensor id, so it would keep using the old
  // values of a variable updated in place: in-place Adam needs our matMul there.
  const inPlaceAdam = backendName !== "wasm" || sgemm !== undefined;
  installed.set(backendName, { originals, status, inPlaceAdam });
  return status;
}

/**
 * Zero-copy `Identity` for the wasm backend: the stock kernel copies the data, and the engine
 * clones (Identity) every tensor it saves for the backward pass, which cost ~8 % of a training
 * iteration. Sharing the buffer with a reference count is what the cpu backend does; tensors are
 * immutable, and the in-place Adam step checks the count before writing.
 */
const _shareIdentity: tf.KernelFunc = ({ inputs, backend }) => {
  const x = inputs.x as tf.TensorInfo;
  (backend as unknown as { incRef(dataId: object): void }).incRef(x.dataId);
  return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
};

function _replace(
  originals: Map<string, tf.KernelConfig>,
  kernelName: string,
  backendName: string,
  kernelFunc: tf.KernelFunc,
): void {
  const stock = tf.getKernel(kernelName, backendName);
  if (!stock) return;
  originals.set(kernelName, stock);
  tf.unregisterKernel(kernelName, backendName);
  tf.registerKernel({ kernelName, backendName, kernelFunc });
}

/**
 * Restores the stock kernels and the composed Adam step on a backend.
 * @param backendName the backend to restore; all backends when omitted
 */
export function uninstallFastKernels(backendName?: string): void {
  for (const [name, entry] of installed) {
    if (backendName !== undefined && name !== backendName) continue;
    for (const [kernelName, config] of entry.originals) {
      tf.unregisterKernel(kernelName, name);
      tf.registerKernel(config);
    }
    if (tf.getKernel(LEAKY_RELU_GRAD, name)) tf.unregisterKernel(LEAKY_RELU_GRAD, name);
    installed.delete(name);
  }
  if (installed.size === 0 && stockLeakyReluGrad !== undefined) {
    tf.registerGradient(stockLeakyReluGrad);
    stockLeakyReluGrad = undefined;
  }
}

/**
 * The kernels in use on a backend.
 * @param backendName a backend name; the active backend when omitted
 * @returns the status recorded by {@linkcode installFastKernels}, or `builtin`
 */
export function kernelStatus(backendName: string = tf.getBackend()): KernelStatus {
  return installed.get(backendName)?.status ?? { kernels: "builtin" };
}

/**
 * Whether `adamUpdate` may use the fused in-place step on this backend: fast kernels are
 * installed there and, on `wasm`, the matrix products are ours (the stock wasm matMul caches
 * packed weights by tensor id and would not see an in-place update).
 * @param backendName a backend name
 * @returns true when the in-place step is allowed
 */
export function fusedAdamEnabled(backendName: string): boolean {
  return installed.get(backendName)?.inPlaceAdam ?? false;
}
