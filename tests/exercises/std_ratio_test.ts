/**
 * Exercise std-ratio (beyond the paper's Table 1): the spread of synthetic features against the
 * target's. Means alone cannot tell a faithful generator from one that outputs the class mean.
 * @module
 */
import assert from "node:assert/strict";
import { stdRatios } from "../../lib/training/diversity.ts";

/** Rows drawn from a fixed pseudo-random sequence (no Math.random), row-major. */
function rows(n: number, cols: number, seed: number): Float32Array {
  let x = seed;
  return Float32Array.from({ length: n * cols }, () => {
    x = (x * 1103515245 + 12345) % 2147483648;
    return x / 2147483648 - 0.5;
  });
}

Deno.test("stdRatios() is std_syn / std_target per feature, population std, by hand", () => {
  // target columns: {0, 4} std 2, {1, 3} std 1; synthetic: {0, 2} std 1, {0, 0} std 0
  const r = stdRatios(Float32Array.from([0, 0, 2, 0]), Float32Array.from([0, 1, 4, 3]), 2);
  assert.ok(r instanceof Float64Array, "a Float64Array");
  assert.deepEqual([...r], [0.5, 0]);
});

Deno.test("stdRatios() is 1 for a copy and the scale factor for a scaled, shifted copy", () => {
  const t = rows(50, 6, 1);
  assert.ok(stdRatios(t, t, 6).every((v) => Math.abs(v - 1) < 1e-9));
  const scaled = t.map((v) => 0.25 * v + 3);
  assert.ok(stdRatios(scaled, t, 6).every((v) => Math.abs(v - 0.25) < 1e-5));
});

Deno.test("stdRatios() is 0 for a generator that outputs the target mean: the means agree, the spread does not", () => {
  const cols = 4, t = rows(40, cols, 2);
  const mean = new Float64Array(cols);
  t.forEach((v, i) => (mean[i % cols] += v / 40));
  const collapsed = Float32Array.from({ length: 30 * cols }, (_, i) => mean[i % cols]);
  const r = stdRatios(collapsed, t, cols);
  assert.equal(r.length, cols);
  assert.ok(r.every((v) => v < 1e-5), `found ${[...r]}`);
});

Deno.test("stdRatios() skips features whose target std is at most minStd", () => {
  const target = Float32Array.from([1, 0, 7, 1, 2, 7, 1, 4, 7]); // column 0 and 2 constant
  const synthetic = Float32Array.from([0, 1, 5, 2, 1, 6]);
  const r = stdRatios(synthetic, target, 3);
  assert.equal(r.length, 1, "only the middle feature is kept");
  const tStd = Math.sqrt(((0 - 2) ** 2 + 0 + (4 - 2) ** 2) / 3);
  assert.ok(Math.abs(r[0] - 0 / tStd) < 1e-12);
  assert.equal(stdRatios(synthetic, target, 3, 5).length, 0, "minStd 5 drops every feature");
});
