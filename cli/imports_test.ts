import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";

const CLI = fileURLToPath(new URL("./", import.meta.url));

/** Every module specifier of a source file: static imports and exports, and dynamic imports. */
function specifiers(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/(?:^|\n)\s*(?:import|export)\b[^"';]*?from\s*["']([^"']+)["']/g)) {
    out.push(m[1]);
  }
  for (const m of text.matchAll(/(?:^|\n)\s*import\s*["']([^"']+)["']/g)) out.push(m[1]);
  for (const m of text.matchAll(/\bimport\(\s*["']([^"']+)["']\s*\)/g)) out.push(m[1]);
  return out;
}

Deno.test("cli/ imports the toolkit through lib/mod.ts only (plus node: built-ins and cli/ itself)", () => {
  let files = 0, toLib = 0;
  for (const entry of Deno.readDirSync(CLI)) {
    if (!entry.isFile || !entry.name.endsWith(".ts") || entry.name === "imports_test.ts") continue;
    files++;
    const text = Deno.readTextFileSync(`${CLI}/${entry.name}`);
    for (const s of specifiers(text)) {
      if (s.startsWith("node:")) continue;
      if (s.startsWith("./") && !s.slice(2).includes("/")) continue;
      assert.equal(s, "../lib/mod.ts", `${entry.name} imports ${s}`);
      toLib++;
    }
  }
  assert.ok(files >= 8 && toLib >= 5, `read ${files} files, ${toLib} imports of lib/mod.ts`);
});

Deno.test("the import scanner sees static, side-effect and dynamic imports", () => {
  assert.deepEqual(
    specifiers(
      'import { a } from "../lib/x.ts";\nimport "../lib/y.ts";\nconst m = await import("../z.ts");\nexport * from "./w.ts";',
    ),
    ["../lib/x.ts", "./w.ts", "../lib/y.ts", "../z.ts"],
  );
});
