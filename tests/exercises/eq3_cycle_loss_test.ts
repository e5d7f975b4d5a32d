/**
 * Exercise eq3-cycle-loss (paper eq. 3): the cycle-consistency loss in both directions.
 * @module
 */
import assert from "node:assert/strict";
import { cycleLoss } from "../../lib/losses/cycle_loss.ts";
import { assertNoLeak, cpu, m, near, tf, value } from "./_tf.ts";

Deno.test("cycleLoss() sums the element-mean squared errors of both directions", async () => {
  await cpu();
  // (0² + 2²) / 2 + (0² + 1² + 0² + 0²) / 4 = 2 + 0.25
  near(
    value(cycleLoss(m([[1, 2]]), m([[1, 4]]), m([[0, 0], [1, 1]]), m([[0, 1], [1, 1]]))),
    2.25,
    "by hand",
  );
});

Deno.test("cycleLoss() squares the error: an error of 3 costs 9", async () => {
  await cpu();
  const zero = m([[0, 0]]);
  near(value(cycleLoss(zero, m([[3, 0]]), zero, zero)), 4.5, "source side only: (9 + 0) / 2");
  near(
    value(cycleLoss(zero, zero, m([[0.5], [-1]]), m([[0], [1]]))),
    (0.25 + 4) / 2,
    "target side only",
  );
});

Deno.test("cycleLoss() is zero for perfect reconstruction", async () => {
  await cpu();
  const s = m([[0.3, -2]]), t = m([[5, 1], [2, 2]]);
  assert.equal(value(cycleLoss(s, s, t, t)), 0);
});

Deno.test("cycleLoss() is a mean over rows: repeating every row leaves it unchanged", async () => {
  await cpu();
  const once = value(cycleLoss(m([[1, 0]]), m([[0, 2]]), m([[1, 1]]), m([[0, 1]])));
  const twice = value(
    cycleLoss(m([[1, 0], [1, 0]]), m([[0, 2], [0, 2]]), m([[1, 1], [1, 1]]), m([[0, 1], [0, 1]])),
  );
  near(twice, once, "rows repeated");
});

Deno.test("cycleLoss() returns a scalar and leaves no intermediate tensor behind", async () => {
  await cpu();
  const s = m([[1, 2]]), r = m([[0, 0]]);
  const loss = cycleLoss(s, r, s, r);
  assert.equal(loss.rank, 0);
  loss.dispose();
  assertNoLeak(() => cycleLoss(s, r, s, r));
  tf.dispose([s, r]);
});
