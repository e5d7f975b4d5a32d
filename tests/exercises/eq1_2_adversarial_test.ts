/**
 * Exercise eq1-2-adversarial (paper eq. 1-2, Sec. 4.1): sigmoid cross-entropy on logits, the
 * discriminator loss with one-sided label smoothing and the non-saturating generator loss.
 * @module
 */
import assert from "node:assert/strict";
import { sigmoidCrossEntropy } from "../../lib/losses/sigmoid_cross_entropy.ts";
import { discriminatorLoss } from "../../lib/losses/discriminator_loss.ts";
import { generatorAdversarialLoss } from "../../lib/losses/generator_adversarial_loss.ts";
import { assertNoLeak, cpu, m, naiveBce, near, tf, value } from "./_tf.ts";

Deno.test("sigmoidCrossEntropy() is the mean binary cross-entropy of σ(logit) against the target", async () => {
  await cpu();
  near(value(sigmoidCrossEntropy(m([[0]]), 1)), Math.LN2, "logit 0, target 1");
  const expected = (naiveBce(2, 0.9) + naiveBce(-1, 0.9) + naiveBce(0.5, 0.9)) / 3;
  near(
    value(sigmoidCrossEntropy(m([[2, -1, 0.5]]), 0.9)),
    expected,
    "logits 2, −1, 0.5, target 0.9",
  );
  near(
    value(sigmoidCrossEntropy(m([[3], [-2]]), 0)),
    (naiveBce(3, 0) + naiveBce(-2, 0)) / 2,
    "target 0",
  );
});

Deno.test("sigmoidCrossEntropy() stays finite for logits of ±100 (no log of 0)", async () => {
  await cpu();
  const loss = value(sigmoidCrossEntropy(m([[100, -100]]), 0));
  assert.ok(Number.isFinite(loss), `found ${loss}`);
  near(loss, 50, "logits 100 and −100 against 0", 1e-4);
  near(value(sigmoidCrossEntropy(m([[-100]]), 1)), 100, "logit −100 against 1", 1e-4);
});

Deno.test("discriminatorLoss() averages real rows against the smoothed label and fake rows against 0", async () => {
  await cpu();
  // Paper's one-sided smoothing: real → 0.9, fake → 0 (not 0.1).
  near(
    value(discriminatorLoss(m([[2]]), m([[-1]]), 0.9)),
    (naiveBce(2, 0.9) + naiveBce(-1, 0)) / 2,
    "real logit 2, fake logit −1",
  );
  near(
    value(discriminatorLoss(m([[0], [1]]), m([[3], [0], [-3]]), 0.9)),
    ((naiveBce(0, 0.9) + naiveBce(1, 0.9)) / 2 +
      (naiveBce(3, 0) + naiveBce(0, 0) + naiveBce(-3, 0)) / 3) /
      2,
    "two real rows, three fake rows",
  );
});

Deno.test("discriminatorLoss() of a perfect discriminator is about 0 without smoothing, not with it", async () => {
  await cpu();
  const smooth = value(discriminatorLoss(m([[20]]), m([[-20]]), 0.9));
  const hard = value(discriminatorLoss(m([[20]]), m([[-20]]), 1));
  near(hard, 0, "real label 1", 1e-6);
  near(smooth, (naiveBce(20, 0.9) + naiveBce(-20, 0)) / 2, "real label 0.9", 1e-4);
  assert.ok(smooth > 0.9, `smoothing should keep the loss near 1, found ${smooth}`);
});

Deno.test("generatorAdversarialLoss() is the non-saturating loss: fakes against the real label", async () => {
  await cpu();
  near(value(generatorAdversarialLoss(m([[0]]), 0.9)), Math.LN2, "logit 0");
  near(
    value(generatorAdversarialLoss(m([[1, -2]]), 0.9)),
    (naiveBce(1, 0.9) + naiveBce(-2, 0.9)) / 2,
    "logits 1 and −2",
  );
  // A confident discriminator (fake logit −10) must still give the generator a large loss.
  assert.ok(value(generatorAdversarialLoss(m([[-10]]), 0.9)) > 8);
});

Deno.test("the adversarial losses return scalars and leave no intermediate tensor behind", async () => {
  await cpu();
  const real = m([[1, 2], [0, -1]]), fake = m([[-1, 0], [3, 1]]);
  for (
    const loss of [
      sigmoidCrossEntropy(real, 0.9),
      discriminatorLoss(real, fake, 0.9),
      generatorAdversarialLoss(fake, 0.9),
    ]
  ) {
    assert.equal(loss.rank, 0, `expected a scalar, found shape [${loss.shape}]`);
    loss.dispose();
  }
  assertNoLeak(() => sigmoidCrossEntropy(real, 0.9));
  assertNoLeak(() => discriminatorLoss(real, fake, 0.9));
  assertNoLeak(() => generatorAdversarialLoss(fake, 0.9));
  tf.dispose([real, fake]);
});
