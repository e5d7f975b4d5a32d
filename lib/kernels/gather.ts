/**
 * `GatherV2` for float32 tensors on the `wasm` and `cpu` backends as one block copy per
 * gathered slice.
 *
 * Why: every mini-batch of the trainers is a `tf.gather` of rows, and the stock wasm kernel
 * copies element by element through strided index arithmetic: in a classifier setting of the
 * quick profile it took 30 % of the CPU time (issue 11, BENCHMARKS.md). Here each slice (a row
 * of 1582 features, say) is one `copyWithin` (wasm: inside the heap) or `set` (cpu).
 *
 * Handled: float32 `x`, int32 indices, any axis, `batchDims` 0. Anything else, and indices
 * out of range (so that the stock kernel raises its own error), goes to the stock kernel.
 * Values are copied, not computed: results are bit-identical to the stock kernel.
 * @module
 */
import type * as tf from "@tensorflow/tfjs-core";
import type { HostStorage } from "./_storage.ts";
import type { KernelFunc } from "./matmul.ts";

/**
 * Builds the `GatherV2` kernel function.
 * @param storage access to the backend's memory
 * @param fallback the stock kernel, for the cases this one does not handle
 * @returns a kernel function for `tf.registerKernel`
 */
export function makeGather(storage: HostStorage, fallback: KernelFunc): KernelFunc {
  return (args) => {
    const { x, indices } = args.inputs as { x: tf.TensorInfo; indices: tf.TensorInfo };
    const batchDims = Number(args.attrs?.batchDims ?? 0);
    const rank = x.shape.length;
    let axis = Number(args.attrs?.axis ?? 0);
    if (axis < 0) axis += rank;
    if (
      x.dtype !== "float32" || indices.dtype !== "int32" || batchDims !== 0 || rank === 0 ||
      !Number.isInteger(axis) || axis < 0 || axis >= rank
    ) return fallback(args);
    const idx = storage.viewInt32(indices);
    if (!idx) return fallback(args);
    const dim = x.shape[axis];
    for (let i = 0; i < idx.length; i++) {
      if (idx[i] < 0 || idx[i] >= dim) return fallback(args);
    }
    let outer = 1, inner = 1;
    for (let d = 0; d < axis; d++) outer *= x.shape[d];
    for (let d = axis + 1; d < rank; d++) inner *= x.shape[d];
    const picked = idx.slice(); // the allocation below may move the heap
    const out = storage.alloc([
      ...x.shape.slice(0, axis),
      ...indices.shape,
      ...x.shape.slice(axis + 1),
    ]);
    const vx = storage.view(x), vo = storage.view(out);
    if (!vx || !vo) throw new Error("GatherV2: float32 tensor data not found");
    const n = picked.length;
    if (vx.buffer === vo.buffer) {
      // Same heap (wasm): copyWithin on one view over the whole heap, no temporary views.
      const heap = new Float32Array(vx.buffer);
      const bx = vx.byteOffset / 4, bo = vo.byteOffset / 4;
      for (let o = 0; o < outer; o++) {
        for (let i = 0; i < n; i++) {
          const from = bx + (o * dim + picked[i]) * inner;
          heap.copyWithin(bo + (o * n + i) * inner, from, from + inner);
        }
      }
    } else {
      for (let o = 0; o < outer; o++) {
        for (let i = 0; i < n; i++) {
          const from = (o * dim + picked[i]) * inner;
          vo.set(vx.subarray(from, from + inner), (o * n + i) * inner);
        }
      }
    }
    return out;
  };
}
