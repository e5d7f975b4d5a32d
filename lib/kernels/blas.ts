/**
 * Native single-precision matrix products through a CBLAS library (`cblas_sgemm`), loaded with
 * Deno's foreign function interface.
 *
 * Which library: the first of a per-platform table ({@linkcode BLAS_CANDIDATES}) that loads,
 * after `SER_BLAS_LIB` when that is set (any CBLAS exporting `cblas_sgemm`, e.g.
 * `libmkl_rt.so`). Linux: OpenBLAS (`libopenblas.so.0`, Debian `libopenblas0-pthread`; Fedora's
 * `libopenblasp.so.0`); macOS: Accelerate (always present), then Homebrew's OpenBLAS; Windows:
 * an OpenBLAS or MKL DLL on the `PATH`. Loading needs `--allow-ffi` (or `-A`). When nothing
 * loads, {@linkcode loadBlas} returns the reasons instead of throwing, and the kernels use the
 * portable WebAssembly product (`portable_gemm.ts`); {@linkcode fasterKernelsCommand} names the
 * one command that installs the native library on this system.
 *
 * OpenBLAS runs its own worker threads (one per core, or `OPENBLAS_NUM_THREADS`); the call is
 * synchronous. Two settings keep those threads from burning the CPU in the kernel (issue 11: a
 * quick CycleGAN spent 8.5 s of 53 s CPU in system time, 425,780 `sched_yield` calls):
 * - products below {@linkcode SINGLE_THREAD_FLOPS} run on one OpenBLAS thread (set through
 *   `openblas_set_num_threads` when the library exports it): for them, handing work to a
 *   second thread costs more than it saves;
 * - `OPENBLAS_THREAD_TIMEOUT` defaults to {@linkcode OPENBLAS_THREAD_TIMEOUT} (unless the user
 *   set it): an idle OpenBLAS thread otherwise spins, calling `sched_yield`, for 2^28 cycles
 *   (about 0.1 s) after every product before it sleeps, which on a loaded machine takes the
 *   cores from the thread that has work.
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

/** Which native library a candidate is, as reported in `BackendInfo.kernels`. */
export type NativeKernels = "openblas" | "accelerate" | "blas";

/** One library to try. */
export interface BlasCandidate {
  /** Name or path handed to `dlopen`. */
  readonly library: string;
  /** What it is. */
  readonly kernels: NativeKernels;
}

/** A loaded BLAS library, or the reason none could be loaded. */
export type BlasLoad =
  | {
    readonly ok: true;
    readonly library: string;
    readonly kernels: NativeKernels;
    readonly sgemm: Sgemm;
  }
  | { readonly ok: false; readonly reason: string };

/** Libraries tried per `Deno.build.os`, in order. */
export const BLAS_CANDIDATES: Readonly<Record<string, readonly BlasCandidate[]>> = Object.freeze(
  {
    linux: Object.freeze([
      { library: "libopenblas.so.0", kernels: "openblas" },
      { library: "libopenblasp.so.0", kernels: "openblas" },
      { library: "libopenblas.so", kernels: "openblas" },
    ]),
    darwin: Object.freeze([
      {
        library: "/System/Library/Frameworks/Accelerate.framework/Versions/A/Accelerate",
        kernels: "accelerate",
      },
      { library: "/opt/homebrew/opt/openblas/lib/libopenblas.dylib", kernels: "openblas" },
      { library: "/usr/local/opt/openblas/lib/libopenblas.dylib", kernels: "openblas" },
    ]),
    windows: Object.freeze([
      { library: "libopenblas.dll", kernels: "openblas" },
      { library: "openblas.dll", kernels: "openblas" },
      { library: "mkl_rt.2.dll", kernels: "blas" },
    ]),
  } satisfies Record<string, readonly BlasCandidate[]>,
);

/**
 * The libraries to try, in order.
 * @param os `Deno.build.os`
 * @param override `SER_BLAS_LIB`, tried first when set
 * @returns the candidates (empty on a platform without a table entry and no override)
 */
export function blasCandidates(os: string, override?: string): BlasCandidate[] {
  const table = [...(BLAS_CANDIDATES[os] ?? [])];
  if (!override) return table;
  const kernels: NativeKernels = /openblas/i.test(override)
    ? "openblas"
    : /accelerate/i.test(override)
    ? "accelerate"
    : "blas";
  return [{ library: override, kernels }, ...table.filter((c) => c.library !== override)];
}

/** Install commands for the native library by Linux distribution family (`/etc/os-release`). */
const LINUX_COMMANDS: readonly [RegExp, string][] = [
  [/\b(debian|ubuntu)\b/, "sudo apt-get install libopenblas0-pthread"],
  [/\b(fedora|rhel|centos)\b/, "sudo dnf install openblas-pthreads"],
  [/\b(arch)\b/, "sudo pacman -S openblas"],
  [/\b(suse|opensuse)\b/, "sudo zypper install libopenblas_pthreads0"],
  [/\b(alpine)\b/, "sudo apk add openblas"],
];

/**
 * The one command that installs a native BLAS here, for the hint shown when the portable path
 * runs.
 * @param os `Deno.build.os`
 * @param osRelease the text of `/etc/os-release` on Linux (its `ID` and `ID_LIKE` lines decide)
 * @returns the command, or `undefined` where none is known
 */
export function fasterKernelsCommand(os: string, osRelease = ""): string | undefined {
  if (os === "darwin") return "brew install openblas";
  if (os === "windows") return "conda install -c conda-forge openblas";
  if (os !== "linux") return undefined;
  const ids = [...osRelease.matchAll(/^(?:ID|ID_LIKE)=["']?([^"'\n]*)["']?$/gm)]
    .map((m) => m[1].toLowerCase()).join(" ");
  for (const [pattern, command] of LINUX_COMMANDS) if (pattern.test(ids)) return command;
  return "sudo apt-get install libopenblas0-pthread";
}

/**
 * `OPENBLAS_THREAD_TIMEOUT` set before the library loads: an idle thread spins 2^4 cycles, not
 * 2^28, then sleeps until the next product wakes it (no measurable cost per paper-size product).
 */
export const OPENBLAS_THREAD_TIMEOUT = "4";

/** Below this many floating-point operations (2·m·n·k) OpenBLAS runs one thread. */
export const SINGLE_THREAD_FLOPS = 4_000_000;

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
  openblas_set_num_threads: { parameters: ["i32"], result: "void", optional: true },
  openblas_get_num_threads: { parameters: [], result: "i32", optional: true },
} as const;

/** The part of `Deno.dlopen` that {@linkcode openBlas} uses (tests pass a fake). */
export type Dlopen = (
  library: string,
  symbols: typeof SYMBOLS,
) => Deno.DynamicLibrary<typeof SYMBOLS>;

let cached: BlasLoad | undefined;

/**
 * Loads the BLAS library once per process (later calls return the same result).
 * @returns the library and its `sgemm`, or `{ok: false, reason}` saying why none is available
 */
export function loadBlas(): BlasLoad {
  if (cached) return cached;
  if (typeof Deno === "undefined" || typeof Deno.dlopen !== "function") {
    cached = { ok: false, reason: "Deno.dlopen is not available in this runtime" };
    return cached;
  }
  let override: string | undefined;
  try {
    override = Deno.env.get("SER_BLAS_LIB");
  } catch {
    override = undefined;
  }
  try {
    // Read by OpenBLAS once, when it loads.
    if (Deno.env.get("OPENBLAS_THREAD_TIMEOUT") === undefined) {
      Deno.env.set("OPENBLAS_THREAD_TIMEOUT", OPENBLAS_THREAD_TIMEOUT);
    }
  } catch {
    // no --allow-env: OpenBLAS keeps its default
  }
  cached = openBlas(blasCandidates(Deno.build.os, override), Deno.dlopen as unknown as Dlopen);
  return cached;
}

/**
 * Tries the candidates in order and wraps the first that loads.
 * @param candidates libraries to try
 * @param dlopen the loader (`Deno.dlopen`)
 * @returns the first library that loads, or every candidate's reason
 */
export function openBlas(candidates: readonly BlasCandidate[], dlopen: Dlopen): BlasLoad {
  if (candidates.length === 0) return { ok: false, reason: "no CBLAS library known here" };
  const reasons: string[] = [];
  for (const candidate of candidates) {
    let lib: Deno.DynamicLibrary<typeof SYMBOLS>;
    try {
      lib = dlopen(candidate.library, SYMBOLS);
    } catch (e) {
      if (e instanceof Deno.errors.NotCapable || e instanceof Deno.errors.PermissionDenied) {
        return { ok: false, reason: "FFI is not permitted (run with --allow-ffi or -A)" };
      }
      reasons.push(`${candidate.library}: ${(e as Error).message.split("\n")[0]}`);
      continue;
    }
    return {
      ok: true,
      library: candidate.library,
      kernels: candidate.kernels,
      sgemm: _wrap(lib.symbols),
    };
  }
  return { ok: false, reason: `no CBLAS library could be loaded (${reasons.join("; ")})` };
}

function _wrap(symbols: Deno.DynamicLibrary<typeof SYMBOLS>["symbols"]): Sgemm {
  const f = symbols.cblas_sgemm;
  const setThreads = symbols.openblas_set_num_threads;
  const maxThreads = symbols.openblas_get_num_threads?.() ?? 1;
  let threads = maxThreads;
  return (transA, transB, m, n, k, alpha, a, b, beta, c) => {
    if (m === 0 || n === 0) return;
    if (setThreads && maxThreads > 1) {
      const want = 2 * m * n * k < SINGLE_THREAD_FLOPS ? 1 : maxThreads;
      if (want !== threads) {
        setThreads(want);
        threads = want;
      }
    }
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
}
