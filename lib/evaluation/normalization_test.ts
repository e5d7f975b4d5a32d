import assert from "node:assert/strict";
import { stackRows, takeRows } from "./normalization.ts";

const a = { data: new Float32Array([1, 2, 3, 4]), rows: 2, cols: 2 };
const b = { data: new Float32Array([5, 6]), rows: 1, cols: 2 };

Deno.test("stackRows() concatenates row-wise", () => {
  const s = stackRows([a, b]);
  assert.equal(s.rows, 3);
  assert.deepEqual(Array.from(s.data), [1, 2, 3, 4, 5, 6]);
  assert.throws(() => stackRows([a, { data: new Float32Array(3), rows: 1, cols: 3 }]), RangeError);
});

Deno.test("takeRows() copies the selected rows in order and rejects bad indices", () => {
  assert.deepEqual(Array.from(takeRows(a, [1, 0, 1]).data), [3, 4, 1, 2, 3, 4]);
  assert.throws(() => takeRows(a, [2]), { name: "RangeError", message: /found 2/ });
});
