/**
 * Direct access to the float32 storage of tensors on the `wasm` and `cpu` backends, for kernels
 * that compute outside TensorFlow.js (native BLAS, fused loops).
 *
 * wasm: a tensor's data lives in the WebAssembly heap at `memoryOffset`; views are made from the
 * heap's current `ArrayBuffer` and must be re-created after anything that may allocate (the heap
 * grows by replacing its buffer). cpu: a tensor's data is a plain typed array.
 * @module
 */
import type * as tf from "@tensorflow/tfjs-core";

/** Backends whose storage the fast kernels can reach. */
export type HostBackendName = "wasm" | "cpu";

/** Minimal view of a backend's per-tensor record. */
interface WasmData {
  memoryOffset: number;
  dtype: string;
  refCount: number;
}

interface WasmBackend {
  wasm: { HEAPU8: Uint8Array; asm?: { memory?: unknown } };
  dataIdMap: { get(dataId: object): WasmData | undefined };
  makeOutput(shape: number[], dtype: string): tf.TensorInfo;
  refCount(dataId: object): number;
  disposeData(dataId: object): boolean;
}

interface CpuBackend {
  data: { get(dataId: object): { values: unknown; refCount: number } | undefined };
  makeTensorInfo(shape: number[], dtype: string, values?: Float32Array): tf.TensorInfo;
  refCount(dataId: object): number;
  disposeData(dataId: object): boolean;
}

/** Float32 access to one backend's tensors. */
export interface HostStorage {
  /** Allocates a float32 output of the given shape (contents unspecified). */
  alloc(shape: number[]): tf.TensorInfo;
  /**
   * A live float32 view of a tensor's data.
   * @returns the view, or `undefined` when the tensor is not float32 on this backend
   */
  view(info: tf.TensorInfo): Float32Array | undefined;
  /**
   * A live int32 view of a tensor's data.
   * @returns the view, or `undefined` when the tensor is not int32 on this backend
   */
  viewInt32(info: tf.TensorInfo): Int32Array | undefined;
  /** How many tensors share this tensor's data buffer. */
  refCount(info: tf.TensorInfo): number;
  /** Releases a tensor made by {@linkcode HostStorage.alloc} that was never handed to the engine. */
  free(info: tf.TensorInfo): void;
  /** wasm only: the backend's memory, for kernels written in WebAssembly. */
  readonly memory?: WebAssembly.Memory;
  /** wasm only: a float32 tensor's byte offset in {@linkcode HostStorage.memory}. */
  byteOffset?(info: tf.TensorInfo): number | undefined;
}

/**
 * Storage access for a backend instance.
 * @param name the backend's registered name
 * @param backend the backend instance (`tf.findBackend(name)`)
 * @returns accessors, or `undefined` for backends whose memory is not host memory
 */
export function hostStorage(name: string, backend: unknown): HostStorage | undefined {
  if (name === "wasm") {
    const b = backend as WasmBackend;
    return {
      alloc: (shape) => b.makeOutput(shape, "float32"),
      view(info) {
        const d = b.dataIdMap.get(info.dataId);
        if (!d || d.dtype !== "float32") return undefined;
        let size = 1;
        for (const s of info.shape) size *= s;
        return new Float32Array(b.wasm.HEAPU8.buffer, d.memoryOffset, size);
      },
      viewInt32(info) {
        const d = b.dataIdMap.get(info.dataId);
        if (!d || d.dtype !== "int32") return undefined;
        let size = 1;
        for (const s of info.shape) size *= s;
        return new Int32Array(b.wasm.HEAPU8.buffer, d.memoryOffset, size);
      },
      refCount: (info) => b.refCount(info.dataId),
      free: (info) => void b.disposeData(info.dataId),
      memory: b.wasm.asm?.memory instanceof WebAssembly.Memory ? b.wasm.asm.memory : undefined,
      byteOffset(info) {
        const d = b.dataIdMap.get(info.dataId);
        return d && d.dtype === "float32" ? d.memoryOffset : undefined;
      },
    };
  }
  if (name === "cpu") {
    const b = backend as CpuBackend;
    return {
      alloc(shape) {
        let size = 1;
        for (const s of shape) size *= s;
        return b.makeTensorInfo(shape, "float32", new Float32Array(size));
      },
      view(info) {
        const d = b.data.get(info.dataId);
        return d && d.values instanceof Float32Array ? d.values : undefined;
      },
      viewInt32(info) {
        const d = b.data.get(info.dataId);
        return d && d.values instanceof Int32Array ? d.values : undefined;
      },
      refCount: (info) => b.refCount(info.dataId),
      free: (info) => void b.disposeData(info.dataId),
    };
  }
  return undefined;
}
