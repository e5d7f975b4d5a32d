import assert from "node:assert/strict";
import { Rng } from "../random.ts";
import { classCounts } from "./corpus.ts";
import { loadCorpus } from "./load_corpus.ts";
import { leaveOneSessionOut, stratifiedSplit } from "./splits.ts";

Deno.test("leaveOneSessionOut() on EmoDB: 5 folds, test sets partition the rows, no shared speaker", async () => {
  const c = await loadCorpus("emodb");
  const folds = leaveOneSessionOut(c);
  assert.deepEqual(folds.map((f) => f.testSession), ["S1", "S2", "S3", "S4", "S5"]);
  const seen = new Int32Array(c.rows);
  for (const f of folds) {
    assert.equal(f.train.length + f.test.length, c.rows);
    for (const i of f.test) seen[i]++;
    const trainSpeakers = new Set(Array.from(f.train, (i) => c.speakers![i]));
    const testSpeakers = new Set(Array.from(f.test, (i) => c.speakers![i]));
    assert.equal(testSpeakers.size, 2, "one male and one female speaker per session");
    for (const s of testSpeakers) assert.ok(!trainSpeakers.has(s), `speaker ${s} in both sides`);
    for (const i of f.test) assert.equal(c.sessions![i], f.testSession);
  }
  assert.ok(seen.every((k) => k === 1), "every row is tested exactly once");
});

Deno.test("leaveOneSessionOut() orders sessions naturally and rejects corpora without sessions", () => {
  const folds = leaveOneSessionOut({ rows: 3, sessions: ["S10", "S2", "S10"] });
  assert.deepEqual(folds.map((f) => f.testSession), ["S2", "S10"]);
  assert.deepEqual(Array.from(folds[1].test), [0, 2]);
  assert.throws(() => leaveOneSessionOut({ rows: 2, sessions: null }), RangeError);
  assert.throws(
    () => leaveOneSessionOut({ rows: 2, sessions: ["a", "a"] }),
    /at least two sessions/,
  );
});

Deno.test("stratifiedSplit() on RAVDESS: disjoint, covering, round(0.3·n) per class", async () => {
  const c = await loadCorpus("ravdess");
  const { dev, test } = stratifiedSplit(c.labels!, 0.3, new Rng(1));
  const all = new Set([...dev, ...test]);
  assert.equal(all.size, c.rows, "disjoint and covering");
  assert.equal(dev.length + test.length, c.rows);
  const devCounts = classCounts({ ...c, labels: Int32Array.from(dev, (i) => c.labels![i]) });
  // 192 · 0.3 = 57.6 → 58; 96 · 0.3 = 28.8 → 29.
  assert.deepEqual(devCounts, { angry: 58, happy: 58, neutral: 29, sad: 58 });
  assert.ok(dev.every((v, i) => i === 0 || dev[i - 1] < v), "sorted ascending");
});

Deno.test("stratifiedSplit() is seed-stable and differs across seeds", () => {
  const labels = Array.from({ length: 100 }, (_, i) => i % 3);
  const a = stratifiedSplit(labels, 0.3, new Rng(5));
  const b = stratifiedSplit(labels, 0.3, new Rng(5));
  const c = stratifiedSplit(labels, 0.3, new Rng(6));
  assert.deepEqual(a, b);
  assert.notDeepEqual(a.dev, c.dev);
});

Deno.test("stratifiedSplit() rounds halves up and handles fractions 0 and 1", () => {
  const labels = [0, 0, 0, 0, 0, 1]; // 5 × 0.5 = 2.5 → 3; 1 × 0.5 = 0.5 → 1
  assert.equal(stratifiedSplit(labels, 0.5, new Rng(0)).dev.length, 4);
  assert.equal(stratifiedSplit(labels, 0, new Rng(0)).dev.length, 0);
  assert.equal(stratifiedSplit(labels, 1, new Rng(0)).test.length, 0);
  assert.throws(() => stratifiedSplit(labels, 1.5, new Rng(0)), RangeError);
  assert.throws(() => stratifiedSplit([0, -1], 0.3, new Rng(0)), /found -1/);
});
