import assert from "node:assert/strict";
import { classCounts, corpusFromTable, subsetCorpus } from "./corpus.ts";
import type { CorpusRecipe } from "./corpus.ts";
import type { Corpus, FeatureMatrix } from "./types.ts";

const table: FeatureMatrix & { source: string } = {
  source: "toy.arff",
  data: new Float32Array([0, 1, 10, 11, 20, 21, 30, 31, 40, 41]),
  rows: 5,
  cols: 2,
  ids: ["s1_a", "s1_x", "s2_b", "s2_a", "s3_q"],
  featureNames: ["f", "g"],
};

const recipe: CorpusRecipe = {
  name: "toy",
  classes: ["alpha", "beta"],
  classMap: { a: "alpha", b: "beta", q: "beta" },
  hasSpeakers: true,
  hasSessions: true,
  describe: (id) => {
    const [spk, label] = id.split("_");
    return { label: label === "x" ? null : label, speaker: spk, session: `S${spk.slice(1)}` };
  },
};

Deno.test("corpusFromTable() keeps mapped rows, merges raw labels, counts the dropped", () => {
  const c = corpusFromTable(table, recipe);
  assert.deepEqual(c.ids, ["s1_a", "s2_b", "s2_a", "s3_q"]);
  assert.deepEqual(Array.from(c.labels!), [0, 1, 0, 1]);
  assert.deepEqual(Array.from(c.data), [0, 1, 20, 21, 30, 31, 40, 41]);
  assert.deepEqual(c.speakers, ["s1", "s2", "s2", "s3"]);
  assert.deepEqual(c.sessions, ["S1", "S2", "S2", "S3"]);
  assert.deepEqual(c.dropped, { "(no label)": 1 });
  assert.equal((c as unknown as { source: string }).source, "toy.arff");
  assert.notEqual(c.data.buffer, table.data.buffer, "the corpus owns a copy");
});

Deno.test("corpusFromTable() counts an unknown raw label under its own name", () => {
  const c = corpusFromTable({ ...table, ids: ["s1_a", "s1_z", "s1_z"], rows: 3 }, recipe);
  assert.deepEqual(c.dropped, { z: 2 });
  assert.equal(c.rows, 1);
});

Deno.test("corpusFromTable() rejects a class map that names an unknown class", () => {
  assert.throws(
    () => corpusFromTable(table, { ...recipe, classMap: { a: "gamma" } }),
    (e: Error) => e instanceof RangeError && /'a' to 'gamma'/.test(e.message),
  );
});

Deno.test("corpusFromTable() keeps every row of an unlabelled recipe", () => {
  const c = corpusFromTable(table, { ...recipe, classes: [], classMap: {}, hasSessions: false });
  assert.equal(c.rows, 5);
  assert.equal(c.labels, null);
  assert.equal(c.sessions, null);
  assert.deepEqual(classCounts(c), {});
});

Deno.test("subsetCorpus() copies the chosen rows with their labels, speakers and sessions", () => {
  const c = corpusFromTable(table, recipe);
  const s = subsetCorpus(c, [3, 0, 0]);
  assert.deepEqual(s.ids, ["s3_q", "s1_a", "s1_a"]);
  assert.deepEqual(Array.from(s.data), [40, 41, 0, 1, 0, 1]);
  assert.deepEqual(Array.from(s.labels!), [1, 0, 0]);
  assert.deepEqual(s.speakers, ["s3", "s1", "s1"]);
  assert.deepEqual(s.sessions, ["S3", "S1", "S1"]);
  assert.deepEqual(s.classes, c.classes);
  assert.equal(s.rows, 3);
});

Deno.test("subsetCorpus() rejects an index out of range", () => {
  const c = corpusFromTable(table, recipe);
  assert.throws(
    () => subsetCorpus(c, [0, 4]),
    (e: Error) => e instanceof RangeError && /found 4/.test(e.message),
  );
  assert.throws(() => subsetCorpus(c, [1.5]), RangeError);
});

Deno.test("classCounts() lists every class, zero for empty ones", () => {
  const c: Corpus = { ...corpusFromTable(table, recipe), classes: ["alpha", "beta", "gamma"] };
  assert.deepEqual(classCounts(c), { alpha: 2, beta: 2, gamma: 0 });
});

Deno.test("corpusFromTable() copies the data unless adopt is set and every row is kept", () => {
  const unlabelled = { ...recipe, classes: [], classMap: {}, hasSessions: false };
  assert.notEqual(corpusFromTable(table, unlabelled).data.buffer, table.data.buffer);
  assert.equal(corpusFromTable(table, unlabelled, { adopt: true }).data.buffer, table.data.buffer);
  // Dropping rows always copies.
  assert.notEqual(corpusFromTable(table, recipe, { adopt: true }).data.buffer, table.data.buffer);
});
