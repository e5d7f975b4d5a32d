/**
 * `deno task reproduce`: runs the paper's Section 4 end to end for every augmenter (the CycleGAN per
 * λ_cls and the baselines), within and cross corpus, with paired tests against Real, and writes
 * `report.html`, `report.md`, `results.json`, `config.json` and `figures/*.svg`.
 *
 * Before it starts it prints the plan and an estimated duration from a measured warm-up; while it
 * runs it shows a progress bar per stage (plain lines when stdout is not a terminal). Ctrl-C stops
 * at the next checkpoint; running the same command again resumes, and a finished run is served
 * from the cache.
 * @module
 */
import {
  assertRunnable,
  augmenterNames,
  backendLines,
  checkReportFolder,
  claimsSummary,
  DEFAULT_AUGMENTERS,
  estimateStages,
  formatDuration,
  formatPlan,
  initBackend,
  measureWarmup,
  needsWarmup,
  NO_WARMUP,
  planReproduction,
  type ReproduceOptions,
  runReproduction,
  writeReport,
} from "../lib/mod.ts";
import {
  CORPUS_OPTIONS,
  corpusValue,
  flag,
  numberList,
  type OptionSpecs,
  parseCommandLine,
  repsValue,
  runMain,
  SHARED_OPTIONS,
  sharedValues,
  stringValue,
  usage,
  UsageError,
} from "./_args.ts";
import { ProgressView, stdoutProgressOutput } from "./_progress.ts";

/** The options of `deno task reproduce`. */
export const REPRODUCE_OPTIONS: OptionSpecs = Object.freeze({
  augmenters: {
    type: "string",
    value: "SPEC,SPEC,…",
    help: "augmenters to compare, e.g. cyclegan:lambda_cls=0,smote,mixup,moments (default: " +
      `${DEFAULT_AUGMENTERS.join(",")})`,
  },
  "lambda-cls": {
    type: "string",
    value: "L,L,…",
    help: "λ_cls sweep, e.g. 0,0.5,1,2,4: one CycleGAN each, replacing the default two",
  },
  ...CORPUS_OPTIONS,
  out: { type: "string", value: "DIR", help: "output folder (default out/)" },
  "dry-run": { type: "boolean", help: "print the plan and the estimated duration, train nothing" },
  ...SHARED_OPTIONS,
});

const USAGE = usage(
  "deno task reproduce [options]",
  "Reproduces Bao, Neumann & Vu (Interspeech 2019), Sec. 4, for every augmenter, and writes the " +
    `report.\nRegistered augmenters: ${augmenterNames().join(", ")}.`,
  REPRODUCE_OPTIONS,
);

/** Parsed command line of `deno task reproduce`. */
export interface ReproduceCli {
  /** What to reproduce (the backend is set up by `main`). */
  readonly options: Omit<ReproduceOptions, "backend">;
  /** Backend name. */
  readonly backend: ReturnType<typeof sharedValues>["backend"];
  /** Output folder. */
  readonly out: string;
  /** Print the plan and the estimate only. */
  readonly dryRun: boolean;
  /** Print the usage only. */
  readonly help: boolean;
}

/**
 * Parses the command line.
 * @param args the arguments (without the program name)
 * @returns the options
 * @throws {UsageError} for an unknown option or a value out of range
 */
export function parseReproduceArgs(args: readonly string[]): ReproduceCli {
  const parsed = parseCommandLine(args, REPRODUCE_OPTIONS);
  const shared = sharedValues(parsed);
  const reps = repsValue(parsed);
  const augmenters = stringValue(parsed, "augmenters");
  const sweep = stringValue(parsed, "lambda-cls");
  const list = augmenters?.split(",").map((s) => s.trim()).filter((s) => s !== "");
  if (list !== undefined && list.length === 0) {
    throw new UsageError(
      `Expected --augmenters to name at least one augmenter, found "${augmenters}"`,
    );
  }
  const options: Omit<ReproduceOptions, "backend"> = {
    profile: shared.profile,
    labelled: corpusValue(parsed, "labelled", "emodb"),
    test: corpusValue(parsed, "test", "ravdess"),
    source: corpusValue(parsed, "source", "librispeech"),
    overrides: {
      seed: shared.seed ?? 0,
      ...(reps === undefined ? {} : { reps }),
      ...(shared.synthesisProtocol === undefined
        ? {}
        : { synthesisProtocol: shared.synthesisProtocol }),
    },
    ...(list === undefined ? {} : { augmenters: list }),
    ...(sweep === undefined ? {} : { lambdaSweep: numberList("lambda-cls", sweep, 0) }),
    ...(shared.cacheDir === undefined ? {} : { cacheDir: shared.cacheDir }),
  };
  return {
    options,
    backend: shared.backend,
    out: stringValue(parsed, "out") ?? "out",
    dryRun: flag(parsed, "dry-run"),
    help: shared.help,
  };
}

function log(text: string): void {
  console.log(text);
}

/**
 * Runs the command.
 * @param args command-line arguments
 * @returns the exit code (0, or 130 when interrupted)
 * @throws {UsageError} for a bad command line; whatever the run throws
 */
export async function main(args: readonly string[]): Promise<number> {
  const cli = parseReproduceArgs(args);
  if (cli.help) {
    log(USAGE);
    return 0;
  }
  await checkReportFolder(cli.out); // before anything runs, not after hours of it
  const backend = await initBackend(cli.backend);
  for (const line of backendLines(backend)) log(line);
  const plan = await planReproduction({ ...cli.options, backend });
  // A plan with problems is printed with them, unmeasured, and then refused (dry run or not).
  const warmup = needsWarmup(plan) && plan.problems.length === 0;
  if (warmup) log("Measuring a warm-up to estimate the duration…");
  const estimates = plan.problems.length > 0
    ? null
    : estimateStages(plan, warmup ? await measureWarmup(plan) : NO_WARMUP);
  log(formatPlan({ profile: plan.config.profile, ...plan }, estimates));
  assertRunnable(plan);
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
  const shown = new Set(plan.warnings);
  const started = performance.now();
  try {
    const results = await runReproduction(plan, {
      onStage: (stage, event, seconds) =>
        event === "start" ? view.start(stage) : view.end(stage, seconds),
      onProgress: (p) => view.progress(p),
      // The plan's warnings so far were printed with it; the cache may find more as it reads.
      onWarning: (w) => shown.has(w) || log(`warning: ${w}`),
      signal: controller.signal,
    });
    const files = await writeReport(cli.out, results);
    log(`\nDone in ${formatDuration((performance.now() - started) / 1000)}.`);
    log(claimsSummary(results.claims));
    log(
      `\nWrote ${files.html}, ${files.markdown}, ${files.results}, ${files.config} and ` +
        `${files.figures.length} figures in ${cli.out}/figures/.`,
    );
    return 0;
  } catch (error) {
    if (interrupted || controller.signal.aborted) {
      log(
        "\nStopped. Finished stages and checkpoints are kept in the cache; run the same " +
          "command again to resume.",
      );
      return 130;
    }
    view.interrupt("failed");
    throw error;
  } finally {
    Deno.removeSignalListener("SIGINT", onSigint);
  }
}

if (import.meta.main) Deno.exit(await runMain("reproduce", main, Deno.args));
