import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import type { Corpus } from "../data/types.ts";
import { CYCLEGAN_PROFILES, resolveConfig } from "../models/config.ts";
import { Rng } from "../random.ts";
import { iterationsPerEpoch } from "../training/schedule.ts";
import { CycleGanAugmenter, cycleganLambda } from "./cyclegan.ts";

await tf.setBackend("cpu");
const backend = tf.backend() as { firstUse?: boolean };
if ("firstUse" in backend) backend.firstUse = false;

function corpus(name: string, rows: number, labelled: boolean, seed: number): Corpus {
  const rng = new Rng(seed);
  const cols = 6;
  const labels = labelled ? Int32Array.from({ length: rows }, (_, i) => i % 2) : null;
  return {
    name,
    data: Float32Array.from(
      { length: rows * cols },
      (_, i) => rng.normal() + (labels ? 2 * labels[Math.floor(i / cols)] : 0),
    ),
    rows,
    cols,
    ids: Array.from({ length: rows }, (_, i) => `${name}${i}`),
    featureNames: Array.from({ length: cols }, (_, j) => `f${j}`),
    classes: labelled ? ["a", "b"] : [],
    labels,
    speakers: null,
    sessions: null,
    dropped: {},
  };
}

const TINY = {
  ...CYCLEGAN_PROFILES.quick,
  generatorHidden: [8],
  discriminatorHidden: [8],
  classifierHidden: [8],
  batchSize: 4,
  pretrainEpochs: 1,
  epochs: 2,
  syntheticPerClass: 10,
};
const train = corpus("t", 24, true, 1);
const source = corpus("s", 30, false, 2);

Deno.test("CycleGanAugmenter resolves lambda_cls from its params or the configuration, and checks them", () => {
  assert.deepEqual(new CycleGanAugmenter({ lambda_cls: 0 }, TINY).params, { lambda_cls: 0 });
  assert.equal(new CycleGanAugmenter({}, TINY).params.lambda_cls, 2, "the paper's default");
  assert.equal(new CycleGanAugmenter({ lambda_cls: 0.5 }, TINY).config.lambdaCls, 0.5);
  assert.throws(() => new CycleGanAugmenter({ sigma: 1 }), {
    name: "TypeError",
    message: 'Unknown setting "sigma" of augmenter cyclegan, expected lambda_cls',
  });
  assert.throws(() => new CycleGanAugmenter({ lambda_cls: -1 }), RangeError);
  assert.equal(cycleganLambda("cyclegan:lambda_cls=4"), 4);
  assert.equal(cycleganLambda("cyclegan"), 2);
  assert.equal(cycleganLambda("smote"), null);
});

Deno.test("CycleGanAugmenter needs fit before generate and a source to fit", async () => {
  const a = new CycleGanAugmenter({ lambda_cls: 0 }, TINY);
  assert.equal(a.fitted, false);
  assert.throws(() => a.generate(null), /needs fit\(\) first/);
  await assert.rejects(() => a.fit(train, { seed: 1 }), /needs the unlabelled source/);
});

Deno.test("CycleGanAugmenter fits, generates class by class, subsets by seed and records losses", async () => {
  const run = async (seed: number) => {
    const phases = new Set<string>();
    const a = await new CycleGanAugmenter({ lambda_cls: 2 }, TINY).fit(train, {
      seed,
      source,
      onProgress: (p) => phases.add(p.phase),
    });
    return { a, phases };
  };
  const { a, phases } = await run(3);
  assert.deepEqual([...phases].sort(), ["generate", "pretrain", "train"]);
  const all = await a.generate(null);
  assert.equal(all.rows, 20);
  assert.deepEqual(all.classes, ["a", "b"]);
  assert.deepEqual(Array.from(all.labels!), [...new Array(10).fill(0), ...new Array(10).fill(1)]);
  assert.ok(all.ids.every((id) => /^s\d+_syn_[ab]$/.test(id)), "ids name their source row");
  const five = await a.generate(5);
  assert.equal(five.rows, 10);
  assert.ok(five.ids.every((id) => all.ids.includes(id)), "a subset of what was generated");
  assert.deepEqual((await a.generate(5)).ids, five.ids, "the same subset every time");
  assert.throws(() => a.generate(11), /rows per class in \[1, 10\]/);
  const losses = a.diagnostics().lossCurves as { phase: string; name: string }[];
  assert.ok(losses.some((p) => p.phase === "pretrain" && p.name === "pre_cyc_0"));
  assert.ok(losses.some((p) => p.phase === "train" && p.name === "cls"));
  const again = await run(3), other = await run(4);
  assert.deepEqual((await again.a.generate(null)).data, all.data, "same seed, same rows");
  assert.notDeepEqual((await other.a.generate(null)).data, all.data);
});

Deno.test("CycleGanAugmenter.fitWork() counts iterations with training's own schedule", () => {
  const a = new CycleGanAugmenter({ lambda_cls: 0 }, { ...TINY, pretrainEpochs: 3, epochs: 5 });
  const c = resolveConfig({ ...TINY, pretrainEpochs: 3, epochs: 5 });
  const shape = { classRows: [10, 22], cols: 6, sourceRows: 30 };
  const main = iterationsPerEpoch([30, 10, 22], c.batchSize);
  const pre =
    (iterationsPerEpoch([30, 10], c.batchSize) + iterationsPerEpoch([30, 22], c.batchSize)) / 2;
  assert.deepEqual(a.fitWork(shape), { units: Math.round(3 * pre + 5 * main), unit: "iteration" });
});
