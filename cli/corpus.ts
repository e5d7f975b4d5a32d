/**
 * `deno task corpus <preset | spec.json> [--json]`: prints a one-line summary of a corpus (or
 * its numbers as JSON).
 *
 * Options: `--features <file>` (required for iemocap and tedlium, replaces the bundled file for
 * the bundled presets), `--iemocap-root <dir>`, and the shared options of every command: `--cache
 * DIR` (the cache root; parsed feature files live in its `features/` folder), `--no-cache` (parse
 * the features file even if it is cached). `--profile`, `--backend`, `--seed` and
 * `--synthesis-protocol` are accepted and checked like everywhere else, and do not change what a
 * corpus is.
 * Exit codes: 0 success, 1 the corpus could not be loaded, 2 bad arguments.
 * @module
 */
import { join } from "node:path";
import {
  CORPUS_PRESETS,
  corpusStats,
  corpusSummary,
  loadCorpus,
  type LoadCorpusOptions,
} from "../lib/mod.ts";
import {
  flag,
  type OptionSpecs,
  parseCommandLine,
  runMain,
  SHARED_OPTIONS,
  sharedValues,
  stringValue,
  usage,
  UsageError,
} from "./_args.ts";

/** The options of `deno task corpus`. */
export const CORPUS_COMMAND_OPTIONS: OptionSpecs = Object.freeze({
  json: {
    type: "boolean",
    help:
      "print utterances, features, classes, class_counts, speakers, sessions and dropped as JSON",
  },
  features: {
    type: "string",
    value: "FILE",
    help: "the openSMILE features file (required for iemocap and tedlium)",
  },
  "iemocap-root": {
    type: "string",
    value: "DIR",
    help: "the IEMOCAP release folder (required for iemocap)",
  },
  ...SHARED_OPTIONS,
});

const USAGE = usage(
  "deno task corpus <preset | spec.json> [--json] [options]",
  `preset: one of ${CORPUS_PRESETS.join(", ")}; spec.json: a generic corpus spec (see README, ` +
    `"Bring your own corpus").\nParsed feature files are cached in the cache root's features/ folder.`,
  CORPUS_COMMAND_OPTIONS,
);

/**
 * Runs the command.
 * @param args command-line arguments
 * @returns the exit code (0, or 1 when the corpus cannot be loaded)
 * @throws {UsageError} for a bad command line
 */
export async function main(args: readonly string[]): Promise<number> {
  const parsed = parseCommandLine(args, CORPUS_COMMAND_OPTIONS, { positionals: true });
  const shared = sharedValues(parsed);
  if (shared.help) {
    console.log(USAGE);
    return 0;
  }
  const { positionals } = parsed;
  if (positionals.length !== 1) {
    throw new UsageError(
      `Expected one preset or spec file, found ${positionals.length}${
        positionals.length > 1 ? ` (${positionals.join(" ")})` : ""
      }`,
    );
  }
  const target = positionals[0];
  if (
    !(CORPUS_PRESETS as readonly string[]).includes(target) &&
    !target.toLowerCase().endsWith(".json")
  ) {
    throw new UsageError(
      `Expected one of ${CORPUS_PRESETS.join(", ")} or a .json spec, found '${target}'`,
    );
  }
  const features = stringValue(parsed, "features");
  const iemocapRoot = stringValue(parsed, "iemocap-root");
  if ((target === "iemocap" || target === "tedlium") && features === undefined) {
    throw new UsageError(`${target} needs --features <file>`);
  }
  if (target === "iemocap" && iemocapRoot === undefined) {
    throw new UsageError("iemocap needs --iemocap-root <dir>");
  }
  const options: LoadCorpusOptions = {
    features,
    iemocapRoot,
    cacheDir: typeof shared.cacheDir === "string" ? join(shared.cacheDir, "features") : undefined,
    cache: shared.cacheDir !== false,
    onCacheError: (err) =>
      console.error(`corpus: warning: feature cache not written: ${err.message}`),
  };
  let corpus;
  try {
    corpus = await loadCorpus(target, options);
  } catch (err) {
    console.error(`corpus: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  }
  console.log(
    flag(parsed, "json") ? JSON.stringify(corpusStats(corpus), null, 2) : corpusSummary(corpus),
  );
  return 0;
}

if (import.meta.main) Deno.exit(await runMain("corpus", main, Deno.args));
