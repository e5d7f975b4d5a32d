import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs-core";
import { type BackendName, initBackend } from "../backend.ts";
import { type CycleGanConfig, resolveConfig } from "../models/config.ts";
import { Rng } from "../random.ts";
import {
  createTrainingState,
  discriminatorUpdate,
  disposeTrainingState,
  generatorUpdate,
  type IterationBatches,
  pretrainIteration,
  pretrainIterationAsync,
  type TrainingState,
  trainIteration,
  trainIterationAsync,
} from "./trainer.ts";

const SMALL: Partial<CycleGanConfig> = {
  generatorHidden: [6, 4, 6],
  discriminatorHidden: [5, 5],
  classifierHidden: [4, 4],
};
const DIM = 8, N = 3, BATCH = 4;

function batches(seed: number): IterationBatches {
  const rng = new Rng(seed);
  const make = () => {
    const v = new Float32Array(BATCH * DIM);
    for (let i = 0; i < v.length; i++) v[i] = rng.float();
    return tf.tensor2d(v, [BATCH, DIM]);
  };
  return { source: make(), targets: Array.from({ length: N }, make) };
}

function disposeBatches(b: IterationBatches): void {
  tf.dispose([b.source, ...b.targets]);
}

function snapshot(state: TrainingState): Map<string, Float32Array> {
  return new Map(
    state.model.variables.map((v) => [v.name, Float32Array.from(v.variable.dataSync())]),
  );
}

function moved(before: Map<string, Float32Array>, state: TrainingState): Set<string> {
  const out = new Set<string>();
  for (const { name, variable } of state.model.variables) {
    const now = variable.dataSync();
    if (now.some((x, k) => x !== before.get(name)![k])) out.add(name.split("/")[0]);
  }
  return out;
}

Deno.test("discriminatorUpdate() moves every D and leaves G, F and C unchanged", async () => {
  await initBackend("cpu");
  const state = createTrainingState(resolveConfig(SMALL), { inputDim: DIM, numClasses: N }, 1);
  const b = batches(2);
  const before = snapshot(state);
  discriminatorUpdate(state, b, 1e-2).dispose();
  assert.deepEqual([...moved(before, state)].sort(), [
    "D_S_0",
    "D_S_1",
    "D_S_2",
    "D_T_0",
    "D_T_1",
    "D_T_2",
  ]);
  disposeBatches(b);
  disposeTrainingState(state);
});

Deno.test("generatorUpdate() moves G, F and C and leaves every D unchanged", async () => {
  await initBackend("cpu");
  const state = createTrainingState(resolveConfig(SMALL), { inputDim: DIM, numClasses: N }, 1);
  const b = batches(2);
  const before = snapshot(state);
  generatorUpdate(state, b, 1e-2).dispose();
  assert.deepEqual(
    [...moved(before, state)].sort(),
    ["C", "F_0", "F_1", "F_2", "G_0", "G_1", "G_2"],
  );
  disposeBatches(b);
  disposeTrainingState(state);
});

Deno.test("referenceQuirk makes the D update move G_i too, but not F_i or C", async () => {
  await initBackend("cpu");
  const config = resolveConfig({ ...SMALL, referenceQuirk: true });
  const state = createTrainingState(config, { inputDim: DIM, numClasses: N }, 1);
  const b = batches(2);
  const before = snapshot(state);
  discriminatorUpdate(state, b, 1e-2).dispose();
  const m = moved(before, state);
  assert.ok(["G_0", "G_1", "G_2", "D_T_0", "D_S_2"].every((n) => m.has(n)));
  assert.ok(!m.has("F_0") && !m.has("C"));
  disposeBatches(b);
  disposeTrainingState(state);
});

Deno.test("trainIteration() returns every loss by name, and no cls when λ_cls = 0", async () => {
  await initBackend("cpu");
  for (const lambdaCls of [2, 0]) {
    const config = resolveConfig({ ...SMALL, lambdaCls });
    const state = createTrainingState(config, { inputDim: DIM, numClasses: N }, 1);
    const b = batches(2);
    const losses = trainIteration(state, b);
    const expected = [
      "d_0",
      "d_1",
      "d_2",
      "g_adv_0",
      "g_adv_1",
      "g_adv_2",
      "cyc_0",
      "cyc_1",
      "cyc_2",
    ];
    assert.deepEqual(Object.keys(losses), lambdaCls > 0 ? [...expected, "cls"] : expected);
    assert.ok(Object.values(losses).every((v) => Number.isFinite(v) && v >= 0));
    // Adam steps: one for D, two for G(+C).
    assert.equal(state.dOptimizer.step, 1);
    assert.equal(state.gOptimizer.step, 2);
    disposeBatches(b);
    disposeTrainingState(state);
  }
});

Deno.test("trainIteration() leaks no tensors over 10 iterations after a burn-in", async () => {
  await initBackend("cpu");
  const state = createTrainingState(resolveConfig(SMALL), { inputDim: DIM, numClasses: N }, 1);
  const b = batches(2);
  trainIteration(state, b);
  const count = tf.memory().numTensors;
  for (let i = 0; i < 10; i++) trainIteration(state, b);
  assert.equal(tf.memory().numTensors, count);
  pretrainIteration(state, 1, b.source, b.targets[1]);
  const afterPretrain = tf.memory().numTensors;
  for (let i = 0; i < 10; i++) pretrainIteration(state, 1, b.source, b.targets[1]);
  assert.equal(tf.memory().numTensors, afterPretrain);
  disposeBatches(b);
  disposeTrainingState(state);
  assert.equal(tf.memory().numTensors, count - state.model.variables.length * 3 - (N + 1));
});

Deno.test("pretrainIteration() moves only G_i and F_i of its emotion", async () => {
  await initBackend("cpu");
  const state = createTrainingState(resolveConfig(SMALL), { inputDim: DIM, numClasses: N }, 1);
  const b = batches(2);
  const before = snapshot(state);
  const loss = pretrainIteration(state, 1, b.source, b.targets[1], 1e-2);
  assert.ok(Number.isFinite(loss) && loss > 0);
  assert.deepEqual([...moved(before, state)].sort(), ["F_1", "G_1"]);
  assert.throws(() => pretrainIteration(state, 3, b.source, b.targets[0]), RangeError);
  disposeBatches(b);
  disposeTrainingState(state);
});

async function weightsAfterThreeIterations(backend: BackendName): Promise<Float32Array[]> {
  await initBackend(backend);
  const state = createTrainingState(resolveConfig(SMALL), { inputDim: DIM, numClasses: N }, 11);
  for (let i = 0; i < 3; i++) {
    const b = batches(100 + i);
    trainIteration(state, b, 1e-2);
    disposeBatches(b);
  }
  const out = state.model.variables.map((v) => Float32Array.from(v.variable.dataSync()));
  disposeTrainingState(state);
  return out;
}

for (const backend of ["cpu", "wasm"] as const) {
  Deno.test(`the same seed gives identical weights after 3 iterations on ${backend}`, async () => {
    const a = await weightsAfterThreeIterations(backend);
    const b = await weightsAfterThreeIterations(backend);
    assert.equal(a.length, b.length);
    a.forEach((w, k) => assert.deepEqual(w, b[k]));
    // …and a different seed gives different weights.
    await initBackend(backend);
    const other = createTrainingState(resolveConfig(SMALL), { inputDim: DIM, numClasses: N }, 12);
    assert.notDeepEqual(other.model.variables[0].variable.dataSync(), a[0]);
    disposeTrainingState(other);
  });
}

Deno.test("trainIteration() rejects batches of the wrong shape or count", async () => {
  await initBackend("cpu");
  const state = createTrainingState(resolveConfig(SMALL), { inputDim: DIM, numClasses: N }, 1);
  const b = batches(2);
  assert.throws(
    () => trainIteration(state, { source: b.source, targets: b.targets.slice(1) }),
    RangeError,
  );
  const wide = tf.zeros([BATCH, DIM + 1]) as tf.Tensor2D;
  assert.throws(
    () => trainIteration(state, { source: wide, targets: b.targets }),
    /\[rows ≥ 1, 8\]/,
  );
  wide.dispose();
  disposeBatches(b);
  disposeTrainingState(state);
});

Deno.test("trainIterationAsync() makes the same updates and reports the same losses as trainIteration()", async () => {
  await initBackend("cpu");
  const a = createTrainingState(resolveConfig(SMALL), { inputDim: DIM, numClasses: N }, 5);
  const b = createTrainingState(resolveConfig(SMALL), { inputDim: DIM, numClasses: N }, 5);
  const batch = batches(3);
  for (let i = 0; i < 2; i++) {
    assert.deepEqual(await trainIterationAsync(a, batch), trainIteration(b, batch));
    assert.equal(
      await pretrainIterationAsync(a, 0, batch.source, batch.targets[0]),
      pretrainIteration(b, 0, batch.source, batch.targets[0]),
    );
  }
  a.model.variables.forEach((v, k) =>
    assert.deepEqual(v.variable.dataSync(), b.model.variables[k].variable.dataSync())
  );
  disposeBatches(batch);
  disposeTrainingState(a);
  disposeTrainingState(b);
});
