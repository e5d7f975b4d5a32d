import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs-core";
import { initBackend } from "../backend.ts";
import { resolveConfig } from "../models/config.ts";
import { createModel, disposeModel } from "../models/ncyclegan.ts";
import { Rng } from "../random.ts";
import { generateRows } from "./generate.ts";

const DIM = 5;

function source(n: number): Float32Array {
  const rng = new Rng(8);
  return Float32Array.from({ length: n * DIM }, () => rng.float());
}

function model() {
  const config = resolveConfig({
    generatorHidden: [4, 3, 4],
    discriminatorHidden: [3],
    lambdaCls: 0,
  });
  return createModel(config, { inputDim: DIM, numClasses: 2 }, new Rng(1));
}

Deno.test("generateRows() applies G_i without dropout to every source row, emotion by emotion", async () => {
  await initBackend("cpu");
  const m = model();
  const s = source(10);
  const out = await generateRows(m, s);
  assert.equal(out.rows, 20);
  assert.deepEqual([...out.label], [...Array(10).fill(0), ...Array(10).fill(1)]);
  assert.deepEqual([...out.sourceRow], [...Array(10).keys(), ...Array(10).keys()]);
  for (let i = 0; i < 2; i++) {
    const x = tf.tensor2d(s, [10, DIM]);
    const y = m.gans[i].g.apply(x, null);
    assert.deepEqual(out.data.subarray(i * 10 * DIM, (i + 1) * 10 * DIM), y.dataSync());
    tf.dispose([x, y]);
  }
  disposeModel(m);
});

Deno.test("generateRows() gives the same rows whatever the chunk size and reports each chunk", async () => {
  await initBackend("cpu");
  const m = model();
  const s = source(10);
  const whole = await generateRows(m, s, { chunkRows: 4096 });
  const chunks: [number, number][] = [];
  const before = tf.memory().numTensors;
  const chunked = await generateRows(m, s, {
    chunkRows: 3,
    onChunk: (d, t) => chunks.push([d, t]),
  });
  assert.equal(tf.memory().numTensors, before);
  assert.deepEqual(chunked.data, whole.data);
  assert.deepEqual(chunks, [[3, 20], [6, 20], [9, 20], [10, 20], [13, 20], [16, 20], [19, 20], [
    20,
    20,
  ]]);
  await assert.rejects(generateRows(m, s, { chunkRows: 0 }), RangeError);
  disposeModel(m);
});

Deno.test("generateRows() subsamples k distinct source rows per class, seeded", async () => {
  await initBackend("cpu");
  const m = model();
  const s = source(10);
  const a = await generateRows(m, s, { perClass: 4, rng: new Rng(3) });
  const b = await generateRows(m, s, { perClass: 4, rng: new Rng(3) });
  assert.equal(a.rows, 8);
  assert.deepEqual(a.sourceRow, b.sourceRow);
  for (const i of [0, 1]) {
    const picked = [...a.sourceRow.subarray(i * 4, i * 4 + 4)];
    assert.equal(new Set(picked).size, 4);
    assert.ok(picked.every((r) => r >= 0 && r < 10));
  }
  await assert.rejects(generateRows(m, s, { perClass: 11, rng: new Rng(3) }), RangeError);
  await assert.rejects(generateRows(m, s, { perClass: 2 }), TypeError);
  disposeModel(m);
});
