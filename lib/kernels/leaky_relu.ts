/**
 * Leaky ReLU forward and backward as single passes over host memory.
 *
 * The stock gradient of `LeakyRelu` (tfjs-core) is three kernels, `where(x > 0, dy, dy·α)`:
 * a boolean mask, a product and a select, each allocating a full-size buffer. Here the backward
 * pass is one kernel, `SerLeakyReluGrad`, registered for the `wasm` and `cpu` backends while
 * fast kernels are installed; the gradient function registered for `LeakyRelu` uses it where it
 * exists and the stock formula elsewhere (webgpu, tensorflow), so every backend keeps working.
 * Both compute exactly the same float32 values as the stock ops.
 * @module
 */
import * as tf from "@tensorflow/tfjs-core";
import type { HostStorage } from "./_storage.ts";
import type { KernelFunc } from "./matmul.ts";
import { wasmSimd } from "./_wasm_simd.ts";

/** Name of the fused leaky-ReLU gradient kernel. */
export const LEAKY_RELU_GRAD = "SerLeakyReluGrad";

/**
 * Builds the forward kernel: `y = x > 0 ? x : α·x` (`alpha` attribute).
 * @param storage access to the backend's memory
 * @param fallback the stock kernel, used for non-float32 inputs
 * @returns a kernel function for `LeakyRelu`
 */
export function makeLeakyRelu(storage: HostStorage, fallback: KernelFunc): KernelFunc {
  return (args) => {
    const x = args.inputs.x as tf.TensorInfo;
    if (x.dtype !== "float32") return fallback(args);
    // The stock kernels differ: wasm multiplies by α in float32, cpu by α as a double (then
    // rounds); each path here matches its backend's stock kernel bit for bit.
    const alpha = Number(args.attrs?.alpha ?? 0.2);
    const out = storage.alloc(x.shape.slice());
    const simd = storage.memory && storage.byteOffset ? wasmSimd(storage.memory) : undefined;
    if (simd && alpha >= 0 && alpha <= 1) {
      simd.leaky(storage.byteOffset!(x)!, storage.byteOffset!(out)!, _count(x), alpha);
      return out;
    }
    const vx = storage.view(x), vy = storage.view(out);
    if (!vx || !vy) throw new Error("LeakyRelu: float32 tensor data not found");
    for (let i = 0; i < vx.length; i++) {
      const xi = vx[i];
      vy[i] = xi < 0 ? xi * alpha : xi;
    }
    return out;
  };
}

/**
 * Builds the backward kernel: `dx = x > 0 ? dy : dy·α` (inputs `dy`, `x`; attribute `alpha`).
 * @param storage access to the backend's memory
 * @returns a kernel function for {@linkcode LEAKY_RELU_GRAD}
 */
export function makeLeakyReluGrad(storage: HostStorage): KernelFunc {
  return (args) => {
    const dy = args.inputs.dy as tf.TensorInfo, x = args.inputs.x as tf.TensorInfo;
    const alpha = Math.fround(Number(args.attrs?.alpha ?? 0.2));
    const out = storage.alloc(x.shape.slice());
    const n = _count(x);
    const simd = storage.memory && storage.byteOffset ? wasmSimd(storage.memory) : undefined;
    const ody = storage.byteOffset?.(dy), ox = storage.byteOffset?.(x);
    if (simd && ody !== undefined && ox !== undefined && _count(dy) === n) {
      simd.leakyGrad(ody, ox, storage.byteOffset!(out)!, n, alpha);
      return out;
    }
    const vdy = storage.view(dy), vx = storage.view(x), vo = storage.view(out);
    if (!vdy || !vx || !vo || vdy.length !== vx.length) {
      throw new Error(
        `${LEAKY_RELU_GRAD}: expected float32 dy and x of equal size, found [${dy.shape}] and [${x.shape}]`,
      );
    }
    for (let i = 0; i < vx.length; i++) vo[i] = vx[i] > 0 ? vdy[i] : vdy[i] * alpha;
    return out;
  };
}

function _count(t: tf.TensorInfo): number {
  let n = 1;
  for (const d of t.shape) n *= d;
  return n;
}

/**
 * Gradient configuration for `LeakyRelu` that uses {@linkcode LEAKY_RELU_GRAD} on backends that
 * have it and the stock three-op formula elsewhere.
 */
export const leakyReluGradConfig: tf.GradConfig = {
  kernelName: "LeakyRelu",
  inputsToSave: ["x"],
  gradFunc: (dy, saved, attrs) => {
    const [x] = saved;
    const alpha = Number((attrs as { alpha?: number }).alpha ?? 0.2);
    const g = dy as tf.Tensor;
    if (tf.getKernel(LEAKY_RELU_GRAD, tf.getBackend()) && g.dtype === "float32") {
      return {
        x: () => tf.engine().runKernel(LEAKY_RELU_GRAD, { dy: g, x }, { alpha }) as tf.Tensor,
      };
    }
    return { x: () => tf.where(tf.greater(x, 0), g, tf.mul(g, alpha)) };
  },
};
