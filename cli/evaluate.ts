/**
 * `deno task evaluate`: one setting of the paper's experiments (Sec. 4.3 / 4.4), e.g.
 * `deno task evaluate --protocol within --train-on real --reps 5 --json`.
 * Progress goes to stderr; with `--json` the last line of stdout is one JSON object.
 * @module
 */
import { parseArgs } from "node:util";
import { BACKEND_NAMES, type BackendName, initBackend } from "../lib/backend.ts";
import type { EvaluationOverrides } from "../lib/evaluation/config.ts";
import { evaluate, type EvaluateOptions } from "../lib/evaluation/evaluate.ts";
import type {
  EvaluationResult,
  Normalization,
  ProfileName,
  Protocol,
  SynthesisProtocol,
  TrainOn,
} from "../lib/evaluation/types.ts";

const USAGE =
  `Usage: deno task evaluate --protocol within|cross --train-on real|syn|real+syn [options]

Evaluates one setting of Bao, Neumann & Vu (Interspeech 2019), Sec. 4.3 (within) / 4.4 (cross).

Options:
  --protocol within|cross         leave-one-session-out, or train on labelled / test on --test
  --train-on real|syn|real+syn    what the classifier is trained on
  --lambda-cls N                  λ_cls of the CycleGAN for syn / real+syn (default 0)
  --labelled NAME|SPEC            labelled corpus, preset or corpus spec JSON (default emodb)
  --test NAME|SPEC                cross-corpus test corpus (default ravdess)
  --source NAME|SPEC              unlabelled source corpus (default librispeech)
  --profile quick|paper           named settings (default paper: the published hyper-parameters)
  --reps N                        classifier repetitions (default 5)
  --seed N                        base seed (default 0)
  --synthesis-protocol P          within, synthetic data: leak-free (default) | reference
  --normalization N               per-dataset (default, paper) | train-fit
  --dev-epoch-factors F,F,...     cross: epoch counts (× the setting's) the dev split picks
                                  from (default 0.5,1,2; 1 = no selection)
  --backend NAME                  ${BACKEND_NAMES.join(" | ")} (default wasm)
  --cache DIR                     cache root (default $SER_CACHE_DIR or .cache)
  --no-cache                      neither read nor write the cache
  --json                          print one JSON object as the last line of stdout
  -h, --help                      this text
`;

/** A usage error: exit code 2. */
export class UsageError extends Error {
  /** @param message what is wrong */
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

function _oneOf<T extends string>(
  name: string,
  value: string | undefined,
  allowed: readonly T[],
): T {
  if (value === undefined) throw new UsageError(`--${name} is required (${allowed.join(" | ")})`);
  if (!allowed.includes(value as T)) {
    throw new UsageError(`--${name} must be one of ${allowed.join(", ")}, found "${value}"`);
  }
  return value as T;
}

function _number(name: string, value: string | undefined, integer: boolean): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === "" || !Number.isFinite(n) || (integer && !Number.isInteger(n))) {
    throw new UsageError(
      `--${name} must be ${integer ? "an integer" : "a number"}, found "${value}"`,
    );
  }
  return n;
}

/** Parsed command line. */
export interface EvaluateCli {
  /** The evaluation to run (without hooks). */
  readonly options: EvaluateOptions;
  /** Backend name. */
  readonly backend: BackendName | "auto";
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
  let values;
  try {
    ({ values } = parseArgs({
      args: [...args],
      options: {
        protocol: { type: "string" },
        "train-on": { type: "string" },
        "lambda-cls": { type: "string" },
        labelled: { type: "string" },
        test: { type: "string" },
        source: { type: "string" },
        profile: { type: "string" },
        reps: { type: "string" },
        seed: { type: "string" },
        "synthesis-protocol": { type: "string" },
        normalization: { type: "string" },
        "dev-epoch-factors": { type: "string" },
        backend: { type: "string" },
        cache: { type: "string" },
        "no-cache": { type: "boolean" },
        json: { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  if (values.help) {
    return {
      options: { protocol: "within", trainOn: "real" },
      backend: "wasm",
      json: false,
      help: true,
    };
  }
  const protocol = _oneOf<Protocol>("protocol", values.protocol, ["within", "cross"]);
  const trainOn = _oneOf<TrainOn>("train-on", values["train-on"], ["real", "syn", "real+syn"]);
  const profile = values.profile === undefined
    ? "paper"
    : _oneOf<ProfileName>("profile", values.profile, ["quick", "paper"]);
  const lambdaCls = _number("lambda-cls", values["lambda-cls"], false);
  if (lambdaCls !== undefined && lambdaCls < 0) {
    throw new UsageError(`--lambda-cls must be ≥ 0, found ${lambdaCls}`);
  }
  const reps = _number("reps", values.reps, true);
  if (reps !== undefined && reps < 1) throw new UsageError(`--reps must be ≥ 1, found ${reps}`);
  const seed = _number("seed", values.seed, true);
  const factorsText = values["dev-epoch-factors"];
  const devEpochFactors = factorsText === undefined
    ? undefined
    : factorsText.split(",").map((f) => _number("dev-epoch-factors", f, false)!);
  if (devEpochFactors?.some((f) => !(f > 0))) {
    throw new UsageError(`--dev-epoch-factors must be positive numbers, found "${factorsText}"`);
  }
  const overrides: EvaluationOverrides = {
    ...(devEpochFactors === undefined ? {} : { devEpochFactors }),
    ...(reps === undefined ? {} : { reps }),
    ...(seed === undefined ? {} : { seed }),
    ...(values["synthesis-protocol"] === undefined ? {} : {
      synthesisProtocol: _oneOf<SynthesisProtocol>(
        "synthesis-protocol",
        values["synthesis-protocol"],
        ["leak-free", "reference"],
      ),
    }),
    ...(values.normalization === undefined ? {} : {
      normalization: _oneOf<Normalization>("normalization", values.normalization, [
        "per-dataset",
        "train-fit",
      ]),
    }),
  };
  const backend = values.backend === undefined
    ? "wasm"
    : _oneOf("backend", values.backend, BACKEND_NAMES);
  return {
    options: {
      protocol,
      trainOn,
      lambdaCls: lambdaCls ?? 0,
      labelled: values.labelled ?? "emodb",
      test: values.test ?? "ravdess",
      source: values.source ?? "librispeech",
      profile,
      overrides,
      cacheDir: values["no-cache"] ? false : values.cache,
    },
    backend,
    json: values.json ?? false,
    help: false,
  };
}

/**
 * The `--json` line: snake_case summary plus the full result.
 * @param r the result
 * @returns one JSON object
 */
export function jsonSummary(r: EvaluationResult): Record<string, unknown> {
  const s = r.setting;
  return {
    protocol: s.protocol,
    train_on: s.trainOn,
    lambda_cls: s.lambdaCls,
    profile: r.profile,
    uar_mean: s.uarMean,
    uar_std: s.uarStd,
    uar_per_rep: s.uarPerRep,
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
    `${s.protocol} / train on ${s.trainOn}${
      s.lambdaCls === null ? "" : ` (λcls = ${s.lambdaCls})`
    }` +
    ` / normalization ${s.normalization}` +
    (s.synthesisProtocol ? ` / synthesis ${s.synthesisProtocol}` : ""),
    `UAR ${pct(s.uarMean)} ± ${pct(s.uarStd)} %  (per repetition: ${
      s.uarPerRep.map(pct).join(", ")
    })`,
  ];
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
 * @returns exit code
 */
export async function main(args: readonly string[]): Promise<number> {
  let cli: EvaluateCli;
  try {
    cli = parseEvaluateArgs(args);
  } catch (e) {
    console.error(`evaluate: ${(e as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (cli.help) {
    console.log(USAGE);
    return 0;
  }
  const backend = await initBackend(cli.backend);
  console.error(
    `evaluate: backend ${backend.name} on ${backend.device} (kernels ${backend.kernels})`,
  );
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
    const result = await evaluate({
      ...cli.options,
      backend,
      signal: controller.signal,
      onProgress: (p) => {
        const line = `${p.stage} ${p.done}/${p.total}${p.message ? ` ${p.message}` : ""}`;
        if (p.stage.startsWith("classifier") || line.split(" ")[0] !== last || p.done === p.total) {
          console.error(`evaluate: ${line}`);
        }
        last = line.split(" ")[0];
      },
    });
    console.log(textSummary(result));
    if (cli.json) console.log(JSON.stringify(jsonSummary(result)));
    return 0;
  } catch (e) {
    if (controller.signal.aborted) {
      console.error("evaluate: interrupted; CycleGAN checkpoints are kept, run again to resume");
      return 130;
    }
    throw e;
  } finally {
    Deno.removeSignalListener("SIGINT", onSigint);
  }
}

if (import.meta.main) Deno.exit(await main(Deno.args));
