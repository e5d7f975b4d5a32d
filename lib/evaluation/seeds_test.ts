import assert from "node:assert/strict";
import {
  augmenterSeed,
  checkSeed,
  classifierSeed,
  deriveSeed,
  devSplitSeed,
  pairedTestSeed,
} from "./seeds.ts";

Deno.test("deriveSeed() is deterministic, 31-bit, and changes with every part and the base", () => {
  const s = deriveSeed(7, "classifier", 1, "S3");
  assert.equal(s, deriveSeed(7, "classifier", 1, "S3"));
  assert.ok(Number.isInteger(s) && s >= 0 && s < 2 ** 31);
  const others = [
    deriveSeed(8, "classifier", 1, "S3"),
    deriveSeed(7, "classifier", 2, "S3"),
    deriveSeed(7, "classifier", 1, "S4"),
    deriveSeed(7, "classifier", "1", "S3"),
    deriveSeed(7, "classifier1", "S3"),
  ];
  assert.equal(new Set([s, ...others]).size, others.length + 1);
});

Deno.test("named seeds differ by purpose and the classifier seed ignores everything but (base, rep, fold)", () => {
  const all = new Set<number>();
  for (let r = 0; r < 5; r++) {
    for (const f of ["S1", "S2", "S3", "S4", "S5", "test"]) all.add(classifierSeed(0, r, f));
  }
  assert.equal(all.size, 30, "30 (rep, fold) pairs, 30 seeds");
  assert.equal(classifierSeed.length, 3, "no setting, augmenter or train-on argument");
  const purposes = [
    augmenterSeed(0, "all"),
    devSplitSeed(0),
    pairedTestSeed(0),
    classifierSeed(0, 0, "all"),
  ];
  assert.equal(new Set(purposes).size, purposes.length);
});

Deno.test("checkSeed() accepts [0, 2^32 - 1] and refuses anything else instead of wrapping", () => {
  assert.equal(checkSeed(0), 0);
  assert.equal(checkSeed(4294967295), 4294967295);
  for (const bad of [-3, 4294967296, 1.5, NaN, 2 ** 60]) {
    assert.throws(() => checkSeed(bad), {
      name: "RangeError",
      message: /seed in \[0, 4294967295\]/,
    });
  }
});
