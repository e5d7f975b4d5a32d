import assert from "node:assert/strict";
import { type Dataset, normalizeSets, stackRows } from "./_datasets.ts";

Deno.test("stackRows() concatenates row-wise and refuses a column mismatch", () => {
  const m = stackRows([
    { data: new Float32Array([1, 2]), rows: 1, cols: 2 },
    { data: new Float32Array([3, 4, 5, 6]), rows: 2, cols: 2 },
  ]);
  assert.deepEqual(Array.from(m.data), [1, 2, 3, 4, 5, 6]);
  assert.equal(m.rows, 3);
  assert.throws(
    () =>
      stackRows([{ data: new Float32Array(2), rows: 1, cols: 2 }, {
        data: new Float32Array(3),
        rows: 1,
        cols: 3,
      }]),
    /Expected 2 columns in every matrix, found 3/,
  );
});

const set = (values: number[], id: string): Dataset => ({
  x: { data: Float32Array.from(values), rows: values.length, cols: 1 },
  y: new Int32Array(values.length),
  ids: values.map((_, i) => `${id}${i}`),
});

Deno.test("normalizeSets() per-dataset standardises every set by its own statistics", () => {
  const { train, evals: [test] } = normalizeSets(
    [{ data: set([0, 2], "r"), role: "train" }, { data: set([10, 30], "s"), role: "syn" }],
    [{ data: set([100, 104], "t"), role: "test" }],
    "per-dataset",
    (d) => {
      const v = Array.from(d.x.data);
      const mean = v.reduce((a, b) => a + b, 0) / v.length;
      const sd = Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / v.length);
      return { transform: (data) => data.map((x) => (x - mean) / sd) };
    },
  );
  assert.deepEqual(Array.from(train.x.data), [-1, 1, -1, 1]);
  assert.deepEqual(train.ids, ["r0", "r1", "s0", "s1"]);
  assert.deepEqual(Array.from(test.x.data), [-1, 1]);
});

Deno.test("normalizeSets() train-fit fits one scaler on the stacked training rows only", () => {
  const seen: string[][] = [];
  normalizeSets(
    [{ data: set([0, 2], "r"), role: "train" }, { data: set([4], "s"), role: "syn" }],
    [{ data: set([9], "t"), role: "test" }],
    "train-fit",
    (d, role) => {
      seen.push([role, ...d.ids]);
      return { transform: (data) => data };
    },
  );
  assert.deepEqual(seen, [["train", "r0", "r1", "s0"]]);
});
