/**
 * Exercise eq4-5-objective (paper eq. 4-5): the classification loss of C on the concatenated
 * G_i(S) and the total generator objective.
 * @module
 */
import assert from "node:assert/strict";
import { classificationLoss } from "../../lib/losses/classification_loss.ts";
import { totalGeneratorLoss } from "../../lib/losses/total_generator_loss.ts";
import { assertNoLeak, cpu, m, near, tf, value } from "./_tf.ts";

/** −log softmax(logits)[label], the naive way, in float64. */
function naiveCe(logits: number[], label: number): number {
  const sum = logits.reduce((a, x) => a + Math.exp(x), 0);
  return -Math.log(Math.exp(logits[label]) / sum);
}

Deno.test("classificationLoss() labels the rows of batch i with class i and averages the cross-entropy", async () => {
  await cpu();
  near(value(classificationLoss(m([[2, 0], [0, 2]]), 1)), naiveCe([2, 0], 0), "one row per class");
  // Batch 2, N = 2: rows 0-1 are G_0(s) (label 0), rows 2-3 are G_1(s) (label 1).
  const rows = [[1, 0], [0, 0], [0, 3], [2, 0]];
  const expected =
    (naiveCe(rows[0], 0) + naiveCe(rows[1], 0) + naiveCe(rows[2], 1) + naiveCe(rows[3], 1)) / 4;
  near(value(classificationLoss(m(rows), 2)), expected, "two rows per class");
  // N = 3, batch 1: the label is the row's block, not the column of the largest logit.
  const three = [[0, 0, 5], [0, 1, 0], [1, 0, 0]];
  near(
    value(classificationLoss(m(three), 1)),
    (naiveCe(three[0], 0) + naiveCe(three[1], 1) + naiveCe(three[2], 2)) / 3,
    "three classes",
  );
});

Deno.test("classificationLoss() stays finite for logits of 1000 (log-softmax, not log of softmax)", async () => {
  await cpu();
  const loss = value(classificationLoss(m([[1000, 0], [0, 1000]]), 1));
  assert.ok(Number.isFinite(loss), `found ${loss}`);
  near(loss, 0, "confident and right", 1e-6);
  near(value(classificationLoss(m([[0, 1000], [1000, 0]]), 1)), 1000, "confident and wrong", 1e-4);
});

Deno.test("totalGeneratorLoss() is Σ_i (adv_i + λ_cyc · cyc_i) + λ_cls · cls (eq. 5)", async () => {
  await cpu();
  const parts = {
    adversarial: [tf.scalar(1), tf.scalar(2)],
    cycle: [tf.scalar(0.5), tf.scalar(0.25)],
    classification: tf.scalar(0.3),
  };
  near(value(totalGeneratorLoss(parts, 5, 2)), 3 + 5 * 0.75 + 2 * 0.3, "λ_cyc 5, λ_cls 2");
  near(value(totalGeneratorLoss(parts, 10, 1)), 3 + 10 * 0.75 + 0.3, "λ_cyc 10, λ_cls 1");
  near(value(totalGeneratorLoss(parts, 0, 0)), 3, "λ_cyc 0, λ_cls 0: the adversarial terms alone");
  tf.dispose([...parts.adversarial, ...parts.cycle, parts.classification]);
});

Deno.test("totalGeneratorLoss() with λ_cls = 0 needs no classification loss (C switched off)", async () => {
  await cpu();
  const adversarial = [tf.scalar(0.5), tf.scalar(1), tf.scalar(1.5)];
  const cycle = [tf.scalar(0.1), tf.scalar(0.2), tf.scalar(0.3)];
  near(
    value(totalGeneratorLoss({ adversarial, cycle, classification: null }, 5, 0)),
    3 + 5 * 0.6,
    "three emotions",
  );
  tf.dispose(adversarial.concat(cycle));
});

Deno.test("the eq. 4-5 losses return scalars and leave no intermediate tensor behind", async () => {
  await cpu();
  const logits = m([[1, 0], [0, 0], [0, 3], [2, 0]]);
  const parts = {
    adversarial: [tf.scalar(1)],
    cycle: [tf.scalar(2)],
    classification: tf.scalar(3),
  };
  const cls = classificationLoss(logits, 2), total = totalGeneratorLoss(parts, 5, 2);
  assert.equal(cls.rank, 0);
  assert.equal(total.rank, 0);
  tf.dispose([cls, total]);
  assertNoLeak(() => classificationLoss(logits, 2));
  assertNoLeak(() => totalGeneratorLoss(parts, 5, 2));
  tf.dispose([logits, ...parts.adversarial, ...parts.cycle, parts.classification]);
});
