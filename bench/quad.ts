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
 * webgpu the benchmark therefore uses `trainIterationAsync` when lib/training exports one, and
 * otherwise the same iteration written here with an asynchronous read-back
 * (`impl: "bench-async"`, same networks, losses and updates).
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
import * as training from "../lib/training/mod.ts";
import {
  createTrainingState,
  disposeTrainingState,
  type IterationBatches,
  type TrainingState,
  trainIteration,
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
  /** `trainer` (lib/training `trainIteration`) or `bench-async` (webgpu, see module docs). */
  readonly impl: "trainer" | "bench-async";
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
  // Prefer the trainer's own asynchronous iteration once lib/training offers one.
  const trainerAsync = (training as Record<string, unknown>).trainIterationAsync as
    | ((s: TrainingState, b: IterationBatches) => Promise<unknown>)
    | undefined;
  const step = !async
    ? () => Promise.resolve(void trainIteration(state, batches))
    : trainerAsync
    ? async () => void await trainerAsync(state, batches)
    : () => _asyncIteration(state, batches);
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
      impl: async && !trainerAsync ? "bench-async" : "trainer",
      adam: adamPathCounts(true),
    };
  } finally {
    tf.dispose([batches.source, ...batches.targets]);
    disposeTrainingState(state);
  }
}

/**
 * The iteration of `trainIteration` with an asynchronous loss read-back, for backends that
 * cannot read synchronously (webgpu under Deno). Same losses and updates, from the public
 * pieces of lib/training and lib/losses.
 */
async function _asyncIteration(state: TrainingState, batches: IterationBatches): Promise<void> {
  const { config, model, rng } = state;
  const { source: s, targets } = batches;
  const losses = await import("../lib/losses/mod.ts");
  const lr = config.learningRate;
  const keep: tf.Tensor[] = [];
  tf.tidy(() => {
    const fakeT = model.gans.map((p) => p.g.apply(s, rng));
    const fakeS = model.gans.map((p, i) => p.f.apply(targets[i], rng));
    const { value, grads } = tf.variableGrads(() =>
      tf.addN(model.gans.map((p, i) =>
        tf.add(
          losses.discriminatorLoss(
            p.dT.apply(targets[i], rng),
            p.dT.apply(fakeT[i], rng),
            config.realLabel,
          ),
          losses.discriminatorLoss(p.dS.apply(s, rng), p.dS.apply(fakeS[i], rng), config.realLabel),
        )
      )) as tf.Scalar, [...state.dOptimizer.variableList]);
    state.dOptimizer.apply(grads, lr);
    keep.push(tf.keep(value));
  });
  for (let k = 0; k < config.generatorSteps; k++) {
    tf.tidy(() => {
      const { value, grads } = tf.variableGrads(() => {
        const adversarial: tf.Scalar[] = [], cycle: tf.Scalar[] = [], fakes: tf.Tensor2D[] = [];
        model.gans.forEach((p, i) => {
          const gs = p.g.apply(s, rng), ft = p.f.apply(targets[i], rng);
          adversarial.push(tf.add(
            losses.generatorAdversarialLoss(p.dT.apply(gs, rng), config.realLabel),
            losses.generatorAdversarialLoss(p.dS.apply(ft, rng), config.realLabel),
          ));
          cycle.push(losses.cycleLoss(s, p.f.apply(gs, rng), targets[i], p.g.apply(ft, rng)));
          fakes.push(gs);
        });
        const classification = model.classifier === null ? null : losses.classificationLoss(
          model.classifier.apply(tf.concat(fakes, 0), rng),
          s.shape[0],
        );
        return losses.totalGeneratorLoss(
          { adversarial, cycle, classification },
          config.lambdaCyc,
          config.lambdaCls,
        );
      }, [...state.gOptimizer.variableList]);
      state.gOptimizer.apply(grads, lr);
      keep.push(tf.keep(value));
    });
  }
  const all = tf.stack(keep);
  await all.data();
  tf.dispose([all, ...keep]);
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

async function _run(cmd: string, args: string[], timeoutMs: number) {
  const child = new Deno.Command(cmd, {
    args,
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
}

async function _child(plan: Plan, batch: number): Promise<BenchRecord> {
  const base = { name: "quad_iteration", backend: plan.backend, batch };
  const spec = JSON.stringify({ ...plan, batch });
  const args = ["run", "-A", new URL(import.meta.url).pathname, "--child", spec];
  try {
    const r = await _run(Deno.execPath(), args, plan.timeoutS * 1000);
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
  try {
    const t = await measureIteration({
      backend: plan.backend,
      kernels: plan.kernels,
      batch: plan.batch,
      warmup: plan.warmup,
      iterations: plan.iterations,
    });
    console.log(JSON.stringify({
      name: "quad_iteration",
      backend: t.backend.name,
      kernels: t.backend.kernels,
      device: t.backend.device,
      impl: t.impl,
      batch: plan.batch,
      ms_per_iter: Math.round(t.msPerIter * 10) / 10,
      ms_min: Math.round(t.msMin * 10) / 10,
      iterations: t.iterations,
      adam_fused: t.adam.fused,
      adam_plain: t.adam.plain,
      rss_mb: Math.round(Deno.memoryUsage().rss / 1048576),
      command: `deno run -A bench/quad.ts --child '${JSON.stringify(plan)}'`,
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
 * The benchmark module: PyTorch anchor, wasm with the fast kernels, PyTorch again, then the
 * other backends; ratio = wasm (fast) / mean of the two PyTorch runs.
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
  const others: Plan[] = [
    { backend: "wasm", kernels: "builtin", warmup: 0, iterations: 1, timeoutS: 240 },
    { backend: "cpu", kernels: "auto", warmup: 1, iterations: quick ? 1 : 2, timeoutS: 240 },
    { backend: "webgpu", kernels: "auto", warmup: 1, iterations: quick ? 1 : 2, timeoutS: 120 },
    { backend: "tensorflow", kernels: "auto", warmup: 1, iterations: quick ? 1 : 3, timeoutS: 240 },
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
