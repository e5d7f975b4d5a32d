import assert from "node:assert/strict";
import type { Corpus } from "../data/types.ts";
import { Rng } from "../random.ts";
import { syntheticQuality, untrainedReferences } from "./synthetic_quality.ts";

const COLS = 200, PER_CLASS = 120;

/** Two classes of independent Gaussian features, class c centred at 3c in every feature. */
function gaussian(rng: Rng, perClass = PER_CLASS, cols = COLS, shift = 0): Corpus {
  const rows = 2 * perClass;
  const data = new Float32Array(rows * cols), labels = new Int32Array(rows);
  for (let r = 0; r < rows; r++) {
    labels[r] = r < perClass ? 0 : 1;
    for (let f = 0; f < cols; f++) data[r * cols + f] = 3 * labels[r] + shift + rng.normal();
  }
  return corpus(data, labels, cols, ["low", "high"]);
}

function corpus(data: Float32Array, labels: Int32Array | null, cols: number, classes: string[]) {
  const rows = data.length / cols;
  return {
    name: "toy",
    data,
    rows,
    cols,
    ids: Array.from({ length: rows }, (_, i) => `r${i}`),
    featureNames: Array.from({ length: cols }, (_, f) => `f${f}`),
    classes,
    labels,
    speakers: null,
    sessions: null,
    dropped: {},
  } satisfies Corpus;
}

/** Every row replaced by its class mean (a generator collapsed to the centroids). */
function classMeans(c: Corpus): Corpus {
  const data = c.data.slice(), cols = c.cols;
  for (let y = 0; y < c.classes.length; y++) {
    const rows = [...c.labels!.keys()].filter((r) => c.labels![r] === y);
    const mean = new Float64Array(cols);
    for (const r of rows) for (let f = 0; f < cols; f++) mean[f] += c.data[r * cols + f];
    for (const r of rows) for (let f = 0; f < cols; f++) data[r * cols + f] = mean[f] / rows.length;
  }
  return { ...c, data };
}

const near = (a: number, b: number, tol: number, what: string) =>
  assert.ok(Math.abs(a - b) <= tol, `${what}: expected ${b} ± ${tol}, found ${a}`);

Deno.test("syntheticQuality() of a copy of the target: every ratio 1, memorised 1, copies below 0.5", () => {
  const t = gaussian(new Rng(1));
  const q = syntheticQuality(t, t);
  for (const m of [q.overall, ...Object.values(q.perClass)]) {
    assert.equal(m.meanDistance, 0);
    assert.equal(m.precision, 1);
    assert.equal(m.recall, 1);
    assert.equal(m.coverage, 1);
    // Each row is in its own ball and, on average, in k − 1 others: density exactly 1.
    near(m.density, 1, 1e-12, "density");
    near(m.stdRatioMedian, 1, 1e-9, "std ratio");
    near(m.stdRatioP10, 1, 1e-9, "std ratio p10");
    near(m.nnWithinRatio, 1, 1e-9, "NN ratio");
    assert.equal(m.memorised, 1);
    // Each row's nearest neighbour is its own copy in the other set.
    assert.equal(m.twoSampleAccuracy, 0);
  }
  assert.deepEqual(q.rows.low, {
    synthetic: 120,
    target: 120,
    syntheticUsed: 120,
    targetUsed: 120,
    equalSize: 120,
    features: 200,
  });
});

Deno.test("syntheticQuality() of a fresh sample of the same law: spread 1, density 1, not memorised", () => {
  const rng = new Rng(2);
  const t = gaussian(rng), fresh = gaussian(rng);
  const m = syntheticQuality(fresh, t, { seed: 3 }).overall;
  near(m.stdRatioMedian, 1, 0.05, "std ratio");
  near(m.nnWithinRatio, 1, 0.05, "NN ratio");
  near(m.density, 1, 0.25, "density");
  // Naeem et al.: coverage → 1 − 2^−k = 0.97 for the same law.
  near(m.coverage, 0.97, 0.08, "coverage");
  // k-NN precision and recall fall short of 1 for the same law in 200 dimensions (hubness: many
  // rows are in no other row's 5-NN ball); measured 0.6-0.8 here. They are far from a copy's 1
  // and a shifted copy's 0.
  assert.ok(m.precision > 0.5 && m.precision < 0.95, `precision ${m.precision}`);
  assert.ok(m.recall > 0.5 && m.recall < 0.95, `recall ${m.recall}`);
  // Memorisation is at the level a fresh sample has (leave-one-out on the target), not at 1.
  near(m.memorised, m.memorisedBaseline, 0.1, "memorised vs its fresh-sample baseline");
  assert.ok(m.memorised < 0.5, `memorised ${m.memorised}`);
  near(m.twoSampleAccuracy!, 0.5, 0.1, "two-sample accuracy");
  assert.ok(m.meanDistance < 0.03, `mean distance ${m.meanDistance}`);
});

Deno.test("syntheticQuality() sees collapse to the class mean although coverage and precision are 1", () => {
  const t = gaussian(new Rng(4));
  const m = syntheticQuality(classMeans(t), t).overall;
  near(m.meanDistance, 0, 1e-6, "mean distance");
  assert.ok(m.stdRatioP90 < 1e-6, `std ratio p90 ${m.stdRatioP90}`);
  assert.equal(m.nnWithinRatio, 0);
  assert.equal(m.recall, 0);
  // The trap: the mean is in every target row's 5-NN ball in 200 dimensions.
  assert.equal(m.coverage, 1);
  assert.equal(m.precision, 1);
  // Every synthetic row sits in all 120 balls: density 120 / k = 24.
  near(m.density, 24, 1e-9, "density");
  // Memorisation cannot tell a centroid from a copy either.
  assert.equal(m.memorised, 1);
  // The two-sample test looks like chance overall; its two sides show the collapse.
  assert.equal(m.twoSampleAccuracy, 0.5);
  assert.equal(m.twoSampleSyntheticAccuracy, 1);
  assert.equal(m.twoSampleTargetAccuracy, 0);
});

Deno.test("syntheticQuality() of a shifted copy: precision, coverage and recall 0, spread intact", () => {
  const rng = new Rng(5);
  const t = gaussian(rng);
  const shifted = { ...t, data: t.data.map((v) => v + 3) };
  const m = syntheticQuality(shifted, t).overall;
  assert.equal(m.precision, 0);
  assert.equal(m.recall, 0);
  assert.equal(m.coverage, 0);
  assert.equal(m.density, 0);
  assert.equal(m.memorised, 0);
  near(m.stdRatioMedian, 1, 1e-5, "std ratio");
  near(m.nnWithinRatio, 1, 1e-5, "NN ratio");
  assert.equal(m.twoSampleAccuracy, 1);
});

Deno.test("syntheticQuality() mean distances and std ratios on a hand-computed case", () => {
  const cols = 2, classes = ["a", "b"];
  // Target: a = (0,0), (2,4); b = (4,8), (2,8). Min (0,0), max (4,8): scale 1/4, 1/8.
  // Scaled class means: a (1,2) → (0.25, 0.25); b (3,8) → (0.75, 1).
  const target = corpus(
    new Float32Array([0, 0, 2, 4, 4, 8, 2, 8]),
    new Int32Array([0, 0, 1, 1]),
    cols,
    classes,
  );
  // Synthetic: a = (0,4), (2,4): mean (1,4) → (0.25, 0.5), distance (0 + 0.25)/2 = 0.125;
  // b = (4,6) twice: mean (4,6) → (1, 0.75), distance (0.25 + 0.25)/2 = 0.25. Overall 0.1875.
  const syn = corpus(
    new Float32Array([0, 4, 2, 4, 4, 6, 4, 6]),
    new Int32Array([0, 0, 1, 1]),
    cols,
    classes,
  );
  // Source (own min (10,0), max (30,20)): scaled mean (0.5, 0.5).
  // Against a: (0.25 + 0.25)/2 = 0.25; against b: (0.25 + 0.5)/2 = 0.375; overall 0.3125.
  const source = corpus(new Float32Array([10, 0, 20, 10, 30, 20]), null, cols, []);
  const q = syntheticQuality(syn, target, { source, k: 1, maxRowsPerClass: 10 });
  near(q.perClass.a.meanDistance, 0.125, 1e-12, "a");
  near(q.perClass.b.meanDistance, 0.25, 1e-12, "b");
  near(q.overall.meanDistance, 0.1875, 1e-12, "overall");
  near(q.perClass.a.sourceMeanDistance!, 0.25, 1e-12, "source a");
  near(q.perClass.b.sourceMeanDistance!, 0.375, 1e-12, "source b");
  near(q.overall.sourceMeanDistance!, 0.3125, 1e-12, "source overall");
  // Class a: target std (1, 2), synthetic std (1, 0): ratios [1, 0] → median 0.5, p10 0.1.
  near(q.perClass.a.stdRatioMedian, 0.5, 1e-12, "median");
  near(q.perClass.a.stdRatioP10, 0.1, 1e-12, "p10");
  near(q.perClass.a.stdRatioP90, 0.9, 1e-12, "p90");
  assert.equal(q.perClass.b.nnWithinRatio, 0);
});

Deno.test("syntheticQuality() caps rows per class with a seeded subsample and stays plain JSON", () => {
  const rng = new Rng(6);
  const t = gaussian(rng), fresh = gaussian(rng);
  const opts = { seed: 9, maxRowsPerClass: 50, cycleReconstruction: { source: 0.3, target: 0.6 } };
  const a = syntheticQuality(fresh, t, opts), b = syntheticQuality(fresh, t, opts);
  assert.deepEqual(a, b);
  assert.deepEqual(JSON.parse(JSON.stringify(a)), a);
  assert.equal(a.rows.high.syntheticUsed, 50);
  assert.equal(a.rows.high.targetUsed, 50);
  assert.equal(a.rows.high.synthetic, 120);
  assert.deepEqual(a.cycleReconstruction, { source: 0.3, target: 0.6, max: 0.6 });
  assert.equal(a.settings.k, 5);
  const c = syntheticQuality(fresh, t, { ...opts, seed: 10 });
  assert.notDeepEqual(c.overall, a.overall);
  // Std ratios and means use every row: the cap does not touch them.
  assert.equal(c.overall.stdRatioMedian, a.overall.stdRatioMedian);
  assert.equal(c.overall.meanDistance, a.overall.meanDistance);
  assert.equal(syntheticQuality(fresh, t).cycleReconstruction, null);
  assert.equal(
    syntheticQuality(fresh, t, { twoSampleTest: false }).overall.twoSampleAccuracy,
    null,
  );
});

Deno.test("syntheticQuality() rejects mismatched or too small inputs", () => {
  const t = gaussian(new Rng(7), 10, 4);
  assert.throws(
    () => syntheticQuality({ ...t, classes: ["x", "y"] }, t),
    /synthetic classes to be the target's \[low,high\], found \[x,y\]/,
  );
  assert.throws(() => syntheticQuality({ ...t, labels: null }, t), TypeError);
  const small = gaussian(new Rng(8), 5, 4);
  assert.throws(() => syntheticQuality(small, t), /Class "low" needs more than k = 5 rows/);
  assert.throws(() => syntheticQuality(t, t, { k: 0 }), RangeError);
  assert.throws(() => syntheticQuality(t, t, { maxRowsPerClass: 5 }), RangeError);
  const wide = gaussian(new Rng(8), 10, 5);
  assert.throws(() => syntheticQuality(wide, t), /Expected 4 features/);
});

Deno.test("untrainedReferences(): the source as each class, and moment matching with the class's spread", async () => {
  const rng = new Rng(11);
  const train = gaussian(rng, 60, 20);
  const srcData = Float32Array.from({ length: 150 * 20 }, () => 10 + 4 * rng.normal());
  const source = corpus(srcData, null, 20, []);
  const refs = await untrainedReferences(train, source, { seed: 1 });
  assert.equal(refs.sourceAsClass.rows, 300);
  assert.deepEqual(refs.sourceAsClass.classes, train.classes);
  assert.deepEqual(refs.sourceAsClass.data.subarray(0, 20), source.data.subarray(0, 20));
  assert.equal(refs.sourceAsClass.ids[150], "r0_source_high_0");
  const moments = syntheticQuality(refs.moments, train, { source }).overall;
  near(moments.stdRatioMedian, 1, 1e-4, "moments std ratio");
  near(moments.meanDistance, 0, 1e-5, "moments mean distance");
  const asIs = syntheticQuality(refs.sourceAsClass, train, { source }).overall;
  assert.ok(asIs.meanDistance > 0.3, `source mean distance ${asIs.meanDistance}`);
  assert.equal(asIs.precision, 0);
  const drawn = await untrainedReferences(train, source, { seed: 1, perClass: 40 });
  assert.equal(drawn.moments.rows, 80);
  assert.equal(drawn.sourceAsClass.rows, 80);
  assert.equal(
    new Set(drawn.sourceAsClass.ids.slice(0, 40).map((id) => id.split("_")[0])).size,
    40,
  );
});
