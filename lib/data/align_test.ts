import assert from "node:assert/strict";
import { join } from "node:path";
import { alignFeatures } from "./align.ts";
import { corpusFromTable } from "./corpus.ts";
import type { CorpusRecipe } from "./corpus.ts";
import { readFeatures } from "./feature_file.ts";
import type { FeatureMatrix, FeatureTable } from "./types.ts";
import { FIXTURES, tempFile, tinyArff } from "./_testing.ts";

/** The table written as openSMILE CSV with its columns in `order` (indices into its names). */
function csvWithColumns(table: FeatureTable, order: readonly number[]): string {
  const lines = [["name", "frameTime", ...order.map((k) => table.featureNames[k])].join(";")];
  for (let r = 0; r < table.rows; r++) {
    const row = order.map((k) => String(table.data[r * table.cols + k]));
    lines.push([`'${table.ids[r]}'`, "0.000000", ...row].join(";"));
  }
  return lines.join("\n") + "\n";
}

const UNLABELLED: CorpusRecipe = {
  name: "other",
  classes: [],
  classMap: {},
  hasSpeakers: false,
  hasSessions: false,
  describe: () => ({}),
};

function matrix(names: string[], values: number[]): FeatureMatrix {
  return {
    data: Float32Array.from(values),
    rows: values.length / names.length,
    cols: names.length,
    ids: Array.from({ length: values.length / names.length }, (_, r) => `r${r}`),
    featureNames: names,
  };
}

Deno.test("alignFeatures() makes a file with the same features in another order identical", async () => {
  const arff = await readFeatures(join(FIXTURES, "emobase2010.arff"), { cache: false });
  const order = Array.from({ length: arff.cols }, (_, k) => arff.cols - 1 - k); // reversed
  order.splice(10, 0, ...order.splice(500, 3)); // and a block moved
  const path = await tempFile("reordered.csv", csvWithColumns(arff, order));
  const csv = await readFeatures(path, { cache: false });
  assert.notDeepEqual(csv.data, arff.data, "by position the matrices differ");
  const aligned = alignFeatures(arff, csv);
  assert.deepEqual(aligned.featureNames, arff.featureNames);
  assert.deepEqual(aligned.data, arff.data);
  assert.deepEqual(aligned.ids, csv.ids);
  assert.equal(aligned.source, path);
  assert.deepEqual(aligned.featureLines, arff.featureNames.map(() => 1), "CSV header line");
  assert.deepEqual(csv.featureNames[0], arff.featureNames.at(-1), "the input is untouched");
});

Deno.test("alignFeatures() reorders a corpus and keeps its labels, ids and sessions", () => {
  const reference = matrix(["a", "b", "c"], [0, 0, 0]);
  const other = {
    ...matrix(["c", "a", "b"], [3, 1, 2, 30, 10, 20]),
    name: "other",
    classes: ["x"],
    labels: Int32Array.from([0, 0]),
    speakers: null,
    sessions: ["S1", "S2"],
    dropped: {},
  };
  const aligned = alignFeatures(reference, other);
  assert.deepEqual(Array.from(aligned.data), [1, 2, 3, 10, 20, 30]);
  assert.deepEqual(aligned.featureNames, ["a", "b", "c"]);
  assert.equal(aligned.labels, other.labels);
  assert.deepEqual(aligned.sessions, ["S1", "S2"]);
  assert.equal(aligned.name, "other");
});

Deno.test("alignFeatures() returns the same object when the order already matches", () => {
  const a = matrix(["a", "b"], [1, 2]);
  const b = matrix(["a", "b"], [3, 4]);
  assert.equal(alignFeatures(a, b), b);
});

Deno.test("alignFeatures() refuses a renamed feature, naming both corpora, files and lines", async () => {
  const ref = corpusFromTable(
    await readFeatures(await tempFile("emodb.arff", tinyArff(["x,1,2,3,0"])), { cache: false }),
    { ...UNLABELLED, name: "emodb" },
  );
  const renamed = tinyArff(["y,1,2,3,0"]).replace("@attribute f2 numeric", "@attribute g2 numeric");
  const test = corpusFromTable(
    await readFeatures(await tempFile("ravdess.arff", renamed), { cache: false }),
    { ...UNLABELLED, name: "ravdess" },
  );
  assert.throws(() => alignFeatures(ref, test), (e: Error) => {
    assert.ok(e instanceof RangeError);
    assert.match(
      e.message,
      /^\S*ravdess\.arff:5: expected feature 'f2' of corpus "emodb" \(\S*emodb\.arff:5\), found 'g2' in corpus "ravdess" \(3 features, "emodb" has 3\); corpora that meet in a run must share feature names$/,
    );
    return true;
  });
});

Deno.test("alignFeatures() refuses a missing or an extra feature", () => {
  const ref = { ...matrix(["a", "b", "c"], [1, 2, 3]), name: "lab" };
  const fewer = { ...matrix(["c", "a"], [3, 1]), name: "test" };
  assert.throws(() => alignFeatures(ref, fewer), {
    name: "RangeError",
    message:
      `Corpus "test": expected feature 'b' of corpus "lab", found no such feature in corpus "test" (2 features, "lab" has 3)`,
  });
  const more = { ...matrix(["c", "a", "d", "b"], [3, 1, 4, 2]), name: "test" };
  assert.throws(() => alignFeatures(ref, more), {
    name: "RangeError",
    message:
      `Corpus "test": expected only the features of corpus "lab", found 'd' as well in corpus "test" (4 features, "lab" has 3)`,
  });
});

Deno.test("alignFeatures() refuses duplicate names and a name count that is not the column count", () => {
  const ok = matrix(["a", "b"], [1, 2]);
  assert.throws(() => alignFeatures(ok, matrix(["b", "b"], [1, 2])), {
    name: "RangeError",
    message:
      "The other matrix: expected distinct feature names in the other matrix, found 'b' again (first at feature 1)",
  });
  assert.throws(() => alignFeatures({ ...ok, featureNames: [] }, ok), {
    name: "RangeError",
    message: "The reference matrix: expected 2 feature names (one per column), found 0",
  });
});
