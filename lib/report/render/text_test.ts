import assert from "node:assert/strict";
import type { Stage } from "../../pipeline/plan.ts";
import { countUnits, formatDuration, formatPlan } from "./text.ts";

const stage = (title: string, units: number, unit: string, cached: boolean): Stage => ({
  kind: "analysis",
  id: title,
  title,
  units,
  unit,
  cached,
  needs: new Map(),
});

Deno.test("formatDuration() prints seconds, minutes and hours", () => {
  assert.equal(formatDuration(42.4), "42 s");
  assert.equal(formatDuration(185), "3 min 05 s");
  assert.equal(formatDuration(3720), "1 h 02 min");
  assert.equal(formatDuration(NaN), "?");
});

Deno.test("countUnits() pluralises the unit", () => {
  assert.equal(countUnits(1, "iteration"), "1 iteration");
  assert.equal(countUnits(50, "batch"), "50 batches");
  assert.equal(countUnits(0, "step"), "0 steps");
});

Deno.test("formatPlan() lists every stage with its work, cached ones marked, and the total", () => {
  const text = formatPlan({
    profile: "quick",
    stages: [
      stage("CycleGAN λcls=0", 100, "iteration", false),
      stage("Within, real", 50, "batch", true),
      stage("Within, syn", 3, "batch", false),
      stage("Table 1", 1, "step", false),
    ],
  }, [50, 0, 3, 1]);
  assert.ok(text.startsWith("Plan (profile quick, 4 stages):"));
  assert.match(text, /1\. CycleGAN λcls=0 +100 iterations +~50 s/);
  assert.match(text, /2\. Within, real +50 batches +cached/);
  assert.ok(text.endsWith("Estimated duration: 54 s (1 of 4 stages cached)"));
});
