import assert from "node:assert/strict";
import {
  classifierBatchMacs,
  estimateStages,
  formatPlan,
  parseReproduceArgs,
} from "./reproduce.ts";
import type { PaperPlan } from "../lib/evaluation/experiments.ts";

const PLAN: PaperPlan = {
  profile: "quick",
  config: {
    classifiers: {
      within: { real: { hiddenUnits: 10, hiddenLayers: 2, batchSize: 2 } },
      cross: {},
    },
  },
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
    {
      id: "evaluate:within:real",
      title: "Within, real",
      kind: "evaluate",
      units: 3,
      unit: "batch",
      cached: false,
    },
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

Deno.test("classifierBatchMacs() counts batch × (in·h + (L−1)·h² + h·N)", () => {
  assert.equal(
    classifierBatchMacs({ hiddenUnits: 10, hiddenLayers: 2, batchSize: 2 }, 5, 3),
    2 * (50 + 100 + 30),
  );
});

Deno.test("estimateStages() prices CycleGAN iterations and classifier batches by size, cached stages free", () => {
  const macs = classifierBatchMacs({ hiddenUnits: 10, hiddenLayers: 2, batchSize: 2 });
  const est = estimateStages(PLAN, {
    cycleganIteration: 0.5,
    classifierSecondsPerMac: 1 / macs,
    analysisStep: 0.1,
  });
  assert.deepEqual(est.map((x) => Math.round(x * 1e9) / 1e9), [50, 0, 3, 1]);
});

Deno.test("formatPlan() lists every stage with its work, cached ones marked, and the total", () => {
  const text = formatPlan(PLAN, [50, 0, 3, 1]);
  assert.ok(text.startsWith("Plan (profile quick, 4 stages):"));
  assert.match(text, /1\. CycleGAN λcls=0 +100 iterations +~50 s/);
  assert.match(text, /2\. Within, real +50 batches +cached/);
  assert.ok(text.endsWith("Estimated duration: 54 s (1 of 4 stages cached)"));
});
