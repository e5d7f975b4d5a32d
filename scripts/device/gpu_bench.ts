/**
 * Entry point bundled for the GPU machine (`scripts/device/build.sh` → `.device/gpu_bench.js`):
 * ms per paper-size training iteration on the `webgpu` backend (and, for reference, on `wasm`
 * with the fast kernels, when the bundle can load the wasm binary there), one JSON line each.
 *
 * Usage: `deno run -A gpu_bench.js [--iterations N] [--warmup N] [--batch N] [--backends webgpu,wasm]
 * [--tiny]`; `--tiny` measures bench/quad.ts's tiny model instead (a check that the path runs,
 * e.g. on the llvmpipe software adapter of a machine without a GPU).
 * @module
 */
import { setWasmPaths } from "@tensorflow/tfjs-backend-wasm";
import { measureIteration, TINY } from "../../bench/quad.ts";
import type { BackendName } from "../../lib/backend.ts";

function arg(name: string, fallback: string): string {
  const i = Deno.args.indexOf(`--${name}`);
  return i >= 0 && i + 1 < Deno.args.length ? Deno.args[i + 1] : fallback;
}

// Bundled, the wasm backend cannot find its binaries in node_modules: build.sh puts them beside
// the bundle.
const here = new URL(".", import.meta.url).pathname;
try {
  Deno.statSync(`${here}tfjs-backend-wasm-simd.wasm`);
  setWasmPaths(here);
  // The Emscripten loader inside the bundle expects CommonJS's __dirname.
  (globalThis as { __dirname?: string }).__dirname = here;
} catch {
  // running unbundled from the repository: node_modules has them
}

const iterations = Number(arg("iterations", "10"));
const warmup = Number(arg("warmup", "2"));
const batch = Number(arg("batch", "64"));
const backends = arg("backends", "webgpu").split(",") as BackendName[];
const tiny = Deno.args.includes("--tiny");

for (const backend of backends) {
  const started = new Date().toISOString();
  try {
    const t = await measureIteration({ backend, iterations, warmup, ...(tiny ? TINY : { batch }) });
    console.log(JSON.stringify({
      name: "quad_iteration",
      date: started,
      backend: t.backend.name,
      kernels: t.backend.kernels,
      device: t.backend.device,
      impl: t.impl,
      ...(tiny ? { model: "tiny" } : {}),
      batch: tiny ? TINY.batch : batch,
      ms_per_iter: Math.round(t.msPerIter * 10) / 10,
      ms_min: Math.round(t.msMin * 10) / 10,
      iterations: t.iterations,
      command: `deno run -A .device/gpu_bench.js --backends ${backend} --iterations ${iterations}${
        tiny ? " --tiny" : ""
      }`,
    }));
  } catch (e) {
    console.log(JSON.stringify({
      name: "quad_iteration",
      date: started,
      backend,
      batch,
      skipped: (e as Error).message,
    }));
  }
}
