import assert from "node:assert/strict";
import { exampleResults } from "./_example_results.ts";
import { diversityFigure, projectionFigure, qualityTable, stdRatioFigure } from "./quality.ts";
import { reportBlocks, reportFigures } from "./report.ts";

Deno.test("qualityTable() shows fidelity and spread side by side, one row per set", () => {
  const r = exampleResults();
  const table = qualityTable(r.syntheticQuality);
  assert.equal(table.rows.length, 4);
  assert.deepEqual(table.rows.map((row) => row[0]), [
    "source (untrained)",
    "moments (untrained)",
    "syn(λcls=0)",
    "syn(λcls=2)",
  ]);
  const collapsed = table.rows[2];
  assert.equal(collapsed[1], "0.020");
  // The collapsed set's spread is in the table, where Table 1's mean alone would hide it.
  assert.equal(collapsed[2], "0.040 (0.02-0.06)");
  assert.equal(collapsed[3], "0.020");
  assert.equal(collapsed[6], "16.90");
  assert.equal(table.rows[0][9], "–", "the references have no cycle reconstruction");
  assert.match(table.notes?.join(" ") ?? "", /source's own Table 1 distance is 0\.100/);
});

Deno.test("the quality figures carry every set's data, and are in the report's Sec. 4.2", () => {
  const r = exampleResults();
  const std = stdRatioFigure(r.qualityFigures!);
  const values = (std.spec as { layer: { data: { values: { set: string }[] } }[] }).layer[0].data
    .values;
  assert.deepEqual([...new Set(values.map((v) => v.set))], r.syntheticQuality.map((q) => q.label));
  const proj = projectionFigure(r.qualityFigures!);
  const pv = (proj.spec as { data: { values: { panel: string; layer: string }[] } }).data.values;
  // The target is drawn in every panel, behind each synthetic set.
  assert.equal(pv.filter((v) => v.layer === "target").length, 2 * 2);
  assert.throws(
    () => projectionFigure({ ...r.qualityFigures!, projection: [] }),
    /Expected projected points/,
  );
  const div = diversityFigure(r.diversityCurves)!;
  const dv = (div.spec as { data: { values: { measure: string }[] } }).data.values;
  assert.equal(dv.length, 6 * 3);
  assert.equal(diversityFigure([]), null);
  const figures = reportFigures(r);
  const blocks = reportBlocks(r, figures);
  const order = blocks.map((b) =>
    b.kind === "figure" ? b.figure.name : b.kind === "heading" ? b.text : b.kind
  );
  const sec42 = order.indexOf("Emotion transfer (paper Sec. 4.2)");
  const sec43 = order.indexOf("Within-corpus evaluation (paper Sec. 4.3)");
  for (const name of ["quality_std_ratio", "quality_projection"]) {
    const i = order.indexOf(name);
    assert.ok(i > sec42 && i < sec43, `${name} is not in Sec. 4.2`);
  }
  assert.ok(order.indexOf("diversity_curves") > order.indexOf("Training curves"));
});

Deno.test("the spread claim fails for a collapsed generator whatever Table 1 says", () => {
  const claims = exampleResults().claims.filter((c) => c.text.includes("spread"));
  assert.equal(claims.length, 2);
  const [c0, c2] = claims;
  assert.match(c0.text, /λcls = 0/);
  assert.equal(c0.holds, false);
  assert.deepEqual(c0.ours, [0.04, 0.5]);
  assert.equal(c2.holds, true);
  assert.equal(c0.paper, null);
});
