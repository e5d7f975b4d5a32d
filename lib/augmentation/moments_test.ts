import assert from "node:assert/strict";
import { featureMoments } from "../training/diversity.ts";
import { _gather } from "./_baseline.ts";
import { createMoments, MomentsAugmenter } from "./moments.ts";
import {
  assertAugmenterContract,
  gaussianCorpus,
  originOf,
  sourceCorpus,
} from "./_baseline_fixtures.ts";

Deno.test("MomentsAugmenter keeps the Augmenter contract", async () => {
  const train = gaussianCorpus([5, 8, 3], 4);
  const source = sourceCorpus(30, 4);
  await assertAugmenterContract(() => new MomentsAugmenter(), train, [30, 30, 30], source);
});

Deno.test("moments output with every source row has each class's mean and std per feature", async () => {
  const train = gaussianCorpus([20, 35, 15], 6);
  const source = sourceCorpus(80, 6);
  const a = await createMoments().fit(train, { seed: 1, source });
  const out = await a.generate(null);
  assert.equal(out.rows, 3 * 80);
  for (let c = 0; c < 3; c++) {
    const trainRows = [...train.labels!.keys()].filter((r) => train.labels![r] === c);
    const want = featureMoments(_gather(train.data, train.cols, trainRows), train.cols);
    const outRows = [...out.labels!.keys()].filter((r) => out.labels![r] === c);
    const got = featureMoments(_gather(out.data, out.cols, outRows), out.cols);
    for (let f = 0; f < train.cols; f++) {
      assert.ok(Math.abs(got.mean[f] - want.mean[f]) < 1e-4 * (1 + Math.abs(want.mean[f])));
      assert.ok(Math.abs(got.std[f] - want.std[f]) < 1e-4 * (1 + want.std[f]));
    }
    // Every source row once per class, in source order.
    assert.deepEqual(outRows.map((r) => originOf(out.ids[r])), source.ids);
  }
});

Deno.test("moments generate(n) draws n distinct source rows per class", async () => {
  const train = gaussianCorpus([5, 5], 3);
  const source = sourceCorpus(12, 3);
  const a = await createMoments().fit(train, { seed: 3, source });
  const out = await a.generate(12);
  for (let c = 0; c < 2; c++) {
    const origins = out.ids.filter((_, r) => out.labels![r] === c).map(originOf);
    assert.equal(new Set(origins).size, 12);
  }
  await assert.rejects(() => a.generate(13), /without replacement: perClass 13 exceeds the 12/);
});

Deno.test("MomentsAugmenter needs a matching source corpus", async () => {
  const train = gaussianCorpus([5, 5], 3);
  assert.equal(createMoments().usesSource, true);
  await assert.rejects(() => createMoments().fit(train, { seed: 1 }), TypeError);
  await assert.rejects(
    () => createMoments().fit(train, { seed: 1, source: sourceCorpus(10, 4) }),
    /has 4 features, training corpus "toy" has 3/,
  );
  const renamed = { ...sourceCorpus(10, 3), featureNames: ["f0", "x", "f2"] };
  await assert.rejects(
    () => createMoments().fit(train, { seed: 1, source: renamed }),
    /feature 1 is "x"/,
  );
  assert.throws(() => createMoments({ k: 1 }), RangeError);
});
