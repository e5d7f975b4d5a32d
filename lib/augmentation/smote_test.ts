import assert from "node:assert/strict";
import { featureMoments } from "../training/diversity.ts";
import { _nearestOthers, createSmote, SmoteAugmenter } from "./smote.ts";
import { assertAugmenterContract, gaussianCorpus, originOf, rowOf } from "./_baseline_fixtures.ts";

Deno.test("SmoteAugmenter keeps the Augmenter contract", async () => {
  const train = gaussianCorpus([5, 8, 3], 4);
  await assertAugmenterContract(() => new SmoteAugmenter(), train, [5, 8, 3]);
});

Deno.test("_nearestOthers() lists the k nearest other rows, nearest first", () => {
  // Points on a line at 0, 1, 3, 7: squared distances by hand.
  const x = [0, 1, 3, 7], n = 4;
  const d2 = Float64Array.from({ length: n * n }, (_, i) => (x[i / n | 0] - x[i % n]) ** 2);
  assert.deepEqual(Array.from(_nearestOthers(d2, n, 2)), [1, 2, 0, 2, 1, 0, 2, 1]);
});

Deno.test("SMOTE rows lie on segments from a row to one of its k same-class neighbours", async () => {
  const train = gaussianCorpus([12, 15], 5);
  const k = 3;
  const out = await (await createSmote({ k }).fit(train, { seed: 5 })).generate(200);
  const { mean, std } = featureMoments(train.data, train.cols);
  const z = (r: number, f: number) => (train.data[r * train.cols + f] - mean[f]) / std[f];
  const d2 = (a: number, b: number) => {
    let s = 0;
    for (let f = 0; f < train.cols; f++) s += (z(a, f) - z(b, f)) ** 2;
    return s;
  };
  const byId = new Map(train.ids.map((id, r) => [id, r]));
  for (let r = 0; r < out.rows; r++) {
    const x = byId.get(originOf(out.ids[r]))!;
    assert.equal(train.labels![x], out.labels![r], "base row of another class");
    // The brute-force k nearest same-class neighbours of x.
    const neighbours = [...train.labels!.keys()]
      .filter((j) => j !== x && train.labels![j] === train.labels![x])
      .sort((a, b) => d2(x, a) - d2(x, b))
      .slice(0, k);
    const p = rowOf(out, r), xr = rowOf(train, x);
    const onSegment = neighbours.some((nb) => {
      const nr = rowOf(train, nb);
      let dot = 0, len = 0;
      for (let f = 0; f < train.cols; f++) {
        dot += (p[f] - xr[f]) * (nr[f] - xr[f]);
        len += (nr[f] - xr[f]) ** 2;
      }
      const u = dot / len;
      if (u < -1e-6 || u > 1 + 1e-6) return false;
      let resid = 0;
      for (let f = 0; f < train.cols; f++) resid += (p[f] - xr[f] - u * (nr[f] - xr[f])) ** 2;
      return Math.sqrt(resid) < 1e-4 * Math.sqrt(len) + 1e-5;
    });
    assert.ok(onSegment, `row ${r} (${out.ids[r]}) is on no segment to a ${k}-NN of its base`);
  }
});

Deno.test("SMOTE uses every other row of a class smaller than k + 1", async () => {
  const train = gaussianCorpus([3, 10], 2);
  const a = await createSmote({ k: 5 }).fit(train, { seed: 1 });
  assert.deepEqual(a.diagnostics().kUsed, { a: 2, b: 5 });
  await assert.rejects(
    () => createSmote().fit(gaussianCorpus([1, 4], 2), { seed: 1 }),
    /at least 2 training rows of class "a", found 1/,
  );
});

Deno.test("SmoteAugmenter validates its settings", () => {
  assert.throws(() => new SmoteAugmenter({ k: 0 }), RangeError);
  assert.throws(() => createSmote({ k: 2.5 }), /positive integer, found 2.5/);
  assert.throws(() => createSmote({ neighbours: 3 }), RangeError);
  assert.equal(createSmote({ k: "4" }).params.k, 4);
  assert.equal(createSmote().params.k, 5);
});
