import assert from "node:assert/strict";
import { loadCorpus } from "../data/mod.ts";
import type { Corpus } from "../data/types.ts";
import type { SettingResult } from "../evaluation/types.ts";
import { FIG2_FEATURES, fig2Data } from "./fig2.ts";
import { fisherOverlap } from "./fisher.ts";
import { resultTable } from "./tables.ts";
import { table1, TABLE1_INTERPRETATION } from "./table1.ts";

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

Deno.test("resultTable() puts the reported and paper rows before ours, in percent", () => {
  const s = (trainOn: SettingResult["trainOn"], lambdaCls: number | null, uar: number) =>
    ({ protocol: "cross", trainOn, lambdaCls, uarMean: uar, uarStd: 0.01 }) as SettingResult;
  const rows = resultTable(
    [s("real", null, 0.4), s("syn", 0, 0.3), s("real+syn", 0, 0.45)],
    "cross",
  );
  assert.deepEqual(rows.map((r) => r.source), ["reported", "paper", "paper", "ours"]);
  assert.equal(rows[0].real!.mean, 45.14);
  const ours = rows[3];
  assert.deepEqual(ours.real, { mean: 40, std: 1 });
  assert.deepEqual(ours.syn, { mean: 30, std: 1 });
  assert.ok(Math.abs(ours.realSyn!.mean - 45) < 1e-9);
});
