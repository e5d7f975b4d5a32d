/**
 * `deno task bench [--json] [--quick] [--only NAME]`: runs every benchmark module and prints one
 * line per measurement: a JSON object with `--json`, a readable line otherwise.
 *
 * Modules: `data` (bench/data.ts: ARFF parsing, memory, cache), `memory` (bench/memory.ts:
 * tensors and RSS per epoch of a quick CycleGAN), `stack` (bench/stack.ts: classifiers trained one
 * by one against stacked) and `quad` (bench/quad.ts:
 * ms per paper-size training iteration per backend, PyTorch anchor, ratio). `--only` takes a
 * module name (`data`, `memory`, `stack`, `quad`) and may be repeated; `--quick` makes every module use smaller
 * sizes and fewer repetitions.
 * @module
 */
import type { Benchmark, BenchRecord } from "./types.ts";

/** Benchmark modules by name, loaded on demand so one broken module does not stop the others. */
const MODULES: Readonly<Record<string, string>> = Object.freeze({
  data: "./data.ts",
  quad: "./quad.ts",
  memory: "./memory.ts",
  stack: "./stack.ts",
});

/** Parsed command line. */
export interface BenchArgs {
  /** Print JSON lines. */
  readonly json: boolean;
  /** Smaller sizes, fewer repetitions. */
  readonly quick: boolean;
  /** Module names to run; all when empty. */
  readonly only: readonly string[];
}

/**
 * Parses the command line.
 * @param args `Deno.args`
 * @returns the options
 * @throws {RangeError} for an unknown flag or module name
 */
export function parseArgs(args: readonly string[]): BenchArgs {
  let json = false, quick = false;
  const only: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === "--json") json = true;
    else if (a === "--quick") quick = true;
    else if (a === "--only" || a.startsWith("--only=")) {
      const name = a === "--only" ? args[++i] : a.slice("--only=".length);
      if (!name || !(name in MODULES)) {
        throw new RangeError(
          `--only expects one of ${Object.keys(MODULES).join(", ")}, found ${name ?? "nothing"}`,
        );
      }
      only.push(name);
    } else {
      throw new RangeError(`Unknown argument "${a}"; expected --json, --quick or --only NAME`);
    }
  }
  return { json, quick, only };
}

/**
 * One record as a readable line, e.g. `quad_iteration  backend=wasm kernels=openblas ...`.
 * @param r the record
 * @returns the line
 */
export function formatRecord(r: BenchRecord): string {
  const rest = Object.entries(r)
    .filter(([k]) => k !== "name" && k !== "command")
    .map(([k, v]) => `${k}=${typeof v === "string" && v.includes(" ") ? JSON.stringify(v) : v}`);
  return `${r.name.padEnd(16)} ${rest.join(" ")}`;
}

async function main(): Promise<void> {
  let opts: BenchArgs;
  try {
    opts = parseArgs(Deno.args);
  } catch (e) {
    console.error((e as Error).message);
    Deno.exit(2);
  }
  const names = opts.only.length > 0 ? opts.only : Object.keys(MODULES);
  const started = new Date().toISOString();
  const meta = { name: "bench_run", date: started, quick: opts.quick, modules: names };
  console.log(opts.json ? JSON.stringify(meta) : formatRecord(meta));
  let failed = false;
  for (const name of names) {
    let bench: Benchmark;
    try {
      bench = (await import(MODULES[name])).benchmarks as Benchmark;
    } catch (e) {
      const r = { name: `${name}_module`, error: (e as Error).message };
      console.log(opts.json ? JSON.stringify(r) : formatRecord(r));
      failed = true;
      continue;
    }
    for await (const r of bench({ quick: opts.quick })) {
      console.log(opts.json ? JSON.stringify(r) : formatRecord(r));
    }
  }
  if (failed) Deno.exitCode = 1;
}

if (import.meta.main) await main();
