/**
 * Choosing and reporting the TensorFlow.js backend.
 *
 * Placeholder signature for the backend work (issue 3 "Backends", issue 6 kernels); the
 * implementation is filled in by that work.
 * @module
 */
import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";

/** Names accepted by `--backend`. */
export type BackendName = "tensorflow" | "webgpu" | "wasm" | "cpu";

/** What ran: reported beside every result. */
export interface BackendInfo {
  /** The backend that was set. */
  readonly name: BackendName;
  /** The device in words, e.g. "CPU (2 cores)" or the GPU adapter's description. */
  readonly device: string;
  /** Hot-op kernels in use, e.g. "openblas" when matMul runs on native BLAS. */
  readonly kernels: string;
}

/**
 * Sets the TensorFlow.js backend.
 * @param name a backend name, or `auto` for the first that works
 * @returns what was set
 */
export async function initBackend(name: BackendName | "auto" = "cpu"): Promise<BackendInfo> {
  const chosen = name === "auto" ? "cpu" : name;
  if (!(await tf.setBackend(chosen))) throw new Error(`Backend ${chosen} could not be set`);
  await tf.ready();
  return {
    name: chosen,
    device: `CPU (${navigator.hardwareConcurrency} cores)`,
    kernels: "builtin",
  };
}
