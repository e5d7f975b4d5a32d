import assert from "node:assert/strict";
import { featureMoments } from "../training/diversity.ts";
import { createNoise, NoiseAugmenter } from "./noise.ts";
import { assertAugmenterContract, gaussianCorpus, originOf, rowOf } from "./_baseline_fixtures.ts";

Deno.test("NoiseAugmenter keeps the Augmenter contract", async () => {
  const train = gaussianCorpus([5, 8, 3], 4);
  await assertAugmenterContract(() => new NoiseAugmenter(), train, [5, 8, 3]);
});

Deno.test("NoiseAugmenter adds noise of σ training stds per feature, around a row of the class", async () => {
  const train = gaussianCorpus([30, 40], 6);
  const { std } = featureMoments(train.data, train.cols);
  const sigma = 0.25, n = 4000;
  const out = await (await createNoise({ sigma }).fit(train, { seed: 11 })).generate(n);
  const byId = new Map(train.ids.map((id, r) => [id, r]));
  const sum = new Float64Array(train.cols), sq = new Float64Array(train.cols);
  for (let r = 0; r < out.rows; r++) {
    const src = byId.get(originOf(out.ids[r]))!;
    assert.equal(train.labels![src], out.labels![r]);
    const x = rowOf(out, r), base = rowOf(train, src);
    for (let f = 0; f < train.cols; f++) {
      const z = (x[f] - base[f]) / std[f];
      sum[f] += z;
      sq[f] += z * z;
    }
  }
  for (let f = 0; f < train.cols; f++) {
    const m = sum[f] / out.rows, sd = Math.sqrt(sq[f] / out.rows - m * m);
    // 8000 draws: the std of a sample std is σ / √(2·8000) ≈ 0.002; allow 4 of those.
    assert.ok(Math.abs(sd - sigma) < 0.008, `feature ${f}: measured σ ${sd}`);
    assert.ok(Math.abs(m) < 0.02, `feature ${f}: noise mean ${m}`);
  }
  assert.equal(out.rows, 2 * n);
});

Deno.test("NoiseAugmenter leaves features that are constant in training alone", async () => {
  const base = gaussianCorpus([4, 4], 3);
  const data = base.data.slice();
  for (let r = 0; r < base.rows; r++) data[r * 3 + 1] = 2.5;
  const train = { ...base, data };
  const out = await (await createNoise().fit(train, { seed: 1 })).generate(20);
  for (let r = 0; r < out.rows; r++) assert.equal(out.data[r * 3 + 1], 2.5);
});

Deno.test("NoiseAugmenter validates its settings", () => {
  assert.throws(() => new NoiseAugmenter({ sigma: 0 }), RangeError);
  assert.throws(() => new NoiseAugmenter({ sigma: Number.NaN }), RangeError);
  assert.throws(() => createNoise({ sigma: -1 }), RangeError);
  assert.throws(() => createNoise({ sigma: "wide" }), TypeError);
  assert.throws(() => createNoise({ std: 0.1 }), /Unknown setting "std" for the noise augmenter/);
  assert.equal(createNoise({ sigma: "0.3" }).params.sigma, 0.3);
  assert.equal(createNoise().params.sigma, 0.1);
});
