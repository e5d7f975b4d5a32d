import assert from "node:assert/strict";
import { loadCorpus } from "../data/mod.ts";
import type { Corpus } from "../data/types.ts";
import { withVsReal } from "../evaluation/compare.ts";
import { fixtureSetting } from "./_fixtures.ts";
import { lambdaSweepRows } from "./lambda_sweep.ts";
import { METHOD_COLUMNS, methodRows, realRow } from "./methods.ts";
import { FIG2_FEATURES, fig2Data } from "./fig2.ts";
import { fisherOverlap } from "./fisher.ts";
import { resultTable } from "./tables.ts";
import { table1, TABLE1_INTERPRETATION, type Table1Row } from "./table1.ts";

function corpus(name: string, rows: number[][], labels: number[] | null): Corpus {
  return {
    name,
    data: new Float32Array(rows.flat()),
    rows: rows.length,
    cols: rows[0].length,
    ids: rows.map((_, i) => `${name}${i}`),
    featureNames: rows[0].map((_, j) => `f${j}`),
    classes: labels ? ["a", "b"] : [],
    labels: labels ? Int32Array.from(labels) : null,
    speakers: null,
    sessions: null,
    dropped: {},
  };
}

// Target, min-max by its own range [0, 4]: class a → 0, 0.5 (mean 0.25); class b → 1.
const target = corpus("t", [[0, 0], [2, 2], [4, 4]], [0, 0, 1]);
// Source, own range: [0, 1] → mean 0.5.
const source = corpus("s", [[10, 20], [20, 40]], null);
// Synthetic in target units: class a at 1 (→ 0.25), class b at 2 (→ 0.5).
const syn = corpus("y", [[1, 1], [2, 2]], [0, 1]);

Deno.test("table1() matches a hand-worked example per class and on average", () => {
  const rows = table1(target, source, new Map([[2, syn]]));
  assert.equal(rows.length, 2);
  const [src, s2] = rows;
  assert.deepEqual(src.perClass, { a: 0.25, b: 0.5 });
  assert.equal(src.meanAbsDiff, 0.375);
  assert.equal(src.paper, 0.084);
  assert.deepEqual(s2.perClass, { a: 0, b: 0.5 });
  assert.equal(s2.meanAbsDiff, 0.25);
  assert.equal(s2.paper, 0.049);
  assert.equal(s2.label, "|target - syn(λcls=2)|");
  assert.equal(s2.interpretation, TABLE1_INTERPRETATION);
});

Deno.test("fisherOverlap() computes (μ1-μ2)²/(σ1²+σ2²) between emotions and sets", () => {
  const out = fisherOverlap(target, source, new Map([[0, syn]]));
  // target a (mean 0.25, var 0.0625) vs b (mean 1, var 0): 0.5625 / 0.0625 = 9 for both features
  const ab = out.find((o) => o.kind === "emotions" && o.within === "target")!;
  assert.ok(Math.abs(ab.mean - 9) < 1e-6 && Math.abs(ab.median - 9) < 1e-6);
  assert.equal(ab.fractionAboveOne, 1);
  // target a vs syn a (mean 0.25, var 0): 0 → identical means
  const sa = out.find((o) => o.kind === "sets" && o.b === "syn(λcls=0)" && o.within === "a")!;
  assert.ok(sa.mean < 1e-9);
  assert.ok(out.some((o) => o.kind === "sets" && o.b === "source" && o.within === "all"));
});

Deno.test("on real data, synthetic = target gives Table 1 zero and Fig. 2 equal to the target", async () => {
  const emodb = await loadCorpus("emodb");
  const libri = await loadCorpus("librispeech");
  const rows = table1(emodb, libri, new Map([[0, emodb]]));
  assert.ok(rows[0].meanAbsDiff > 0.02, `source differs: ${rows[0].meanAbsDiff}`);
  assert.ok(rows[1].meanAbsDiff < 1e-6);
  const fig = fig2Data(emodb, libri, new Map([[0, emodb]]));
  assert.equal(fig.length, FIG2_FEATURES.length * 3);
  for (const f of FIG2_FEATURES) {
    const t = fig.find((r) => r.feature === f && r.set === "target")!;
    const s = fig.find((r) => r.feature === f && r.set === "syn(λcls=0)")!;
    assert.ok(Math.abs(t.mean - s.mean) < 1e-9 && Math.abs(t.std - s.std) < 1e-9);
    assert.ok(t.mean >= 0 && t.mean <= 1, `${f} is min-max normalised`);
  }
});

Deno.test("resultTable() puts the reported and paper rows before ours, in percent, CycleGAN rows only", () => {
  const rows = resultTable(
    [
      fixtureSetting("cross", "real", null, 0.4),
      fixtureSetting("cross", "syn", "cyclegan:lambda_cls=0", 0.3),
      fixtureSetting("cross", "real+syn", "cyclegan:lambda_cls=0", 0.45),
      fixtureSetting("cross", "syn", "smote:k=5", 0.9),
    ],
    "cross",
  );
  assert.deepEqual(rows.map((r) => r.source), ["reported", "paper", "paper", "ours"]);
  assert.equal(rows[0].real!.mean, 45.14);
  const ours = rows[3];
  assert.equal(ours.lambdaCls, 0);
  assert.deepEqual(ours.real, { mean: 40, std: 1 });
  assert.deepEqual(ours.syn, { mean: 30, std: 1 });
  assert.ok(Math.abs(ours.realSyn!.mean - 45) < 1e-9);
});

Deno.test("methodRows() lists every augmenter with its four cells and the paired test against Real", () => {
  const real = fixtureSetting("within", "real", null, 0.6);
  const smote = { ...fixtureSetting("within", "syn", "smote:k=5", 0.5) };
  const [, compared] = withVsReal([real, smote]);
  const rows = methodRows([
    real,
    compared,
    fixtureSetting("within", "syn", "smote:k=5", 0.99, "reference"),
  ]);
  assert.equal(rows.length, 1);
  assert.equal(rows[0].augment, "smote:k=5");
  assert.equal(rows[0].cells.length, METHOD_COLUMNS.length);
  assert.equal(rows[0].cells[0]!.uarMean, 0.5, "the reference protocol's setting is left out");
  assert.ok(Math.abs(rows[0].cells[0]!.vsReal!.diffMean + 0.1) < 1e-12);
  assert.deepEqual(rows[0].cells.slice(1), [null, null, null]);
  assert.deepEqual(realRow([real]), { within: { uarMean: 0.6, uarStd: 0.01 }, cross: null });
});

Deno.test("lambdaSweepRows() joins Table 1 and the UARs per λcls, ascending, diversity slot empty", () => {
  const t1 = (l: number, v: number): Table1Row => ({
    set: "syn",
    label: "",
    lambdaCls: l,
    meanAbsDiff: v,
    perClass: {},
    paper: null,
    interpretation: "",
  });
  const rows = lambdaSweepRows([2, 0.5], [t1(0.5, 0.03), t1(2, 0.05)], [
    fixtureSetting("within", "syn", "cyclegan:lambda_cls=2", 0.4),
    fixtureSetting("cross", "real+syn", "cyclegan:lambda_cls=0.5", 0.3),
  ]);
  assert.deepEqual(rows.map((r) => [r.lambdaCls, r.table1]), [[0.5, 0.03], [2, 0.05]]);
  assert.deepEqual(rows[1].uar, {
    withinSyn: 0.4,
    withinRealSyn: null,
    crossSyn: null,
    crossRealSyn: null,
  });
  assert.equal(rows[0].uar.crossRealSyn, 0.3);
  assert.equal(rows[0].diversity, null);
});
