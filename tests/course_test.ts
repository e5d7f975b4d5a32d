/**
 * The course kit end to end: the student release is built once into a temporary folder and
 * reused; submissions are copies of this project's `lib/` with one planted fault each.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  buildAssignment,
  type BuildReport,
  EXERCISES,
  gradeSubmission,
  maxPoints,
  solutionLines,
} from "../lib/mod.ts";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
const WORK = await Deno.makeTempDir({ prefix: "course_test_" });
const RELEASE = join(WORK, "release");
let built: Promise<BuildReport> | null = null;
const release = () => (built ??= buildAssignment({ out: RELEASE }));

globalThis.addEventListener("unload", () => {
  try {
    Deno.removeSync(WORK, { recursive: true });
  } catch { /* already gone */ }
});

/** A submission: this project's lib/ with `edit` applied to one file. */
async function submission(
  name: string,
  file: string,
  edit: (text: string) => string,
): Promise<string> {
  const dir = join(WORK, name);
  await copyDir(join(ROOT, "lib"), join(dir, "lib"));
  const path = join(dir, file);
  const before = await Deno.readTextFile(path);
  const after = edit(before);
  assert.notEqual(after, before, `the planted fault in ${file} did not apply`);
  await Deno.writeTextFile(path, after);
  return dir;
}

async function copyDir(from: string, to: string): Promise<void> {
  await Deno.mkdir(to, { recursive: true });
  for await (const e of Deno.readDir(from)) {
    if (e.isDirectory) await copyDir(join(from, e.name), join(to, e.name));
    else if (e.isFile) await Deno.copyFile(join(from, e.name), join(to, e.name));
  }
}

async function textFiles(dir: string, prefix = ""): Promise<[string, string][]> {
  const out: [string, string][] = [];
  for await (const e of Deno.readDir(join(dir, prefix))) {
    const rel = prefix ? `${prefix}/${e.name}` : e.name;
    if (e.isDirectory && e.name !== "node_modules") out.push(...await textFiles(dir, rel));
    else if (e.isFile && /\.(ts|md|json|ipynb|txt)$/.test(e.name)) {
      out.push([rel, await Deno.readTextFile(join(dir, rel))]);
    }
  }
  return out;
}

function failedIds(grade: { exercises: readonly { id: string; passed: boolean }[] }): string[] {
  return grade.exercises.filter((g) => !g.passed).map((g) => g.id);
}

Deno.test("the student release stubs every exercise and holds no line of a solution", async () => {
  const report = await release();
  assert.equal(report.exercises.length, EXERCISES.length);
  const cycle = await Deno.readTextFile(join(RELEASE, "lib/losses/cycle_loss.ts"));
  assert.ok(
    cycle.includes(
      'Exercise "eq3-cycle-loss" is not implemented yet (paper eq. 3; notebook 01, exercise 3)',
    ),
  );
  assert.ok(cycle.includes("export function cycleLoss("), "the signature stays");
  const files = await textFiles(RELEASE);
  const everything = files.map(([, text]) => text).join("\n");
  // Two lines picked by hand, then every distinctive line of every region.
  for (
    const line of ["tf.squaredDifference(sourceReconstruction, source)", "sum += row[c] / total;"]
  ) {
    assert.ok(!everything.includes(line), `the release contains ${JSON.stringify(line)}`);
  }
  const lines = await solutionLines(ROOT);
  assert.ok(lines.length >= 20, `only ${lines.length} solution lines to look for`);
  for (const { line, region } of lines) {
    const where = files.find(([, text]) => text.includes(line))?.[0];
    assert.equal(where, undefined, `${where} holds ${JSON.stringify(line)} of ${region.id}`);
  }
  for (const [file, text] of files.filter(([f]) => f.endsWith(".ipynb"))) {
    const nb = JSON.parse(text) as { cells: { metadata: { tags?: string[] }; source: string[] }[] };
    for (const cell of nb.cells.filter((c) => c.metadata.tags?.includes("solution"))) {
      assert.match(cell.source.join(""), /your (solution|answer) here/, `${file}: a solution cell`);
    }
  }
  assert.ok(!files.some(([f]) => /^lib\/.*_test\.ts$/.test(f)), "no instructor unit test");
  const readme = await Deno.readTextFile(join(RELEASE, "README.md"));
  for (const e of EXERCISES) assert.ok(readme.includes(`\`${e.id}\``), `README: ${e.id}`);
  assert.match(readme, /## How grading works/);
});

Deno.test("the student release passes its check task and its test task runs, failing on the stubs", async () => {
  await release();
  const deno = (args: string[]) =>
    new Deno.Command(Deno.execPath(), {
      args,
      cwd: RELEASE,
      stdout: "piped",
      stderr: "piped",
      env: { NO_COLOR: "1" },
    }).output();
  const check = await deno(["task", "check"]);
  assert.ok(check.success, `deno task check failed:\n${new TextDecoder().decode(check.stderr)}`);
  const test = await deno(["task", "test"]);
  const output = new TextDecoder().decode(test.stdout) + new TextDecoder().decode(test.stderr);
  assert.ok(!test.success, "the stubs should fail the tests");
  assert.match(output, /is not implemented yet \(paper eq\. 3; notebook 01, exercise 3\)/);
  assert.match(output, /FAILED \| 0 passed \| \d+ failed/);
});

Deno.test("grading scores the fresh release 0 and this project full marks", async () => {
  await release();
  const stubs = await gradeSubmission(RELEASE);
  assert.equal(stubs.score, 0);
  assert.ok(stubs.max === maxPoints() && stubs.score < stubs.max);
  for (const g of stubs.exercises) assert.match(g.message, /is not implemented yet/);
  const solved = await gradeSubmission(ROOT);
  assert.deepEqual(failedIds(solved), [], JSON.stringify(solved.exercises));
  assert.equal(solved.score, solved.max);
});

Deno.test("a planted bug fails its exercise only: absolute error in the cycle loss", async () => {
  const dir = await submission("abs_cycle", "lib/losses/cycle_loss.ts", (t) =>
    t.replace(
      "tf.squaredDifference(sourceReconstruction, source)",
      "tf.abs(tf.sub(sourceReconstruction, source))",
    ).replace(
      "tf.squaredDifference(targetReconstruction, target)",
      "tf.abs(tf.sub(targetReconstruction, target))",
    ));
  const grade = await gradeSubmission(dir);
  assert.deepEqual(failedIds(grade), ["eq3-cycle-loss"]);
  const cycle = grade.exercises.find((g) => g.id === "eq3-cycle-loss")!;
  assert.ok(cycle.points < cycle.max);
  assert.equal(grade.score, grade.max - cycle.max + cycle.points);
});

Deno.test("a planted bug fails its exercise only: a fold that trains on a test speaker", async () => {
  const dir = await submission("leaky_fold", "lib/data/splits.ts", (t) =>
    t.replace(
      "train: Int32Array.from(train)",
      "train: Int32Array.from([...train, test[0]].sort((a, b) => a - b))",
    ));
  const grade = await gradeSubmission(dir);
  assert.deepEqual(failedIds(grade), ["loso-folds"]);
  assert.match(
    grade.exercises.find((g) => g.id === "loso-folds")!.message,
    /leaks into training|train rows/,
  );
});

Deno.test("a planted bug fails its exercise only: a fold's synthesis fitted with its test session", async () => {
  const dir = await submission("leaky_synthesis", "lib/evaluation/within.ts", (t) =>
    t.replace(
      "train: subsetCorpus(labelled, fold.train)",
      "train: subsetCorpus(labelled, [...fold.train, ...fold.test].sort((a, b) => a - b))",
    ));
  const grade = await gradeSubmission(dir);
  assert.deepEqual(failedIds(grade), ["leak-free-synthesis"]);
  const synthesis = grade.exercises.find((g) => g.id === "leak-free-synthesis")!;
  assert.ok(synthesis.points < synthesis.max);
  assert.match(synthesis.message, /test-session rows given to the fit|training rows/);
  assert.equal(grade.score, grade.max - synthesis.max + synthesis.points);
});

Deno.test("a planted bug fails its exercise only: two D updates in one training iteration", async () => {
  const dir = await submission("two_d_updates", "lib/training/trainer.ts", (t) =>
    t.replace(
      "  const dVec = discriminatorUpdate(state, batches, learningRate);\n",
      "  discriminatorUpdate(state, batches, learningRate).dispose();\n" +
        "  const dVec = discriminatorUpdate(state, batches, learningRate);\n",
    ));
  const grade = await gradeSubmission(dir);
  assert.deepEqual(failedIds(grade), ["train-iteration"]);
  const iteration = grade.exercises.find((g) => g.id === "train-iteration")!;
  assert.ok(iteration.points < iteration.max);
  assert.match(iteration.message, /one D update, then generatorSteps G updates/);
  assert.equal(grade.score, grade.max - iteration.max + iteration.points);
});

Deno.test("an infinite loop costs its exercise only, within the time limit", async () => {
  const dir = await submission(
    "loop",
    "lib/evaluation/metrics.ts",
    (t) =>
      t.replace(
        "  let sum = 0, present = 0;",
        "  while (Date.now() > 0) {/* spin */}\n  let sum = 0, present = 0;",
      ),
  );
  const start = performance.now();
  const grade = await gradeSubmission(dir, { timeLimitS: 8 });
  const seconds = (performance.now() - start) / 1000;
  assert.deepEqual(failedIds(grade), ["uar-confusion"]);
  assert.match(
    grade.exercises.find((g) => g.id === "uar-confusion")!.message,
    /Timed out after 8 s/,
  );
  assert.equal(grade.score, grade.max - 10);
  assert.ok(seconds < 8 + 30, `grading took ${seconds.toFixed(1)} s`);
});

Deno.test("a syntax error, a missing file and a write outside the rules cost one exercise each", async () => {
  const syntax = await submission(
    "syntax",
    "lib/training/diversity.ts",
    (t) =>
      t.replace(
        "const s = featureMoments(synthetic, cols).std,",
        "const s = featureMoments(synthetic, cols).std +* ,",
      ),
  );
  const missing = await submission("missing", "lib/losses/mod.ts", (t) => `${t}\n`);
  await Deno.remove(join(missing, "lib/losses/discriminator_loss.ts"));
  const writes = await submission(
    "writes",
    "lib/losses/cycle_loss.ts",
    (t) =>
      t.replace(
        "  return tf.tidy(() =>\n",
        '  Deno.writeTextFileSync("/tmp/x", "");\n  return tf.tidy(() =>\n',
      ),
  );
  const only = ["std-ratio", "eq1-2-adversarial", "eq3-cycle-loss"];
  const [a, b, c] = await Promise.all(
    [syntax, missing, writes].map((d) => gradeSubmission(d, { only })),
  );
  assert.deepEqual(failedIds(a), ["std-ratio"]);
  assert.match(a.exercises[2].message, /SyntaxError.*lib\/training\/diversity\.ts:\d+/);
  assert.deepEqual(failedIds(b), ["eq1-2-adversarial"]);
  assert.match(b.exercises[0].message, /Module not found "lib\/losses\/discriminator_loss\.ts"/);
  assert.deepEqual(failedIds(c), ["eq3-cycle-loss"]);
  assert.match(c.exercises[1].message, /NotCapable|PermissionDenied|write access/);
});
