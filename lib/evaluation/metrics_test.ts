import assert from "node:assert/strict";
import {
  confusionMatrix,
  meanMatrices,
  meanStd,
  rowNormalize,
  uar,
  uarFromConfusion,
} from "./metrics.ts";

function assertClose(actual: number, expected: number, tol = 1e-12): void {
  assert.ok(Math.abs(actual - expected) <= tol, `expected ${expected}, found ${actual}`);
}

Deno.test("confusionMatrix() counts [true][predicted] pairs", () => {
  // truth:     0 0 0 1 1 2
  // predicted: 0 1 0 1 2 2
  assert.deepEqual(confusionMatrix([0, 0, 0, 1, 1, 2], [0, 1, 0, 1, 2, 2], 3), [
    [2, 1, 0],
    [0, 1, 1],
    [0, 0, 1],
  ]);
});

Deno.test("uar() is the mean of per-class recalls, not accuracy", () => {
  // class 0: 3/4, class 1: 1/2 → UAR 0.625 (accuracy would be 4/6)
  assertClose(uar([0, 0, 0, 0, 1, 1], [0, 0, 0, 1, 1, 0], 2), 0.625);
});

Deno.test("uar() counts a class never predicted as recall 0", () => {
  // 3 classes, nothing predicted as class 2: recalls 1, 1/2, 0 → 0.5
  const truth = [0, 0, 1, 1, 2, 2];
  const predicted = [0, 0, 1, 0, 0, 1];
  assert.deepEqual(confusionMatrix(truth, predicted, 3), [[2, 0, 0], [1, 1, 0], [1, 1, 0]]);
  assertClose(uar(truth, predicted, 3), 0.5);
});

Deno.test("uar() skips a class absent from the truth", () => {
  // 4 classes, class 3 never occurs in the truth: recalls 1, 1/2, 1 → 5/6
  assertClose(uar([0, 1, 1, 2], [0, 1, 3, 2], 4), 5 / 6);
});

Deno.test("uar() rejects out-of-range labels and mismatched lengths", () => {
  assert.throws(() => uar([0, 4], [0, 1], 4), {
    name: "RangeError",
    message: /found 4 at position 1/,
  });
  assert.throws(() => uar([0, 1], [0], 2), { name: "RangeError", message: /found 1/ });
  assert.throws(() => uarFromConfusion([[0, 0], [0, 0]]), {
    name: "RangeError",
    message: /at least one/,
  });
});

Deno.test("rowNormalize() makes rows sum to one and keeps empty rows zero", () => {
  assert.deepEqual(rowNormalize([[1, 3], [0, 0]]), [[0.25, 0.75], [0, 0]]);
});

Deno.test("meanMatrices() averages element-wise", () => {
  assert.deepEqual(meanMatrices([[[1, 2]], [[3, 6]]]), [[2, 4]]);
});

Deno.test("meanStd() uses the population standard deviation like np.std", () => {
  const { mean, std } = meanStd([0.6, 0.7, 0.8]);
  assertClose(mean, 0.7);
  assertClose(std, Math.sqrt(0.02 / 3));
});
