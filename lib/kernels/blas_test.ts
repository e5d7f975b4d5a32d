import assert from "node:assert/strict";
import {
  BLAS_CANDIDATES,
  blasCandidates,
  type Dlopen,
  fasterKernelsCommand,
  loadBlas,
  openBlas,
} from "./blas.ts";

/** A loader that "finds" only the named libraries, recording what was asked for. */
function fakeDlopen(present: string[], asked: string[]): Dlopen {
  return ((library: string) => {
    asked.push(library);
    if (!present.includes(library)) throw new Error(`${library}: cannot open shared object file`);
    return {
      symbols: {
        cblas_sgemm: () => {},
        openblas_set_num_threads: null,
        openblas_get_num_threads: null,
      },
      close() {},
    };
  }) as unknown as Dlopen;
}

Deno.test("blasCandidates() tries Accelerate first on macOS, OpenBLAS on Linux, DLLs on Windows", () => {
  assert.match(blasCandidates("darwin")[0].library, /Accelerate\.framework/);
  assert.equal(blasCandidates("darwin")[0].kernels, "accelerate");
  assert.equal(blasCandidates("linux")[0].library, "libopenblas.so.0");
  assert.ok(blasCandidates("windows").every((c) => c.library.endsWith(".dll")));
  assert.deepStrictEqual(blasCandidates("freebsd"), []);
  assert.deepStrictEqual(blasCandidates("linux"), [...BLAS_CANDIDATES.linux]);
});

Deno.test("blasCandidates() puts SER_BLAS_LIB first and names its kind", () => {
  const mkl = blasCandidates("linux", "/opt/intel/libmkl_rt.so");
  assert.deepStrictEqual(mkl[0], { library: "/opt/intel/libmkl_rt.so", kernels: "blas" });
  assert.equal(mkl.length, BLAS_CANDIDATES.linux.length + 1);
  const again = blasCandidates("linux", "libopenblas.so.0");
  assert.deepStrictEqual(again[0], { library: "libopenblas.so.0", kernels: "openblas" });
  assert.equal(again.filter((c) => c.library === "libopenblas.so.0").length, 1);
});

Deno.test("openBlas() takes the first candidate that loads and reports each failure otherwise", () => {
  const asked: string[] = [];
  const mac = openBlas(
    blasCandidates("darwin"),
    fakeDlopen(["/opt/homebrew/opt/openblas/lib/libopenblas.dylib"], asked),
  );
  assert.ok(mac.ok);
  assert.equal(mac.kernels, "openblas");
  assert.equal(asked.length, 2, "Accelerate tried first, then Homebrew");
  const none = openBlas(blasCandidates("windows"), fakeDlopen([], []));
  assert.ok(!none.ok);
  assert.match(none.reason, /no CBLAS library could be loaded/);
  assert.match(none.reason, /libopenblas\.dll: cannot open/);
  assert.match(none.reason, /mkl_rt\.2\.dll/);
  const empty = openBlas([], fakeDlopen([], []));
  assert.ok(!empty.ok && /no CBLAS library known/.test(empty.reason));
});

Deno.test("openBlas() stops at a permission error and says how to grant FFI", () => {
  const denied = (() => {
    throw new Deno.errors.NotCapable("Requires ffi access");
  }) as unknown as Dlopen;
  const r = openBlas(blasCandidates("linux"), denied);
  assert.ok(!r.ok && /--allow-ffi/.test(r.reason));
});

Deno.test("fasterKernelsCommand() names the package manager of the system", () => {
  const debian = 'PRETTY_NAME="Debian GNU/Linux 12"\nID=debian\n';
  assert.equal(fasterKernelsCommand("linux", debian), "sudo apt-get install libopenblas0-pthread");
  assert.equal(
    fasterKernelsCommand("linux", 'ID=linuxmint\nID_LIKE="ubuntu debian"\n'),
    "sudo apt-get install libopenblas0-pthread",
  );
  assert.equal(
    fasterKernelsCommand("linux", 'ID="fedora"\n'),
    "sudo dnf install openblas-pthreads",
  );
  assert.equal(fasterKernelsCommand("linux", "ID=arch\n"), "sudo pacman -S openblas");
  assert.equal(fasterKernelsCommand("darwin"), "brew install openblas");
  assert.match(fasterKernelsCommand("windows")!, /openblas/);
  assert.equal(fasterKernelsCommand("aix"), undefined);
});

Deno.test("loadBlas() finds OpenBLAS on this machine and its sgemm multiplies", () => {
  const blas = loadBlas();
  assert.ok(blas.ok, blas.ok ? "" : blas.reason);
  const c = new Float32Array(4);
  blas.sgemm(
    false,
    false,
    2,
    2,
    2,
    1,
    new Float32Array([1, 2, 3, 4]),
    new Float32Array([5, 6, 7, 8]),
    0,
    c,
  );
  assert.deepStrictEqual(Array.from(c), [19, 22, 43, 50]);
});
