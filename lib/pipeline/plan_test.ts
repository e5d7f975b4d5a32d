import assert from "node:assert/strict";
import { join } from "node:path";
import type { Corpus } from "../data/types.ts";
import { Rng } from "../random.ts";
import { loadInputs } from "./inputs.ts";
import {
  assertRunnable,
  formatStageList,
  parseStageIds,
  type PlanOptions,
  PlanProblemsError,
  planRun,
  selectStages,
  UnknownStageError,
} from "./plan.ts";
import { runPlan } from "./run.ts";

const BACKEND = {
  name: "cpu",
  device: "test",
  kernels: "builtin",
  kernelAdvice: { summary: "Matrix products: built-in kernels" },
} as const;

const FEATURES = ["f0", "f1", "f2", "f3"];

/** A labelled toy corpus: `sessions[i]` and `labels[i]` per row, random features. */
function toy(
  name: string,
  labels: readonly number[],
  sessions: readonly string[] | null,
  classes: readonly string[] = ["angry", "sad"],
  seed = 1,
): Corpus {
  const rng = new Rng(seed);
  const rows = labels.length;
  const data = Float32Array.from({ length: rows * FEATURES.length }, () => rng.float() * 10);
  return {
    name,
    data,
    rows,
    cols: FEATURES.length,
    ids: labels.map((_, i) => `${name}_${i}`),
    featureNames: FEATURES,
    classes,
    labels: Int32Array.from(labels),
    speakers: sessions,
    sessions,
    dropped: {},
  };
}

/** Unlabelled rows with the toy features. */
function unlabelled(name: string, rows: number): Corpus {
  const c = toy(name, new Array(rows).fill(0), null, [], 7);
  return { ...c, labels: null };
}

/** The same corpus with its columns in the order `order` (indices into FEATURES). */
function permuted(c: Corpus, order: readonly number[]): Corpus {
  const data = new Float32Array(c.data.length);
  for (let r = 0; r < c.rows; r++) {
    order.forEach((k, j) => (data[r * c.cols + j] = c.data[r * c.cols + k]));
  }
  return { ...c, data, featureNames: order.map((k) => c.featureNames[k]) };
}

const BALANCED = toy("lab", [0, 1, 0, 1, 0, 1, 0, 1], ["A", "A", "B", "B", "C", "C", "D", "D"]);
const TEST = toy("test", [0, 1, 0, 1, 1, 0], ["T", "T", "T", "T", "T", "T"], undefined, 3);

function options(over: Partial<PlanOptions>): PlanOptions {
  return {
    backend: BACKEND,
    labelled: BALANCED,
    test: TEST,
    source: unlabelled("src", 40),
    cacheDir: false,
    augmenters: [],
    trainOn: [],
    ...over,
  };
}

Deno.test("a test corpus with its columns in another order is matched by name: same matrix, same hash", async () => {
  const shuffled = permuted(TEST, [2, 0, 3, 1]);
  assert.notDeepEqual(shuffled.data, TEST.data);
  const needs = { test: true, source: true };
  const a = await loadInputs({ labelled: BALANCED, test: TEST, source: unlabelled("s", 5) }, needs);
  const b = await loadInputs(
    { labelled: BALANCED, test: shuffled, source: permuted(unlabelled("s", 5), [3, 2, 1, 0]) },
    needs,
  );
  assert.deepEqual(b.test!.featureNames, FEATURES);
  assert.deepEqual(b.test!.data, TEST.data);
  assert.deepEqual(b.source!.data, a.source!.data);
  assert.equal(b.hashes.test, a.hashes.test, "the cache keys do not depend on column order");
  const plan = await planRun(options({ test: shuffled, protocols: ["cross"] }));
  assert.deepEqual(plan.inputs.test!.data, TEST.data);
});

Deno.test("a test or source corpus with a renamed feature is refused with the feature's name", async () => {
  const renamed = { ...TEST, featureNames: ["f0", "f1", "loudness", "f3"] };
  await assert.rejects(
    () => planRun(options({ test: renamed, protocols: ["cross"] })),
    (e: Error) => e instanceof RangeError && /'f2'/.test(e.message) && /'loudness'/.test(e.message),
  );
  const source = { ...unlabelled("src", 40), featureNames: ["f0", "f1", "f2", "pitch"] };
  await assert.rejects(
    () =>
      planRun(options({ source, augmenters: ["smote"], trainOn: ["syn"], protocols: ["within"] })),
    /'f3'.*'pitch'|'pitch'.*'f3'/,
  );
});

/** A plan's problems, as kinds. */
async function kinds(over: Partial<PlanOptions>): Promise<string[]> {
  return (await planRun(options(over))).problems.map((p) => p.kind);
}

Deno.test("planRun() lists a corpus with one session under the within protocol, not under cross", async () => {
  const one = toy("one", [0, 1, 0, 1], ["S", "S", "S", "S"]);
  const plan = await planRun(options({ labelled: one, protocols: ["within", "cross"] }));
  assert.deepEqual(plan.problems.map((p) => p.kind), ["single-session"]);
  assert.match(plan.problems[0].message, /at least two sessions .* found one \('S'\)/);
  assert.deepEqual(await kinds({ labelled: one, protocols: ["cross"] }), []);
});

Deno.test("planRun() lists a fold whose training sessions lack a class, naming fold and class", async () => {
  // Every 'sad' row is in session B: the fold that holds B out trains without 'sad'.
  const lopsided = toy("lop", [0, 1, 1, 0, 0, 0], ["A", "B", "B", "A", "C", "C"]);
  const plan = await planRun(options({ labelled: lopsided, protocols: ["within"] }));
  assert.deepEqual(plan.problems.map((p) => p.kind), ["fold-missing-class"]);
  assert.match(plan.problems[0].message, /fold B: .*none of 'sad'/);
});

Deno.test("planRun() lists a declared class with no rows, and test classes that differ", async () => {
  const declared = toy("decl", [0, 1, 0, 1, 0, 1], ["A", "A", "B", "B", "C", "C"], [
    "angry",
    "sad",
    "happy",
  ]);
  assert.deepEqual(await kinds({ labelled: declared, protocols: ["within"] }), ["empty-class"]);
  const other = { ...TEST, classes: ["angry", "happy"] };
  assert.deepEqual(await kinds({ test: other, protocols: ["cross"] }), ["class-mismatch"]);
});

Deno.test("planRun() lists a source corpus with fewer rows than the synthetic rows per class", async () => {
  const plan = await planRun(options({
    source: unlabelled("tiny-src", 12),
    augmenters: ["cyclegan"],
    trainOn: ["syn"],
    protocols: ["cross"],
    overrides: { syntheticPerClass: 30 },
  }));
  assert.deepEqual(plan.problems.map((p) => p.kind), ["too-few-source-rows"]);
  assert.match(plan.problems[0].message, /"tiny-src": expected at least 300 rows .* found 12$/);
  // An augmenter that does not read the source has no such limit.
  assert.deepEqual(
    await kinds({
      source: unlabelled("tiny-src", 12),
      augmenters: ["smote"],
      trainOn: ["syn"],
      protocols: ["cross"],
      overrides: { syntheticPerClass: 30 },
    }),
    [],
  );
});

Deno.test("runPlan() refuses a plan with problems before the first stage, with every problem", async () => {
  const one = toy("one", [0, 1, 0, 2], ["S", "S", "S", "S"], ["angry", "sad", "happy", "calm"]);
  const plan = await planRun(options({ labelled: one, protocols: ["within"] }));
  assert.equal(plan.problems.length, 2);
  let started = 0;
  await assert.rejects(
    () => runPlan(plan, { onStage: () => started++ }),
    (e: Error) => {
      assert.ok(e instanceof PlanProblemsError);
      assert.equal(e.problems.length, 2);
      assert.match(e.message, /'calm'.*\(and 1 more problem\)$/);
      return true;
    },
  );
  assert.equal(started, 0, "no stage started");
  assert.doesNotThrow(() => assertRunnable({ problems: [] }));
});

Deno.test("loadInputs() caches feature files under the cache root it is given (--cache DIR)", async () => {
  const root = await Deno.makeTempDir({ prefix: "ser-inputs-test-" });
  try {
    await loadInputs({ labelled: "emodb" }, { test: false, source: false }, { cacheDir: root });
    const entries = [...Deno.readDirSync(join(root, "features"))];
    assert.ok(entries.length > 0, "a feature cache entry under <root>/features");
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("parseStageIds() splits comma lists, keeping the commas between an augmenter's parameters", () => {
  assert.deepEqual(
    parseStageIds(["evaluate:within:real, augment:cyclegan:a=1,b=2:S1", "analysis,"]),
    ["evaluate:within:real", "augment:cyclegan:a=1,b=2:S1", "analysis"],
  );
  assert.deepEqual(parseStageIds(["evaluate:within:real,frobnicate"]), [
    "evaluate:within:real",
    "frobnicate",
  ]);
});

Deno.test("selectStages() keeps the chosen stages in plan order and names every unknown id", async () => {
  const plan = await planRun(
    options({ augmenters: ["oversample"], trainOn: ["syn"], protocols: ["within", "cross"] }),
  );
  const ids = plan.stages.map((s) => s.id);
  assert.ok(ids.includes("augment:oversample:A") && ids.includes("evaluate:cross:syn:oversample"));
  const chosen = selectStages(plan, ["evaluate:cross:syn:oversample", "augment:oversample:A"]);
  assert.deepEqual(chosen.stages.map((s) => s.id), [
    "augment:oversample:A",
    "evaluate:cross:syn:oversample",
  ]);
  assert.equal(chosen.inputs, plan.inputs);
  assert.throws(
    () => selectStages(plan, ["augment:oversample:A", "nope", "nope", "evaluate:x"]),
    (e: Error) =>
      e instanceof UnknownStageError && e.ids.join() === "nope,evaluate:x" &&
      /"nope", "evaluate:x"/.test(e.message),
  );
  assert.throws(() => selectStages(plan, []), RangeError);
  const lines = formatStageList(plan).split("\n");
  assert.equal(lines.length, plan.stages.length);
  assert.deepEqual(lines[0].split("\t"), ["evaluate:within:real", "pending", plan.stages[0].title]);
});

Deno.test("runPlan() on a chosen augment stage fits and caches it, though nothing chosen reads it", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const plan = await planRun(
      options({
        cacheDir: dir,
        augmenters: ["oversample"],
        trainOn: ["syn"],
        protocols: ["within"],
      }),
    );
    const key = plan.stages.find((s) => s.id === "augment:oversample:B")!;
    const first = await runPlan(selectStages(plan, ["augment:oversample:B"]));
    assert.deepEqual(first.outcomes, { "augment:oversample:B": "computed" });
    assert.equal(first.settings.length, 0);
    assert.ok(key.kind === "augment" && await plan.cache!.hasCorpus(key.key));
    const again = await planRun(
      options({
        cacheDir: dir,
        augmenters: ["oversample"],
        trainOn: ["syn"],
        protocols: ["within"],
      }),
    );
    assert.equal(again.stages.find((s) => s.id === "augment:oversample:B")!.cached, true);
    const second = await runPlan(selectStages(again, ["augment:oversample:B"]));
    assert.deepEqual(second.outcomes, { "augment:oversample:B": "cached" });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
