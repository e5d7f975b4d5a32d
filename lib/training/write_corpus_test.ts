import assert from "node:assert/strict";
import { readFeatures } from "../data/feature_file.ts";
import type { Corpus } from "../data/types.ts";
import { writeCorpus } from "./write_corpus.ts";

function corpus(): Corpus {
  return {
    name: "emo_syn",
    data: Float32Array.from([0.1, -2.5e-7, 123456.789, Math.PI, 1 / 3, 1e-30]),
    rows: 2,
    cols: 3,
    ids: ["a-1_c00_syn_angry", "b-2_c01_syn_sad"],
    featureNames: ["f_amean", "f[1]_stddev", "g"],
    classes: ["angry", "happy", "sad"],
    labels: Int32Array.from([0, 2]),
    speakers: null,
    sessions: null,
    dropped: {},
  };
}

for (const ext of ["arff", "csv"]) {
  Deno.test(`writeCorpus() writes ${ext} that readFeatures() reads back exactly, labels in the class column`, async () => {
    const dir = await Deno.makeTempDir();
    const path = `${dir}/syn.${ext}`;
    const c = corpus();
    await writeCorpus(c, path);
    const table = await readFeatures(path, { cache: false });
    assert.deepEqual(table.ids, c.ids);
    assert.deepEqual(table.featureNames, c.featureNames);
    assert.deepEqual(table.data, c.data);
    assert.deepEqual(table.classValues, ["angry", "sad"]);
    assert.deepEqual([...Deno.readDirSync(dir)].map((e) => e.name), [`syn.${ext}`]);
    await Deno.remove(dir, { recursive: true });
  });
}

Deno.test("writeCorpus() refuses non-finite values and unsafe names and leaves no file behind", async () => {
  const dir = await Deno.makeTempDir();
  const nan = corpus();
  nan.data[4] = NaN;
  await assert.rejects(
    writeCorpus(nan, `${dir}/x.arff`),
    /Row "b-2_c01_syn_sad" feature "f\[1\]_stddev" is NaN/,
  );
  await assert.rejects(
    writeCorpus({ ...corpus(), ids: ["it's", "b"] }, `${dir}/x.csv`),
    RangeError,
  );
  assert.deepEqual([...Deno.readDirSync(dir)], []);
  await Deno.remove(dir, { recursive: true });
});
