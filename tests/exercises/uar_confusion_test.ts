/**
 * Exercise uar-confusion (paper Sec. 4.3): the confusion matrix and the unweighted average recall.
 * @module
 */
import assert from "node:assert/strict";
import { confusionMatrix, uar, uarFromConfusion } from "../../lib/evaluation/metrics.ts";

Deno.test("confusionMatrix() counts [true][predicted]", () => {
  assert.deepEqual(confusionMatrix([0, 0, 1], [0, 1, 1], 2), [[1, 1], [0, 1]]);
  assert.deepEqual(confusionMatrix([0, 0, 0], [1, 1, 2], 3), [[0, 2, 1], [0, 0, 0], [0, 0, 0]]);
  assert.deepEqual(confusionMatrix([2, 1, 2, 0], [2, 1, 0, 0], 3), [[1, 0, 0], [0, 1, 0], [
    1,
    0,
    1,
  ]]);
});

Deno.test("confusionMatrix() of no rows is all zeros, with fresh rows", () => {
  const c = confusionMatrix([], [], 3);
  assert.deepEqual(c, [[0, 0, 0], [0, 0, 0], [0, 0, 0]]);
  c[0][0] = 1;
  assert.equal(c[1][0], 0, "the rows must not be one shared array");
});

Deno.test("uarFromConfusion() is the mean recall per class, not the accuracy", () => {
  assert.equal(uarFromConfusion([[1, 1], [0, 1]]), 0.75);
  // 90 % accuracy by always answering class 0, but recall 1 and 0: UAR 0.5.
  assert.equal(uarFromConfusion([[90, 0], [10, 0]]), 0.5);
  assert.ok(
    Math.abs(uarFromConfusion([[3, 1, 0], [0, 2, 2], [1, 1, 8]]) - (0.75 + 0.5 + 0.8) / 3) < 1e-12,
  );
});

Deno.test("uarFromConfusion() skips classes absent from the truth, counts never-predicted ones as 0", () => {
  assert.equal(uarFromConfusion([[2, 0, 0], [0, 0, 0], [1, 0, 3]]), (1 + 0.75) / 2);
  assert.equal(uarFromConfusion([[0, 3], [0, 3]]), 0.5);
});

Deno.test("uarFromConfusion() rejects a matrix without a labelled row", () => {
  assert.throws(() => uarFromConfusion([[0, 0], [0, 0]]), RangeError);
});

Deno.test("uar() of labels and predictions goes through the confusion matrix", () => {
  assert.equal(uar([0, 0, 1], [0, 1, 1], 2), 0.75);
  assert.equal(uar([0, 1, 2, 3], [0, 1, 2, 3], 4), 1);
  assert.equal(uar([3, 3, 3, 0], [3, 3, 0, 0], 4), (2 / 3 + 1) / 2);
});
