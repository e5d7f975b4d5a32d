/**
 * Choosing and reporting the TensorFlow.js backend.
 *
 * | name | what | needs |
 * |---|---|---|
 * | `wasm` (default) | WebAssembly CPU backend + native kernels (OpenBLAS matMul, fused Adam, SIMD leaky ReLU; see `lib/kernels/`) | nothing; `--allow-ffi` and `libopenblas.so.0` for the native matrix products |
 * | `cpu` | plain JavaScript reference backend (+ the same native kernels) | nothing |
 * | `webgpu` | Deno's built-in WebGPU (`navigator.gpu`, no flag needed in Deno 2.x) | a GPU adapter; on a machine without GPU Deno offers a software "fallback adapter" (llvmpipe), which works but is slow |
 * | `tensorflow` | libtensorflow through `@tensorflow/tfjs-node-gpu` (CUDA), else `@tensorflow/tfjs-node` (CPU) | the user installed one of them (see the README); never imported otherwise |
 * | `auto` | a real (non-fallback) WebGPU adapter, else `tensorflow` when installed, else `wasm` | |
 *
 * Every backend also gets the gradient functions of all ops registered (`kernels/gradients.ts`).
 * The fast kernels can be switched off with `SER_KERNELS=builtin` or `{kernels: "builtin"}`;
 * {@linkcode BackendInfo.kernels} says what is in use.
 *
 * @example
 * ```ts
 * import { initBackend } from "./backend.ts";
 *
 * const info = await initBackend("cpu", { kernels: "builtin" });
 * if (info.name !== "cpu" || info.kernels !== "builtin") throw new Error("unexpected backend");
 * ```
 * @module
 */
import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import "@tensorflow/tfjs-backend-wasm";
import "./kernels/gradients.ts";
import { installFastKernels, type KernelChoice } from "./kernels/registry.ts";

/** Names accepted by `--backend`. */
export type BackendName = "tensorflow" | "webgpu" | "wasm" | "cpu";

/** Every name accepted by {@linkcode initBackend}, `auto` included. */
export const BACKEND_NAMES: readonly (BackendName | "auto")[] = Object.freeze([
  "auto",
  "wasm",
  "cpu",
  "webgpu",
  "tensorflow",
]);

/** What ran: reported beside every result. */
export interface BackendInfo {
  /** The backend that was set. */
  readonly name: BackendName;
  /** The device in words, e.g. "CPU (2 cores)" or the GPU adapter's description. */
  readonly device: string;
  /**
   * Hot-op kernels in use: `openblas` (native matMul + fused Adam + SIMD leaky ReLU),
   * `partial` (no BLAS available: only the element-wise kernels), or `builtin` (stock
   * TensorFlow.js kernels).
   */
  readonly kernels: string;
  /** Why the fast kernels are partly or wholly off, when they are (e.g. no FFI permission). */
  readonly kernelsReason?: string;
}

/** Options of {@linkcode initBackend}. */
export interface BackendOptions {
  /** `auto` (default: honours `SER_KERNELS=builtin`), `fast` or `builtin`. */
  readonly kernels?: KernelChoice;
}

/** Raised when a named backend cannot be used here; the message says why and what to do. */
export class BackendUnavailableError extends Error {
  /**
   * @param backend the backend that was asked for
   * @param message why it is unavailable
   */
  constructor(readonly backend: string, message: string) {
    super(message);
    this.name = "BackendUnavailableError";
  }
}

interface GpuAdapterLike {
  readonly info?: { description?: string; vendor?: string; isFallbackAdapter?: boolean };
  readonly isFallbackAdapter?: boolean;
}

/**
 * Sets the TensorFlow.js backend (and installs the fast kernels on `wasm` and `cpu`).
 * @param name a backend name, or `auto` for the first that works (see the module docs)
 * @param options kernel choice
 * @returns what was set
 * @throws {RangeError} for an unknown name
 * @throws {BackendUnavailableError} when the named backend cannot run here
 */
export async function initBackend(
  name: BackendName | "auto" = "wasm",
  options: BackendOptions = {},
): Promise<BackendInfo> {
  if (!BACKEND_NAMES.includes(name)) {
    throw new RangeError(`Backend must be one of ${BACKEND_NAMES.join(", ")}, found "${name}"`);
  }
  const choice = options.kernels ?? "auto";
  switch (name) {
    case "wasm":
    case "cpu":
      return await _initHost(name, choice);
    case "webgpu":
      return await _initWebGpu(false);
    case "tensorflow":
      return await _initTensorflow();
    case "auto": {
      try {
        return await _initWebGpu(true);
      } catch (e) {
        if (!(e instanceof BackendUnavailableError)) throw e;
      }
      try {
        return await _initTensorflow();
      } catch (e) {
        if (!(e instanceof BackendUnavailableError)) throw e;
      }
      return await _initHost("wasm", choice);
    }
  }
}

/**
 * The device of this machine's CPU, e.g. "AMD EPYC, 2 cores".
 * @returns the model name from `/proc/cpuinfo` when readable, and the core count
 */
export function cpuDescription(): string {
  const cores = navigator.hardwareConcurrency;
  let model = "";
  try {
    const text = Deno.readTextFileSync("/proc/cpuinfo");
    model = /^model name\s*:\s*(.+)$/m.exec(text)?.[1]?.trim() ?? "";
  } catch {
    model = "";
  }
  return `${model ? `${model}, ` : "CPU, "}${cores} core${cores === 1 ? "" : "s"}`;
}

async function _initHost(name: "wasm" | "cpu", choice: KernelChoice): Promise<BackendInfo> {
  if (!(await tf.setBackend(name))) {
    throw new BackendUnavailableError(name, `The ${name} backend could not be initialised`);
  }
  await tf.ready();
  // The cpu backend prints a "use tfjs-node" banner on first use under Node-like runtimes.
  const backend = tf.backend() as { firstUse?: boolean };
  if (name === "cpu" && "firstUse" in backend) backend.firstUse = false;
  const status = installFastKernels(name, choice);
  const engine = name === "wasm" ? "WebAssembly SIMD, 1 thread" : "JavaScript";
  const blasNote = status.kernels === "openblas" ? "; matMul on OpenBLAS, all cores" : "";
  return {
    name,
    device: `${cpuDescription()} (${engine}${blasNote})`,
    kernels: status.kernels,
    ...(status.reason ? { kernelsReason: status.reason } : {}),
  };
}

async function _gpuAdapter(): Promise<GpuAdapterLike | null> {
  const gpu = (navigator as unknown as {
    gpu?: { requestAdapter(o?: object): Promise<GpuAdapterLike | null> };
  }).gpu;
  if (!gpu) return null;
  try {
    return await gpu.requestAdapter({ powerPreference: "high-performance" });
  } catch {
    return null;
  }
}

async function _initWebGpu(requireRealGpu: boolean): Promise<BackendInfo> {
  const adapter = await _gpuAdapter();
  if (!adapter) {
    throw new BackendUnavailableError(
      "webgpu",
      "WebGPU is not available: navigator.gpu found no adapter (no GPU driver, or a runtime without WebGPU)",
    );
  }
  const fallback = Boolean(adapter.info?.isFallbackAdapter ?? adapter.isFallbackAdapter);
  const description = adapter.info?.description || adapter.info?.vendor || "unknown adapter";
  if (requireRealGpu && fallback) {
    throw new BackendUnavailableError(
      "webgpu",
      `Only the WebGPU fallback adapter is available (${description})`,
    );
  }
  await import("@tensorflow/tfjs-backend-webgpu");
  if (!(await tf.setBackend("webgpu"))) {
    throw new BackendUnavailableError(
      "webgpu",
      `The webgpu backend failed to start on ${description}`,
    );
  }
  await tf.ready();
  return {
    name: "webgpu",
    device: fallback ? `${description} (WebGPU fallback adapter, software)` : description,
    kernels: "builtin",
  };
}

/** Package names tried for the `tensorflow` backend, GPU build first. */
const TENSORFLOW_PACKAGES = ["@tensorflow/tfjs-node-gpu", "@tensorflow/tfjs-node"] as const;

async function _initTensorflow(): Promise<BackendInfo> {
  const reasons: string[] = [];
  for (const pkg of TENSORFLOW_PACKAGES) {
    try {
      // Only packages the user added to the import map resolve; nothing is fetched otherwise.
      import.meta.resolve(pkg);
    } catch {
      reasons.push(`${pkg} is not installed`);
      continue;
    }
    try {
      const specifier: string = pkg; // not a literal: never bundled or pre-fetched
      await import(specifier);
    } catch (e) {
      reasons.push(`${pkg} failed to load: ${(e as Error).message}`);
      continue;
    }
    if (await tf.setBackend("tensorflow")) {
      await tf.ready();
      return {
        name: "tensorflow",
        device: pkg.endsWith("-gpu") ? "libtensorflow with CUDA (GPU)" : "libtensorflow (CPU)",
        kernels: "builtin",
      };
    }
    reasons.push(`${pkg} loaded but the tensorflow backend did not start`);
  }
  throw new BackendUnavailableError(
    "tensorflow",
    `The tensorflow backend is unavailable (${reasons.join("; ")}); ` +
      "see the README section on installing tfjs-node-gpu for Deno",
  );
}
