import assert from "node:assert/strict";
import { MinMaxScaler, StandardScaler } from "./scalers.ts";

// 3 rows × 3 features; feature 2 is constant.
const X = new Float32Array([
  1,
  10,
  5,
  2,
  20,
  5,
  4,
  40,
  5,
]);

function close(actual: ArrayLike<number>, expected: number[], tol = 1e-6): void {
  assert.equal(actual.length, expected.length);
  for (let i = 0; i < expected.length; i++) {
    assert.ok(
      Math.abs(actual[i] - expected[i]) <= tol,
      `[${i}] expected ${expected[i]}, found ${actual[i]}`,
    );
  }
}

Deno.test("MinMaxScaler maps each feature to [0, 1]; a constant feature goes to 0, not NaN", () => {
  const y = new MinMaxScaler().fit(X, 3).transform(X, 3);
  close(y, [0, 0, 0, 1 / 3, 1 / 3, 0, 1, 1, 0]);
});

Deno.test("MinMaxScaler honours featureRange", () => {
  const y = new MinMaxScaler({ featureRange: [-1, 1] }).fitTransform(X, 3);
  close(y, [-1, -1, -1, -1 / 3, -1 / 3, -1, 1, 1, -1]);
});

Deno.test("MinMaxScaler fits on the given rows only", () => {
  const s = new MinMaxScaler().fit(X, 3, [0, 1]);
  assert.deepEqual(Array.from(s.learned!.dataMax), [2, 20, 5]);
  close(s.transform(X, 3), [0, 0, 0, 1, 1, 0, 3, 3, 0]);
});

Deno.test("StandardScaler gives zero mean and unit (population) std; constant feature stays finite", () => {
  const s = new StandardScaler().fit(X, 3);
  close(s.learned!.mean, [7 / 3, 70 / 3, 5]);
  const sd = Math.sqrt(((1 - 7 / 3) ** 2 + (2 - 7 / 3) ** 2 + (4 - 7 / 3) ** 2) / 3);
  close(s.learned!.std, [sd, 10 * sd, 0], 1e-9);
  const y = s.transform(X, 3);
  close(y, [
    (1 - 7 / 3) / sd,
    (1 - 7 / 3) / sd,
    0,
    (2 - 7 / 3) / sd,
    (2 - 7 / 3) / sd,
    0,
    (4 - 7 / 3) / sd,
    (4 - 7 / 3) / sd,
    0,
  ]);
});

Deno.test("StandardScaler withMean: false only divides", () => {
  const s = new StandardScaler({ withMean: false }).fit(X, 3);
  const sd = s.learned!.std[0];
  close(s.transform(X, 3).subarray(0, 1), [1 / sd]);
});

Deno.test("scalers round-trip: inverseTransform(transform(x)) == x", () => {
  for (
    const s of [
      new MinMaxScaler(),
      new MinMaxScaler({ featureRange: [-1, 1] }),
      new StandardScaler(),
    ]
  ) {
    close(s.fit(X, 3).inverseTransform(s.transform(X, 3), 3), Array.from(X), 1e-5);
  }
});

Deno.test("scalers round-trip through JSON and give the same transform", () => {
  const mm = new MinMaxScaler({ featureRange: [-1, 1] }).fit(X, 3);
  const mm2 = MinMaxScaler.fromJSON(JSON.parse(JSON.stringify(mm)));
  assert.deepEqual(mm2.transform(X, 3), mm.transform(X, 3));
  assert.deepEqual(mm2.settings, mm.settings);
  const st = new StandardScaler().fit(X, 3);
  const st2 = StandardScaler.fromJSON(JSON.parse(JSON.stringify(st)));
  assert.deepEqual(st2.transform(X, 3), st.transform(X, 3));
  assert.throws(() => StandardScaler.fromJSON(mm.toJSON()), TypeError);
});

Deno.test("scalers throw before fit and on shape mismatches", () => {
  assert.throws(() => new MinMaxScaler().transform(X, 3), /called before fit\(\)/);
  assert.throws(() => new StandardScaler().inverseTransform(X, 3), /called before fit\(\)/);
  assert.throws(() => new StandardScaler().toJSON(), /before fit/);
  const s = new StandardScaler().fit(X, 3);
  assert.throws(() => s.transform(new Float32Array(4), 4), /expects 3 features, found 4/);
  assert.throws(() => s.fit(X, 2), RangeError);
  assert.throws(() => s.fit(X, 3, [3]), /found 3/);
  assert.throws(() => s.fit(X, 3, []), /at least one row/);
  assert.throws(() => new MinMaxScaler({ featureRange: [1, 1] }), RangeError);
});

Deno.test("fit() returns this and transform() leaves the input untouched", () => {
  const s = new MinMaxScaler();
  assert.equal(s.fit(X, 3), s);
  const copy = X.slice();
  s.transform(X, 3);
  assert.deepEqual(X, copy);
});
