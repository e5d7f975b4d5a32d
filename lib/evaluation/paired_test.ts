import assert from "node:assert/strict";
import { Rng } from "../random.ts";
import { _incompleteBeta, _studentTQuantile, pairedComparison } from "./paired.ts";

const close = (a: number, b: number, tol = 1e-9) =>
  assert.ok(Math.abs(a - b) <= tol, `expected ${b}, found ${a}`);

Deno.test("_studentTQuantile() matches closed forms and table values", () => {
  // df = 2 has the closed form t_p = (2p − 1) / √(2p(1 − p)).
  for (const p of [0.6, 0.8, 0.975]) {
    close(_studentTQuantile(p, 2), (2 * p - 1) / Math.sqrt(2 * p * (1 - p)));
  }
  // df = 1 is Cauchy: t_p = tan(π (p − 1/2)).
  close(_studentTQuantile(0.975, 1), Math.tan(Math.PI * 0.475), 1e-8);
  // scipy.stats.t.ppf(0.975, 24), (0.8, 24), (0.975, 10).
  close(_studentTQuantile(0.975, 24), 2.0638985616, 1e-9);
  close(_studentTQuantile(0.8, 24), 0.8568554581, 1e-9);
  close(_studentTQuantile(0.975, 10), 2.2281388520, 1e-9);
  close(_studentTQuantile(0.025, 10), -2.228138852, 1e-8);
  close(_incompleteBeta(0.3, 1, 1), 0.3, 1e-12);
});

Deno.test("pairedComparison() on a hand-computed case", () => {
  // d = treatment − baseline = [0.01, 0.02, 0.03]: mean 0.02, sample sd 0.01, se 0.01/√3.
  const r = pairedComparison([0.50, 0.60, 0.55], [0.51, 0.62, 0.58]);
  close(r.diffMean, 0.02, 1e-12);
  // Sign patterns of (0.01, 0.02, 0.03) and their sums: ±0.06, ±0.02, ±0.00 (twice), ±0.04,
  // i.e. {0.06, 0.04, 0.02, 0, 0, −0.02, −0.04, −0.06}; |sum| ≥ 0.06 for 2 of 8 → p = 0.25.
  close(r.pValue, 0.25, 1e-12);
  // t_{0.975, 2} = 0.95 / √(2 · 0.975 · 0.025) = 4.302653; half-width 4.302653 · 0.01/√3 = 0.024841.
  const t975 = 0.95 / Math.sqrt(2 * 0.975 * 0.025), se = 0.01 / Math.sqrt(3);
  close(t975 * se, 0.0248414, 1e-6);
  close(r.ci95[0], 0.02 - 0.0248414, 1e-6);
  close(r.ci95[1], 0.02 + 0.0248414, 1e-6);
  // t_{0.8, 2} = 0.6 / √(2 · 0.8 · 0.2) = 1.060660; δ = (4.302653 + 1.060660) · 0.01/√3 = 0.030965.
  close(r.minDetectable, 0.0309651, 1e-6);
  assert.equal(r.pairs, 3);
  assert.match(r.test, /^exact paired sign-flip/);
});

Deno.test("pairedComparison() of identical arrays has difference 0 and p = 1", () => {
  const x = [0.61, 0.58, 0.66, 0.6, 0.59, 0.63];
  const r = pairedComparison(x, x);
  assert.equal(r.diffMean, 0);
  assert.equal(r.pValue, 1);
  assert.deepEqual(r.ci95, [0, 0]);
  assert.equal(r.minDetectable, 0);
});

Deno.test("pairedComparison() finds a constant shift with tiny noise over 25 pairs", () => {
  const rng = new Rng(3);
  const base = Array.from({ length: 25 }, () => 0.6 + 0.05 * rng.normal());
  const treat = base.map((b) => b + 0.02 + 0.001 * rng.normal());
  const r = pairedComparison(base, treat);
  // Every difference is positive: only the observed pattern (and its negation) reach |Σ d|.
  close(r.pValue, 2 / 2 ** 25, 1e-15);
  assert.ok(r.ci95[0] > 0 && r.ci95[1] > r.ci95[0]);
  assert.ok(Math.abs(r.diffMean - 0.02) < 0.001);
  assert.ok(r.minDetectable < 0.002, `minDetectable ${r.minDetectable}`);
  assert.match(r.test, /all 2\^25 sign patterns/);
});

Deno.test("pairedComparison() Monte Carlo agrees with the exact test and is reproducible", () => {
  const rng = new Rng(5);
  const base = Array.from({ length: 14 }, () => rng.normal());
  const treat = base.map((b) => b + 0.4 + rng.normal());
  const exact = pairedComparison(base, treat);
  const mc = pairedComparison(base, treat, { exactMaxPairs: 10, seed: 1, resamples: 50_000 });
  assert.match(mc.test, /Monte Carlo .* 50000 seeded patterns, seed 1/);
  // Monte Carlo standard error √(p(1 − p) / 50 000) ≤ 0.0023; allow 4 of those.
  assert.ok(Math.abs(mc.pValue - exact.pValue) < 0.009, `${mc.pValue} vs ${exact.pValue}`);
  assert.equal(
    pairedComparison(base, treat, { exactMaxPairs: 10, seed: 1, resamples: 50_000 }).pValue,
    mc.pValue,
  );
  assert.deepEqual(mc.ci95, exact.ci95);
});

Deno.test("pairedComparison() rejects mismatched lengths, too few pairs and bad values", () => {
  assert.throws(() => pairedComparison([1, 2, 3], [1, 2]), /found 3 baseline and 2 treatment/);
  assert.throws(() => pairedComparison([1], [2]), RangeError);
  assert.throws(() => pairedComparison([1, NaN], [2, 3]), /Pair 1 has a non-finite score/);
  assert.throws(() => pairedComparison([1, 2], [2, 3], { exactMaxPairs: 40 }), RangeError);
  assert.throws(() => pairedComparison([1, 2], [2, 3], { seed: 0.5 }), RangeError);
});
