/**
 * `deno task corpus <preset | spec.json> [--json]`: prints a one-line summary of a corpus (or
 * its numbers as JSON).
 *
 * Options: `--features <file>` (required for iemocap and tedlium, replaces the bundled file for
 * the bundled presets), `--iemocap-root <dir>`, `--no-cache`, `--cache-dir <dir>`.
 * Exit codes: 0 success, 1 the corpus could not be loaded, 2 bad arguments.
 * @module
 */

import { parseArgs } from "node:util";
import {
  CORPUS_PRESETS,
  corpusStats,
  corpusSummary,
  loadCorpus,
  type LoadCorpusOptions,
} from "../lib/data/mod.ts";

const USAGE = `Usage: deno task corpus <preset | spec.json> [--json] [options]

  preset          one of ${CORPUS_PRESETS.join(", ")}
  spec.json       a generic corpus spec (see README, "Bring your own corpus")

Options:
  --json                 print utterances, features, classes, class_counts, speakers,
                         sessions and dropped as JSON
  --features <file>      the openSMILE features file (required for iemocap and tedlium)
  --iemocap-root <dir>   the IEMOCAP release folder (required for iemocap)
  --cache-dir <dir>      feature cache folder (default: $SER_CACHE_DIR or .cache/features)
  --no-cache             parse the features file even if it is cached
  -h, --help             show this help`;

/**
 * Runs the command.
 * @param args command-line arguments
 * @returns the exit code
 */
export async function main(args: readonly string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...args],
      allowPositionals: true,
      strict: true,
      options: {
        json: { type: "boolean", default: false },
        features: { type: "string" },
        "iemocap-root": { type: "string" },
        "cache-dir": { type: "string" },
        "no-cache": { type: "boolean", default: false },
        help: { type: "boolean", short: "h", default: false },
      },
    });
  } catch (err) {
    console.error(`corpus: ${err instanceof Error ? err.message : String(err)}\n\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  if (positionals.length !== 1) {
    console.error(
      `corpus: expected one preset or spec file, found ${positionals.length}${
        positionals.length > 1 ? ` (${positionals.join(" ")})` : ""
      }\n\n${USAGE}`,
    );
    return 2;
  }
  const target = positionals[0];
  if (
    !(CORPUS_PRESETS as readonly string[]).includes(target) &&
    !target.toLowerCase().endsWith(".json")
  ) {
    console.error(
      `corpus: expected one of ${
        CORPUS_PRESETS.join(", ")
      } or a .json spec, found '${target}'\n\n${USAGE}`,
    );
    return 2;
  }
  if ((target === "iemocap" || target === "tedlium") && values.features === undefined) {
    console.error(`corpus: ${target} needs --features <file>\n\n${USAGE}`);
    return 2;
  }
  if (target === "iemocap" && values["iemocap-root"] === undefined) {
    console.error(`corpus: iemocap needs --iemocap-root <dir>\n\n${USAGE}`);
    return 2;
  }
  const options: LoadCorpusOptions = {
    features: values.features,
    iemocapRoot: values["iemocap-root"],
    cacheDir: values["cache-dir"],
    cache: !values["no-cache"],
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
  if (values.json) {
    console.log(JSON.stringify(corpusStats(corpus), null, 2));
  } else {
    console.log(corpusSummary(corpus));
  }
  return 0;
}

if (import.meta.main) Deno.exit(await main(Deno.args));
