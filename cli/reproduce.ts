/**
 * `deno task reproduce`: runs the paper's Section 4 end to end (pre-training, the N-CycleGAN for
 * each λ_cls, generation, within- and cross-corpus evaluation, Tables 1-3, Figs. 2-3) and writes
 * `report.html`, `report.md`, `results.json`, `config.json` and `figures/*.svg`.
 *
 * Before it starts it prints the plan and an estimated duration from a measured warm-up; while it
 * runs it shows a progress bar per stage (plain lines when stdout is not a terminal). Ctrl-C stops
 * at the next checkpoint; running the same command again resumes, and a finished run is served
 * from the cache.
 * @module
 */
import { parseArgs } from "node:util";
import * as tf from "@tensorflow/tfjs-core";
import { type BackendName, initBackend } from "../lib/backend.ts";
import {
  type PaperPlan,
  planPaper,
  type ReproduceOptions,
  reproducePaper,
  type Stage,
} from "../lib/evaluation/experiments.ts";
import { type ClassifierSettings, SerClassifier } from "../lib/evaluation/classifier.ts";
import type { EvaluationConfig } from "../lib/evaluation/config.ts";
import { cycleganConfig } from "../lib/evaluation/protocols.ts";
import { Rng } from "../lib/random.ts";
import { claimsSummary, paperClaims } from "../lib/report/render/claims.ts";
import { writeReport } from "../lib/report/render/report.ts";
import type { ProfileName, Protocol, SynthesisProtocol, TrainOn } from "../lib/evaluation/types.ts";
import {
  createTrainingState,
  disposeTrainingState,
  trainIterationAsync,
} from "../lib/training/trainer.ts";
import { countUnits, formatDuration, ProgressView, stdoutProgressOutput } from "./_progress.ts";

const USAGE = `Usage: deno task reproduce [options]

Reproduces Bao, Neumann & Vu (Interspeech 2019), Sec. 4, and writes the report.

Options:
  --profile quick|paper   quick: minutes on 2 CPU cores (default); paper: every published setting
  --labelled NAME|SPEC    labelled corpus, preset or corpus spec JSON (default emodb)
  --test NAME|SPEC        cross-corpus test corpus (default ravdess)
  --source NAME|SPEC      unlabelled source corpus (default librispeech)
  --backend NAME          cpu | wasm | webgpu | tensorflow | auto (default auto)
  --out DIR               output folder (default out/)
  --seed N                base seed (default 0)
  --reps N                classifier repetitions (default 5)
  --protocol P            within-corpus synthesis: leak-free (default) | reference
  --cache DIR             cache folder (default $SER_CACHE_DIR or .cache)
  --dry-run               print the plan and the estimated duration, train nothing
  -h, --help              this text
`;

/** Parsed command line of `deno task reproduce`. */
export interface ReproduceCli {
  /** What to reproduce. */
  readonly options: ReproduceOptions;
  /** Output folder. */
  readonly out: string;
  /** Print the plan and the estimate only. */
  readonly dryRun: boolean;
  /** Print the usage only. */
  readonly help: boolean;
}

function integer(flag: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isSafeInteger(n) || n < 0) {
    throw new RangeError(`Expected --${flag} to be a non-negative integer, found "${text}"`);
  }
  return n;
}

/**
 * Parses the command line.
 * @param args the arguments (without the program name)
 * @returns the options
 * @throws {TypeError} for an unknown option
 * @throws {RangeError} for a value out of range, e.g. `--profile fast`
 */
export function parseReproduceArgs(args: readonly string[]): ReproduceCli {
  const { values } = parseArgs({
    args: [...args],
    strict: true,
    allowPositionals: false,
    options: {
      profile: { type: "string" },
      labelled: { type: "string" },
      test: { type: "string" },
      source: { type: "string" },
      backend: { type: "string" },
      out: { type: "string" },
      seed: { type: "string" },
      reps: { type: "string" },
      protocol: { type: "string" },
      cache: { type: "string" },
      "dry-run": { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
  });
  const profile = values.profile ?? "quick";
  if (profile !== "quick" && profile !== "paper") {
    throw new RangeError(`Expected --profile quick or paper, found "${profile}"`);
  }
  const protocol = values.protocol;
  if (protocol !== undefined && protocol !== "leak-free" && protocol !== "reference") {
    throw new RangeError(`Expected --protocol leak-free or reference, found "${protocol}"`);
  }
  const backend = values.backend ?? "auto";
  const backends = ["auto", "cpu", "wasm", "webgpu", "tensorflow"];
  if (!backends.includes(backend)) {
    throw new RangeError(`Expected --backend ${backends.join(" | ")}, found "${backend}"`);
  }
  const reps = integer("reps", values.reps);
  if (reps === 0) throw new RangeError('Expected --reps to be at least 1, found "0"');
  const options: ReproduceOptions = {
    profile: profile as ProfileName,
    labelled: values.labelled ?? "emodb",
    test: values.test ?? "ravdess",
    source: values.source ?? "librispeech",
    backend,
    seed: integer("seed", values.seed) ?? 0,
    ...(reps === undefined ? {} : { reps }),
    ...(protocol === undefined ? {} : { synthesisProtocol: protocol as SynthesisProtocol }),
    ...(values.cache === undefined ? {} : { cacheDir: values.cache }),
  };
  return {
    options,
    out: values.out ?? "out",
    dryRun: values["dry-run"] ?? false,
    help: values.help ?? false,
  };
}

/** Measured costs from the warm-up. */
export interface WarmupRates {
  /** Seconds of one main N-CycleGAN iteration of the run's networks. */
  readonly cycleganIteration: number;
  /** Seconds per multiply-accumulate of one classifier training batch (forward pass MACs). */
  readonly classifierSecondsPerMac: number;
  /** Seconds of one analysis step. */
  readonly analysisStep: number;
}

/** Classifier hyper-parameters that set the cost of a batch. */
type ClassifierShape = Pick<ClassifierSettings, "hiddenUnits" | "hiddenLayers" | "batchSize">;

/**
 * Forward-pass multiply-accumulates of one classifier batch: batch × (in·h + (L−1)·h² + h·N).
 * @param s the classifier's units, layers and batch size
 * @param inputs input features (1582)
 * @param classes output classes (4)
 * @returns the count
 */
export function classifierBatchMacs(s: ClassifierShape, inputs = 1582, classes = 4): number {
  const h = s.hiddenUnits;
  return s.batchSize * (inputs * h + (s.hiddenLayers - 1) * h * h + h * classes);
}

/** The classifier of an `evaluate:<protocol>:<trainOn>[:lambda=…]` stage, from the plan's config. */
function stageClassifier(plan: PaperPlan, stage: Stage): ClassifierShape | null {
  const [, protocol, trainOn] = stage.id.split(":");
  const classifiers = (plan.config as Partial<EvaluationConfig>).classifiers;
  return classifiers?.[protocol as Protocol]?.[trainOn as TrainOn] ?? null;
}

/**
 * Estimated seconds of every stage that is not cached (cached stages take ~0): CycleGAN stages
 * at the measured iteration cost (pre-training iterations are cheaper, so this errs high),
 * evaluation stages at the measured cost per multiply-accumulate times their classifier's size.
 * @param plan the plan
 * @param rates the warm-up's measurements
 * @returns seconds per stage, in plan order
 */
export function estimateStages(plan: PaperPlan, rates: WarmupRates): number[] {
  const reference = classifierBatchMacs({ hiddenUnits: 100, hiddenLayers: 2, batchSize: 64 });
  return plan.stages.map((s) => {
    if (s.cached) return 0;
    switch (s.kind) {
      case "cyclegan":
        return s.units * rates.cycleganIteration;
      case "evaluate": {
        const c = stageClassifier(plan, s);
        return s.units * rates.classifierSecondsPerMac * (c ? classifierBatchMacs(c) : reference);
      }
      case "analysis":
        return s.units * rates.analysisStep;
    }
  });
}

/**
 * The plan as text: one line per stage with its work and estimated time, then the total.
 * @param plan the plan
 * @param estimates seconds per stage (same order), or `null` when not measured
 * @returns the text
 */
export function formatPlan(plan: PaperPlan, estimates: readonly number[] | null): string {
  const lines = [`Plan (profile ${plan.profile}, ${plan.stages.length} stages):`];
  const width = Math.max(...plan.stages.map((s) => s.title.length), 10);
  for (const [i, s] of plan.stages.entries()) {
    const work = countUnits(s.units, s.unit).padStart(18);
    const time = s.cached ? "cached" : estimates ? `~${formatDuration(estimates[i])}` : "";
    lines.push(`  ${String(i + 1).padStart(2)}. ${s.title.padEnd(width)} ${work}  ${time}`);
  }
  if (estimates) {
    const total = estimates.reduce((a, b) => a + b, 0);
    const cached = plan.stages.filter((s) => s.cached).length;
    lines.push(
      `Estimated duration: ${
        formatDuration(total)
      } (${cached} of ${plan.stages.length} stages cached)`,
    );
  }
  return lines.join("\n");
}

/**
 * Measures the warm-up on the current backend: main N-CycleGAN iterations of the plan's networks
 * (median of at least five after two untimed; losses read back asynchronously, as webgpu
 * requires; batch per stream and λcls as configured, 1582 features, 4 emotions) and two batches
 * of the plan's largest classifier.
 * @param plan the plan (its `config` is the resolved evaluation configuration)
 * @returns the measured rates
 */
export async function measureWarmup(plan: PaperPlan): Promise<WarmupRates> {
  const evaluation = plan.config as unknown as EvaluationConfig;
  const config = cycleganConfig(evaluation, Math.max(...evaluation.lambdas));
  const dim = 1582;
  const rng = new Rng(12345);
  const random = (rows: number) => {
    const data = new Float32Array(rows * dim);
    for (let i = 0; i < data.length; i++) data[i] = rng.float();
    return data;
  };
  const batch = config.batchSize;
  const state = createTrainingState(config, { inputDim: dim, numClasses: 4 }, 1);
  const source = tf.tensor2d(random(batch), [batch, dim]);
  const targets = [0, 1, 2, 3].map(() => tf.tensor2d(random(batch), [batch, dim]));
  const times: number[] = [];
  try {
    // Two untimed iterations (kernel compilation, first allocations), then at least five timed
    // ones or two seconds, whichever is longer; the median resists a busy machine's outliers.
    for (let k = 0, spent = 0; k < 2 || times.length < 5 || spent < 2; k++) {
      const t0 = performance.now();
      await trainIterationAsync(state, { source, targets });
      const seconds = (performance.now() - t0) / 1000;
      if (k >= 2) {
        times.push(seconds);
        spent += seconds;
      }
      if (times.length >= 50) break;
    }
  } finally {
    tf.dispose([source, ...targets]);
    disposeTrainingState(state);
  }
  const iterationSeconds = [...times].sort((a, b) => a - b)[Math.floor(times.length / 2)];
  const all = Object.values(evaluation.classifiers).flatMap((t) => Object.values(t));
  const largest = all.reduce((a, b) => (classifierBatchMacs(b) > classifierBatchMacs(a) ? b : a));
  const rows = 2 * largest.batchSize;
  const x = { data: random(rows), rows, cols: dim };
  const labels = Int32Array.from({ length: rows }, (_, i) => i % 4);
  const clf = new SerClassifier({ ...largest, epochs: 1 });
  const t0 = performance.now();
  await clf.fit(x, labels, 4, { rng: new Rng(2) });
  const batchSeconds = (performance.now() - t0) / 1000 / 2;
  clf.dispose();
  return {
    cycleganIteration: iterationSeconds,
    classifierSecondsPerMac: batchSeconds / classifierBatchMacs(largest),
    analysisStep: 2,
  };
}

function log(text: string): void {
  console.log(text);
}

/**
 * Runs the command.
 * @param args command-line arguments
 * @returns the exit code
 */
export async function main(args: readonly string[]): Promise<number> {
  let cli: ReproduceCli;
  try {
    cli = parseReproduceArgs(args);
  } catch (error) {
    console.error(`reproduce: ${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (cli.help) {
    log(USAGE);
    return 0;
  }
  const backend = await initBackend(cli.options.backend as BackendName | "auto");
  log(`Backend: ${backend.name} on ${backend.device} (kernels: ${backend.kernels})`);
  const options: ReproduceOptions = { ...cli.options, backend: backend.name };
  const plan = await planPaper(options);
  let estimates: number[] | null = null;
  // The analysis stage is never cached but takes seconds: no warm-up just for it.
  if (plan.stages.some((s) => !s.cached && s.kind !== "analysis")) {
    log("Measuring a warm-up to estimate the duration…");
    estimates = estimateStages(plan, await measureWarmup(plan));
  } else {
    estimates = estimateStages(plan, {
      cycleganIteration: 0,
      classifierSecondsPerMac: 0,
      analysisStep: 2,
    });
  }
  log(formatPlan(plan, estimates));
  if (cli.dryRun) return 0;

  const controller = new AbortController();
  const view = new ProgressView(stdoutProgressOutput(), plan.stages.length);
  let interrupted = false;
  const onSigint = () => {
    if (interrupted) Deno.exit(130);
    interrupted = true;
    view.interrupt("interrupted: stopping at the next checkpoint (Ctrl-C again quits at once)");
    controller.abort(new DOMException("Interrupted by Ctrl-C", "AbortError"));
  };
  Deno.addSignalListener("SIGINT", onSigint);
  const started = performance.now();
  try {
    const results = await reproducePaper(options, {
      onStage: (stage, event, seconds) =>
        event === "start" ? view.start(stage) : view.end(stage, seconds),
      onProgress: (p) => view.progress(p),
      signal: controller.signal,
    });
    const files = await writeReport(cli.out, results);
    log(`\nDone in ${formatDuration((performance.now() - started) / 1000)}.`);
    log(claimsSummary(paperClaims(results)));
    log(
      `\nWrote ${files.html}, ${files.markdown}, ${files.results}, ${files.config} and ` +
        `${files.figures.length} figures in ${cli.out}/figures/.`,
    );
    return 0;
  } catch (error) {
    if (interrupted || controller.signal.aborted) {
      log(
        "\nStopped. Finished stages and CycleGAN checkpoints are kept in the cache; run the " +
          "same command again to resume.",
      );
      return 130;
    }
    view.interrupt("failed");
    throw error;
  } finally {
    Deno.removeSignalListener("SIGINT", onSigint);
  }
}

if (import.meta.main) {
  Deno.exit(await main(Deno.args));
}
