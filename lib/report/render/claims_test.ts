import assert from "node:assert/strict";
import type { Claim } from "../../analysis/claims.ts";
import { includes } from "./_testing.ts";
import { exampleResults } from "./_example_results.ts";
import { claimsSummary, claimsTable } from "./claims.ts";

const claim = (over: Partial<Claim>): Claim => ({
  section: "4.3",
  text: "Within: Real + Syn. (λcls = 2) beats Real",
  paper: [60.37, 59.48],
  ours: [68.5, 68],
  holds: true,
  test: {
    diffMean: 0.005,
    ci95: [-0.002, 0.012],
    pValue: 0.2,
    pairs: 25,
    test: "t",
    minDetectable: 0.01,
    unit: "fold × repetition",
    baseline: "real",
  },
  significant: false,
  ...over,
});

Deno.test("claimsTable() prints the paired test in points and marks a verdict the pairs do not support", () => {
  const t = claimsTable([claim({})]);
  assert.equal(t.headers[3], "Paired test, ours (points)");
  assert.equal(t.rows[0][3], "+0.50 [−0.20, +1.20], p = 0.200 (25 pairs)");
  assert.equal(t.rows[0][4], "yes (not significant)");
  assert.equal(claimsTable([claim({ significant: true })]).rows[0][4], "yes");
  assert.equal(claimsTable([claim({ test: null, significant: null })]).rows[0][3], "–");
});

Deno.test("claimsSummary() counts the claims that hold and names the ones without a significant test", () => {
  const claims = exampleResults().claims;
  const held = claims.filter((c) => c.holds).length;
  includes(claimsSummary(claims), `${held} of ${claims.length}`);
  assert.equal(claimsTable(claims, "4.4").rows.length, 2);
  includes(claimsSummary([claim({})]), "Not significant");
  includes(claimsSummary([claim({ holds: false, significant: true })]), "Not reproduced");
});
