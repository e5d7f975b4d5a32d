import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import { Rng } from "../random.ts";
import { DEFAULT_CLASSIFIER, type Matrix, SerClassifier } from "./classifier.ts";
import { Mlp } from "../models/mlp.ts";
import { uar } from "./metrics.ts";

await tf.setBackend("cpu");

/** Three Gaussian blobs in 6 dimensions, well separated. */
function blobs(n: number, seed: number): { x: Matrix; y: Int32Array } {
  const rng = new Rng(seed);
  const cols = 6;
  const data = new Float32Array(n * cols);
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    y[i] = i % 3;
    for (let c = 0; c < cols; c++) {
      data[i * cols + c] = rng.normal() * 0.5 + (c % 3 === y[i] ? 3 : 0);
    }
  }
  return { x: { data, rows: n, cols }, y };
}

const small = { hiddenUnits: 16, dropout: 0.2, learningRate: 0.01, batchSize: 16, epochs: 30 };

Deno.test("SerClassifier defaults are the paper's within-corpus real setting", () => {
  assert.deepEqual(
    { ...DEFAULT_CLASSIFIER },
    {
      hiddenUnits: 100,
      hiddenLayers: 2,
      dropout: 0.2,
      learningRate: 1e-5,
      beta1: 0.9,
      beta2: 0.999,
      epsilon: 1e-8,
      batchSize: 64,
      epochs: 70,
      leakySlope: 0.2,
    },
  );
});

Deno.test("SerClassifier learns separable blobs (UAR above 0.9 on held-out rows)", async () => {
  const train = blobs(120, 1), test = blobs(60, 2);
  const clf = await new SerClassifier(small).fit(train.x, train.y, 3, { rng: new Rng(3) });
  const p = await clf.predict(test.x);
  clf.dispose();
  assert.ok(uar(test.y, p, 3) > 0.9, `UAR ${uar(test.y, p, 3)}`);
});

Deno.test("SerClassifier gives identical predictions for the same seed", async () => {
  const { x, y } = blobs(48, 4);
  const run = async (seed: number) => {
    const clf = await new SerClassifier({ ...small, epochs: 3 }).fit(x, y, 3, {
      rng: new Rng(seed),
    });
    const p = await clf.predictProba(x);
    clf.dispose();
    return p;
  };
  assert.deepEqual(await run(7), await run(7));
  assert.notDeepEqual(await run(7), await run(8));
});

Deno.test("SerClassifier training loss falls and reports one value per epoch", async () => {
  const { x, y } = blobs(64, 5);
  const losses: number[] = [];
  const clf = await new SerClassifier({ ...small, epochs: 20 }).fit(x, y, 3, {
    rng: new Rng(1),
    onEpoch: (_epoch, loss) => {
      losses.push(loss);
    },
  });
  clf.dispose();
  assert.equal(losses.length, 20);
  assert.ok(losses[19] < losses[0] * 0.5, `losses ${losses[0]} → ${losses[19]}`);
});

Deno.test("SerClassifier leaks no tensors over fit, predict and dispose", async () => {
  const { x, y } = blobs(40, 6);
  const before = tf.memory().numTensors;
  const clf = await new SerClassifier({ ...small, epochs: 2 }).fit(x, y, 3, { rng: new Rng(1) });
  await clf.predict(x);
  clf.dispose();
  assert.equal(tf.memory().numTensors, before);
});

Deno.test("SerClassifier.predict() before fit() and bad settings throw clear errors", async () => {
  await assert.rejects(() => new SerClassifier().predict(blobs(3, 1).x), /needs fit\(\) first/);
  assert.throws(() => new SerClassifier({ dropout: 1 }), {
    name: "RangeError",
    message: /dropout rate in \[0, 1\), found 1/,
  });
});

Deno.test("SerClassifier before training is the seeded Glorot Mlp of lib/models (softmax of its logits)", async () => {
  const { x, y } = blobs(12, 9);
  const clf = await new SerClassifier({ ...small, epochs: 0 }).fit(x, y, 3, { rng: new Rng(21) });
  const ours = await clf.predictProba(x);
  clf.dispose();
  const net = new Mlp(
    { name: "ref", sizes: [6, 16, 16, 3], alpha: 0.2, dropout: 0.2 },
    new Rng(21),
  );
  const ref = tf.tidy(() => tf.softmax(net.apply(tf.tensor2d(x.data, [12, 6]), null)).dataSync());
  net.dispose();
  assert.deepEqual(Array.from(ours, (v) => v.toFixed(6)), Array.from(ref, (v) => v.toFixed(6)));
});

Deno.test("SerClassifier steps with its own Adam settings (a large ε slows learning)", async () => {
  const { x, y } = blobs(64, 10);
  const lossAfter = async (epsilon: number) => {
    const losses: number[] = [];
    const clf = await new SerClassifier({ ...small, epochs: 5, epsilon }).fit(x, y, 3, {
      rng: new Rng(4),
      onEpoch: (_e, loss) => {
        losses.push(loss);
      },
    });
    clf.dispose();
    return losses[4];
  };
  const fast = await lossAfter(1e-8), slow = await lossAfter(10);
  assert.ok(slow > fast * 1.5, `loss with ε = 10: ${slow}, with ε = 1e-8: ${fast}`);
  assert.throws(() => new SerClassifier({ beta1: 1 }), /beta1 in \[0, 1\), found 1/);
});
