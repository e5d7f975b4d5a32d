import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs-core";
import { initBackend } from "../backend.ts";
import { type CycleGanConfig, resolveConfig } from "../models/config.ts";
import { Rng } from "../random.ts";
import { featureMoments } from "./diversity.ts";
import { COLLAPSE_STD_RATIO, collapseWarning, measureDiversity, monitorSample } from "./monitor.ts";
import { momentSkips } from "./synthesize.ts";
import { type EpochProgress, trainModel } from "./train_model.ts";
import {
  createTrainingState,
  disposeTrainingState,
  generatorUpdate,
  lossNames,
  trainIteration,
} from "./trainer.ts";

const DIM = 6;
const SMALL: Partial<CycleGanConfig> = {
  generatorHidden: [5, 3, 5],
  discriminatorHidden: [4, 4],
  lambdaCls: 0,
  batchSize: 4,
  pretrainEpochs: 2,
  epochs: 4,
  learningRate: 1e-2,
};

function rows(n: number, rng: Rng, shift: number, scale = 0.5): Float32Array {
  const v = new Float32Array(n * DIM);
  for (let i = 0; i < v.length; i++) v[i] = rng.normal() * scale + shift;
  return v;
}

const t2 = (v: Float32Array) => tf.tensor2d(v, [v.length / DIM, DIM]);

Deno.test("the identity loss is recorded as idt_i and raises the G objective by λ_idt · Σ idt_i", async () => {
  await initBackend("cpu");
  assert.deepEqual(lossNames(2, false, true), [
    "d_0",
    "d_1",
    "g_adv_0",
    "g_adv_1",
    "cyc_0",
    "cyc_1",
    "idt_0",
    "idt_1",
  ]);
  const rng = new Rng(1);
  const s = t2(rows(4, rng, 0)), t = [t2(rows(4, rng, 1)), t2(rows(4, rng, -1))];
  const withIdt = createTrainingState(
    resolveConfig({ ...SMALL, lambdaIdentity: 3 }),
    { inputDim: DIM, numClasses: 2 },
    7,
  );
  const losses = trainIteration(withIdt, { source: s, targets: t });
  for (const name of lossNames(2, false, true)) assert.ok(Number.isFinite(losses[name]), name);
  assert.ok(losses.idt_0 > 0);
  // By hand on a fresh state: the identity term of idt_0 is mean((G(t)-t)²) + mean((F(s)-s)²).
  const fresh = createTrainingState(
    resolveConfig({ ...SMALL, lambdaIdentity: 3, generatorDropout: 0, discriminatorDropout: 0 }),
    { inputDim: DIM, numClasses: 2 },
    7,
  );
  const { g, f } = fresh.model.gans[0];
  const expected = tf.tidy(() =>
    tf.add(
      tf.mean(tf.squaredDifference(g.apply(t[0], null), t[0])),
      tf.mean(tf.squaredDifference(f.apply(s, null), s)),
    ).dataSync()[0]
  );
  const vec = generatorUpdate(fresh, { source: s, targets: t }, 0);
  const got = vec.dataSync()[2 * 2]; // after adv_0, adv_1, cyc_0, cyc_1
  vec.dispose();
  assert.ok(Math.abs(got - expected) < 1e-5, `idt_0 ${got} vs ${expected}`);
  disposeTrainingState(withIdt);
  disposeTrainingState(fresh);
  tf.dispose([s, ...t]);
});

Deno.test("per-GAN source batches: CycleGAN i trains on sources[i], not on source", async () => {
  await initBackend("cpu");
  const rng = new Rng(2);
  const config = resolveConfig({ ...SMALL, generatorDropout: 0, discriminatorDropout: 0 });
  const a = t2(rows(4, rng, 0)),
    b = t2(rows(4, rng, 3)),
    t = [t2(rows(4, rng, 1)), t2(rows(4, rng, -1))];
  const run = (batches: Parameters<typeof trainIteration>[1]) => {
    const st = createTrainingState(config, { inputDim: DIM, numClasses: 2 }, 11);
    const l = trainIteration(st, batches);
    disposeTrainingState(st);
    return l;
  };
  const shared = run({ source: a, targets: t });
  const perGan = run({ source: a, sources: [a, b], targets: t });
  const swapped = run({ source: b, targets: t });
  assert.equal(perGan.cyc_0, shared.cyc_0); // GAN 0 saw a in both
  assert.equal(perGan.cyc_1, swapped.cyc_1); // GAN 1 saw b, as with source b
  assert.notEqual(perGan.cyc_1, shared.cyc_1);
  const st = createTrainingState(config, { inputDim: DIM, numClasses: 2 }, 11);
  assert.throws(
    () => trainIteration(st, { source: a, sources: [a], targets: t }),
    /2 source batches/,
  );
  disposeTrainingState(st);
  tf.dispose([a, b, ...t]);
});

Deno.test("momentSkips() maps the source's per-feature moments onto each class and back", () => {
  const rng = new Rng(3);
  const source = rows(50, rng, 2, 3), target = rows(40, rng, -1, 0.5);
  const [{ g, f }] = momentSkips(source, [target], DIM);
  const mapped = source.map((v, i) => v * g.scale[i % DIM] + g.shift[i % DIM]);
  const m = featureMoments(mapped, DIM), want = featureMoments(target, DIM);
  for (let c = 0; c < DIM; c++) {
    assert.ok(Math.abs(m.mean[c] - want.mean[c]) < 1e-4 && Math.abs(m.std[c] - want.std[c]) < 1e-4);
  }
  const back = mapped.map((v, i) => v * f.scale[i % DIM] + f.shift[i % DIM]);
  back.forEach((v, i) => assert.ok(Math.abs(v - source[i]) < 1e-3));
});

Deno.test("measureDiversity() reads a collapsed generator as collapsed and warns", async () => {
  await initBackend("cpu");
  const rng = new Rng(4);
  const targets = [rows(30, rng, 1), rows(30, rng, -1)];
  const sample = monitorSample(DIM, rows(40, rng, 0), targets);
  // Residual generators start as the identity: they keep the source's spread.
  const id = createTrainingState(resolveConfig({ ...SMALL, generatorForm: "residual" }), {
    inputDim: DIM,
    numClasses: 2,
  }, 5);
  const fine = await measureDiversity(id.model, sample, "train", 1);
  assert.ok(
    fine.stdRatio > 0.5 && fine.nnRatio > 0.5 && fine.cycleRecon < 1e-6,
    JSON.stringify(fine),
  );
  assert.equal(collapseWarning(fine), null);
  // A generator with zero weights outputs its bias for every row: collapse.
  const col = createTrainingState(resolveConfig(SMALL), { inputDim: DIM, numClasses: 2 }, 5);
  for (const p of col.model.gans) {
    for (const k of [...p.g.kernels, ...p.f.kernels]) k.assign(tf.zerosLike(k));
  }
  const bad = await measureDiversity(col.model, sample, "train", 2);
  assert.ok(bad.stdRatio < 1e-6 && bad.nnRatio < 1e-6, JSON.stringify(bad));
  // Outputting a constant (here 0, not even the mean) reconstructs no better than the mean.
  assert.ok(bad.cycleRecon >= 1, `cycle ${bad.cycleRecon}`);
  assert.match(collapseWarning(bad)!, new RegExp(`std ratio 0\\.000 < ${COLLAPSE_STD_RATIO}`));
  disposeTrainingState(id);
  disposeTrainingState(col);
});

Deno.test("trainModel() records diversity at its interval, reports it in progress, and leaves training unchanged", async () => {
  await initBackend("cpu");
  const rng = new Rng(6);
  const data = {
    cols: DIM,
    source: rows(12, rng, 0),
    targets: [rows(8, rng, 1), rows(8, rng, -1)],
  };
  const config = resolveConfig(SMALL);
  const train = async (diversityEvery: number) => {
    const st = createTrainingState(config, { inputDim: DIM, numClasses: 2 }, 9);
    const seen: EpochProgress[] = [];
    const r = await trainModel(st, data, {
      diversityEvery,
      pretrainDiversityEvery: 1,
      onEpoch: (p) => seen.push(p),
    });
    const weights = st.model.variables.map((v) => Array.from(v.variable.dataSync()));
    disposeTrainingState(st);
    return { r, seen, weights };
  };
  const on = await train(2), off = await train(0);
  assert.deepEqual(on.r.diversity.map((d) => `${d.phase}${d.epoch}`), [
    "pretrain1",
    "pretrain2",
    "train2",
    "train4",
  ]);
  assert.equal(on.seen.filter((p) => p.diversity !== undefined).length, 4);
  assert.ok(on.r.diversity.every((d) => d.perClass.length === 2));
  assert.deepEqual(on.weights, off.weights); // monitoring never touches the training stream
  assert.deepEqual(off.r.diversity.filter((d) => d.phase === "train"), []);
});
