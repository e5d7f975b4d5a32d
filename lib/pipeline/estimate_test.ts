import assert from "node:assert/strict";
import { DEFAULT_CLASSIFIER } from "../evaluation/classifier.ts";
import { classifierBatchMacs, estimateStages, needsWarmup } from "./estimate.ts";
import type { Stage } from "./plan.ts";

const classifier = { ...DEFAULT_CLASSIFIER, hiddenUnits: 10, hiddenLayers: 2, batchSize: 2 };

const stages: Stage[] = [
  {
    kind: "augment",
    id: "a",
    title: "CycleGAN",
    units: 100,
    unit: "iteration",
    cached: false,
    augment: "cyclegan:lambda_cls=0",
    request: {} as never,
    key: "k",
  },
  {
    kind: "augment",
    id: "b",
    title: "SMOTE",
    units: 1,
    unit: "step",
    cached: false,
    augment: "smote:k=5",
    request: {} as never,
    key: "k2",
  },
  {
    kind: "evaluate",
    id: "c",
    title: "Within, real",
    units: 50,
    unit: "batch",
    cached: true,
    setting: { protocol: "within", trainOn: "real", augment: null },
    augment: null,
    classifier,
    key: "k3",
    needs: [],
  },
  {
    kind: "evaluate",
    id: "d",
    title: "Within, syn",
    units: 3,
    unit: "batch",
    cached: false,
    setting: { protocol: "within", trainOn: "real", augment: null },
    augment: null,
    classifier,
    key: "k4",
    needs: [],
  },
  {
    kind: "analysis",
    id: "e",
    title: "Table 1",
    units: 10,
    unit: "step",
    cached: false,
    needs: new Map(),
  },
];

Deno.test("classifierBatchMacs() counts batch × (in·h + (L−1)·h² + h·N)", () => {
  assert.equal(classifierBatchMacs(classifier, 5, 3), 2 * (50 + 100 + 30));
});

Deno.test("estimateStages() prices each augmenter's units, classifier batches by size, cached stages free", () => {
  const macs = classifierBatchMacs(classifier);
  const est = estimateStages({ stages }, {
    augmentUnit: { "cyclegan:lambda_cls=0": 0.5 },
    classifierSecondsPerMac: 1 / macs,
    quickFitSeconds: 0.25,
    stepSeconds: 0.1,
  });
  assert.deepEqual(est.map((x) => Math.round(x * 1e9) / 1e9), [50, 0.25, 0, 3, 1]);
});

Deno.test("needsWarmup() is false when only cached stages and the analysis are left", () => {
  assert.equal(needsWarmup({ stages }), true);
  assert.equal(needsWarmup({ stages: stages.map((s) => ({ ...s, cached: true })) }), false);
  assert.equal(needsWarmup({ stages: [stages[4]] }), false);
});
