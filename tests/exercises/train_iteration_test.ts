/**
 * Exercise train-iteration (paper Sec. 4.1): one training iteration is one D update, then
 * `generatorSteps` G(+C) updates on the same batches, each moving only its own networks.
 *
 * The expected values come from your own losses (exercises 1-4), so a mistake there does not
 * cost points here.
 * @module
 */
import assert from "node:assert/strict";
import { discriminatorLoss } from "../../lib/losses/discriminator_loss.ts";
import { generatorAdversarialLoss } from "../../lib/losses/generator_adversarial_loss.ts";
import { cycleLoss } from "../../lib/losses/cycle_loss.ts";
import { classificationLoss } from "../../lib/losses/classification_loss.ts";
import { totalGeneratorLoss } from "../../lib/losses/total_generator_loss.ts";
import { type CycleGanConfig, resolveConfig } from "../../lib/models/config.ts";
import { Rng } from "../../lib/random.ts";
import {
  createTrainingState,
  discriminatorUpdate,
  disposeTrainingState,
  generatorUpdate,
  type IterationBatches,
  lossNames,
  type TrainingState,
  trainIteration,
} from "../../lib/training/trainer.ts";
import { cpu, near, tf } from "./_tf.ts";

const SMALL: Partial<CycleGanConfig> = {
  generatorHidden: [6, 4, 6],
  discriminatorHidden: [5, 5],
  classifierHidden: [4],
};
/** Without dropout, so the losses can be recomputed from the networks by hand. */
const NO_DROPOUT: Partial<CycleGanConfig> = {
  ...SMALL,
  generatorDropout: 0,
  discriminatorDropout: 0,
  classifierDropout: 0,
};
const DIM = 5, N = 3, BATCH = 4;
const LR = 1e-2;

function state(overrides: Partial<CycleGanConfig>, seed = 1): TrainingState {
  return createTrainingState(resolveConfig(overrides), { inputDim: DIM, numClasses: N }, seed);
}

/** Random batches: one shared source batch, one per emotion with `perGan`, and N targets. */
function batches(seed: number, perGan = false): IterationBatches {
  const rng = new Rng(seed);
  const make = () => {
    const v = new Float32Array(BATCH * DIM);
    for (let i = 0; i < v.length; i++) v[i] = rng.float();
    return tf.tensor2d(v, [BATCH, DIM]);
  };
  const source = make();
  const targets = Array.from({ length: N }, make);
  return perGan ? { source, sources: Array.from({ length: N }, make), targets } : {
    source,
    targets,
  };
}

function disposeBatches(b: IterationBatches): void {
  tf.dispose([b.source, ...(b.sources ?? []), ...b.targets]);
}

function snapshot(s: TrainingState): Float32Array[] {
  return s.model.variables.map((v) => Float32Array.from(v.variable.dataSync()));
}

/** The networks (`D_T_0`, `G_1`, `C`, …) with at least one weight different from `before`. */
function moved(before: Float32Array[], s: TrainingState): string[] {
  const out = new Set<string>();
  s.model.variables.forEach(({ name, variable }, k) => {
    if (variable.dataSync().some((x, j) => x !== before[k][j])) out.add(name.split("/")[0]);
  });
  return [...out].sort();
}

const range = (prefix: string) => Array.from({ length: N }, (_, i) => `${prefix}_${i}`);
const EVERY_D = [...range("D_S"), ...range("D_T")].sort();

function read(t: tf.Tensor): number[] {
  const v = Array.from(t.dataSync());
  t.dispose();
  return v;
}

const scalarOf = (t: tf.Tensor) => read(t)[0];

Deno.test("discriminatorUpdate() moves every D_i^T and D_i^S and nothing else", async () => {
  await cpu();
  for (const lambdaCls of [2, 0]) {
    const s = state({ ...SMALL, lambdaCls });
    const b = batches(2);
    const before = snapshot(s);
    const d = discriminatorUpdate(s, b, LR);
    assert.deepEqual(d.shape, [N], "one D loss per CycleGAN");
    assert.ok(read(d).every((x) => Number.isFinite(x) && x > 0), "finite, positive D losses");
    assert.deepEqual(moved(before, s), EVERY_D, `λ_cls = ${lambdaCls}`);
    assert.equal(s.dOptimizer.step, 1, "one Adam step of the D optimiser");
    assert.equal(s.gOptimizer.step, 0, "no step of the G optimiser");
    disposeBatches(b);
    disposeTrainingState(s);
  }
});

Deno.test("discriminatorUpdate() with referenceQuirk also moves G_i, but not F_i or C", async () => {
  await cpu();
  const s = state({ ...SMALL, referenceQuirk: true });
  const b = batches(2);
  const before = snapshot(s);
  discriminatorUpdate(s, b, LR).dispose();
  assert.deepEqual(moved(before, s), [...EVERY_D, ...range("G")].sort());
  disposeBatches(b);
  disposeTrainingState(s);
});

/** The D loss of each CycleGAN by hand (dropout off): D_i^T on (t_i, G_i(s_i)) + D_i^S on (s_i, F_i(t_i)). */
function dLosses(s: TrainingState, b: IterationBatches): tf.Scalar[] {
  const label = s.config.realLabel;
  return s.model.gans.map((p, i) => {
    const src = b.sources?.[i] ?? b.source, t = b.targets[i];
    return tf.add(
      discriminatorLoss(p.dT.apply(t, null), p.dT.apply(p.g.apply(src, null), null), label),
      discriminatorLoss(p.dS.apply(src, null), p.dS.apply(p.f.apply(t, null), null), label),
    ) as tf.Scalar;
  });
}

/**
 * The G-side losses by hand (dropout off), `[adv_i…, cyc_i…, idt_i…?, cls?]`, and the objective
 * the G update minimises: eq. 5 plus λ_idt Σ_i idt_i.
 */
function gLosses(s: TrainingState, b: IterationBatches): { parts: tf.Scalar[]; total: tf.Scalar } {
  const c = s.config;
  const perGan = s.model.gans.map((p, i) => {
    const src = b.sources?.[i] ?? b.source, t = b.targets[i];
    const fake = p.g.apply(src, null), back = p.f.apply(t, null);
    const fool = (d: typeof p.dT, x: tf.Tensor2D) =>
      generatorAdversarialLoss(d.apply(x, null), c.realLabel);
    const mse = (x: tf.Tensor2D, y: tf.Tensor2D) => tf.mean(tf.squaredDifference(x, y));
    return {
      fake,
      adv: tf.add(fool(p.dT, fake), fool(p.dS, back)) as tf.Scalar,
      cyc: cycleLoss(src, p.f.apply(fake, null), t, p.g.apply(back, null)),
      idt: tf.add(mse(p.g.apply(t, null), t), mse(p.f.apply(src, null), src)) as tf.Scalar,
    };
  });
  const classifier = s.model.classifier;
  const cls = classifier === null
    ? null
    : classificationLoss(classifier.apply(tf.concat(perGan.map((x) => x.fake), 0), null), BATCH);
  const adv = perGan.map((x) => x.adv), cyc = perGan.map((x) => x.cyc);
  const idt = c.lambdaIdentity > 0 ? perGan.map((x) => x.idt) : [];
  const withoutIdt = totalGeneratorLoss(
    { adversarial: adv, cycle: cyc, classification: cls },
    c.lambdaCyc,
    c.lambdaCls,
  );
  const total = idt.length > 0
    ? tf.add(withoutIdt, tf.mul(tf.addN(idt), c.lambdaIdentity))
    : withoutIdt;
  return {
    parts: [...adv, ...cyc, ...idt, ...(cls === null ? [] : [cls])],
    total: total as tf.Scalar,
  };
}

/** The gradient of `objective` for the variables of the networks `nets`, by checkpoint name. */
function gradients(
  s: TrainingState,
  nets: (net: string) => boolean,
  objective: () => tf.Scalar,
): Map<string, Float32Array> {
  const vars = s.model.variables.filter((v) => nets(v.name.split("/")[0]));
  const { value, grads } = tf.variableGrads(objective, vars.map((v) => v.variable));
  const out = new Map(
    vars.map((v) => [v.name, Float32Array.from(grads[v.variable.name].dataSync())]),
  );
  tf.dispose([value, ...Object.values(grads)]);
  return out;
}

const isD = (net: string) => net.startsWith("D_");
const notD = (net: string) => !isD(net);

/**
 * Asserts that the first Adam step on the networks `nets` went down `grads`: Adam's first step
 * moves each weight by about −lr · sign(gradient) (where the gradient is not tiny).
 */
function assertSteppedDown(
  s: TrainingState,
  before: Float32Array[],
  grads: Map<string, Float32Array>,
  nets: (net: string) => boolean,
  what: string,
): void {
  let checked = 0;
  s.model.variables.forEach(({ name, variable }, k) => {
    if (!nets(name.split("/")[0])) return;
    const g = grads.get(name)!, now = variable.dataSync();
    for (let j = 0; j < g.length; j++) {
      if (Math.abs(g[j]) < 1e-4) continue;
      checked++;
      const step = (now[j] - before[k][j]) / LR;
      assert.ok(
        Math.abs(step + Math.sign(g[j])) < 0.02,
        `${what}: ${name}[${j}] moved by ${step.toFixed(4)} × lr against a gradient of ${
          g[j].toExponential(2)
        }: not a step down this update's objective`,
      );
    }
  });
  assert.ok(checked >= 50, `${what}: only ${checked} weights with a clear gradient`);
}

Deno.test("discriminatorUpdate() returns D_i^T's loss on (t_i, G_i(s_i)) plus D_i^S's on (s_i, F_i(t_i))", async () => {
  await cpu();
  for (const perGan of [false, true]) {
    const s = state(NO_DROPOUT);
    const b = batches(3, perGan);
    const expected = tf.tidy(() => dLosses(s, b).map(scalarOf));
    const found = read(discriminatorUpdate(s, b, LR));
    expected.forEach((e, i) => near(found[i], e, `d_${i} (per-GAN sources: ${perGan})`, 1e-5));
    disposeBatches(b);
    disposeTrainingState(s);
  }
});

Deno.test("discriminatorUpdate() steps every D down the gradient of Σ_i d_i", async () => {
  await cpu();
  const s = state(NO_DROPOUT);
  const b = batches(6, true);
  const grads = gradients(s, isD, () => tf.sum(tf.stack(dLosses(s, b))));
  const before = snapshot(s);
  discriminatorUpdate(s, b, LR).dispose();
  assertSteppedDown(s, before, grads, isD, "D update");
  disposeBatches(b);
  disposeTrainingState(s);
});

Deno.test("generatorUpdate() moves G_i, F_i and C (when λ_cls > 0) and never D", async () => {
  await cpu();
  for (const lambdaCls of [2, 0]) {
    const s = state({ ...SMALL, lambdaCls });
    const b = batches(2);
    const before = snapshot(s);
    generatorUpdate(s, b, LR).dispose();
    const expected = [...range("F"), ...range("G"), ...(lambdaCls > 0 ? ["C"] : [])].sort();
    assert.deepEqual(moved(before, s), expected, `λ_cls = ${lambdaCls}`);
    assert.equal(s.gOptimizer.step, 1, "one Adam step of the G optimiser");
    assert.equal(s.dOptimizer.step, 0, "no step of the D optimiser");
    disposeBatches(b);
    disposeTrainingState(s);
  }
});

Deno.test("generatorUpdate() returns [adv_i…, cyc_i…, idt_i…?, cls?] of eq. 5 on the per-GAN sources", async () => {
  await cpu();
  for (const [lambdaCls, lambdaIdentity] of [[2, 0], [0, 0.5], [1, 0.5]]) {
    const s = state({ ...NO_DROPOUT, lambdaCls, lambdaIdentity });
    const b = batches(4, true);
    const expected = tf.tidy(() => gLosses(s, b).parts.map(scalarOf));
    const found = read(generatorUpdate(s, b, LR));
    assert.equal(found.length, expected.length, `λ_cls ${lambdaCls}, λ_idt ${lambdaIdentity}`);
    expected.forEach((e, k) => near(found[k], e, `G-side loss ${k}`, 1e-5));
    disposeBatches(b);
    disposeTrainingState(s);
  }
});

Deno.test("generatorUpdate() steps G_i, F_i and C down eq. 5 (+ λ_idt Σ_i idt_i)", async () => {
  await cpu();
  for (const [lambdaCls, lambdaIdentity] of [[2, 0], [1, 0.5]]) {
    const s = state({ ...NO_DROPOUT, lambdaCls, lambdaIdentity });
    const b = batches(8, true);
    const grads = gradients(s, notD, () => gLosses(s, b).total);
    const before = snapshot(s);
    generatorUpdate(s, b, LR).dispose();
    assertSteppedDown(
      s,
      before,
      grads,
      notD,
      `G update, λ_cls ${lambdaCls}, λ_idt ${lambdaIdentity}`,
    );
    disposeBatches(b);
    disposeTrainingState(s);
  }
});

/** The weights and losses of one iteration done by hand: one D update, then `steps` G updates. */
function byHand(s: TrainingState, b: IterationBatches, steps: number): number[] {
  const d = read(discriminatorUpdate(s, b, LR));
  const g = Array.from({ length: steps }, () => read(generatorUpdate(s, b, LR)));
  return [...d, ...g[0].map((_, k) => g.reduce((sum, v) => sum + v[k], 0) / steps)];
}

Deno.test("trainIteration() is one D update, then generatorSteps G updates on the same batches", async () => {
  await cpu();
  const cases: Partial<CycleGanConfig>[] = [
    { ...SMALL },
    { ...SMALL, generatorSteps: 1, lambdaCls: 0 },
    { ...SMALL, generatorSteps: 3, lambdaIdentity: 0.5 },
  ];
  for (const overrides of cases) {
    const a = state(overrides, 7), h = state(overrides, 7);
    const steps = a.config.generatorSteps;
    for (let it = 0; it < 2; it++) {
      const b = batches(10 + it, it === 1);
      const losses = trainIteration(a, b, LR);
      const expected = byHand(h, b, steps);
      const names = lossNames(N, a.model.classifier !== null, a.config.lambdaIdentity > 0);
      assert.deepEqual(Object.keys(losses), names, "the losses are named as lossNames() says");
      names.forEach((name, k) =>
        near(losses[name], expected[k], `${name} (generatorSteps ${steps})`, 1e-6)
      );
      disposeBatches(b);
    }
    assert.equal(a.dOptimizer.step, 2, "one D update per iteration");
    assert.equal(a.gOptimizer.step, 2 * steps, `${steps} G update(s) per iteration`);
    const wa = snapshot(a), wh = snapshot(h);
    wa.forEach((w, k) =>
      assert.deepEqual(
        w,
        wh[k],
        `${a.model.variables[k].name}: not the weights of the updates by hand`,
      )
    );
    disposeTrainingState(a);
    disposeTrainingState(h);
  }
});

Deno.test("trainIteration() moves every network and leaves no tensor behind", async () => {
  await cpu();
  const s = state({ ...SMALL }, 2);
  const b = batches(5);
  trainIteration(s, b, LR);
  const before = snapshot(s);
  const count = tf.memory().numTensors;
  for (let i = 0; i < 3; i++) trainIteration(s, b, LR);
  assert.equal(tf.memory().numTensors, count, "tensors left behind by trainIteration()");
  assert.deepEqual(moved(before, s), [...EVERY_D, "C", ...range("F"), ...range("G")].sort());
  disposeBatches(b);
  disposeTrainingState(s);
});
