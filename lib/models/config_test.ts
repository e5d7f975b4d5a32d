import assert from "node:assert/strict";
import { CYCLEGAN_PROFILES, DEFAULT_CYCLEGAN_CONFIG, resolveConfig } from "./config.ts";

Deno.test("DEFAULT_CYCLEGAN_CONFIG holds the paper's values and is frozen", () => {
  const c = DEFAULT_CYCLEGAN_CONFIG;
  assert.deepEqual(c.generatorHidden, [1000, 500, 1000]);
  assert.deepEqual(c.discriminatorHidden, [1000, 1000]);
  assert.deepEqual(c.classifierHidden, [100, 100]);
  assert.equal(c.leakyReluAlpha, 0.2);
  assert.equal(c.generatorDropout, 0.2);
  assert.equal(c.classifierDropout, 0.5);
  assert.equal(c.lambdaCyc, 5);
  assert.equal(c.realLabel, 0.9);
  assert.equal(c.learningRate, 2e-4);
  assert.equal(c.lrDecayFactor, 0.8);
  assert.equal(c.lrDecayEvery, 50);
  assert.equal(c.batchSize, 64);
  assert.equal(c.pretrainEpochs, 10000);
  assert.equal(c.epochs, 2000);
  assert.equal(c.generatorSteps, 2);
  assert.equal(c.referenceQuirk, false);
  assert.ok(Object.isFrozen(c) && Object.isFrozen(c.generatorHidden));
});

Deno.test("resolveConfig() merges overrides over a profile over the defaults", () => {
  const c = resolveConfig({ lambdaCls: 0, epochs: 7 }, "quick");
  assert.equal(c.lambdaCls, 0);
  assert.equal(c.epochs, 7);
  assert.deepEqual(c.generatorHidden, CYCLEGAN_PROFILES.quick.generatorHidden);
  assert.equal(c.realLabel, 0.9);
  assert.deepEqual(resolveConfig(), DEFAULT_CYCLEGAN_CONFIG);
  // A resolved config resolves to itself.
  assert.deepEqual(resolveConfig(c), c);
});

Deno.test("resolveConfig() names the field of an out-of-range value", () => {
  const cases: [Record<string, unknown>, string][] = [
    [{ generatorDropout: 1 }, "generatorDropout"],
    [{ batchSize: 0 }, "batchSize"],
    [{ epochs: 1.5 }, "epochs"],
    [{ learningRate: 0 }, "learningRate"],
    [{ lambdaCls: -1 }, "lambdaCls"],
    [{ realLabel: 0 }, "realLabel"],
    [{ lrDecayFactor: 1.2 }, "lrDecayFactor"],
    [{ generatorHidden: [10, 0] }, "generatorHidden"],
    [{ syntheticPerClass: 0 }, "syntheticPerClass"],
  ];
  for (const [overrides, field] of cases) {
    assert.throws(() => resolveConfig(overrides), (e: Error) => {
      return e instanceof RangeError && e.message.includes(`"${field}"`);
    });
  }
});

Deno.test("resolveConfig() rejects unknown fields and wrong types with TypeError", () => {
  assert.throws(() => resolveConfig({ lamdaCls: 2 } as never), TypeError);
  assert.throws(() => resolveConfig({ lambdaCls: "2" } as never), TypeError);
  assert.throws(() => resolveConfig({ referenceQuirk: 1 } as never), TypeError);
  assert.throws(() => resolveConfig({}, "fast" as never), RangeError);
});
