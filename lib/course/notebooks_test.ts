import assert from "node:assert/strict";
import { stripNotebook, stripNotebookSource } from "./notebooks.ts";

Deno.test("stripNotebookSource() empties the solution cells of the chosen exercises only", () => {
  const text = [
    "%% md",
    "## Exercises",
    "%% ts solution ex-a",
    "console.log(secret);",
    "%% ts solution ex-b",
    "console.log(kept);",
    "%% ts answer ex-a",
    "show();",
  ].join("\n");
  const out = stripNotebookSource(text, new Set(["ex-a"]));
  assert.ok(!out.includes("secret"));
  assert.ok(out.includes('%% ts solution ex-a\n// Exercise "ex-a": your solution here.'));
  assert.ok(out.includes("console.log(kept);"));
  assert.ok(out.includes("%% ts answer ex-a\nshow();"), "an answer cell's source stays");
});

Deno.test("stripNotebook() empties solution cells and clears answer cells' outputs", () => {
  const output = [{ output_type: "stream", name: "stdout", text: ["42\n"] }];
  const cell = (tags: string[], id?: string) => ({
    cell_type: "code",
    metadata: id ? { tags, course: { exercise: id } } : {},
    source: ["compute()"],
    outputs: output,
    execution_count: 3,
  });
  const nb = {
    cells: [
      cell(["solution"], "ex-a"),
      cell(["answer"], "ex-a"),
      cell(["solution"], "ex-b"),
      cell([]),
    ],
  };
  const out = stripNotebook(nb, new Set(["ex-a"])).cells as ReturnType<typeof cell>[];
  assert.deepEqual(out[0].source, ['// Exercise "ex-a": your solution here.']);
  assert.deepEqual([out[0].outputs, out[0].execution_count], [[], null]);
  assert.deepEqual([out[1].source, out[1].outputs], [["compute()"], []]);
  assert.deepEqual(out[2], nb.cells[2]);
  assert.deepEqual(out[3], nb.cells[3]);
  assert.equal(nb.cells[0].outputs, output, "the input is not modified");
  assert.throws(() => stripNotebook({} as { cells: unknown[] }, new Set()), TypeError);
});
