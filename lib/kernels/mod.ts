/**
 * Fast kernels for the CPU backends (issues 6, 11): native CBLAS matrix products (OpenBLAS,
 * Accelerate) or, without one, a portable WebAssembly SIMD product on all cores, a fused
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
export {
  BLAS_CANDIDATES,
  type BlasCandidate,
  blasCandidates,
  type BlasLoad,
  fasterKernelsCommand,
  loadBlas,
  type NativeKernels,
  type Sgemm,
} from "./blas.ts";
export {
  PARALLEL_MIN_FLOPS,
  portableGemmAvailable,
  type PortableInfo,
  portableSgemm,
  startPortableGemm,
} from "./portable_gemm.ts";
export { dense } from "./dense.ts";
export { dropout, stackedDropout } from "./dropout.ts";
export {
  fusedAdamEnabled,
  installFastKernels,
  KERNEL_CHOICES,
  type KernelChoice,
  type KernelStatus,
  kernelStatus,
  uninstallFastKernels,
} from "./registry.ts";
