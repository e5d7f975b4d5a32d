/**
 * Native single-precision matrix products through OpenBLAS (`cblas_sgemm`), loaded with Deno's
 * foreign function interface.
 *
 * Loading needs `--allow-ffi` (or `-A`) and the shared library `libopenblas.so.0` (Debian:
 * `apt-get install libopenblas0`). When either is missing, {@linkcode loadBlas} returns the
 * reason instead of throwing, and the kernels stay on TensorFlow.js's built-in code. Another
 * library can be named with the `SER_BLAS_LIB` environment variable (any CBLAS that exports
 * `cblas_sgemm`, e.g. `libmkl_rt.so`).
 *
 * OpenBLAS runs its own worker threads (one per core, or `OPENBLAS_NUM_THREADS`), so a product
 * uses every core even though the JavaScript thread waits for it: the call is synchronous.
 * @module
 */

/** CBLAS row-major layout constant. */
const ROW_MAJOR = 101;
/** CBLAS "no transpose" constant. */
const NO_TRANS = 111;
/** CBLAS "transpose" constant. */
const TRANS = 112;

/**
 * Row-major `C = alpha · op(A) · op(B) + beta · C` on float32 views.
 *
 * `op(A)` is `m × k`, `op(B)` is `k × n`, `C` is `m × n`; A is stored `m × k` (or `k × m` when
 * `transA`), B is stored `k × n` (or `n × k` when `transB`), all densely packed.
 */
export type Sgemm = (
  transA: boolean,
  transB: boolean,
  m: number,
  n: number,
  k: number,
  alpha: number,
  a: Float32Array,
  b: Float32Array,
  beta: number,
  c: Float32Array,
) => void;

/** A loaded BLAS library, or the reason none could be loaded. */
export type BlasLoad =
  | { readonly ok: true; readonly library: string; readonly sgemm: Sgemm }
  | { readonly ok: false; readonly reason: string };

const SYMBOLS = {
  cblas_sgemm: {
    parameters: [
      "i32",
      "i32",
      "i32",
      "i32",
      "i32",
      "i32",
      "f32",
      "buffer",
      "i32",
      "buffer",
      "i32",
      "f32",
      "buffer",
      "i32",
    ],
    result: "void",
  },
} as const;

let cached: BlasLoad | undefined;

/**
 * Loads the BLAS library once per process (later calls return the same result).
 * @returns the library and its `sgemm`, or `{ok: false, reason}` saying why it is unavailable
 */
export function loadBlas(): BlasLoad {
  if (cached) return cached;
  cached = _open();
  return cached;
}

function _envLibrary(): string {
  try {
    return Deno.env.get("SER_BLAS_LIB") ?? "libopenblas.so.0";
  } catch {
    return "libopenblas.so.0";
  }
}

function _open(): BlasLoad {
  const library = _envLibrary();
  if (typeof Deno === "undefined" || typeof Deno.dlopen !== "function") {
    return { ok: false, reason: "Deno.dlopen is not available in this runtime" };
  }
  let lib: Deno.DynamicLibrary<typeof SYMBOLS>;
  try {
    lib = Deno.dlopen(library, SYMBOLS);
  } catch (e) {
    if (e instanceof Deno.errors.NotCapable || e instanceof Deno.errors.PermissionDenied) {
      return { ok: false, reason: "FFI is not permitted (run with --allow-ffi or -A)" };
    }
    return { ok: false, reason: `${library} could not be loaded: ${(e as Error).message}` };
  }
  const f = lib.symbols.cblas_sgemm;
  const sgemm: Sgemm = (transA, transB, m, n, k, alpha, a, b, beta, c) => {
    if (m === 0 || n === 0) return;
    const lda = transA ? m : k;
    const ldb = transB ? k : n;
    f(
      ROW_MAJOR,
      transA ? TRANS : NO_TRANS,
      transB ? TRANS : NO_TRANS,
      m,
      n,
      k,
      alpha,
      a,
      Math.max(1, lda),
      b,
      Math.max(1, ldb),
      beta,
      c,
      Math.max(1, n),
    );
  };
  return { ok: true, library, sgemm };
}
