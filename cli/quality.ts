/**
 * `deno task quality`: the synthetic-data quality of every augmenter (issue 9): fidelity and
 * spread of the synthetic rows fitted on all labelled rows, beside the two untrained references
 * (the source rows, and per-class moment matching). It fits only what the quality needs (one
 * model per augmenter, on all labelled rows) and reads it from the cache when `deno task
 * reproduce` has already fitted it. With `--json`, one line per (method, λ_cls) on stdout.
 * @module
 */
import {
  analysisOnly,
  augmenterNames,
  backendLines,
  initBackend,
  planReproduction,
  qualityJson,
  qualityTable,
  runPlan,
  tableMarkdown,
} from "../lib/mod.ts";
import {
  CORPUS_OPTIONS,
  flag,
  type OptionSpecs,
  parseCommandLine,
  runMain,
  SHARED_OPTIONS,
  sharedValues,
  usage,
} from "./_args.ts";
import { ProgressView, stdoutProgressOutput } from "./_progress.ts";
import { REPRODUCE_OPTIONS, runOptions } from "./reproduce.ts";

/** The options of `deno task quality`: those of `reproduce` that choose what is fitted. */
export const QUALITY_OPTIONS: OptionSpecs = Object.freeze({
  augmenters: REPRODUCE_OPTIONS.augmenters,
  "lambda-cls": REPRODUCE_OPTIONS["lambda-cls"],
  ...CORPUS_OPTIONS,
  json: { type: "boolean", help: "one JSON object per (method, λ_cls) on stdout, nothing else" },
  ...SHARED_OPTIONS,
});

const USAGE = usage(
  "deno task quality [options]",
  "Synthetic-data quality (fidelity and spread) of every augmenter against the labelled rows, " +
    "beside the source rows and per-class moment matching; served from the cache of " +
    `\`deno task reproduce\` with the same options.\nRegistered augmenters: ${
      augmenterNames().join(", ")
    }.`,
  QUALITY_OPTIONS,
);

/**
 * Runs the command.
 * @param args command-line arguments
 * @returns the exit code
 * @throws {UsageError} for a bad command line; whatever the run throws
 */
export async function main(args: readonly string[]): Promise<number> {
  const parsed = parseCommandLine(args, QUALITY_OPTIONS);
  const shared = sharedValues(parsed);
  // The same options as `reproduce` mean the same plan and the same cache keys.
  const options = runOptions(parsed);
  if (shared.help) {
    console.log(USAGE);
    return 0;
  }
  const json = flag(parsed, "json");
  const backend = await initBackend(shared.backend);
  for (const line of backendLines(backend)) console.error(line);
  const plan = analysisOnly(await planReproduction({ ...options, backend }));
  const view = new ProgressView(stdoutProgressOutput(Deno.stderr), plan.stages.length);
  const out = await runPlan(plan, {
    onWarning: (w) => console.error(`quality: warning: ${w}`),
    onStage: (stage, event, seconds) =>
      event === "start" ? view.start(stage) : view.end(stage, seconds),
    onProgress: (p) => view.progress(p),
  });
  const records = out.analysis!.quality.records;
  if (json) {
    for (const r of records) console.log(JSON.stringify(qualityJson(r)));
  } else {
    console.log(tableMarkdown(qualityTable(records)));
  }
  return 0;
}

if (import.meta.main) Deno.exit(await runMain("quality", main, Deno.args));
