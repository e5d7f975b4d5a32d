import assert from "node:assert/strict";
import { findRegions, stubRegions } from "./markers.ts";

const SOURCE = `import { g } from "./g.ts";

/** Doubles x. */
export function double(x: number): number {
  if (!Number.isFinite(x)) throw new RangeError("x");
  // exercise ex-a: begin
  const y = g(x);
  return 2 * y;
  // exercise ex-a: end
}

export function keep(): number {
  // exercise ex-b: begin
  return 1;
  // exercise ex-b: end
}
`;

Deno.test("findRegions() returns each region's id, lines and solution", () => {
  const regions = findRegions(SOURCE, "f.ts");
  assert.deepEqual(regions.map((r) => [r.id, r.begin, r.end, r.indent]), [
    ["ex-a", 6, 9, "  "],
    ["ex-b", 13, 15, "  "],
  ]);
  assert.deepEqual(regions[0].lines, ["  const y = g(x);", "  return 2 * y;"]);
});

Deno.test("stubRegions() replaces the chosen regions by a throw, keeping signature, checks and markers", () => {
  const out = stubRegions(
    SOURCE,
    "f.ts",
    (id) => (id === "ex-a" ? 'Exercise "ex-a" is not' : null),
  );
  assert.ok(out.includes("export function double(x: number): number {"));
  assert.ok(out.includes('throw new RangeError("x")'), "the validation outside the region stays");
  assert.ok(
    out.includes(
      `  // exercise ex-a: begin\n  throw new Error(\n    'Exercise "ex-a" is not',\n  );\n  // exercise ex-a: end\n}`,
    ),
  );
  assert.ok(!out.includes("2 * y"), "the solution is gone");
  assert.ok(out.includes("  return 1;"), "the other region is kept");
  assert.equal(findRegions(out, "f.ts").length, 2);
});

Deno.test("findRegions() rejects unbalanced, nested and mid-body regions with file and line", () => {
  const lines = SOURCE.split("\n");
  const without = (i: number) => lines.filter((_, k) => k !== i).join("\n");
  assert.throws(
    () => findRegions(without(8), "f.ts"),
    /^SyntaxError: f\.ts:12: expected "\/\/ exercise ex-a: end" before a new region/,
  );
  assert.throws(() => findRegions(without(14), "f.ts"), /f\.ts:13: .*found the end of the file/);
  assert.throws(() => findRegions(without(5), "f.ts"), /^SyntaxError: f\.ts:8: .*end of "ex-a"/);
  const nested = SOURCE.replace("  return 2 * y;", "  // exercise ex-c: begin\n  return 2 * y;");
  assert.throws(() => findRegions(nested, "f.ts"), /f\.ts:8: .*before a new region/);
  const early = SOURCE.replace("  // exercise ex-a: end\n", "  // exercise ex-a: end\n  g(1);\n");
  assert.throws(() => findRegions(early, "f.ts"), /f\.ts:9: .*end of a function body/);
});
