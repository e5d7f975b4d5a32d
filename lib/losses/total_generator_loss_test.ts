import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs-core";
import { initBackend } from "../backend.ts";
import { totalGeneratorLoss } from "./total_generator_loss.ts";

Deno.test("totalGeneratorLoss() is Σ_i (adv_i + λ_cyc·cyc_i) + λ_cls·cls", async () => {
  await initBackend("cpu");
  const adversarial = [tf.scalar(1), tf.scalar(2)];
  const cycle = [tf.scalar(0.5), tf.scalar(0.25)];
  const classification = tf.scalar(0.3);
  const total = totalGeneratorLoss({ adversarial, cycle, classification }, 5, 2);
  // 1 + 5·0.5 + 2 + 5·0.25 + 2·0.3
  assert.ok(Math.abs(total.dataSync()[0] - 7.35) < 1e-6);
  const noCls = totalGeneratorLoss({ adversarial, cycle, classification: null }, 5, 0);
  assert.ok(Math.abs(noCls.dataSync()[0] - 6.75) < 1e-6);
  tf.dispose([...adversarial, ...cycle, classification, total, noCls]);
});

Deno.test("totalGeneratorLoss() needs a classification loss when λ_cls > 0", async () => {
  await initBackend("cpu");
  const a = [tf.scalar(1)], c = [tf.scalar(1)];
  assert.throws(
    () => totalGeneratorLoss({ adversarial: a, cycle: c, classification: null }, 5, 2),
    TypeError,
  );
  assert.throws(
    () => totalGeneratorLoss({ adversarial: a, cycle: [], classification: null }, 5, 0),
    RangeError,
  );
  tf.dispose([...a, ...c]);
});
