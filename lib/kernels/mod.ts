/**
 * Fast kernels for the CPU backends (issue 6): native OpenBLAS matrix products, a fused
 * in-place Adam step, one-pass SIMD leaky ReLU and its gradient, a zero-copy wasm `Identity`,
 * a one-kernel seeded dropout, a dense layer whose gradient computes only what is needed
 * (`dense`), and the registration of every op's gradient.
 *
 * `initBackend("wasm" | "cpu")` (lib/backend.ts) installs them; `SER_KERNELS=builtin` or
 * `{kernels: "builtin"}` keeps the stock TensorFlow.js kernels. The two paths train to the same
 * weights within float32 rounding (tests/speed_test.ts states the tolerances).
 * @module
 */
export { adamPathCounts, type AdamStep, adamUpdate, adamUpdatePlain } from "./adam.ts";
export { type BlasLoad, loadBlas, type Sgemm } from "./blas.ts";
export { dense } from "./dense.ts";
export { dropout } from "./dropout.ts";
export {
  fusedAdamEnabled,
  installFastKernels,
  type KernelChoice,
  type KernelStatus,
  kernelStatus,
  uninstallFastKernels,
} from "./registry.ts";
