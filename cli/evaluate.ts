/**
 * `deno task evaluate`: one setting of the paper's experiments (Sec. 4.3 / 4.4) with any
 * augmenter, compared with Real over the same seeds, e.g.
 * `deno task evaluate --protocol within --train-on real+syn --augment smote --json`.
 * Progress goes to stderr; with `--json` the last line of stdout is one JSON object.
 * @module
 */
import {
  backendLines,
  DEFAULT_AUGMENT,
  evaluate,
  type EvaluateOptions,
  type EvaluationOverrides,
  type EvaluationResult,
  formatPaired,
  initBackend,
  type Normalization,
  type Protocol,
  type TrainOn,
} from "../lib/mod.ts";
import {
  CORPUS_OPTIONS,
  corpusValue,
  flag,
  numberList,
  oneOf,
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

export { UsageError } from "./_args.ts";

/** The options of `deno task evaluate`. */
export const EVALUATE_OPTIONS: OptionSpecs = Object.freeze({
  protocol: {
    type: "string",
    value: "within|cross",
    help: "leave-one-session-out, or train on labelled / test on --test (required)",
  },
  "train-on": {
    type: "string",
    value: "real|syn|real+syn",
    help: "what the classifier is trained on (required)",
  },
  augment: {
    type: "string",
    value: "METHOD[:k=v,…]",
    help: `augmenter of syn / real+syn, e.g. cyclegan:lambda_cls=0 (default ${DEFAULT_AUGMENT})`,
  },
  ...CORPUS_OPTIONS,
  normalization: {
    type: "string",
    value: "N",
    help: "per-dataset (default, paper) | train-fit",
  },
  "dev-epoch-factors": {
    type: "string",
    value: "F,F,…",
    help: "cross: epoch counts (× the setting's) the dev split picks from (default 0.5,1,2)",
  },
  json: { type: "boolean", help: "print one JSON object as the last line of stdout" },
  ...SHARED_OPTIONS,
});

const USAGE = usage(
  "deno task evaluate --protocol within|cross --train-on real|syn|real+syn [options]",
  "Evaluates one setting of Bao, Neumann & Vu (Interspeech 2019), Sec. 4.3 (within) / 4.4 " +
    "(cross),\nand compares it with Real over the same seeds (a paired test).",
  EVALUATE_OPTIONS,
);

/** Parsed command line. */
export interface EvaluateCli {
  /** The evaluation to run (the backend is set up by `main`). */
  readonly options: Omit<EvaluateOptions, "backend">;
  /** Backend name. */
  readonly backend: ReturnType<typeof sharedValues>["backend"];
  /** Print JSON. */
  readonly json: boolean;
  /** Print usage. */
  readonly help: boolean;
}

/**
 * Parses the command line.
 * @param args arguments
 * @returns the parsed options
 * @throws {UsageError} for a missing or malformed option
 */
export function parseEvaluateArgs(args: readonly string[]): EvaluateCli {
  const parsed = parseCommandLine(args, EVALUATE_OPTIONS);
  const shared = sharedValues(parsed);
  if (shared.help) {
    return {
      options: { protocol: "within", trainOn: "real" },
      backend: shared.backend,
      json: false,
      help: true,
    };
  }
  const required = (name: string, allowed: readonly string[]) => {
    const v = stringValue(parsed, name);
    if (v === undefined) throw new UsageError(`--${name} is required (${allowed.join(" | ")})`);
    return oneOf(name, v, allowed);
  };
  const protocol = required("protocol", ["within", "cross"]) as Protocol;
  const trainOn = required("train-on", ["real", "syn", "real+syn"]) as TrainOn;
  const factors = stringValue(parsed, "dev-epoch-factors");
  const normalization = stringValue(parsed, "normalization");
  const reps = repsValue(parsed);
  const augment = stringValue(parsed, "augment");
  if (augment !== undefined && trainOn === "real") {
    throw new UsageError("Expected no --augment with --train-on real (Real uses no augmenter)");
  }
  const overrides: EvaluationOverrides = {
    ...(reps === undefined ? {} : { reps }),
    ...(shared.seed === undefined ? {} : { seed: shared.seed }),
    ...(shared.synthesisProtocol === undefined
      ? {}
      : { synthesisProtocol: shared.synthesisProtocol }),
    ...(factors === undefined
      ? {}
      : { devEpochFactors: numberList("dev-epoch-factors", factors, 0, true) }),
    ...(normalization === undefined ? {} : {
      normalization: oneOf<Normalization>("normalization", normalization, [
        "per-dataset",
        "train-fit",
      ]),
    }),
  };
  return {
    options: {
      protocol,
      trainOn,
      ...(augment === undefined ? {} : { augment }),
      labelled: corpusValue(parsed, "labelled", "emodb"),
      test: corpusValue(parsed, "test", "ravdess"),
      source: corpusValue(parsed, "source", "librispeech"),
      profile: shared.profile,
      overrides,
      cacheDir: shared.cacheDir,
    },
    backend: shared.backend,
    json: flag(parsed, "json"),
    help: false,
  };
}

/**
 * The `--json` line: snake_case summary (with the paired comparison against Real) plus the full
 * result.
 * @param r the result
 * @returns one JSON object
 */
export function jsonSummary(r: EvaluationResult): Record<string, unknown> {
  const s = r.setting;
  return {
    protocol: s.protocol,
    train_on: s.trainOn,
    augment: s.augment,
    synthesis_protocol: s.synthesisProtocol,
    profile: r.profile,
    uar_mean: s.uarMean,
    uar_std: s.uarStd,
    uar_per_rep: s.uarPerRep,
    ...(s.vsReal
      ? {
        vs_real: {
          diff_mean: s.vsReal.diffMean,
          ci95: s.vsReal.ci95,
          p_value: s.vsReal.pValue,
          pairs: s.vsReal.pairs,
          unit: s.vsReal.unit,
          test: s.vsReal.test,
          min_detectable: s.vsReal.minDetectable,
          real_uar_mean: r.baseline.uarMean,
        },
      }
      : {}),
    classes: s.classes,
    confusion: s.confusion,
    confusion_normalized: s.confusionNormalized,
    backend: r.backend,
    result: r,
  };
}

/**
 * Human-readable summary.
 * @param r the result
 * @returns text
 */
export function textSummary(r: EvaluationResult): string {
  const s = r.setting;
  const pct = (v: number) => (v * 100).toFixed(2);
  const lines = [
    `Profile: ${r.profile}   backend: ${r.backend.name} on ${r.backend.device}`,
    `${s.protocol} / train on ${s.trainOn}${s.augment === null ? "" : ` (${s.augment})`}` +
    ` / normalization ${s.normalization}` +
    (s.synthesisProtocol ? ` / synthesis ${s.synthesisProtocol}` : ""),
    `UAR ${pct(s.uarMean)} ± ${pct(s.uarStd)} %  (per repetition: ${
      s.uarPerRep.map(pct).join(", ")
    })`,
  ];
  if (s.vsReal) {
    lines.push(
      `vs Real (${pct(r.baseline.uarMean)} %), difference in points: ${formatPaired(s.vsReal)}; ` +
        `${s.vsReal.pairs} pairs (one per ${s.vsReal.unit}); ${s.vsReal.test}`,
    );
  }
  if (s.selection) {
    lines.push(
      `Dev selection: ${s.selection.what}: ${s.selection.selected} of [${s.selection.candidates}]` +
        ` (dev UAR ${s.selection.devUar.map(pct).join(", ")} %)`,
    );
  }
  lines.push(`Confusion (rows true, columns predicted; row-normalised, mean over repetitions):`);
  const w = Math.max(...s.classes.map((c) => c.length));
  lines.push(" ".repeat(w + 2) + s.classes.map((c) => c.padStart(8)).join(""));
  s.confusionNormalized.forEach((row, i) =>
    lines.push(`  ${s.classes[i].padEnd(w)}${row.map((v) => v.toFixed(3).padStart(8)).join("")}`)
  );
  return lines.join("\n");
}

/**
 * Runs the command.
 * @param args arguments
 * @returns exit code (0, or 130 when interrupted)
 * @throws {UsageError} for a bad command line; whatever the run throws
 */
export async function main(args: readonly string[]): Promise<number> {
  const cli = parseEvaluateArgs(args);
  if (cli.help) {
    console.log(USAGE);
    return 0;
  }
  const backend = await initBackend(cli.backend);
  for (const line of backendLines(backend)) console.error(`evaluate: ${line.trim()}`);
  if (
    cli.options.trainOn !== "real" && cli.options.profile === "paper" && backend.name !== "webgpu"
  ) {
    console.error(
      "evaluate: note: the paper profile pre-trains each CycleGAN for 10k epochs and trains it " +
        "for 2k; on a CPU that takes hours per model (try --profile quick)",
    );
  }
  const controller = new AbortController();
  const onSigint = () => controller.abort(new DOMException("Interrupted by Ctrl-C", "AbortError"));
  Deno.addSignalListener("SIGINT", onSigint);
  let last = "";
  try {
    const result = await evaluate({ ...cli.options, backend }, {
      signal: controller.signal,
      onWarning: (w) => console.error(`evaluate: warning: ${w}`),
      onStage: (stage, event) => {
        if (event === "start") {
          console.error(`evaluate: ${stage.title}${stage.cached ? " (cached)" : ""}`);
        }
      },
      onProgress: (p) => {
        const tenth = `${p.stage} ${Math.floor((10 * p.done) / Math.max(1, p.total))}`;
        if (p.message?.includes("UAR") || tenth !== last) {
          console.error(`evaluate:   ${p.done}/${p.total}${p.message ? ` ${p.message}` : ""}`);
        }
        last = tenth;
      },
    });
    console.log(textSummary(result));
    if (cli.json) console.log(JSON.stringify(jsonSummary(result)));
    return 0;
  } catch (e) {
    if (controller.signal.aborted) {
      console.error("evaluate: interrupted; checkpoints are kept, run again to resume");
      return 130;
    }
    throw e;
  } finally {
    Deno.removeSignalListener("SIGINT", onSigint);
  }
}

if (import.meta.main) Deno.exit(await runMain("evaluate", main, Deno.args));
