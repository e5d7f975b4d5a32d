/**
 * `deno task reproduce`: runs the paper's Section 4 end to end for every augmenter (the CycleGAN per
 * λ_cls and the baselines), within and cross corpus, with paired tests against Real, and writes
 * `report.html`, `report.md`, `results.json`, `config.json` and `figures/*.svg`.
 *
 * Before it starts it prints the plan and an estimated duration from a measured warm-up; while it
 * runs it shows a progress bar per stage (plain lines when stdout is not a terminal). Ctrl-C stops
 * at the next checkpoint; running the same command again resumes, and a finished run is served
 * from the cache.
 *
 * On a cluster, each stage runs as its own process against one shared cache: `--list-stages`
 * prints the stage ids, `--stage ID` runs only those stages (their results go to the cache, no
 * report is written), and a final run without `--stage` finds everything cached and assembles the
 * report (README, "Reproduce the paper").
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
  formatStageList,
  initBackend,
  measureWarmup,
  needsWarmup,
  NO_WARMUP,
  parseStageIds,
  planReproduction,
  type ReproduceOptions,
  runPlan,
  runReproduction,
  selectStages,
  type Stage,
  type StageOutcome,
  UnknownStageError,
  writeReport,
} from "../lib/mod.ts";
import {
  CORPUS_OPTIONS,
  corpusValue,
  flag,
  numberList,
  type OptionSpecs,
  parseCommandLine,
  type ParsedArgs,
  repsValue,
  runMain,
  SHARED_OPTIONS,
  sharedValues,
  stringValue,
  stringValues,
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
  "list-stages": {
    type: "boolean",
    help: "print one line per stage of the plan: id, cached or pending, title (tab-separated)",
  },
  stage: {
    type: "string",
    value: "ID,ID,…",
    repeatable: true,
    help: "run only these stages (repeatable), caching their results; no report is written",
  },
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
  /** Print the stage list only. */
  readonly listStages: boolean;
  /** Stage ids to run alone (`--stage`); empty for the whole run. */
  readonly stages: readonly string[];
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
  return {
    options: runOptions(parsed),
    backend: shared.backend,
    out: stringValue(parsed, "out") ?? "out",
    dryRun: flag(parsed, "dry-run"),
    listStages: flag(parsed, "list-stages"),
    stages: parseStageIds(stringValues(parsed, "stage")),
    help: shared.help,
  };
}

/**
 * What a run reproduces, from a parsed command line: the options that choose the corpora, the
 * augmenters, the profile, the seeds and the cache, so that every command taking them (`reproduce`,
 * `quality`) plans the same run and finds the same cache entries.
 * @param parsed a command line parsed with specs that include these options
 * @returns the run's options (the backend is set up by the caller)
 * @throws {UsageError} for an empty `--augmenters` or a value out of range
 */
export function runOptions(parsed: ParsedArgs): Omit<ReproduceOptions, "backend"> {
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
  return {
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
}

function log(text: string): void {
  console.log(text);
}

/** Who holds a lock, as the run reports it. */
interface LockHolderLike {
  readonly pid: number;
  readonly hostname: string;
  readonly startedAt: string;
}

const OUTCOME_WORDS: Readonly<Record<StageOutcome, string>> = {
  computed: "computed, cached",
  cached: "already cached",
  waited: "computed by another process (waited for it), read from the cache",
};

/** The chosen stages of a plan; an unknown id is a usage error. */
function chosenStages(plan: Parameters<typeof selectStages>[0], ids: readonly string[]) {
  try {
    return selectStages(plan, ids);
  } catch (e) {
    if (!(e instanceof UnknownStageError)) throw e;
    throw new UsageError(
      `Expected --stage to name stages of this plan, found ${
        e.ids.map((id) => `"${id}"`).join(", ")
      }: run with --list-stages (and the same options) to list them`,
    );
  }
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
  if (cli.stages.length > 0 && cli.options.cacheDir === false) {
    throw new UsageError("Expected --stage with a cache (its results go there), found --no-cache");
  }
  const partial = cli.stages.length > 0 || cli.listStages;
  if (!partial) await checkReportFolder(cli.out); // before anything runs, not after hours of it
  const backend = await initBackend(cli.backend);
  if (!cli.listStages) { for (const line of backendLines(backend)) log(line); }
  const whole = await planReproduction({ ...cli.options, backend });
  if (cli.listStages) {
    log(formatStageList(whole));
    return 0;
  }
  const plan = cli.stages.length === 0 ? whole : chosenStages(whole, cli.stages);
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
  const hooks = {
    onStage: (stage: Stage, event: "start" | "end", seconds?: number) =>
      event === "start" ? view.start(stage) : view.end(stage, seconds),
    onProgress: view.progress.bind(view),
    // The plan's warnings so far were printed with it; the cache may find more as it reads.
    onWarning: (w: string) => shown.has(w) || log(`warning: ${w}`),
    onWait: (stage: Stage, lock: string, holder: LockHolderLike | null) =>
      log(
        `${Deno.stdout.isTerminal() ? "\n" : ""}${stage.id}: waiting for ${lock}, held by ` +
          (holder
            ? `pid ${holder.pid} on ${holder.hostname} since ${holder.startedAt}`
            : "another process"),
      ),
    signal: controller.signal,
  };
  try {
    if (cli.stages.length > 0) {
      const out = await runPlan(plan, hooks);
      log(`\nDone in ${formatDuration((performance.now() - started) / 1000)}:`);
      for (const stage of plan.stages) {
        log(`  ${stage.id}: ${OUTCOME_WORDS[out.outcomes[stage.id]]}`);
      }
      log(
        `Results are in the cache (${plan.cache?.root}); no report written. Run the same ` +
          "command without --stage to assemble it once every stage is done.",
      );
      return 0;
    }
    const results = await runReproduction(plan, hooks);
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
