import assert from "node:assert/strict";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
const CLI = join(ROOT, "cli", "assignment.ts");

async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", CLI, ...args],
    cwd: ROOT,
    stdout: "piped",
    stderr: "piped",
    env: { NO_COLOR: "1" },
  }).output();
  const decode = (b: Uint8Array) => new TextDecoder().decode(b);
  return { code: out.code, stdout: decode(out.stdout), stderr: decode(out.stderr) };
}

Deno.test("cli/assignment.ts imports the library through lib/mod.ts only", async () => {
  const text = await Deno.readTextFile(CLI);
  const specifiers = [...text.matchAll(/^\s*(?:import|export)[^;]*?from\s+"([^"]+)"/gm)].map((m) =>
    m[1]
  );
  assert.ok(specifiers.includes("../lib/mod.ts"));
  for (const s of specifiers) {
    assert.ok(
      s === "../lib/mod.ts" || s.startsWith("node:") || s === "./_args.ts",
      `cli/assignment.ts imports ${s}`,
    );
  }
});

Deno.test("assignment grade --json prints the grade as one JSON object on the last line", async () => {
  const run = await cli("grade", ".", "--only", "eq3-cycle-loss,std-ratio", "--json");
  assert.equal(run.code, 0, run.stderr);
  const grade = JSON.parse(run.stdout.trim().split("\n").at(-1)!);
  assert.deepEqual(Object.keys(grade), ["name", "score", "max", "exercises"]);
  assert.deepEqual([grade.name, grade.score, grade.max], ["grade", 20, 20]);
  assert.deepEqual(grade.exercises.map((e: Record<string, unknown>) => Object.keys(e)), [
    ["id", "points", "max", "passed", "message"],
    ["id", "points", "max", "passed", "message"],
  ]);
  assert.deepEqual(grade.exercises[0], {
    id: "eq3-cycle-loss",
    points: 10,
    max: 10,
    passed: true,
    message: "5 of 5 tests passed",
  });
});

Deno.test("assignment build --only and grade-all: one CSV row per student folder, written atomically", async () => {
  const work = await Deno.makeTempDir({ prefix: "assignment_cli_" });
  try {
    const only = "eq3-cycle-loss,loso-folds";
    const build = await cli("build", "--out", join(work, "subs", "bea"), "--only", only);
    assert.equal(build.code, 0, build.stderr);
    assert.match(build.stdout, /2 exercises stubbed/);
    const bea = await Deno.readTextFile(join(work, "subs", "bea", "lib/losses/cycle_loss.ts"));
    assert.match(bea, /is not implemented yet/);
    const kept = await Deno.readTextFile(join(work, "subs", "bea", "lib/evaluation/metrics.ts"));
    assert.doesNotMatch(kept, /is not implemented yet/, "exercises outside --only keep their code");
    await Deno.mkdir(join(work, "subs", "al"));
    await Deno.symlink(join(ROOT, "lib"), join(work, "subs", "al", "lib"));
    const csv = join(work, "gradebook.csv");
    const run = await cli("grade-all", join(work, "subs"), "--csv", csv, "--only", only);
    assert.equal(run.code, 0, run.stderr);
    const rows = (await Deno.readTextFile(csv)).trim().split("\n");
    assert.equal(rows[0], "student,score,max,eq3-cycle-loss,loso-folds,notes");
    assert.equal(rows[1], "al,20,20,10,10,");
    assert.match(
      rows[2],
      /^bea,0,20,0,0,"eq3-cycle-loss: 0 of 5 tests passed; .*not implemented yet/,
    );
    assert.deepEqual([...Deno.readDirSync(work)].map((e) => e.name).sort(), [
      "gradebook.csv",
      "subs",
    ]);
  } finally {
    await Deno.remove(work, { recursive: true });
  }
});

Deno.test("assignment exits with 2 and a one-line reason on a usage error", async () => {
  const run = await cli("grade-all", "somewhere");
  assert.equal(run.code, 2);
  assert.match(run.stderr, /^assignment: grade-all needs --csv FILE/);
});
