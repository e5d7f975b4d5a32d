/**
 * Training-iteration benchmark (issue 3 bench line, issue 6): milliseconds per paper-size
 * iteration (4 CycleGANs + C, batch 64, one D update + two G(+C) updates, `trainIteration` of
 * `lib/training`) for each available backend, next to the PyTorch anchor
 * (`torch_quad_step.py`) measured in the same run, and their ratio.
 *
 * Each backend is measured in its own child process (`deno run -A bench/quad.ts --child ...`):
 * clean memory, a time box per backend, and a crash or a missing backend becomes a record
 * saying so instead of ending the run. The PyTorch anchor is run before and after the wasm
 * measurement and averaged, so load from other processes affects both sides alike.
 *
 * The WebGPU backend cannot read tensors synchronously under Deno (tfjs reads GPU buffers
 * synchronously through a canvas), and `trainIteration` reads its losses with `dataSync`; on
 * webgpu the benchmark therefore uses lib/training's `trainIterationAsync` (same iteration,
 * asynchronous read-back; `impl: "trainer-async"`).
 *
 * The wasm backend is measured twice: with the native CBLAS (`kernels: "openblas"`) and with
 * the portable WebAssembly SIMD product (`SER_KERNELS=portable`, `kernels: "portable"`, the
 * path taken without a system BLAS), and a `quad_portable_ratio` record divides the two.
 *
 * {@linkcode measureIteration} is the reusable part: ms per iteration for a configuration on
 * a backend, used to estimate the paper profile's wall time.
 * @module
 */
import * as tf from "@tensorflow/tfjs-core";
import { type BackendInfo, type BackendName, initBackend } from "../lib/backend.ts";
import { adamPathCounts } from "../lib/kernels/adam.ts";
import type { KernelChoice } from "../lib/kernels/registry.ts";
import { type CycleGanConfig, resolveConfig } from "../lib/models/config.ts";
import { Rng } from "../lib/random.ts";
import {
  createTrainingState,
  disposeTrainingState,
  type IterationBatches,
  trainIteration,
  trainIterationAsync,
} from "../lib/training/mod.ts";
import type { Benchmark, BenchRecord } from "./types.ts";

/** What to measure. */
export interface MeasureOptions {
  /** Backend to run on (default `wasm`). */
  readonly backend?: BackendName | "auto";
  /** Kernel choice on wasm/cpu (default `auto`). */
  readonly kernels?: KernelChoice;
  /** Rows per batch of every stream (default 64, Sec. 4.1). */
  readonly batch?: number;
  /** Features per row (default 1582, emobase2010). */
  readonly inputDim?: number;
  /** Number of emotions N (default 4). */
  readonly numClasses?: number;
  /** Overrides of the model/training configuration (default: the paper profile). */
  readonly config?: Partial<CycleGanConfig>;
  /** Timed iterations (default 3). */
  readonly iterations?: number;
  /** Untimed iterations first (default 1; the first one allocates and packs weights). */
  readonly warmup?: number;
  /** Seed of the weights and the batches (default 1). */
  readonly seed?: number;
}

/** The result of {@linkcode measureIteration}. */
export interface IterationTiming {
  /** The backend that ran. */
  readonly backend: BackendInfo;
  /** Mean wall time of one iteration in milliseconds. */
  readonly msPerIter: number;
  /** Fastest timed iteration in milliseconds. */
  readonly msMin: number;
  /** Timed iterations. */
  readonly iterations: number;
  /** `trainer` (`trainIteration`) or `trainer-async` (`trainIterationAsync`, on webgpu). */
  readonly impl: "trainer" | "trainer-async";
  /** Adam calls that took the fused in-place step and the plain one, during the timed part. */
  readonly adam: { readonly fused: number; readonly plain: number };
}

function _batches(rng: Rng, batch: number, inputDim: number, n: number): IterationBatches {
  const make = () => {
    const v = new Float32Array(batch * inputDim);
    for (let i = 0; i < v.length; i++) v[i] = rng.float();
    return tf.tensor2d(v, [batch, inputDim]);
  };
  return { source: make(), targets: Array.from({ length: n }, make) };
}

/**
 * Measures milliseconds per training iteration of the N-CycleGAN model.
 * @param options backend, sizes and repetitions
 * @returns the mean and minimum time per iteration and what ran
 * @throws {RangeError} for non-positive sizes or counts
 */
export async function measureIteration(options: MeasureOptions = {}): Promise<IterationTiming> {
  const batch = options.batch ?? 64, inputDim = options.inputDim ?? 1582;
  const numClasses = options.numClasses ?? 4;
  const iterations = options.iterations ?? 3, warmup = options.warmup ?? 1;
  for (const [k, v] of Object.entries({ batch, inputDim, numClasses, iterations })) {
    if (!Number.isInteger(v) || v < 1) {
      throw new RangeError(`measureIteration: ${k} must be a positive integer, found ${v}`);
    }
  }
  if (!Number.isInteger(warmup) || warmup < 0) {
    throw new RangeError(
      `measureIteration: warmup must be a non-negative integer, found ${warmup}`,
    );
  }
  const info = await initBackend(options.backend ?? "wasm", { kernels: options.kernels });
  const config = resolveConfig(options.config ?? {});
  const seed = options.seed ?? 1;
  const state = createTrainingState(config, { inputDim, numClasses }, seed);
  const batches = _batches(new Rng(seed + 1), batch, inputDim, numClasses);
  const async = info.name === "webgpu";
  const step = async
    ? async () => void await trainIterationAsync(state, batches)
    : () => Promise.resolve(void trainIteration(state, batches));
  try {
    for (let i = 0; i < warmup; i++) await step();
    adamPathCounts(true);
    const times: number[] = [];
    for (let i = 0; i < iterations; i++) {
      const t0 = performance.now();
      await step();
      times.push(performance.now() - t0);
    }
    return {
      backend: info,
      msPerIter: times.reduce((a, b) => a + b, 0) / times.length,
      msMin: Math.min(...times),
      iterations,
      impl: async ? "trainer-async" : "trainer",
      adam: adamPathCounts(true),
    };
  } finally {
    tf.dispose([batches.source, ...batches.targets]);
    disposeTrainingState(state);
  }
}

/** Where the PyTorch anchor script is looked for: `SER_TORCH_ANCHOR`, then `../shared/anchors`. */
function _anchorPath(): string | null {
  const candidates = [
    Deno.env.get("SER_TORCH_ANCHOR"),
    new URL("../../shared/anchors/torch_quad_step.py", import.meta.url).pathname,
  ];
  for (const c of candidates) {
    if (!c) continue;
    try {
      if (Deno.statSync(c).isFile) return c;
    } catch {
      // not there
    }
  }
  return null;
}

async function _run(
  cmd: string,
  args: string[],
  timeoutMs: number,
  env: Record<string, string> = {},
) {
  const child = new Deno.Command(cmd, {
    args,
    env,
    stdout: "piped",
    stderr: "piped",
    signal: AbortSignal.timeout(timeoutMs),
  });
  const out = await child.output();
  return {
    code: out.code,
    signal: out.signal,
    stdout: new TextDecoder().decode(out.stdout),
    stderr: new TextDecoder().decode(out.stderr),
  };
}

/**
 * Runs the PyTorch anchor (Debian's python3-torch) when it is importable.
 * @param iterations timed iterations
 * @param batch rows per batch
 * @returns its JSON line plus the command, or a record saying why it did not run
 */
export async function measurePytorch(iterations: number, batch = 64): Promise<BenchRecord> {
  const python = Deno.env.get("SER_PYTHON") ?? "/usr/bin/python3";
  const anchor = _anchorPath();
  const base = { name: "quad_iteration", impl: "pytorch", batch };
  if (!anchor) return { ...base, skipped: "torch_quad_step.py not found (set SER_TORCH_ANCHOR)" };
  try {
    const probe = await _run(python, ["-c", "import torch"], 60_000);
    if (probe.code !== 0) return { ...base, skipped: `${python} cannot import torch` };
    const r = await _run(python, [anchor, String(iterations), String(batch)], 900_000);
    const line = r.stdout.trim().split("\n").pop() ?? "";
    const parsed = JSON.parse(line) as { ms_per_iter: number; version?: string };
    return {
      ...base,
      version: parsed.version,
      ms_per_iter: parsed.ms_per_iter,
      iterations,
      threads: navigator.hardwareConcurrency,
      command: `${python} ${anchor} ${iterations} ${batch}`,
    };
  } catch (e) {
    return { ...base, skipped: `PyTorch anchor failed: ${(e as Error).message}` };
  }
}

interface Plan {
  readonly backend: BackendName;
  readonly kernels: KernelChoice;
  readonly warmup: number;
  readonly iterations: number;
  readonly timeoutS: number;
  /** A tiny model instead of the paper's ({@linkcode TINY}): a check that the path runs. */
  readonly tiny?: boolean;
}

/**
 * The tiny configuration: the quick profile's networks (G 64-32-64, D 32-32, C 8-8) on 64
 * features, 2 emotions, batch 8. Small enough for the WebGPU software fallback adapter.
 */
export const TINY: Readonly<
  Pick<MeasureOptions, "inputDim" | "numClasses" | "batch"> & { config: Partial<CycleGanConfig> }
> = Object.freeze({
  inputDim: 64,
  numClasses: 2,
  batch: 8,
  config: Object.freeze({
    generatorHidden: [64, 32, 64],
    discriminatorHidden: [32, 32],
    classifierHidden: [8, 8],
  }),
});

async function _child(plan: Plan, batch: number): Promise<BenchRecord> {
  const base = { name: "quad_iteration", backend: plan.backend, batch };
  const spec = JSON.stringify({ ...plan, batch });
  const args = ["run", "-A", new URL(import.meta.url).pathname, "--child", spec];
  // The portable path is the one taken without a system BLAS: forced the way a user would.
  const env: Record<string, string> = plan.kernels === "portable"
    ? { SER_KERNELS: "portable" }
    : {};
  try {
    const r = await _run(Deno.execPath(), args, plan.timeoutS * 1000, env);
    if (r.code !== 0) {
      const why = r.signal
        ? `time box of ${plan.timeoutS} s exceeded`
        : r.stderr.trim().split("\n").at(-1);
      return { ...base, kernels: plan.kernels, skipped: why };
    }
    return JSON.parse(r.stdout.trim().split("\n").pop()!) as BenchRecord;
  } catch (e) {
    const why = (e as Error).name === "AbortError" || (e as Error).name === "TimeoutError"
      ? `time box of ${plan.timeoutS} s exceeded`
      : (e as Error).message;
    return { ...base, kernels: plan.kernels, skipped: why };
  }
}

/** Child-process entry: measures one plan and prints one JSON record. */
async function _childMain(plan: Plan & { batch: number }): Promise<void> {
  const sizes = plan.tiny ? TINY : { batch: plan.batch };
  try {
    const t = await measureIteration({
      backend: plan.backend,
      kernels: plan.kernels === "portable" ? "auto" : plan.kernels,
      warmup: plan.warmup,
      iterations: plan.iterations,
      ...sizes,
    });
    console.log(JSON.stringify({
      name: "quad_iteration",
      backend: t.backend.name,
      kernels: t.backend.kernels,
      device: t.backend.device,
      impl: t.impl,
      ...(plan.tiny ? { model: "tiny", input_dim: TINY.inputDim, emotions: TINY.numClasses } : {}),
      batch: sizes.batch,
      ms_per_iter: Math.round(t.msPerIter * 10) / 10,
      ms_min: Math.round(t.msMin * 10) / 10,
      iterations: t.iterations,
      adam_fused: t.adam.fused,
      adam_plain: t.adam.plain,
      rss_mb: Math.round(Deno.memoryUsage().rss / 1048576),
      command: `${plan.kernels === "portable" ? "SER_KERNELS=portable " : ""}` +
        `deno run -A bench/quad.ts --child '${JSON.stringify(plan)}'`,
    }));
  } catch (e) {
    console.log(JSON.stringify({
      name: "quad_iteration",
      backend: plan.backend,
      kernels: plan.kernels,
      batch: plan.batch,
      skipped: (e as Error).message,
    }));
  }
}

/**
 * The benchmark module: PyTorch anchor, wasm with the native CBLAS, wasm with the portable
 * product, PyTorch again, then the other backends and a tiny-model WebGPU run;
 * `quad_ratio` = wasm (native) / mean of the two PyTorch runs, `quad_portable_ratio` =
 * portable / native (goal ≤ 2, issue 11).
 */
export const benchmarks: Benchmark = async function* ({ quick }) {
  const batch = 64;
  const torchIters = quick ? 2 : 5;
  const first = await measurePytorch(torchIters, batch);
  yield first;
  const fast: Plan = {
    backend: "wasm",
    kernels: "auto",
    warmup: quick ? 1 : 2,
    iterations: quick ? 2 : 5,
    timeoutS: 300,
  };
  const wasm = await _child(fast, batch);
  yield wasm;
  const portable = await _child({ ...fast, kernels: "portable" }, batch);
  yield portable;
  const second = typeof first.ms_per_iter === "number"
    ? await measurePytorch(torchIters, batch)
    : first;
  if (second !== first) yield second;
  const torchMs = [first.ms_per_iter, second.ms_per_iter].filter((x) => typeof x === "number")
    .map(Number);
  if (torchMs.length > 0 && typeof wasm.ms_per_iter === "number") {
    const reference = torchMs.reduce((a, b) => a + b, 0) / torchMs.length;
    yield {
      name: "quad_ratio",
      backend: "wasm",
      kernels: wasm.kernels,
      batch,
      ms_per_iter: wasm.ms_per_iter,
      pytorch_ms_per_iter: Math.round(reference * 10) / 10,
      ratio: Math.round((wasm.ms_per_iter as number) / reference * 1000) / 1000,
    };
  }
  if (typeof wasm.ms_per_iter === "number" && typeof portable.ms_per_iter === "number") {
    yield {
      name: "quad_portable_ratio",
      backend: "wasm",
      kernels: `${portable.kernels} / ${wasm.kernels}`,
      batch,
      ms_per_iter: portable.ms_per_iter,
      native_ms_per_iter: wasm.ms_per_iter,
      ratio: Math.round((portable.ms_per_iter as number) / wasm.ms_per_iter * 1000) / 1000,
      goal: "≤ 2",
    };
  }
  const others: Plan[] = [
    { backend: "wasm", kernels: "builtin", warmup: 0, iterations: 1, timeoutS: 240 },
    { backend: "cpu", kernels: "auto", warmup: 1, iterations: quick ? 1 : 2, timeoutS: 240 },
    { backend: "webgpu", kernels: "auto", warmup: 1, iterations: quick ? 1 : 2, timeoutS: 120 },
    { backend: "tensorflow", kernels: "auto", warmup: 1, iterations: quick ? 1 : 3, timeoutS: 240 },
    // The WebGPU path end to end on whatever adapter there is (Deno's llvmpipe software
    // fallback on a machine without a GPU): a tiny model, so that it finishes there.
    { backend: "webgpu", kernels: "auto", warmup: 1, iterations: 2, timeoutS: 120, tiny: true },
  ];
  for (const plan of others) {
    if (quick && plan.kernels === "builtin") {
      yield {
        name: "quad_iteration",
        backend: plan.backend,
        kernels: "builtin",
        batch,
        skipped: "--quick: the builtin kernels take tens of seconds per paper-size iteration",
      };
      continue;
    }
    if (quick && plan.backend === "webgpu" && !plan.tiny) {
      yield {
        name: "quad_iteration",
        backend: plan.backend,
        batch,
        skipped: "--quick: a paper-size iteration on the software fallback adapter takes minutes",
      };
      continue;
    }
    yield await _child(plan, batch);
  }
  yield {
    name: "quad_iteration",
    backend: "cpu",
    kernels: "builtin",
    batch,
    skipped: "the stock cpu kernels need minutes per paper-size iteration; run " +
      `deno run -A bench/quad.ts --child '{"backend":"cpu","kernels":"builtin","warmup":0,"iterations":1,"batch":64}'`,
  };
};

if (import.meta.main) {
  const i = Deno.args.indexOf("--child");
  if (i >= 0) await _childMain(JSON.parse(Deno.args[i + 1]));
  else {
    for await (const r of benchmarks({ quick: Deno.args.includes("--quick") })) {
      console.log(JSON.stringify(r));
    }
  }
}
