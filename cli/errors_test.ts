/**
 * The one error boundary of every command (`runMain`), seen from outside: each command run as a
 * program with a bad argument exits 2 with `command: message (see --help)`, and with a bad input
 * exits 1 with `command: message`, one line, no stack trace unless `--debug` or `SER_DEBUG=1`.
 * Every case fails before any training (each run takes well under a second).
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("..", import.meta.url));

interface Run {
  readonly code: number;
  readonly stderr: string;
}

async function run(args: readonly string[], env: Record<string, string> = {}): Promise<Run> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", ...args],
    cwd: ROOT,
    env: { SER_DEBUG: "", ...env },
    stdout: "null",
    stderr: "piped",
  }).output();
  return { code: out.code, stderr: new TextDecoder().decode(out.stderr) };
}

/** Cases: command, arguments, expected exit code, expected error line. */
const CASES: readonly [string, readonly string[], number, RegExp][] = [
  ["evaluate", ["--seed", "-3"], 2, /^evaluate: Expected --seed to be .* \(see --help\)$/],
  [
    "evaluate",
    ["--protocol", "within", "--train-on", "real", "--labelled", "nosuch.json", "--no-cache"],
    1,
    /^evaluate: Corpus spec 'nosuch.json' does not exist$/,
  ],
  ["reproduce", ["--reps", "1e9"], 2, /^reproduce: Expected --reps .* \(see --help\)$/],
  [
    "reproduce",
    ["--dry-run", "--test", "nosuch"],
    2,
    /^reproduce: Expected --test to be one of emodb, .* found "nosuch" \(see --help\)$/,
  ],
  [
    "reproduce",
    ["--dry-run", "--out", "deno.json"],
    1,
    /^reproduce: Expected a folder for the report at deno.json, found a file$/,
  ],
  ["quality", ["--bogus"], 2, /^quality: Unknown option --bogus \(see --help\)$/],
  [
    "quality",
    ["--cache", "deno.json"],
    1,
    /^quality: Expected --cache to name a folder, found a file: deno.json$/,
  ],
  ["corpus", ["emodb", "--seed", "x"], 2, /^corpus: Expected --seed .* \(see --help\)$/],
  ["corpus", ["nosuch.json"], 1, /^corpus: Corpus spec 'nosuch.json' does not exist$/],
  ["lab", ["--no-cache"], 2, /^lab: Expected --cache DIR, found --no-cache.* \(see --help\)$/],
  ["lab", ["--cache", "deno.json"], 1, /^lab: Expected --cache to name a folder/],
  ["assignment", ["--bogus"], 2, /^assignment: Unknown option '--bogus'.* \(see --help\)$/],
  ["assignment", ["grade", "nosuch"], 1, /^assignment: Expected a submission folder/],
];

function assertOneLine(name: string, r: Run, code: number, line: RegExp): void {
  assert.equal(r.code, code, `${name}: exit code\n${r.stderr}`);
  const lines = r.stderr.trimEnd().split("\n");
  assert.match(lines.at(-1)!, line, `${name}: last line of stderr\n${r.stderr}`);
  assert.doesNotMatch(r.stderr, /Uncaught|^\s+at /m, `${name}: no stack trace\n${r.stderr}`);
}

Deno.test("every command reports a bad argument (exit 2) and a bad input (exit 1) in one line", async () => {
  const runs = await Promise.all(CASES.map(([cmd, args]) => run([`cli/${cmd}.ts`, ...args])));
  CASES.forEach(([cmd, args, code, line], i) =>
    assertOneLine(`${cmd} ${args.join(" ")}`, runs[i], code, line)
  );
});

Deno.test("--debug and SER_DEBUG=1 add the stack trace after the same line", async () => {
  const args = ["cli/corpus.ts", "emodb", "--cache", "deno.json"];
  const [flagged, env] = await Promise.all([
    run([...args, "--debug"]),
    run(args, { SER_DEBUG: "1" }),
  ]);
  for (const r of [flagged, env]) {
    assert.equal(r.code, 1, r.stderr);
    const lines = r.stderr.trimEnd().split("\n");
    assert.match(lines[0], /^corpus: Expected --cache to name a folder, found a file: deno.json$/);
    assert.match(r.stderr, /^\s+at /m, "a stack trace follows");
  }
});

Deno.test("reproduce --dry-run lists every plan problem under the plan, then exits 1 with the first", async () => {
  const dir = await Deno.makeTempDir({ prefix: "ser-errors-test-" });
  try {
    const ids = ["s01_p50_s160", "s02_p20_s120", "s03_p80_s200", "s04_p35_s140"];
    await Deno.writeTextFile(
      join(dir, "labels.csv"),
      ["id,label,speaker,session", ...ids.map((id, i) => `${id},${"ab"[i % 2]},p${i},S1`)].join(
        "\n",
      ),
    );
    const spec = join(dir, "one-session.json");
    await Deno.writeTextFile(
      spec,
      JSON.stringify({
        name: "one",
        features: join(ROOT, "tests/fixtures/opensmile/emobase2010.arff"),
        labelsCsv: "labels.csv",
        classMap: { a: "angry", b: "sad" },
      }),
    );
    const out = await new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", "cli/reproduce.ts", "--dry-run", "--labelled", spec, "--no-cache"],
      cwd: ROOT,
      env: { SER_DEBUG: "" },
    }).output();
    const stdout = new TextDecoder().decode(out.stdout);
    const stderr = new TextDecoder().decode(out.stderr);
    assert.equal(out.code, 1, stderr);
    assert.match(stdout, /^2 problems: the run stops before the first training step$/m);
    assert.match(
      stdout,
      /^ {2}- Corpus "one": expected at least two sessions .* found one \('S1'\)$/m,
    );
    assert.match(stdout, /^ {2}- Corpus "ravdess": expected the classes of "one"/m);
    assert.doesNotMatch(stdout, /Measuring a warm-up/, "nothing is measured or trained");
    assert.equal(
      stderr,
      `reproduce: Corpus "one": expected at least two sessions for leave-one-session-out, ` +
        `found one ('S1') (and 1 more problem)\n`,
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
