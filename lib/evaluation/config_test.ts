import assert from "node:assert/strict";
import { CYCLEGAN_PROFILES } from "../models/config.ts";
import { candidateEpochs, resolveEvaluationConfig } from "./config.ts";

Deno.test("the paper profile holds the published classifier settings", () => {
  const c = resolveEvaluationConfig("paper");
  const pick = (
    s: {
      hiddenUnits: number;
      batchSize: number;
      dropout: number;
      learningRate: number;
      epochs: number;
    },
  ) => [s.hiddenUnits, s.batchSize, s.dropout, s.learningRate, s.epochs];
  assert.deepEqual(pick(c.classifiers.within.real), [100, 64, 0.2, 1e-5, 70]);
  assert.deepEqual(pick(c.classifiers.within.syn), [200, 256, 0.5, 1e-5, 5]);
  assert.deepEqual(pick(c.classifiers.within["real+syn"]), [1000, 256, 0.5, 5e-6, 30]);
  assert.deepEqual(pick(c.classifiers.cross.real), [100, 64, 0.2, 1e-5, 70]);
  assert.deepEqual(pick(c.classifiers.cross.syn), [200, 256, 0.8, 1e-5, 20]);
  assert.deepEqual(pick(c.classifiers.cross["real+syn"]), [200, 256, 0.8, 1e-5, 20]);
  assert.equal(c.normalization, "per-dataset");
  assert.equal(c.synthesisProtocol, "leak-free");
  assert.equal(c.syntheticPerClass, null, "every source row, as in the paper");
  assert.equal(c.reps, 5);
});

Deno.test("the quick profile is named overrides: smaller CycleGANs, one learning rate for all classifiers", () => {
  const q = resolveEvaluationConfig("quick");
  const p = resolveEvaluationConfig("paper");
  assert.deepEqual(q.classifiers.within.real, { ...p.classifiers.within.real, learningRate: 1e-4 });
  assert.equal(q.classifiers.within["real+syn"].hiddenUnits, 200);
  assert.equal(q.classifiers.cross.syn.learningRate, 1e-4);
  assert.equal(q.classifiers.cross.syn.dropout, 0.8);
  assert.deepEqual(q.cyclegan, { ...CYCLEGAN_PROFILES.quick, syntheticPerClass: 300 });
  assert.deepEqual(p.cyclegan, {});
  assert.equal(q.syntheticPerClass, 300, "every augmenter generates as many rows as the CycleGAN");
});

Deno.test("overrides merge per field and are validated", () => {
  const c = resolveEvaluationConfig("paper", {
    reps: 2,
    classifiers: { cross: { syn: { epochs: 3 } } },
  });
  assert.equal(c.reps, 2);
  assert.equal(c.classifiers.cross.syn.epochs, 3);
  assert.equal(c.classifiers.cross.syn.dropout, 0.8);
  assert.throws(() => resolveEvaluationConfig("paper", { reps: 0 }), RangeError);
  assert.throws(
    () => resolveEvaluationConfig("paper", { nope: 1 } as never),
    { name: "TypeError", message: /Unknown evaluation config field "nope"/ },
  );
  assert.throws(() => resolveEvaluationConfig("fast" as never), RangeError);
  assert.throws(() => resolveEvaluationConfig("paper", { reps: 1e9 }), /reps .* \[1, 1000\]/);
  assert.throws(
    () => resolveEvaluationConfig("paper", { seed: 2 ** 32 }),
    /seed in \[0, 4294967295\]/,
  );
  assert.throws(() => resolveEvaluationConfig("paper", { seed: -3 }), RangeError);
  assert.throws(() => resolveEvaluationConfig("paper", { syntheticPerClass: 0 }), RangeError);
});

Deno.test("candidateEpochs() scales, rounds, deduplicates and sorts", () => {
  assert.deepEqual(candidateEpochs(70, [0.5, 1, 2]), [35, 70, 140]);
  assert.deepEqual(candidateEpochs(1, [0.5, 1, 2]), [1, 2]);
});
