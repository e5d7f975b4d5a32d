import assert from "node:assert/strict";
import { Rng } from "../random.ts";
import {
  nearestNeighbourDistances,
  nnWithinRatio,
  quantiles,
  reconstructionRatio,
  squaredDistances,
  stdRatios,
} from "./diversity.ts";

function gaussian(rows: number, cols: number, rng: Rng, scale = 1, shift = 0): Float32Array {
  const out = new Float32Array(rows * cols);
  for (let i = 0; i < out.length; i++) out[i] = shift + scale * rng.normal();
  return out;
}

function repeatedMean(data: Float32Array, cols: number, rows: number): Float32Array {
  const n = data.length / cols, mean = new Float64Array(cols);
  for (let i = 0; i < data.length; i++) mean[i % cols] += data[i] / n;
  const out = new Float32Array(rows * cols);
  for (let i = 0; i < out.length; i++) out[i] = mean[i % cols];
  return out;
}

Deno.test("quantiles() interpolates linearly like numpy", () => {
  assert.deepEqual(quantiles([4, 1, 3, 2, 5]), { p10: 1.4, median: 3, p90: 4.6 });
});

Deno.test("squaredDistances() matches the direct sum", () => {
  const a = new Float32Array([0, 0, 1, 2]), b = new Float32Array([3, 4]);
  assert.deepEqual(Array.from(squaredDistances(a, b, 2)), [25, 8]);
  assert.deepEqual(Array.from(nearestNeighbourDistances(new Float32Array([0, 0, 3, 4, 3, 5]), 2)), [
    5,
    1,
    1,
  ]);
});

Deno.test("stdRatios() is 1 for a copy, 0 for a repeated mean, and the scale of a scaled copy", () => {
  const rng = new Rng(1), cols = 20;
  const t = gaussian(100, cols, rng);
  assert.ok(stdRatios(t, t, cols).every((r) => Math.abs(r - 1) < 1e-9));
  assert.ok(stdRatios(repeatedMean(t, cols, 50), t, cols).every((r) => r < 1e-6));
  const scaled = t.map((v) => 0.5 * v + 3);
  assert.ok(stdRatios(scaled, t, cols).every((r) => Math.abs(r - 0.5) < 1e-6));
});

Deno.test("nnWithinRatio() is near 1 for a fresh sample of the same law and near 0 for collapse", () => {
  const rng = new Rng(2), cols = 30;
  const t = gaussian(80, cols, rng);
  const fresh = gaussian(300, cols, rng);
  const r = nnWithinRatio(fresh, t, cols, new Rng(3));
  assert.ok(r > 0.85 && r < 1.15, `ratio ${r}`);
  const jitter = repeatedMean(t, cols, 300).map((v) => v + 0.01 * rng.normal());
  assert.ok(nnWithinRatio(jitter, t, cols, new Rng(3)) < 0.05);
});

Deno.test("reconstructionRatio() is 0 for a perfect copy and 1 for the per-feature mean", () => {
  const rng = new Rng(4), cols = 10;
  const x = gaussian(50, cols, rng, 2, 1);
  assert.equal(reconstructionRatio(x, x, cols), 0);
  assert.ok(Math.abs(reconstructionRatio(x, repeatedMean(x, cols, 50), cols) - 1) < 1e-5);
  assert.throws(() => reconstructionRatio(x, x.subarray(0, 10), cols), RangeError);
});
