import assert from "node:assert/strict";
import { estimateStages, formatPlan, parseReproduceArgs } from "./reproduce.ts";
import type { PaperPlan } from "../lib/evaluation/experiments.ts";

const PLAN: PaperPlan = {
  profile: "quick",
  config: {},
  stages: [
    {
      id: "a",
      title: "CycleGAN λcls=0",
      kind: "cyclegan",
      units: 100,
      unit: "iteration",
      cached: false,
    },
    { id: "b", title: "Within, real", kind: "evaluate", units: 50, unit: "batch", cached: true },
    { id: "c", title: "Table 1", kind: "analysis", units: 10, unit: "step", cached: false },
  ],
};

Deno.test("parseReproduceArgs() defaults to the quick profile on the bundled corpora, out/", () => {
  const cli = parseReproduceArgs([]);
  assert.equal(cli.out, "out");
  assert.equal(cli.dryRun, false);
  assert.deepEqual(cli.options, {
    profile: "quick",
    labelled: "emodb",
    test: "ravdess",
    source: "librispeech",
    backend: "auto",
    seed: 0,
  });
});

Deno.test("parseReproduceArgs() reads every option", () => {
  const cli = parseReproduceArgs([
    "--profile",
    "paper",
    "--labelled",
    "iemocap.json",
    "--test",
    "msp.json",
    "--source",
    "tedlium",
    "--backend",
    "wasm",
    "--out",
    "o",
    "--seed",
    "7",
    "--reps",
    "2",
    "--protocol",
    "reference",
    "--cache",
    "c",
    "--dry-run",
  ]);
  assert.deepEqual(cli.options, {
    profile: "paper",
    labelled: "iemocap.json",
    test: "msp.json",
    source: "tedlium",
    backend: "wasm",
    seed: 7,
    reps: 2,
    synthesisProtocol: "reference",
    cacheDir: "c",
  });
  assert.equal(cli.out, "o");
  assert.equal(cli.dryRun, true);
});

Deno.test("parseReproduceArgs() rejects unknown options and bad values with the expected ones", () => {
  assert.throws(
    () => parseReproduceArgs(["--profile", "fast"]),
    /Expected --profile quick or paper, found "fast"/,
  );
  assert.throws(() => parseReproduceArgs(["--seed=1.5"]), /non-negative integer/);
  assert.throws(() => parseReproduceArgs(["--reps", "0"]), /at least 1/);
  assert.throws(() => parseReproduceArgs(["--frobnicate"]), TypeError);
});

Deno.test("estimateStages() multiplies units by the measured rate and counts cached stages as free", () => {
  assert.deepEqual(estimateStages(PLAN, { cyclegan: 0.5, evaluate: 1, analysis: 0.1 }), [50, 0, 1]);
});

Deno.test("formatPlan() lists every stage with its work, cached ones marked, and the total", () => {
  const text = formatPlan(PLAN, [50, 0, 1]);
  assert.ok(text.startsWith("Plan (profile quick, 3 stages):"));
  assert.match(text, /1\. CycleGAN λcls=0 +100 iterations +~50 s/);
  assert.match(text, /2\. Within, real +50 batches +cached/);
  assert.ok(text.endsWith("Estimated duration: 51 s (1 of 3 stages cached)"));
});
