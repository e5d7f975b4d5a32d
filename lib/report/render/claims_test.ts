import assert from "node:assert/strict";
import { includes } from "./_testing.ts";
import { exampleResults } from "./_example_results.ts";
import { claimsSummary, claimsTable, paperClaims } from "./claims.ts";

Deno.test("paperClaims() checks each paper inequality on the same cells of our results", () => {
  const claims = paperClaims(exampleResults());
  const byText = new Map(claims.map((c) => [c.text, c]));
  const realSyn = byText.get("Within: Real + Syn. (λcls = 2) beats Real")!;
  assert.deepEqual(realSyn.paper, [60.37, 59.48]);
  assert.deepEqual(realSyn.ours, [69, 68]);
  assert.deepEqual(realSyn.holds, true);
  const crossSyn = byText.get("Cross: Syn. (λcls = 2) beats Syn. (λcls = 0)")!;
  assert.deepEqual(crossSyn.paper, [41.58, 39.35]);
  assert.deepEqual(crossSyn.holds, true);
  const t1 = claims.find((c) => c.section === "4.2" && c.text.startsWith("Synthetic"))!;
  assert.deepEqual(t1.paper, [0.084, 0.013]);
  assert.deepEqual(t1.ours, [0.1, 0.02]);
  assert.deepEqual(claims.length, 7);
});

Deno.test("paperClaims() reports a claim that fails in ours as not holding", () => {
  const results = exampleResults();
  const table2 = results.table2.map((r) =>
    r.source === "ours" && r.lambdaCls === 2 ? { ...r, realSyn: { mean: 50, std: 1 } } : r
  );
  const claim = paperClaims({ ...results, table2 }).find((c) =>
    c.text === "Within: Real + Syn. (λcls = 2) beats Real"
  )!;
  assert.deepEqual(claim.holds, false);
  includes(claimsSummary([claim]), "Not reproduced");
});

Deno.test("claimsSummary() counts the claims that hold from the numbers", () => {
  const claims = paperClaims(exampleResults());
  const held = claims.filter((c) => c.holds).length;
  includes(claimsSummary(claims), `${held} of ${claims.length}`);
  assert.deepEqual(claimsTable(claims, "4.4").rows.length, 2);
});

Deno.test("paperClaims() flags a verdict as within noise when the gap is below the combined std", () => {
  const results = exampleResults();
  const table2 = results.table2.map((r) =>
    r.source === "ours" && r.lambdaCls === 2 ? { ...r, realSyn: { mean: 68.5, std: 1 } } : r
  );
  const claim = paperClaims({ ...results, table2 }).find((c) =>
    c.text === "Within: Real + Syn. (λcls = 2) beats Real"
  )!;
  assert.equal(claim.holds, true);
  assert.equal(claim.withinNoise, true, "68.5 vs 68.0 with std 1 each: gap 0.5 < √2");
  assert.equal(claimsTable([claim]).rows[0][3], "yes (within noise)");
  includes(claimsSummary([claim]), "Within noise");
  const far = results.table2.map((r) =>
    r.source === "ours" && r.lambdaCls === 2 ? { ...r, realSyn: { mean: 75, std: 1 } } : r
  );
  const clear = paperClaims({ ...results, table2: far }).find((c) => c.text === claim.text)!;
  assert.equal(clear.withinNoise, false, "75 vs 68 with std 1 each: gap 7 > √2");
});
