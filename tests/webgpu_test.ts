/**
 * The WebGPU path end to end on whatever adapter this machine has: on one without a GPU that
 * is Deno's software fallback adapter (Mesa llvmpipe), so a session with a GPU finds the path
 * working before it spends device time (scripts/device/run_gpu.sh). A tiny model keeps it to a
 * few seconds on the software adapter.
 */
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs-core";
import { initBackend } from "../lib/backend.ts";
import { resolveConfig } from "../lib/models/config.ts";
import { Rng } from "../lib/random.ts";
import {
  createTrainingState,
  disposeTrainingState,
  trainIterationAsync,
} from "../lib/training/mod.ts";

const hasAdapter = await (async () => {
  const gpu = (navigator as unknown as { gpu?: { requestAdapter(): Promise<unknown> } }).gpu;
  try {
    return gpu ? (await gpu.requestAdapter()) !== null : false;
  } catch {
    return false;
  }
})();

Deno.test({
  name: "trainIterationAsync() trains a tiny N-CycleGAN on the webgpu backend with finite losses",
  ignore: !hasAdapter,
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const info = await initBackend("webgpu");
    assert.equal(info.name, "webgpu");
    assert.equal(tf.getBackend(), "webgpu");
    const config = resolveConfig({
      generatorHidden: [16, 8, 16],
      discriminatorHidden: [8, 8],
      classifierHidden: [4, 4],
    });
    const state = createTrainingState(config, { inputDim: 12, numClasses: 2 }, 3);
    const rng = new Rng(4);
    const batch = () => tf.tensor2d(Array.from({ length: 4 * 12 }, () => rng.float()), [4, 12]);
    const source = batch(), targets = [batch(), batch()];
    const before = (await state.model.variables[0].variable.data()).slice();
    const losses = [];
    for (let i = 0; i < 2; i++) losses.push(await trainIterationAsync(state, { source, targets }));
    for (const l of losses) {
      for (const [name, v] of Object.entries(l)) assert.ok(Number.isFinite(v), `${name} = ${v}`);
    }
    const after = await state.model.variables[0].variable.data();
    assert.notDeepStrictEqual(Array.from(after), Array.from(before), "G_0 moved");
    tf.dispose([source, ...targets]);
    disposeTrainingState(state);
    await tf.setBackend("wasm");
  },
});
