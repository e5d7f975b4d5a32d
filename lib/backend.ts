/**
 * Choosing and reporting the TensorFlow.js backend.
 *
 * | name | what | needs |
 * |---|---|---|
 * | `wasm` (default) | WebAssembly CPU backend + fast kernels (matMul on a native CBLAS or the portable WebAssembly SIMD product on all cores, fused Adam, SIMD leaky ReLU; see `lib/kernels/`) | nothing; `--allow-ffi` and a CBLAS (OpenBLAS, Accelerate) for the native matrix products |
 * | `cpu` | plain JavaScript reference backend (+ the same fast kernels) | nothing |
 * | `webgpu` | Deno's built-in WebGPU (`navigator.gpu`, no flag needed in Deno 2.x) | a GPU adapter; on a machine without GPU Deno offers a software "fallback adapter" (llvmpipe), which works but is slow |
 * | `tensorflow` | libtensorflow through `@tensorflow/tfjs-node-gpu` (CUDA), else `@tensorflow/tfjs-node` (CPU) | the user installed one of them (see the README); never imported otherwise |
 * | `auto` | a real (non-fallback) WebGPU adapter, else `tensorflow` when installed, else `wasm` | |
 *
 * Every backend also gets the gradient functions of all ops registered (`kernels/gradients.ts`).
 * The fast kernels can be switched off with `SER_KERNELS=builtin` or `{kernels: "builtin"}`,
 * and the native library with `SER_KERNELS=portable`; {@linkcode BackendInfo.kernels} says what
 * is in use and {@linkcode BackendInfo.kernelAdvice} says it in words, with the command that
 * installs the faster path when a slower one runs.
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
import { fasterKernelsCommand } from "./kernels/blas.ts";
import { startPortableGemm } from "./kernels/portable_gemm.ts";
import { installFastKernels, type KernelChoice, type KernelStatus } from "./kernels/registry.ts";

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
   * Hot-op kernels in use: `openblas`, `accelerate` or `blas` (native matMul from that library
   * + fused Adam + SIMD leaky ReLU), `portable` (the same with the WebAssembly SIMD matMul on
   * all cores: no system library needed), `partial` (only the element-wise kernels), or
   * `builtin` (stock TensorFlow.js kernels).
   */
  readonly kernels: string;
  /** Why the native or the whole fast path is off, when it is (e.g. no library, no FFI). */
  readonly kernelsReason?: string;
  /** Which matrix-product path runs, in words, for the CLI to print once. */
  readonly kernelAdvice: KernelAdvice;
}

/** Which matrix-product path runs and, when a faster one exists here, how to get it. */
export interface KernelAdvice {
  /** One line, e.g. "Matrix products: portable WebAssembly SIMD kernels on 2 threads". */
  readonly summary: string;
  /** The one command that installs the faster native path; absent when none is known or needed. */
  readonly fasterCommand?: string;
}

/** Options of {@linkcode initBackend}. */
export interface BackendOptions {
  /** `auto` (default: honours `SER_KERNELS=builtin|portable`), `fast`, `portable` or `builtin`. */
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
  const threads = status.kernels === "portable" ? (await startPortableGemm()).threads : 0;
  const engine = name === "wasm" ? "WebAssembly SIMD, 1 thread" : "JavaScript";
  const matmulNote = status.kernels === "portable"
    ? `; matMul on WebAssembly SIMD, ${threads} thread${threads === 1 ? "" : "s"}`
    : status.kernels === "partial" || status.kernels === "builtin"
    ? ""
    : `; matMul on ${NATIVE_NAMES[status.kernels]}, all cores`;
  return {
    name,
    device: `${cpuDescription()} (${engine}${matmulNote})`,
    kernels: status.kernels,
    ...(status.reason ? { kernelsReason: status.reason } : {}),
    kernelAdvice: kernelAdvice(status, threads),
  };
}

const NATIVE_NAMES: Readonly<Record<string, string>> = Object.freeze({
  openblas: "OpenBLAS",
  accelerate: "Accelerate",
  blas: "a native CBLAS",
});

function _osRelease(): string {
  try {
    return Deno.readTextFileSync("/etc/os-release");
  } catch {
    return "";
  }
}

/**
 * The words for a host backend's kernel status: which matrix-product path runs and, when the
 * portable or the stock one runs because no native library loaded, the command that installs
 * one (`apt-get install libopenblas0-pthread` on Debian; see `fasterKernelsCommand`).
 * @param status what `installFastKernels` reported
 * @param threads threads of the portable product (ignored otherwise)
 * @param os platform (`Deno.build.os` by default)
 * @param osRelease `/etc/os-release` text on Linux (read when omitted)
 * @returns the summary line and, where it helps, the command
 */
export function kernelAdvice(
  status: KernelStatus,
  threads: number,
  os: string = Deno.build.os,
  osRelease?: string,
): KernelAdvice {
  const noLibrary = status.reason !== undefined && /no CBLAS library/.test(status.reason);
  const command = noLibrary ? fasterKernelsCommand(os, osRelease ?? _osRelease()) : undefined;
  const why = status.reason ? ` (${status.reason})` : "";
  switch (status.kernels) {
    case "portable":
      return {
        summary: `Matrix products: portable WebAssembly SIMD kernels on ${threads} thread${
          threads === 1 ? "" : "s"
        }${why}; a native CBLAS is about 2-3× faster per product`,
        ...(command ? { fasterCommand: command } : {}),
      };
    case "partial":
      return {
        summary: `Matrix products: stock TensorFlow.js kernels, 10-20× slower${why}`,
        ...(command ? { fasterCommand: command } : {}),
      };
    case "builtin":
      return { summary: `Stock TensorFlow.js kernels${why}` };
    default:
      return {
        summary: `Matrix products: ${NATIVE_NAMES[status.kernels] ?? status.kernels}${
          status.library ? ` (${status.library})` : ""
        }`,
      };
  }
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
    kernelAdvice: {
      summary: fallback
        ? "Matrix products: WebGPU on the software fallback adapter (slow; for tests only)"
        : `Matrix products: WebGPU on ${description}`,
    },
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
        kernelAdvice: { summary: `Matrix products: libtensorflow (${pkg})` },
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
