/**
 * The command line's one argument parser and one vocabulary: every command declares its options
 * as {@linkcode OptionSpec}s, starting from {@linkcode SHARED_OPTIONS} (same names, same defaults,
 * same bounds everywhere), parses them with {@linkcode parseCommandLine}, reads values through the
 * typed readers here, and prints `--help` from the same declarations ({@linkcode usage}).
 *
 * Numbers are read strictly: an integer option takes decimal digits only, within its bounds, so
 * `--reps 1e9`, `--seed 4294967296` and `--seed -3` are refused with the same message in every
 * command instead of being read as something else.
 * @module
 */
import {
  BACKEND_NAMES,
  type BackendName,
  CORPUS_PRESETS,
  MAX_REPS,
  MAX_SEED,
  PROFILE_NAMES,
  type ProfileName,
  type SynthesisProtocol,
} from "../lib/mod.ts";

/** A command line that cannot be run as given: exit code 2, with the usage. */
export class UsageError extends Error {
  /** @param message what is wrong, in one sentence */
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

/** One option of a command. */
export interface OptionSpec {
  /** `string` takes a value, `boolean` is a flag. */
  readonly type: "string" | "boolean";
  /** What the value looks like in the usage, e.g. `N`, `DIR`, `quick|paper`. */
  readonly value?: string;
  /** One line of help, default included. */
  readonly help: string;
  /** A one-letter alias, e.g. `h`. */
  readonly short?: string;
  /** A string option that may be given more than once (read with {@linkcode stringValues}). */
  readonly repeatable?: boolean;
}

/** Options of a command by name (without the leading `--`). */
export type OptionSpecs = Readonly<Record<string, OptionSpec>>;

/** Synthesis protocols accepted by `--synthesis-protocol`. */
const SYNTHESIS_PROTOCOLS: readonly SynthesisProtocol[] = ["leak-free", "reference"];

/** The options every command accepts, with the same meaning and default everywhere. */
export const SHARED_OPTIONS: OptionSpecs = Object.freeze({
  profile: {
    type: "string",
    value: PROFILE_NAMES.join("|"),
    help: "named settings (default quick)",
  },
  backend: {
    type: "string",
    value: "NAME",
    help: `TensorFlow.js backend: ${BACKEND_NAMES.join(" | ")} (default auto)`,
  },
  seed: { type: "string", value: "N", help: `base seed, 0 to ${MAX_SEED} (default 0)` },
  "synthesis-protocol": {
    type: "string",
    value: SYNTHESIS_PROTOCOLS.join("|"),
    help: "within corpus, where augmenters are fitted: per fold (leak-free, default) or on all " +
      "sessions (reference)",
  },
  cache: { type: "string", value: "DIR", help: "cache root (default $SER_CACHE_DIR or .cache)" },
  "no-cache": { type: "boolean", help: "neither read nor write the cache (feature files too)" },
  debug: {
    type: "boolean",
    help: "on an error, print its stack trace after the one-line message (or SER_DEBUG=1)",
  },
  help: { type: "boolean", short: "h", help: "this text" },
});

/** The corpora of a run (evaluate, reproduce). */
export const CORPUS_OPTIONS: OptionSpecs = Object.freeze({
  labelled: {
    type: "string",
    value: "NAME|SPEC",
    help: "labelled corpus, preset or corpus spec JSON (default emodb)",
  },
  test: { type: "string", value: "NAME|SPEC", help: "cross-corpus test corpus (default ravdess)" },
  source: {
    type: "string",
    value: "NAME|SPEC",
    help: "unlabelled source corpus (default librispeech)",
  },
  reps: {
    type: "string",
    value: "N",
    help: `classifier repetitions, 1 to ${MAX_REPS} (default 5)`,
  },
});

/** What {@linkcode parseCommandLine} returns. */
export interface ParsedArgs {
  /** Option values by name: strings, or `true` for flags given. */
  readonly values: Readonly<Record<string, string | true>>;
  /** Positional arguments. */
  readonly positionals: readonly string[];
  /** Unknown options and what follows them, in order (only with `passThrough`). */
  readonly rest: readonly string[];
  /** Every value of each repeatable option given, in order (`values` holds the last). */
  readonly repeated?: Readonly<Record<string, readonly string[]>>;
}

/**
 * Parses `--name value`, `--name=value`, flags and their one-letter aliases. A string option takes
 * the next argument as its value whatever it looks like (so `--seed -3` reaches the bounds check).
 * @param args the arguments
 * @param specs the command's options
 * @param mode whether positionals are allowed, and whether unknown options pass through (`lab`)
 * @returns values, positionals and the rest
 * @throws {UsageError} for an unknown option, a missing value, a value given to a flag, an option
 *   given twice, or an unexpected positional
 */
export function parseCommandLine(
  args: readonly string[],
  specs: OptionSpecs,
  mode: { readonly positionals?: boolean; readonly passThrough?: boolean } = {},
): ParsedArgs {
  const values: Record<string, string | true> = {};
  const repeated: Record<string, string[]> = {};
  const positionals: string[] = [];
  const rest: string[] = [];
  const shorts = new Map(
    Object.entries(specs).flatMap(([name, s]) => (s.short ? [[s.short, name] as const] : [])),
  );
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === "--") {
      (mode.passThrough ? rest : positionals).push(...args.slice(i + 1));
      break;
    }
    let name: string | undefined, inline: string | undefined;
    if (arg.startsWith("--")) {
      const eq = arg.indexOf("=");
      name = eq < 0 ? arg.slice(2) : arg.slice(2, eq);
      inline = eq < 0 ? undefined : arg.slice(eq + 1);
    } else if (/^-[A-Za-z]$/.test(arg)) {
      name = shorts.get(arg[1]) ?? arg;
    }
    if (name === undefined) {
      if (mode.passThrough) rest.push(arg);
      else if (mode.positionals) positionals.push(arg);
      else throw new UsageError(`Unexpected argument "${arg}"`);
      continue;
    }
    const spec = Object.hasOwn(specs, name) ? specs[name] : undefined;
    if (spec === undefined) {
      if (mode.passThrough) {
        rest.push(arg);
        continue;
      }
      throw new UsageError(`Unknown option ${name.startsWith("-") ? name : `--${name}`}`);
    }
    if (name in values && !spec.repeatable) {
      throw new UsageError(`Option --${name} is given twice`);
    }
    if (spec.type === "boolean") {
      if (inline !== undefined) throw new UsageError(`Option --${name} takes no value`);
      values[name] = true;
    } else if (inline !== undefined) {
      values[name] = inline;
    } else if (i + 1 < args.length) {
      values[name] = args[++i];
    } else {
      throw new UsageError(`Option --${name} needs a value (${spec.value ?? "a value"})`);
    }
    if (spec.repeatable && typeof values[name] === "string") {
      (repeated[name] ??= []).push(values[name] as string);
    }
  }
  return { values, positionals, rest, repeated };
}

/**
 * Every value of a repeatable string option.
 * @param parsed the parsed arguments
 * @param name the option
 * @returns its values in order (empty when not given)
 */
export function stringValues(parsed: ParsedArgs, name: string): string[] {
  const all = parsed.repeated?.[name];
  if (all) return [...all];
  const v = parsed.values[name];
  return typeof v === "string" ? [v] : [];
}

/**
 * A string option's value.
 * @param parsed the parsed arguments
 * @param name the option
 * @returns its value, or `undefined` when not given
 */
export function stringValue(parsed: ParsedArgs, name: string): string | undefined {
  const v = parsed.values[name];
  return typeof v === "string" ? v : undefined;
}

/**
 * Whether a flag was given.
 * @param parsed the parsed arguments
 * @param name the flag
 * @returns `true` when given
 */
export function flag(parsed: ParsedArgs, name: string): boolean {
  return parsed.values[name] === true;
}

/**
 * One of a fixed set of words.
 * @param name the option (for the message)
 * @param text its value
 * @param allowed the words
 * @returns the word
 * @throws {UsageError} for another word
 */
export function oneOf<T extends string>(name: string, text: string, allowed: readonly T[]): T {
  if (!allowed.includes(text as T)) {
    throw new UsageError(`Expected --${name} to be one of ${allowed.join(", ")}, found "${text}"`);
  }
  return text as T;
}

/**
 * An integer in bounds, written in decimal digits.
 * @param name the option (for the message)
 * @param text its value
 * @param min smallest allowed
 * @param max largest allowed
 * @returns the integer
 * @throws {UsageError} for anything but decimal digits, or a value out of bounds
 */
export function integerValue(name: string, text: string, min: number, max: number): number {
  const n = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max) {
    throw new UsageError(
      `Expected --${name} to be an integer in [${min}, ${max}], found "${text}"`,
    );
  }
  return n;
}

/**
 * A comma-separated list of finite numbers, each at least `min`.
 * @param name the option (for the message)
 * @param text its value, e.g. `0,0.5,2`
 * @param min smallest allowed value
 * @param positive whether the values must be strictly above `min`
 * @returns the numbers
 * @throws {UsageError} for an empty list or a bad element
 */
export function numberList(name: string, text: string, min: number, positive = false): number[] {
  const parts = text.split(",").map((p) => p.trim());
  return parts.map((p) => {
    const n = /^[+]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(p) ? Number(p) : NaN;
    if (!Number.isFinite(n) || n < min || (positive && n === min)) {
      throw new UsageError(
        `Expected --${name} to be a comma-separated list of numbers ${
          positive ? ">" : "≥"
        } ${min}, found "${text}"`,
      );
    }
    return n;
  });
}

/** The shared options' values, read and checked. */
export interface SharedValues {
  /** `--profile`, default `quick`. */
  readonly profile: ProfileName;
  /** `--backend`, default `auto`. */
  readonly backend: BackendName | "auto";
  /** `--seed`, when given. */
  readonly seed?: number;
  /** `--synthesis-protocol`, when given. */
  readonly synthesisProtocol?: SynthesisProtocol;
  /** `--cache DIR`, `false` for `--no-cache`, `undefined` for the default root. */
  readonly cacheDir: string | false | undefined;
  /** `--help`. */
  readonly help: boolean;
  /** `--debug`: stack traces on errors (read by {@linkcode runMain}). */
  readonly debug: boolean;
}

/**
 * Reads the shared options.
 * @param parsed the parsed arguments
 * @returns their values, defaults filled in
 * @throws {UsageError} for a bad value, or `--cache` together with `--no-cache`
 * @throws {Error} when `--cache` names something that exists and is not a folder
 */
export function sharedValues(parsed: ParsedArgs): SharedValues {
  const profile = stringValue(parsed, "profile");
  const backend = stringValue(parsed, "backend");
  const seed = stringValue(parsed, "seed");
  const protocol = stringValue(parsed, "synthesis-protocol");
  const cache = stringValue(parsed, "cache");
  if (cache !== undefined && flag(parsed, "no-cache")) {
    throw new UsageError("Expected --cache DIR or --no-cache, found both");
  }
  if (cache !== undefined) _checkNotAFile(cache);
  return {
    profile: profile === undefined ? "quick" : oneOf("profile", profile, PROFILE_NAMES),
    backend: backend === undefined ? "auto" : oneOf("backend", backend, BACKEND_NAMES),
    ...(seed === undefined ? {} : { seed: integerValue("seed", seed, 0, MAX_SEED) }),
    ...(protocol === undefined
      ? {}
      : { synthesisProtocol: oneOf("synthesis-protocol", protocol, SYNTHESIS_PROTOCOLS) }),
    cacheDir: flag(parsed, "no-cache") ? false : cache,
    help: flag(parsed, "help"),
    debug: flag(parsed, "debug"),
  };
}

function _checkNotAFile(dir: string): void {
  let info: Deno.FileInfo;
  try {
    info = Deno.statSync(dir);
  } catch {
    return; // missing (created when first written) or unreadable (reported when used)
  }
  if (!info.isDirectory) {
    throw new Error(`Expected --cache to name a folder, found a file: ${dir}`);
  }
}

/**
 * `--reps`, when given.
 * @param parsed the parsed arguments
 * @returns the repetitions, or `undefined`
 * @throws {UsageError} outside [1, MAX_REPS]
 */
export function repsValue(parsed: ParsedArgs): number | undefined {
  const reps = stringValue(parsed, "reps");
  return reps === undefined ? undefined : integerValue("reps", reps, 1, MAX_REPS);
}

/**
 * The usage text of a command, from its option declarations.
 * @param synopsis the first line, e.g. `deno task evaluate --protocol within|cross [options]`
 * @param description one or two sentences
 * @param specs the command's options
 * @returns the text
 */
export function usage(synopsis: string, description: string, specs: OptionSpecs): string {
  const left = (name: string, s: OptionSpec) =>
    `${s.short ? `-${s.short}, ` : ""}--${name}${s.value ? ` ${s.value}` : ""}`;
  const width = Math.max(...Object.entries(specs).map(([n, s]) => left(n, s).length)) + 2;
  const lines = Object.entries(specs).map(([n, s]) => `  ${left(n, s).padEnd(width)}${s.help}`);
  return `Usage: ${synopsis}\n\n${description}\n\nOptions:\n${lines.join("\n")}\n`;
}

/**
 * A corpus option's value: a preset name or the path of a `.json` corpus spec, checked before
 * anything starts (so a misspelt preset is refused at once, not after the backend is up).
 * @param parsed the parsed arguments
 * @param name the option (`labelled`, `test`, `source`)
 * @param fallback the default preset
 * @returns the preset name or spec path
 * @throws {UsageError} for a value that is neither a preset nor a `.json` path
 */
export function corpusValue(parsed: ParsedArgs, name: string, fallback: string): string {
  const v = stringValue(parsed, name) ?? fallback;
  if (!(CORPUS_PRESETS as readonly string[]).includes(v) && !v.toLowerCase().endsWith(".json")) {
    throw new UsageError(
      `Expected --${name} to be one of ${CORPUS_PRESETS.join(", ")} or a .json spec, found "${v}"`,
    );
  }
  return v;
}

/**
 * Whether errors should carry their stack trace: `--debug` among the arguments (before any
 * `--`), or `SER_DEBUG=1` in the environment.
 * @param args the command's arguments
 * @returns `true` for stack traces
 */
export function debugRequested(args: readonly string[]): boolean {
  const end = args.indexOf("--");
  if ((end < 0 ? args : args.slice(0, end)).includes("--debug")) return true;
  try {
    return Deno.env.get("SER_DEBUG") === "1";
  } catch {
    return false; // no permission to read the environment
  }
}

/**
 * The one line an error is reported with: its message with line breaks folded into spaces (a
 * value that is not an `Error` is written as text; an `Error` without a message by its name).
 * @param command the command's name
 * @param error what was thrown
 * @returns `command: message`
 */
export function errorLine(command: string, error: unknown): string {
  const text = error instanceof Error ? (error.message || error.name) : String(error);
  return `${command}: ${text.trim().replace(/\s*\n\s*/g, " ")}`;
}

/**
 * Runs a command's `main` as a program: the one error boundary of every command. A
 * {@linkcode UsageError} prints `command: message (see --help)` to stderr and exits 2; any other
 * error prints `command: message` (one line) and exits 1. The stack trace follows only with
 * `--debug` or `SER_DEBUG=1`.
 * @param command the command's name
 * @param main the command
 * @param args the arguments
 * @returns the exit code
 */
export async function runMain(
  command: string,
  main: (args: readonly string[]) => Promise<number>,
  args: readonly string[],
): Promise<number> {
  try {
    return await main(args);
  } catch (e) {
    const usageError = e instanceof UsageError;
    console.error(`${errorLine(command, e)}${usageError ? " (see --help)" : ""}`);
    if (debugRequested(args) && e instanceof Error && e.stack) console.error(e.stack);
    return usageError ? 2 : 1;
  }
}
