import assert from "node:assert/strict";
import type { SettingResult } from "../evaluation/types.ts";
import { fixtureSetting } from "./_fixtures.ts";
import { paperClaims } from "./claims.ts";
import { PAPER_TABLE1 } from "./paper.ts";
import { resultTable } from "./tables.ts";
import type { Table1Row } from "./table1.ts";

const C0 = "cyclegan:lambda_cls=0", C2 = "cyclegan:lambda_cls=2";

function inputs(settings: SettingResult[]) {
  const t1 = (set: "source" | "syn", lambdaCls: number | null, v: number): Table1Row => ({
    set,
    label: String(lambdaCls),
    lambdaCls,
    meanAbsDiff: v,
    perClass: {},
    paper: lambdaCls === null ? PAPER_TABLE1.source : PAPER_TABLE1.syn[lambdaCls],
    interpretation: "",
  });
  return {
    table1: [t1("source", null, 0.1), t1("syn", 0, 0.02), t1("syn", 2, 0.05)],
    table2: resultTable(settings, "within"),
    table3: resultTable(settings, "cross"),
    settings,
  };
}

const base = [
  fixtureSetting("within", "real", null, 0.68),
  fixtureSetting("within", "syn", C0, 0.40),
  fixtureSetting("within", "syn", C2, 0.35),
  fixtureSetting("within", "real+syn", C0, 0.66),
  fixtureSetting("within", "real+syn", C2, 0.69),
  fixtureSetting("within", "syn", "smote:k=5", 0.5),
  fixtureSetting("cross", "real", null, 0.37),
  fixtureSetting("cross", "syn", C0, 0.30),
  fixtureSetting("cross", "syn", C2, 0.32),
  fixtureSetting("cross", "real+syn", C0, 0.36),
  fixtureSetting("cross", "real+syn", C2, 0.38),
];

Deno.test("paperClaims() checks each paper inequality on the same cells of our results", () => {
  const claims = paperClaims(inputs(base));
  const byText = new Map(claims.map((c) => [c.text, c]));
  const realSyn = byText.get("Within: Real + Syn. (λcls = 2) beats Real")!;
  assert.deepEqual(realSyn.paper, [60.37, 59.48]);
  assert.equal(realSyn.ours![0].toFixed(6), "69.000000");
  assert.equal(realSyn.ours![1].toFixed(6), "68.000000");
  assert.equal(realSyn.holds, true);
  const crossSyn = byText.get("Cross: Syn. (λcls = 2) beats Syn. (λcls = 0)")!;
  assert.deepEqual(crossSyn.paper, [41.58, 39.35]);
  assert.equal(crossSyn.holds, true);
  const t1 = claims.find((c) => c.section === "4.2" && c.text.startsWith("Synthetic"))!;
  assert.deepEqual(t1.paper, [0.084, 0.013]);
  assert.deepEqual(t1.ours, [0.1, 0.02]);
  assert.equal(t1.test, null);
  // Without quality records the spread claims of Sec. 4.2 cannot be checked: null, not true.
  const spread = claims.filter((c) => c.text.includes("spread"));
  assert.deepEqual(spread.map((c) => c.holds), [null, null]);
  assert.equal(claims.length, 9);
});

Deno.test("paperClaims() pairs the two settings of a UAR claim: left − right over the same seeds", () => {
  const claim = paperClaims(inputs(base)).find((c) =>
    c.text === "Within: Real + Syn. (λcls = 2) beats Real"
  )!;
  assert.equal(claim.test!.pairs, 10, "2 repetitions × 5 folds");
  assert.equal(claim.test!.unit, "fold × repetition");
  assert.ok(Math.abs(claim.test!.diffMean - 0.01) < 1e-12, "69 % − 68 % on every pair");
  assert.equal(claim.significant, true, "a constant gain on every pair is not noise");
  const cross = paperClaims(inputs(base)).find((c) => c.text.startsWith("Cross: Real + Syn."))!;
  assert.equal(cross.test!.pairs, 2);
  assert.equal(cross.test!.unit, "repetition");
});

Deno.test("paperClaims() marks a gap the pairs do not support as not significant", () => {
  // Real + Syn. (λcls = 2) half a point above Real on average, but up on some folds and down on
  // others: the paired test cannot tell it from noise.
  const noisy = fixtureSetting("within", "real+syn", C2, 0.685);
  const swing = [[0.03, -0.03, 0.02, -0.02, 0.0], [-0.03, 0.03, -0.02, 0.02, 0.0]];
  const uarPerFold = swing.map((row) => row.map((o) => 0.685 + o));
  const settings = base.map((s) =>
    s.protocol === "within" && s.augment === C2 && s.trainOn === "real+syn"
      ? { ...noisy, uarPerFold }
      : s
  );
  const claim = paperClaims(inputs(settings)).find((c) =>
    c.text === "Within: Real + Syn. (λcls = 2) beats Real"
  )!;
  assert.equal(claim.holds, true);
  assert.equal(claim.significant, false, `p = ${claim.test!.pValue}`);
});

Deno.test("paperClaims() ignores the reference protocol and other augmenters", () => {
  const settings = [
    ...base.filter((s) => !(s.protocol === "within" && s.augment === C2 && s.trainOn === "syn")),
    fixtureSetting("within", "syn", C2, 0.9, "reference"),
  ];
  const claim = paperClaims(inputs(settings)).find((c) =>
    c.text === "Within: Syn. (λcls = 0) beats Syn. (λcls = 2)"
  )!;
  assert.equal(claim.ours, null);
  assert.equal(claim.holds, null);
  assert.equal(claim.test, null);
});
