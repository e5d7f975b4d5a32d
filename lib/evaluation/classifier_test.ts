import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import { Rng } from "../random.ts";
import { _lossAndGrads, DEFAULT_CLASSIFIER, SerClassifier } from "./classifier.ts";
import type { Matrix } from "./normalization.ts";
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

Deno.test("_lossAndGrads() back-propagation agrees with central finite differences", () => {
  const rng = new Rng(11);
  const sizes = [3, 4, 4, 3];
  const arrays: Float32Array[] = [];
  const shapes: number[][] = [];
  for (let l = 0; l + 1 < sizes.length; l++) {
    arrays.push(Float32Array.from({ length: sizes[l] * sizes[l + 1] }, () => rng.normal()));
    shapes.push([sizes[l], sizes[l + 1]]);
    arrays.push(Float32Array.from({ length: sizes[l + 1] }, () => rng.normal() * 0.1));
    shapes.push([sizes[l + 1]]);
  }
  const x = tf.tensor2d(Float32Array.from({ length: 15 }, () => rng.normal()), [5, 3]);
  const y = tf.cast(tf.oneHot(tf.tensor1d([0, 1, 2, 1, 0], "int32"), 3), "float32") as tf.Tensor2D;
  const settings = { dropout: 0.3, leakySlope: 0.2 };
  const seeds = [5, 6];
  const lossAt = (ws: Float32Array[]) =>
    tf.tidy(() => {
      const w = ws.map((a, i) => tf.tensor(a, shapes[i]));
      return _lossAndGrads(w, x, y, seeds, settings).loss.dataSync()[0];
    });
  const grads = tf.tidy(() => {
    const w = arrays.map((a, i) => tf.tensor(a, shapes[i]));
    return _lossAndGrads(w, x, y, seeds, settings).grads.map((g) => g.dataSync().slice());
  });
  const eps = 1e-2;
  let checked = 0;
  arrays.forEach((a, i) => {
    for (let k = 0; k < a.length; k += 3) {
      const plus = arrays.map((b) => b.slice()), minus = arrays.map((b) => b.slice());
      plus[i][k] += eps;
      minus[i][k] -= eps;
      const numeric = (lossAt(plus) - lossAt(minus)) / (2 * eps);
      const analytic = grads[i][k];
      assert.ok(
        Math.abs(numeric - analytic) <= 2e-3 + 2e-2 * Math.abs(numeric),
        `weight ${i}[${k}]: numeric ${numeric}, back-propagated ${analytic}`,
      );
      checked++;
    }
  });
  assert.equal(checked, 19);
  tf.dispose([x, y]);
});
