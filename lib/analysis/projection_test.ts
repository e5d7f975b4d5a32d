import assert from "node:assert/strict";
import type { Corpus } from "../data/types.ts";
import { Rng } from "../random.ts";
import { featureStdRatios, projectSets } from "./projection.ts";

function corpus(name: string, rows: number, cols: number, f: (r: number, c: number) => number) {
  const data = new Float32Array(rows * cols);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) data[r * cols + c] = f(r, c);
  return {
    name,
    data,
    rows,
    cols,
    ids: Array.from({ length: rows }, (_, r) => `${name}${r}`),
    featureNames: Array.from({ length: cols }, (_, c) => `f${c}`),
    classes: ["a", "b"],
    labels: Int32Array.from({ length: rows }, (_, r) => r % 2),
    speakers: null,
    sessions: null,
    dropped: {},
  } satisfies Corpus;
}

Deno.test("projectSets() finds the target's dominant direction and shows a collapsed set as a knot", () => {
  const rng = new Rng(1);
  // Feature 0 carries most of the variance (scaled up by its class), the rest is noise.
  const target = corpus("t", 200, 8, (_r, c) => (c === 0 ? 5 * rng.normal() : rng.normal()));
  const collapsed = corpus("s", 100, 8, () => 0.001 * rng.normal());
  const { points, explained } = projectSets(target, [{ label: "syn", corpus: collapsed }]);
  assert.ok(explained[0] > explained[1] && explained[0] > 0.1, `explained ${explained}`);
  const spread = (set: string) => {
    const xs = points.filter((p) => p.set === set).map((p) => p.pc1);
    const m = xs.reduce((a, b) => a + b, 0) / xs.length;
    return Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / xs.length);
  };
  assert.ok(spread("target") > 0.5, `target spread ${spread("target")}`);
  assert.ok(spread("syn") < 0.01 * spread("target"), `syn spread ${spread("syn")}`);
  assert.equal(points.filter((p) => p.set === "target").length, 200);
});

Deno.test("projectSets() is deterministic from its seed and caps points per class", () => {
  const rng = new Rng(2);
  const target = corpus("t", 400, 5, () => rng.normal());
  const a = projectSets(target, [], undefined, { seed: 3, maxPointsPerClass: 50 });
  const b = projectSets(target, [], undefined, { seed: 3, maxPointsPerClass: 50 });
  assert.deepEqual(a, b);
  assert.equal(a.points.length, 100);
});

Deno.test("featureStdRatios() is 1 for the target itself and the scale of a scaled copy", () => {
  const rng = new Rng(4);
  const target = corpus("t", 60, 6, () => rng.normal());
  assert.ok(featureStdRatios(target, target).every((r) => Math.abs(r - 1) < 1e-12));
  const half = { ...target, data: target.data.map((v) => 0.5 * v + 2) };
  assert.ok(featureStdRatios(target, half).every((r) => Math.abs(r - 0.5) < 1e-6));
});
