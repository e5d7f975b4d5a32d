import assert from "node:assert/strict";
import { resolveConfig } from "../models/config.ts";
import { Rng } from "../random.ts";
import { batchRows, iterationsPerEpoch, learningRateAt, shuffleStreams } from "./schedule.ts";

Deno.test("learningRateAt() is 2e-4 · 0.8^floor(epoch / 50)", () => {
  const c = resolveConfig();
  assert.equal(learningRateAt(c, 0), 2e-4);
  assert.equal(learningRateAt(c, 49), 2e-4);
  assert.ok(Math.abs(learningRateAt(c, 50) - 1.6e-4) < 1e-15);
  assert.ok(Math.abs(learningRateAt(c, 149) - 2e-4 * 0.64) < 1e-15);
  assert.throws(() => learningRateAt(c, -1), RangeError);
});

Deno.test("iterationsPerEpoch() is max(1, min over streams of floor(n / batch))", () => {
  assert.equal(iterationsPerEpoch([92973, 1103, 1636, 1708, 1084], 64), 16);
  // Bundled EmoDB: 62 sad rows < 64, so one iteration per epoch.
  assert.equal(iterationsPerEpoch([1302, 127, 71, 79, 62], 64), 1);
  assert.throws(() => iterationsPerEpoch([10, 0], 4), RangeError);
});

Deno.test("batchRows() cycles a stream that is shorter than the batch", () => {
  const order = Int32Array.from([2, 0, 1]);
  assert.deepEqual([...batchRows(order, 0, 5)], [2, 0, 1, 2, 0]);
  assert.deepEqual([...batchRows(order, 1, 5)], [1, 2, 0, 1, 2]);
  const long = Int32Array.from([5, 4, 3, 2, 1, 0]);
  assert.deepEqual([...batchRows(long, 1, 2)], [3, 2]);
});

Deno.test("shuffleStreams() draws one permutation per stream from the seeded generator", () => {
  const a = shuffleStreams([5, 3], new Rng(1));
  const b = shuffleStreams([5, 3], new Rng(1));
  assert.deepEqual(a, b);
  assert.deepEqual([...a[0]].sort(), [0, 1, 2, 3, 4]);
  assert.deepEqual([...a[1]].sort(), [0, 1, 2]);
});
