import assert from "node:assert/strict";
import { Rng } from "../random.ts";
import { createMixup, MixupAugmenter } from "./mixup.ts";
import { _beta, _gamma } from "./_baseline.ts";
import { assertAugmenterContract, gaussianCorpus, originOf, rowOf } from "./_baseline_fixtures.ts";

Deno.test("MixupAugmenter keeps the Augmenter contract", async () => {
  const train = gaussianCorpus([5, 8, 3], 4);
  await assertAugmenterContract(() => new MixupAugmenter(), train, [5, 8, 3]);
});

Deno.test("_gamma() and _beta() have the laws' means and variances", () => {
  const rng = new Rng(9), n = 40000;
  for (const shape of [0.2, 1, 3.5]) {
    let s = 0, s2 = 0;
    for (let i = 0; i < n; i++) {
      const g = _gamma(shape, rng);
      s += g;
      s2 += g * g;
    }
    const m = s / n, v = s2 / n - m * m;
    // Gamma(shape, 1): mean = variance = shape.
    assert.ok(Math.abs(m - shape) < 0.03 * Math.max(1, shape), `Gamma(${shape}) mean ${m}`);
    assert.ok(Math.abs(v - shape) < 0.1 * Math.max(1, shape), `Gamma(${shape}) var ${v}`);
  }
  for (const a of [0.2, 2]) {
    let s = 0, s2 = 0;
    for (let i = 0; i < n; i++) {
      const b = _beta(a, a, rng);
      assert.ok(b >= 0 && b <= 1);
      s += b;
      s2 += b * b;
    }
    const m = s / n, v = s2 / n - m * m;
    // Beta(a, a): mean 1/2, variance 1 / (4 (2a + 1)).
    assert.ok(Math.abs(m - 0.5) < 0.01, `Beta(${a}) mean ${m}`);
    assert.ok(Math.abs(v - 1 / (4 * (2 * a + 1))) < 0.005, `Beta(${a}) var ${v}`);
  }
  assert.throws(() => _gamma(0, rng), RangeError);
});

Deno.test("mixup rows stay within their class and within its per-feature range", async () => {
  const train = gaussianCorpus([10, 12, 9], 4, 3, 6);
  const out = await (await createMixup({ alpha: 1 }).fit(train, { seed: 2 })).generate(300);
  const byId = new Map(train.ids.map((id, r) => [id, r]));
  for (let c = 0; c < train.classes.length; c++) {
    const rows = [...train.labels!.keys()].filter((r) => train.labels![r] === c);
    for (let f = 0; f < train.cols; f++) {
      const vals = rows.map((r) => train.data[r * train.cols + f]);
      const lo = Math.min(...vals), hi = Math.max(...vals);
      for (let r = 0; r < out.rows; r++) {
        if (out.labels![r] !== c) continue;
        const v = out.data[r * out.cols + f];
        assert.ok(v >= lo && v <= hi, `class ${c} feature ${f}: ${v} outside [${lo}, ${hi}]`);
      }
    }
  }
  for (let r = 0; r < out.rows; r++) {
    assert.equal(train.labels![byId.get(originOf(out.ids[r]))!], out.labels![r]);
  }
});

Deno.test("mixup with two rows per class gives points on the segment between them", async () => {
  const train = gaussianCorpus([2, 2], 3);
  const out = await (await createMixup({ alpha: 0.5 }).fit(train, { seed: 4 })).generate(50);
  for (let r = 0; r < out.rows; r++) {
    const c = out.labels![r], a = rowOf(train, 2 * c), b = rowOf(train, 2 * c + 1);
    const p = rowOf(out, r);
    const lambda = (p[0] - b[0]) / (a[0] - b[0]);
    assert.ok(lambda >= -1e-6 && lambda <= 1 + 1e-6);
    for (let f = 1; f < 3; f++) {
      assert.ok(Math.abs(p[f] - (lambda * a[f] + (1 - lambda) * b[f])) < 1e-4);
    }
  }
});

Deno.test("MixupAugmenter validates its settings", () => {
  assert.throws(() => new MixupAugmenter({ alpha: 0 }), RangeError);
  assert.throws(() => createMixup({ alpha: Infinity }), RangeError);
  assert.throws(() => createMixup({ lambda: 1 }), RangeError);
  assert.equal(createMixup().params.alpha, 0.2);
});
