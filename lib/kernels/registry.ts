/**
 * Switching the fast kernels on and off for a backend.
 *
 * {@linkcode installFastKernels} replaces the `BatchMatMul` and `_FusedMatMul` kernels of the
 * `wasm` or `cpu` backend with native-BLAS versions (see `matmul.ts`) and turns on the fused,
 * in-place Adam step behind `adamUpdate` (see `adam.ts`); {@linkcode uninstallFastKernels}
 * restores the stock kernels, so the plain path stays available in the same process (the
 * equality tests switch back and forth).
 *
 * Opt-out: `SER_KERNELS=builtin` in the environment, or `{kernels: "builtin"}`. Automatic
 * fallback: without `libopenblas.so.0` or without FFI permission (`--allow-ffi`) the matrix
 * products stay stock and only the fused Adam step is used; {@linkcode KernelStatus.kernels}
 * says which.
 * @module
 */
import * as tf from "@tensorflow/tfjs-core";
import { loadBlas } from "./blas.ts";
import { hostStorage } from "./_storage.ts";
import { type KernelFunc, makeBatchMatMul, makeFusedMatMul } from "./matmul.ts";
import {
  LEAKY_RELU_GRAD,
  leakyReluGradConfig,
  makeLeakyRelu,
  makeLeakyReluGrad,
} from "./leaky_relu.ts";

/** Which kernels to use: `auto` honours `SER_KERNELS`, `fast` tries native BLAS, `builtin` never. */
export type KernelChoice = "auto" | "fast" | "builtin";

/** What a backend ended up with. */
export interface KernelStatus {
  /**
   * `openblas` (native matrix products + fused Adam), `fused-adam` (BLAS unavailable: stock
   * matrix products, fused Adam) or `builtin` (stock TensorFlow.js kernels, composed Adam).
   */
  readonly kernels: "openblas" | "fused-adam" | "builtin";
  /** Why the fast path is partly or wholly off; absent when everything is on. */
  readonly reason?: string;
}

const HOT_KERNELS = ["BatchMatMul", "_FusedMatMul"] as const;

interface Installed {
  readonly originals: Map<string, tf.KernelConfig>;
  readonly status: KernelStatus;
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
  if (choice !== "auto" && choice !== "fast" && choice !== "builtin") {
    throw new RangeError(`Kernel choice must be auto, fast or builtin, found ${choice}`);
  }
  const already = installed.get(backendName);
  if (already) return already.status;
  if (choice === "builtin") return { kernels: "builtin", reason: "builtin kernels requested" };
  if (choice === "auto") {
    const env = _envChoice();
    if (env === "builtin") return { kernels: "builtin", reason: "SER_KERNELS=builtin" };
  }
  const backend = tf.findBackend(backendName);
  const storage = backend ? hostStorage(backendName, backend) : undefined;
  if (!storage) {
    return { kernels: "builtin", reason: `no fast kernels for the ${backendName} backend` };
  }
  const originals = new Map<string, tf.KernelConfig>();
  const blas = loadBlas();
  let status: KernelStatus;
  if (blas.ok) {
    const makers = { BatchMatMul: makeBatchMatMul, _FusedMatMul: makeFusedMatMul };
    for (const name of HOT_KERNELS) {
      const stock = tf.getKernel(name, backendName);
      if (!stock) continue;
      const kernelFunc = makers[name](blas.sgemm, storage, stock.kernelFunc as KernelFunc);
      _replace(originals, name, backendName, kernelFunc as tf.KernelFunc);
    }
    status = { kernels: "openblas" };
  } else {
    status = { kernels: "fused-adam", reason: blas.reason };
  }
  if (backendName === "wasm") _replace(originals, "Identity", backendName, _shareIdentity);
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
  installed.set(backendName, { originals, status });
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
 * Whether `adamUpdate` may use the fused in-place step on this backend.
 * @param backendName a backend name
 * @returns true when fast kernels are installed there
 */
export function fusedAdamEnabled(backendName: string): boolean {
  return installed.has(backendName);
}
