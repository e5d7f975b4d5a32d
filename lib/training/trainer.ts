/**
 * One training iteration of the N-CycleGAN model (paper Sec. 2 and 4.1) and one pre-training
 * iteration of a generator pair, on batches the caller supplies.
 *
 * Efficiency notes (a paper-size iteration is about 90 GFLOP): every update asks
 * `tf.variableGrads` for exactly the variables it moves; the D update computes G_i(s) and F_i(t)
 * outside the taped function, so no generator gradient is built (unless `referenceQuirk`
 * requires the G_i gradient); the G update never differentiates with respect to D's weights; the
 * losses are read back with a single `dataSync` per iteration.
 * @module
 */
import * as tf from "@tensorflow/tfjs-core";
import "../kernels/gradients.ts";
import {
  classificationLoss,
  cycleLoss,
  discriminatorLoss,
  generatorAdversarialLoss,
  totalGeneratorLoss,
} from "../losses/mod.ts";
import type { CycleGanConfig } from "../models/config.ts";
import {
  classifierVariables,
  createModel,
  discriminatorVariables,
  disposeModel,
  generatorVariables,
  type ModelShape,
  type NCycleGanModel,
} from "../models/ncyclegan.ts";
import { Rng } from "../random.ts";
import { AdamOptimizer } from "./adam_optimizer.ts";

/** Everything that changes while training: the model, the optimisers and the generators. */
export interface TrainingState {
  /** The resolved configuration. */
  readonly config: CycleGanConfig;
  /** The networks. */
  readonly model: NCycleGanModel;
  /** Adam of the discriminators (plus G_i with `referenceQuirk`). */
  readonly dOptimizer: AdamOptimizer;
  /** Adam of the generators G_i, F_i and the classifier C. */
  readonly gOptimizer: AdamOptimizer;
  /** Adam of each pair G_i, F_i during pre-training; created on first use. */
  pretrainOptimizers: AdamOptimizer[] | null;
  /** Shuffles and dropout seeds of main training. */
  rng: Rng;
  /** Shuffles and dropout seeds of pre-training. */
  pretrainRng: Rng;
}

/** Batches for one main-training iteration; the caller keeps ownership of the tensors. */
export interface IterationBatches {
  /** A batch of source rows s, `batch × inputDim` (used by every CycleGAN without `sources`). */
  readonly source: tf.Tensor2D;
  /**
   * One source batch per emotion (`sourceBatches: "per-gan"`, the authors' behaviour): CycleGAN i
   * uses `sources[i]` instead of `source`. Absent: every CycleGAN uses `source`.
   */
  readonly sources?: readonly tf.Tensor2D[];
  /** One batch of target rows t_i per emotion, each `batch_i × inputDim`. */
  readonly targets: readonly tf.Tensor2D[];
}

/** The source batch CycleGAN i trains on. */
function sourceOf(batches: IterationBatches, i: number): tf.Tensor2D {
  return batches.sources?.[i] ?? batches.source;
}

/**
 * Losses of one iteration by name: `d_i` (D loss of CycleGAN i, both discriminators), `g_adv_i`
 * (generator adversarial loss, both directions), `cyc_i` (eq. 3), `idt_i` (identity loss, when
 * λ_idt > 0) and, when C exists, `cls` (eq. 4); G-side values are means over the iteration's G
 * updates.
 */
export type IterationLosses = Record<string, number>;

/**
 * Creates the model and the optimiser state from a configuration and a seed: fresh weights
 * (first fork of `Rng(seed)`), a pre-training generator (second fork) and a main-training
 * generator (third fork). Usable stand-alone, e.g. to benchmark {@linkcode trainIteration}.
 *
 * @example
 * ```ts
 * import * as tf from "@tensorflow/tfjs-core";
 * import "@tensorflow/tfjs-backend-cpu";
 * import { resolveConfig } from "../models/config.ts";
 * import { createTrainingState, disposeTrainingState, trainIteration } from "./trainer.ts";
 * const config = resolveConfig({ generatorHidden: [8], discriminatorHidden: [8], classifierHidden: [4] });
 * const state = createTrainingState(config, { inputDim: 6, numClasses: 2 }, 7);
 * const s = tf.zeros([4, 6]) as tf.Tensor2D, t = tf.ones([4, 6]) as tf.Tensor2D;
 * const losses = trainIteration(state, { source: s, targets: [t, t] });
 * if (!Number.isFinite(losses.cls)) throw new Error("expected a finite classification loss");
 * tf.dispose([s, t]);
 * disposeTrainingState(state);
 * ```
 * @param config the resolved configuration
 * @param shape input width and number of emotions
 * @param seed the run's seed
 * @returns the state; release it with {@linkcode disposeTrainingState}
 */
export function createTrainingState(
  config: CycleGanConfig,
  shape: ModelShape,
  seed: number,
): TrainingState {
  const root = new Rng(seed);
  const model = createModel(config, shape, root.fork());
  const pretrainRng = root.fork();
  const rng = root.fork();
  const adam = { beta1: config.beta1, beta2: config.beta2, epsilon: config.epsilon };
  const dVars = discriminatorVariables(model);
  if (config.referenceQuirk) dVars.push(...model.gans.flatMap((p) => p.g.variables));
  const dOptimizer = new AdamOptimizer("adam_d", dVars, adam);
  const gOptimizer = new AdamOptimizer(
    "adam_g",
    [...generatorVariables(model), ...classifierVariables(model)],
    adam,
  );
  return { config, model, dOptimizer, gOptimizer, pretrainOptimizers: null, rng, pretrainRng };
}

/**
 * Creates the per-emotion pre-training optimisers if they do not exist yet.
 * @param state the training state
 * @returns the optimisers, one per emotion (`adam_pre_i` over G_i and F_i)
 */
export function ensurePretrainOptimizers(state: TrainingState): AdamOptimizer[] {
  if (state.pretrainOptimizers === null) {
    const { beta1, beta2, epsilon } = state.config;
    state.pretrainOptimizers = state.model.gans.map((p, i) =>
      new AdamOptimizer(`adam_pre_${i}`, [...p.g.variables, ...p.f.variables], {
        beta1,
        beta2,
        epsilon,
      })
    );
  }
  return state.pretrainOptimizers;
}

/**
 * Frees the pre-training optimisers (after pre-training, to give their memory back).
 * @param state the training state
 */
export function disposePretrainOptimizers(state: TrainingState): void {
  for (const o of state.pretrainOptimizers ?? []) o.dispose();
  state.pretrainOptimizers = null;
}

/**
 * Frees the model and every optimiser.
 * @param state the training state
 */
export function disposeTrainingState(state: TrainingState): void {
  disposePretrainOptimizers(state);
  state.dOptimizer.dispose();
  state.gOptimizer.dispose();
  disposeModel(state.model);
}

function checkBatch(name: string, batch: tf.Tensor, inputDim: number): void {
  if (batch.rank !== 2 || batch.shape[1] !== inputDim || batch.shape[0] < 1) {
    throw new RangeError(
      `Batch "${name}" must have shape [rows ≥ 1, ${inputDim}], found [${batch.shape}]`,
    );
  }
}

/**
 * Names of the losses of {@linkcode trainIteration}, in the order they are read back.
 * @param numClasses number of emotions N
 * @param withClassifier whether C exists (λ_cls > 0)
 * @param withIdentity whether the identity loss is on (λ_idt > 0; default false)
 * @returns `d_i`…, `g_adv_i`…, `cyc_i`…, `idt_i`… with the identity loss, then `cls` when C
 *   exists
 */
export function lossNames(
  numClasses: number,
  withClassifier: boolean,
  withIdentity = false,
): string[] {
  const names: string[] = [];
  for (let i = 0; i < numClasses; i++) names.push(`d_${i}`);
  for (let i = 0; i < numClasses; i++) names.push(`g_adv_${i}`);
  for (let i = 0; i < numClasses; i++) names.push(`cyc_${i}`);
  if (withIdentity) { for (let i = 0; i < numClasses; i++) names.push(`idt_${i}`); }
  if (withClassifier) names.push("cls");
  return names;
}

function checkBatches(state: TrainingState, batches: IterationBatches): void {
  const { model } = state;
  checkBatch("source", batches.source, model.inputDim);
  if (batches.sources !== undefined) {
    if (batches.sources.length !== model.numClasses) {
      throw new RangeError(
        `Expected ${model.numClasses} source batches (one per emotion), found ${batches.sources.length}`,
      );
    }
    batches.sources.forEach((b, i) => checkBatch(`source ${i}`, b, model.inputDim));
  }
  if (batches.targets.length !== model.numClasses) {
    throw new RangeError(
      `Expected ${model.numClasses} target batches (one per emotion), found ${batches.targets.length}`,
    );
  }
  batches.targets.forEach((t, i) => checkBatch(`target ${i}`, t, model.inputDim));
}

/**
 * The D update of one iteration (Sec. 4.1, eq. 1 maximised by D): minimises
 * Σ_i [D loss of D_i^T on (t_i, G_i(s)) + D loss of D_i^S on (s, F_i(t_i))] with Adam, moving the
 * discriminators only. G_i(s) and F_i(t_i) are computed outside the taped function, so no
 * generator gradient is built; with `referenceQuirk` G_i(s) is taped and the G_i weights move
 * too, as in the authors' code.
 * @param state the training state
 * @param batches one source batch and one target batch per emotion (not disposed)
 * @param learningRate the step's learning rate
 * @returns the D loss of each CycleGAN, shape `[N]`; the caller disposes it
 */
export function discriminatorUpdate(
  state: TrainingState,
  batches: IterationBatches,
  learningRate: number,
): tf.Tensor1D {
  checkBatches(state, batches);
  // exercise train-iteration: begin
  const { config, model, rng } = state;
  const { targets } = batches;
  let dVec: tf.Tensor1D | null = null;
  tf.tidy(() => {
    const fakeT = config.referenceQuirk
      ? null
      : model.gans.map((p, i) => p.g.apply(sourceOf(batches, i), rng));
    const fakeS = model.gans.map((p, i) => p.f.apply(targets[i], rng));
    const { grads } = tf.variableGrads(() => {
      const perGan = model.gans.map((p, i) => {
        const s = sourceOf(batches, i);
        const gs = fakeT === null ? p.g.apply(s, rng) : fakeT[i];
        return tf.add(
          discriminatorLoss(p.dT.apply(targets[i], rng), p.dT.apply(gs, rng), config.realLabel),
          discriminatorLoss(p.dS.apply(s, rng), p.dS.apply(fakeS[i], rng), config.realLabel),
        );
      });
      const vec = tf.stack(perGan) as tf.Tensor1D;
      dVec = tf.keep(vec);
      return tf.sum(vec) as tf.Scalar;
    }, [...state.dOptimizer.variableList]);
    state.dOptimizer.apply(grads, learningRate);
  });
  return dVec!;
  // exercise train-iteration: end
}

/**
 * One G(+C) update (Sec. 4.1, eq. 5): minimises Σ_i (adv_i + λ_cyc · cyc_i) + λ_cls · cls with
 * Adam, moving G_i, F_i and C only; D's weights are used but never differentiated. With
 * λ_idt > 0 the identity loss Σ_i λ_idt · idt_i is added (Zhu et al. 2017; not in the paper).
 * @param state the training state
 * @param batches one source batch (or one per emotion) and one target batch per emotion (not
 *   disposed)
 * @param learningRate the step's learning rate
 * @returns `[adv_0 … adv_{N−1}, cyc_0 … cyc_{N−1}, idt_0 … idt_{N−1}?, cls?]`; the caller
 *   disposes it
 */
export function generatorUpdate(
  state: TrainingState,
  batches: IterationBatches,
  learningRate: number,
): tf.Tensor1D {
  checkBatches(state, batches);
  const { config, model, rng } = state;
  const { targets } = batches;
  const classifier = model.classifier;
  const batchSize = batches.source.shape[0];
  const withIdentity = config.lambdaIdentity > 0;
  // exercise train-iteration: begin
  let gVec: tf.Tensor1D | null = null;
  tf.tidy(() => {
    const { grads } = tf.variableGrads(() => {
      const adversarial: tf.Scalar[] = [];
      const cycle: tf.Scalar[] = [];
      const identity: tf.Scalar[] = [];
      const fakes: tf.Tensor2D[] = [];
      model.gans.forEach((p, i) => {
        const s = sourceOf(batches, i);
        const t = targets[i];
        const gs = p.g.apply(s, rng);
        const ft = p.f.apply(t, rng);
        const rs = p.f.apply(gs, rng);
        const rt = p.g.apply(ft, rng);
        adversarial.push(
          tf.add(
            generatorAdversarialLoss(p.dT.apply(gs, rng), config.realLabel),
            generatorAdversarialLoss(p.dS.apply(ft, rng), config.realLabel),
          ),
        );
        cycle.push(cycleLoss(s, rs, t, rt));
        if (withIdentity) {
          identity.push(tf.add(
            tf.mean(tf.squaredDifference(p.g.apply(t, rng), t)),
            tf.mean(tf.squaredDifference(p.f.apply(s, rng), s)),
          ) as tf.Scalar);
        }
        fakes.push(gs);
      });
      const classification = classifier === null
        ? null
        : classificationLoss(classifier.apply(tf.concat(fakes, 0), rng), batchSize);
      const eq5 = totalGeneratorLoss(
        { adversarial, cycle, classification },
        config.lambdaCyc,
        config.lambdaCls,
      );
      const total = withIdentity
        ? tf.add(eq5, tf.mul(tf.addN(identity), config.lambdaIdentity)) as tf.Scalar
        : eq5;
      gVec = tf.keep(
        tf.stack([
          ...adversarial,
          ...cycle,
          ...identity,
          ...(classification ? [classification] : []),
        ]),
      ) as tf.Tensor1D;
      return total;
    }, [...state.gOptimizer.variableList]);
    state.gOptimizer.apply(grads, learningRate);
  });
  return gVec!;
  // exercise train-iteration: end
}

/**
 * The updates of one main-training iteration, with the losses left on the device.
 * @returns `[d_0 … d_{N−1}, adv…, cyc…, cls?]` (G-side values averaged over the G updates); the
 *   caller disposes it
 */
function _iteration(
  state: TrainingState,
  batches: IterationBatches,
  learningRate: number,
): tf.Tensor1D {
  const { config } = state;
  // exercise train-iteration: begin
  const dVec = discriminatorUpdate(state, batches, learningRate);
  let gSum: tf.Tensor | null = null;
  try {
    for (let step = 0; step < config.generatorSteps; step++) {
      const gVec = generatorUpdate(state, batches, learningRate);
      const prev: tf.Tensor | null = gSum;
      if (prev === null) {
        gSum = gVec;
      } else {
        gSum = tf.add(prev, gVec);
        tf.dispose([prev, gVec]);
      }
    }
    return tf.tidy(() => tf.concat([dVec, tf.div(gSum!, config.generatorSteps)]) as tf.Tensor1D);
  } finally {
    tf.dispose([dVec, ...(gSum ? [gSum] : [])]);
  }
  // exercise train-iteration: end
}

function _named(state: TrainingState, read: ArrayLike<number>): IterationLosses {
  const names = lossNames(
    state.model.numClasses,
    state.model.classifier !== null,
    state.config.lambdaIdentity > 0,
  );
  const out: IterationLosses = {};
  names.forEach((name, k) => (out[name] = read[k]));
  return out;
}

/**
 * One main-training iteration (Sec. 4.1): one {@linkcode discriminatorUpdate}, then
 * `config.generatorSteps` (2) {@linkcode generatorUpdate}s, all on the same batches; dropout
 * seeds come from `state.rng`. The losses are read back with one `dataSync`, which backends
 * without synchronous reads (webgpu under Deno) do not support: use
 * {@linkcode trainIterationAsync} there.
 * @param state the training state (variables and optimisers are updated in place)
 * @param batches one source batch and one target batch per emotion (not disposed)
 * @param learningRate the learning rate of this iteration (default `config.learningRate`)
 * @returns the iteration's losses by name, as plain numbers
 */
export function trainIteration(
  state: TrainingState,
  batches: IterationBatches,
  learningRate: number = state.config.learningRate,
): IterationLosses {
  const all = _iteration(state, batches, learningRate);
  try {
    return _named(state, all.dataSync());
  } finally {
    all.dispose();
  }
}

/**
 * {@linkcode trainIteration} with an asynchronous read-back of the losses (one `await data()`):
 * the same updates in the same order, usable on every backend.
 * @param state the training state (variables and optimisers are updated in place)
 * @param batches one source batch and one target batch per emotion (not disposed)
 * @param learningRate the learning rate of this iteration (default `config.learningRate`)
 * @returns the iteration's losses by name, as plain numbers
 */
export async function trainIterationAsync(
  state: TrainingState,
  batches: IterationBatches,
  learningRate: number = state.config.learningRate,
): Promise<IterationLosses> {
  const all = _iteration(state, batches, learningRate);
  try {
    return _named(state, await all.data());
  } finally {
    all.dispose();
  }
}

/** The update of one pre-training iteration; returns the loss tensor (the caller disposes it). */
function _pretrainStep(
  state: TrainingState,
  emotion: number,
  source: tf.Tensor2D,
  target: tf.Tensor2D,
  learningRate: number,
): tf.Scalar {
  const { model } = state;
  if (!Number.isInteger(emotion) || emotion < 0 || emotion >= model.numClasses) {
    throw new RangeError(`Emotion index must be in [0, ${model.numClasses}), found ${emotion}`);
  }
  checkBatch("source", source, model.inputDim);
  checkBatch("target", target, model.inputDim);
  const optimizer = ensurePretrainOptimizers(state)[emotion];
  const { g, f } = model.gans[emotion];
  const rng = state.pretrainRng;
  return tf.tidy(() => {
    const { value, grads } = tf.variableGrads(() => {
      const rs = f.apply(g.apply(source, rng), rng);
      const rt = g.apply(f.apply(target, rng), rng);
      return cycleLoss(source, rs, target, rt);
    }, [...optimizer.variableList]);
    optimizer.apply(grads, learningRate);
    return value;
  });
}

/**
 * One pre-training iteration of the pair G_i, F_i (Sec. 4.1): Adam on the cycle loss only, both
 * directions (eq. 3), dropout seeds from `state.pretrainRng`. Reads the loss with `dataSync`;
 * see {@linkcode pretrainIterationAsync} for backends without synchronous reads.
 * @param state the training state
 * @param emotion the index i of the pair
 * @param source a batch of source rows (not disposed)
 * @param target a batch of emotion-i rows (not disposed)
 * @param learningRate the learning rate (default `config.pretrainLearningRate`)
 * @returns the cycle loss of this iteration, as a number
 */
export function pretrainIteration(
  state: TrainingState,
  emotion: number,
  source: tf.Tensor2D,
  target: tf.Tensor2D,
  learningRate: number = state.config.pretrainLearningRate,
): number {
  const loss = _pretrainStep(state, emotion, source, target, learningRate);
  try {
    return loss.dataSync()[0];
  } finally {
    loss.dispose();
  }
}

/**
 * {@linkcode pretrainIteration} with an asynchronous read-back of the loss.
 * @param state the training state
 * @param emotion the index i of the pair
 * @param source a batch of source rows (not disposed)
 * @param target a batch of emotion-i rows (not disposed)
 * @param learningRate the learning rate (default `config.pretrainLearningRate`)
 * @returns the cycle loss of this iteration, as a number
 */
export async function pretrainIterationAsync(
  state: TrainingState,
  emotion: number,
  source: tf.Tensor2D,
  target: tf.Tensor2D,
  learningRate: number = state.config.pretrainLearningRate,
): Promise<number> {
  const loss = _pretrainStep(state, emotion, source, target, learningRate);
  try {
    return (await loss.data())[0];
  } finally {
    loss.dispose();
  }
}
