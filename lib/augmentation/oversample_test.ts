import assert from "node:assert/strict";
import { createOversample, OversampleAugmenter } from "./oversample.ts";
import { assertAugmenterContract, gaussianCorpus, originOf, rowOf } from "./_baseline_fixtures.ts";

Deno.test("OversampleAugmenter keeps the Augmenter contract", async () => {
  const train = gaussianCorpus([5, 8, 3], 4);
  await assertAugmenterContract(() => new OversampleAugmenter(), train, [5, 8, 3]);
});

Deno.test("OversampleAugmenter only duplicates training rows of the right class", async () => {
  const train = gaussianCorpus([6, 9], 5);
  const out = await (await createOversample().fit(train, { seed: 3 })).generate(50);
  const byId = new Map(train.ids.map((id, r) => [id, r]));
  for (let r = 0; r < out.rows; r++) {
    const src = byId.get(originOf(out.ids[r]));
    assert.ok(src !== undefined, out.ids[r]);
    assert.equal(train.labels![src], out.labels![r]);
    assert.deepEqual(rowOf(out, r), rowOf(train, src));
  }
  // Duplication with replacement: 50 draws from 6 rows reach every row of class 0.
  const used = new Set(out.ids.slice(0, 50).map(originOf));
  assert.equal(used.size, 6);
});

Deno.test("createOversample() rejects any setting", () => {
  assert.throws(() => createOversample({ k: 3 }), RangeError);
  assert.equal(createOversample({}).usesSource, false);
});
