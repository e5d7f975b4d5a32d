import assert from "node:assert/strict";
import { initBackend } from "../backend.ts";
import type { Corpus } from "../data/types.ts";
import type { CycleGanConfig } from "../models/config.ts";
import { Rng } from "../random.ts";
import { synthesize } from "./synthesize.ts";

const DIM = 6;
const CONFIG: Partial<CycleGanConfig> = {
  generatorHidden: [5, 3, 5],
  discriminatorHidden: [4, 4],
  classifierHidden: [3, 3],
  batchSize: 4,
  pretrainEpochs: 2,
  epochs: 3,
};
const CLASSES = ["angry", "happy", "sad"];

function corpus(
  name: string,
  rows: number,
  labels: number[] | null,
  seed: number,
  offset = 100,
): Corpus {
  const rng = new Rng(seed);
  const data = new Float32Array(rows * DIM);
  for (let i = 0; i < data.length; i++) data[i] = offset + 10 * rng.float();
  return {
    name,
    data,
    rows,
    cols: DIM,
    ids: Array.from({ length: rows }, (_, r) => `${name}${r}`),
    featureNames: Array.from({ length: DIM }, (_, c) => `f${c}`),
    classes: labels ? CLASSES : [],
    labels: labels ? Int32Array.from(labels) : null,
    speakers: null,
    sessions: null,
    dropped: {},
  };
}

const LABELS = [0, 0, 0, 1, 1, 1, 2, 2, 2, 0, 1, 2];

Deno.test("synthesize() returns a labelled corpus with ids <source id>_syn_<emotion> in feature units", async () => {
  await initBackend("cpu");
  const labelled = corpus("emo", 12, LABELS, 1);
  const source = corpus("src", 7, null, 2, -50);
  const result = await synthesize(labelled, source, { config: CONFIG, seed: 4 });
  const syn = result.synthetic;
  assert.equal(syn.rows, 3 * 7);
  assert.equal(syn.ids[0], "src0_syn_angry");
  assert.equal(syn.ids[7], "src0_syn_happy");
  assert.equal(syn.ids[20], "src6_syn_sad");
  assert.deepEqual([...syn.labels!], [
    ...Array(7).fill(0),
    ...Array(7).fill(1),
    ...Array(7).fill(2),
  ]);
  assert.deepEqual(syn.classes, CLASSES);
  assert.deepEqual(syn.featureNames, labelled.featureNames);
  // Mapped back with the labelled corpus's scaler: values are near the labelled range
  // (100..110), not in [0, 1] and not in the source's range (-50..-40).
  const mean = syn.data.reduce((a, b) => a + b, 0) / syn.data.length;
  assert.ok(mean > 80 && mean < 130, `mean ${mean}`);
  assert.equal(result.history.d_0.length, 3);
  assert.equal(result.pretrainHistory.pre_cyc_2.length, 2);
  assert.equal(result.config.epochs, 3);
  assert.ok(result.timings.totalSeconds >= result.timings.trainSeconds);
});

Deno.test("synthesize() is never influenced by labelled rows outside trainRows", async () => {
  await initBackend("cpu");
  const trainRows = Int32Array.from([0, 1, 3, 4, 6, 7, 9, 10]);
  const heldOut = [2, 5, 8, 11];
  const source = corpus("src", 7, null, 2);
  const a = corpus("emo", 12, LABELS, 1);
  // Same training rows; the held-out rows get other values, other ids and other labels.
  const b = corpus("emo", 12, LABELS, 1);
  const ids = [...b.ids];
  for (const r of heldOut) {
    b.data.fill(1e6 * (r + 1), r * DIM, (r + 1) * DIM);
    ids[r] = `changed${r}`;
    b.labels![r] = (b.labels![r] + 1) % 3;
  }
  const b2: Corpus = { ...b, ids };
  const ra = await synthesize(a, source, { config: CONFIG, seed: 9, trainRows });
  const rb = await synthesize(b2, source, { config: CONFIG, seed: 9, trainRows });
  assert.deepEqual(rb.synthetic.data, ra.synthetic.data);
  assert.deepEqual(rb.history, ra.history);
  assert.deepEqual(rb.pretrainHistory, ra.pretrainHistory);
  assert.deepEqual(rb.scalers.labelled.learned, ra.scalers.labelled.learned);
  // …whereas a changed training row does change the result.
  const c = corpus("emo", 12, LABELS, 1);
  c.data[0] += 5;
  const rc = await synthesize(c, source, { config: CONFIG, seed: 9, trainRows });
  assert.notDeepEqual(rc.synthetic.data, ra.synthetic.data);
});

Deno.test("synthesize() rejects unusable inputs with a clear error", async () => {
  await initBackend("cpu");
  const labelled = corpus("emo", 12, LABELS, 1);
  const source = corpus("src", 7, null, 2);
  await assert.rejects(
    synthesize(labelled, source, {
      config: CONFIG,
      seed: 1,
      trainRows: Int32Array.from([0, 1, 3]),
    }),
    /Class "sad" has no training rows/,
  );
  await assert.rejects(synthesize(source, source, { config: CONFIG, seed: 1 }), TypeError);
  await assert.rejects(
    synthesize(labelled, { ...source, cols: 5 }, { config: CONFIG, seed: 1 }),
    RangeError,
  );
  await assert.rejects(
    synthesize(labelled, source, { config: CONFIG, seed: 1, trainRows: Int32Array.from([0, 0]) }),
    /listed twice/,
  );
  await assert.rejects(
    synthesize(labelled, source, { config: { epochs: -1 }, seed: 1 }),
    /"epochs"/,
  );
});
