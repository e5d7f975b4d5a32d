import assert from "node:assert/strict";
import { join } from "node:path";
import {
  exerciseById,
  EXERCISES,
  exerciseTestPath,
  notImplementedMessage,
  selectExercises,
} from "./exercises.ts";
import { PROJECT_ROOT } from "./build.ts";
import { scanRegions } from "./markers.ts";
import { CELL_MARKER } from "./notebooks.ts";

Deno.test("notImplementedMessage() names the exercise, the equation, the notebook and its item", () => {
  assert.equal(
    notImplementedMessage(exerciseById("eq3-cycle-loss")),
    'Exercise "eq3-cycle-loss" is not implemented yet (paper eq. 3; notebook 01, exercise 3)',
  );
});

Deno.test("exercise ids are unique and well formed, and an unknown id is a RangeError", () => {
  const ids = EXERCISES.map((e) => e.id);
  assert.equal(new Set(ids).size, ids.length);
  for (const id of ids) assert.match(id, /^[a-z0-9]+(-[a-z0-9]+)*$/);
  assert.throws(() => selectExercises(["eq3-cycle-loss", "nope"]), RangeError);
  assert.deepEqual(selectExercises(["std-ratio", "eq3-cycle-loss"]).map((e) => e.id), [
    "eq3-cycle-loss",
    "std-ratio",
  ]);
});

Deno.test("every exercise has marked regions and a test file; every marker names an exercise", async () => {
  const regions = await scanRegions(PROJECT_ROOT);
  for (const e of EXERCISES) {
    assert.ok(regions.some((r) => r.id === e.id), `no region marked for ${e.id}`);
    const test = await Deno.stat(join(PROJECT_ROOT, exerciseTestPath(e)));
    assert.ok(test.isFile, `no test file for ${e.id}`);
  }
  for (const r of regions) {
    assert.doesNotThrow(() => exerciseById(r.id), `${r.file}:${r.begin}: unknown id ${r.id}`);
  }
});

Deno.test("each exercise is the item its registry row names in its notebook's Exercises list", async () => {
  const src = join(PROJECT_ROOT, "scripts", "notebooks", "src");
  const sources = new Map<string, string>();
  for await (const entry of Deno.readDir(src)) {
    sources.set(entry.name.slice(0, 2), await Deno.readTextFile(join(src, entry.name)));
  }
  for (const e of EXERCISES) {
    const text = sources.get(e.notebook);
    assert.ok(text !== undefined, `${e.id}: no notebook ${e.notebook}`);
    const list = text.slice(text.indexOf("## Exercises"));
    const item = new RegExp(`^${e.number}\\. .*\`${e.id}\``, "m");
    assert.match(list, item, `${e.id}: not item ${e.number} of notebook ${e.notebook}'s exercises`);
  }
  for (const text of sources.values()) {
    for (const line of text.split("\n")) {
      const m = CELL_MARKER.exec(line);
      if (m?.[3] !== undefined) assert.doesNotThrow(() => exerciseById(m[3]), line);
    }
  }
});
