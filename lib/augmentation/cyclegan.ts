/**
 * The paper's method as one {@linkcode Augmenter}: N CycleGANs (+ the shared classifier C when
 * λ_cls > 0) trained from the unlabelled source S to the fold's training rows of each emotion,
 * then G_i applied to source rows (Sec. 2, 4.1, 4.2). A thin wrapper around
 * `lib/training/synthesize.ts`, which does the scaling, pre-training, training and generation.
 *
 * Settings: `lambda_cls` (eq. 5's weight of the classification loss; default the profile's, 2 in
 * the paper). Everything else comes from the CycleGAN configuration handed to the constructor
 * (the profile's `cyclegan` overrides), so `cyclegan:lambda_cls=0` names a complete run.
 * @module
 */
import * as tf from "@tensorflow/tfjs-core";
import { subsetCorpus } from "../data/corpus.ts";
import type { Corpus } from "../data/types.ts";
import { type CycleGanConfig, DEFAULT_CYCLEGAN_CONFIG, resolveConfig } from "../models/config.ts";
import { Rng } from "../random.ts";
import type { DiversityRecord } from "../training/monitor.ts";
import { iterationsPerEpoch } from "../training/schedule.ts";
import { type SynthesisProgress, synthesize } from "../training/synthesize.ts";
import {
  createTrainingState,
  disposeTrainingState,
  trainIterationAsync,
} from "../training/trainer.ts";
import {
  type Augmenter,
  type AugmenterParam,
  type AugmenterSpec,
  type FitContext,
  parseAugmenterSpec,
} from "./augmenter.ts";
import type { FitShape, FitWork, WorkEstimate } from "./work.ts";

/** The registry name of the CycleGAN augmenter. */
export const CYCLEGAN = "cyclegan";

/** One recorded loss value of a fit, as plain data. */
export interface FitLossPoint {
  /** `pretrain` or `train`. */
  readonly phase: "pretrain" | "train";
  /** Epoch index (0-based). */
  readonly epoch: number;
  /** Loss name as recorded by the trainer, e.g. `d_0`, `g_adv_0`, `cyc_0`, `cls`, `pre_cyc_0`. */
  readonly name: string;
  /** Mean over the epoch's iterations. */
  readonly value: number;
}

/**
 * λ_cls of a CycleGAN spec.
 * @param spec a spec (parsed or text)
 * @returns its λ_cls (the paper's default 2 when the spec does not set it), or `null` for a spec
 *   of another method
 */
export function cycleganLambda(spec: AugmenterSpec | string): number | null {
  const s = typeof spec === "string" ? parseAugmenterSpec(spec) : spec;
  if (s.name !== CYCLEGAN) return null;
  const l = s.params.lambda_cls;
  return typeof l === "number" ? l : DEFAULT_CYCLEGAN_CONFIG.lambdaCls;
}

function _lambda(params: Readonly<Record<string, AugmenterParam>>, fallback: number): number {
  for (const key of Object.keys(params)) {
    if (key !== "lambda_cls") {
      throw new TypeError(`Unknown setting "${key}" of augmenter cyclegan, expected lambda_cls`);
    }
  }
  const l = params.lambda_cls ?? fallback;
  if (typeof l !== "number" || !Number.isFinite(l) || l < 0) {
    throw new RangeError(`Expected cyclegan lambda_cls to be a number ≥ 0, found ${String(l)}`);
  }
  return l;
}

/** The paper's CycleGAN data augmentation (see the module documentation). */
export class CycleGanAugmenter implements Augmenter, FitWork {
  /** Registry name. */
  readonly name = CYCLEGAN;
  /** The resolved settings: `lambda_cls`. */
  readonly params: Readonly<{ lambda_cls: number }>;
  /** The CycleGAN reads the unlabelled source corpus. */
  readonly usesSource = true;
  /** The resolved CycleGAN configuration of every fit (λ_cls included). */
  readonly config: CycleGanConfig;
  // Learnt state.
  #synthetic: Corpus | null = null;
  #seed = 0;
  #losses: FitLossPoint[] = [];
  #seconds = 0;
  #resumed: { phase: string; epoch: number } | null = null;
  #diversity: readonly DiversityRecord[] = [];

  /**
   * @param params `lambda_cls` (optional; default the configuration's λ_cls)
   * @param config CycleGAN overrides of the paper's defaults (the profile's), without λ_cls
   * @throws {TypeError} for an unknown setting; {RangeError} for a negative λ_cls or a bad config
   */
  constructor(
    params: Readonly<Record<string, AugmenterParam>> = {},
    config: Readonly<Partial<CycleGanConfig>> = {},
  ) {
    const base = resolveConfig(config);
    const lambdaCls = _lambda(params, base.lambdaCls);
    this.params = Object.freeze({ lambda_cls: lambdaCls });
    this.config = resolveConfig({ ...config, lambdaCls });
  }

  /** Whether {@linkcode CycleGanAugmenter.fit} has run. */
  get fitted(): boolean {
    return this.#synthetic !== null;
  }

  /**
   * Trains the CycleGANs on the fold's training rows and the source, then generates
   * `config.syntheticPerClass` rows per class (every source row when it is `null`).
   * @param train the fold's labelled training rows
   * @param context seed, source corpus (required), progress, cancellation, checkpoint folder
   * @returns this augmenter, fitted
   * @throws {TypeError} without a source corpus
   */
  async fit(train: Corpus, context: FitContext): Promise<this> {
    if (!context.source) {
      throw new TypeError("The cyclegan augmenter needs the unlabelled source corpus, found none");
    }
    const total = this.config.pretrainEpochs + this.config.epochs;
    const onProgress = context.onProgress;
    const res = await synthesize(train, context.source, {
      config: this.config,
      seed: context.seed,
      signal: context.signal,
      checkpointDir: context.checkpointDir,
      resume: context.checkpointDir !== undefined,
      // About 20 diversity records per phase, whatever the epoch count.
      diversityEvery: Math.max(1, Math.round(this.config.epochs / 20)),
      pretrainDiversityEvery: Math.max(1, Math.round(this.config.pretrainEpochs / 20)),
      onProgress: onProgress
        ? (p: SynthesisProgress) =>
          onProgress(
            p.phase === "generate" ? { phase: "generate", done: p.rowsDone, total: p.rowsTotal } : {
              phase: p.phase,
              done: p.epoch + (p.phase === "train" ? this.config.pretrainEpochs : 0),
              total,
              message: `${p.phase} ${p.epoch}/${p.epochs}`,
              ...(p.warning ? { warning: p.warning } : {}),
            },
          )
        : undefined,
    });
    const losses: FitLossPoint[] = [];
    for (
      const [phase, history] of [["pretrain", res.pretrainHistory], ["train", res.history]] as const
    ) {
      for (const [name, values] of Object.entries(history)) {
        values.forEach((value, epoch) => losses.push({ phase, epoch, name, value }));
      }
    }
    this.#synthetic = res.synthetic;
    this.#seed = context.seed;
    this.#losses = losses;
    this.#seconds = res.timings.totalSeconds;
    this.#resumed = res.resumedFrom;
    this.#diversity = res.diversity;
    return this;
  }

  /**
   * The synthetic rows, class by class, ids `<source id>_syn_<class>`.
   * @param perClass rows per class: `null` for every row generated at fit; fewer than were
   *   generated gives a seeded subset (the same for the same fit seed)
   * @returns the labelled synthetic corpus, in the training corpus's feature units
   * @throws {Error} before `fit`; {RangeError} for more rows than the fit generated
   */
  generate(perClass: number | null): Promise<Corpus> {
    const syn = this.#synthetic;
    if (syn === null) throw new Error("CycleGanAugmenter.generate() needs fit() first");
    if (perClass === null) return Promise.resolve(syn);
    const byClass: number[][] = syn.classes.map(() => []);
    syn.labels!.forEach((y, r) => byClass[y].push(r));
    const available = Math.min(...byClass.map((r) => r.length));
    if (!Number.isInteger(perClass) || perClass < 1 || perClass > available) {
      throw new RangeError(
        `Expected rows per class in [1, ${available}] (what the fit generated; raise the ` +
          `CycleGAN's syntheticPerClass for more), found ${perClass}`,
      );
    }
    if (byClass.every((r) => r.length === perClass)) return Promise.resolve(syn);
    const rng = new Rng(this.#seed);
    const keep = byClass.flatMap((rows) =>
      Array.from(rng.permutation(rows.length).subarray(0, perClass)).sort((a, b) => a - b).map(
        (k) => rows[k],
      )
    );
    return Promise.resolve(subsetCorpus(syn, keep));
  }

  /**
   * Loss curves of the last fit (`lossCurves`), the trainer's diversity records (`diversity`,
   * `lib/training/monitor.ts`), its seconds and where it resumed from.
   */
  diagnostics(): Readonly<Record<string, unknown>> {
    return {
      lossCurves: this.#losses,
      diversity: this.#diversity,
      seconds: this.#seconds,
      resumedFrom: this.#resumed,
    };
  }

  /**
   * Work of one fit in main-iteration equivalents, from training's own schedule
   * (`iterationsPerEpoch`): `epochs` × the iterations of one main epoch, plus `pretrainEpochs` ×
   * the pre-training iterations of one epoch over all N CycleGANs divided by N (a pre-training
   * iteration updates one CycleGAN's cycle, about 1/N of a main iteration).
   * @param shape training rows per class and source rows
   * @returns iterations
   */
  fitWork(shape: FitShape): WorkEstimate {
    const c = this.config;
    const counts = shape.classRows.map((n) => Math.max(1, n));
    const source = Math.max(1, shape.sourceRows);
    const main = iterationsPerEpoch([source, ...counts], c.batchSize);
    const pre = counts.reduce((a, n) => a + iterationsPerEpoch([source, n], c.batchSize), 0) /
      Math.max(1, counts.length);
    return { units: Math.round(c.pretrainEpochs * pre + c.epochs * main), unit: "iteration" };
  }

  /**
   * Times main N-CycleGAN iterations of this configuration on random data: the median of at least
   * five after two untimed ones (kernel compilation, first allocations), for at least two seconds;
   * losses read back asynchronously, as webgpu requires.
   * @param shape features per row and number of classes
   * @returns seconds per iteration
   */
  async measureUnitSeconds(shape: FitShape): Promise<number> {
    const dim = shape.cols, n = shape.classRows.length, batch = this.config.batchSize;
    const rng = new Rng(12345);
    const random = () => {
      const data = new Float32Array(batch * dim);
      for (let i = 0; i < data.length; i++) data[i] = rng.float();
      return tf.tensor2d(data, [batch, dim]);
    };
    const state = createTrainingState(this.config, { inputDim: dim, numClasses: n }, 1);
    const source = random();
    const targets = Array.from({ length: n }, random);
    const times: number[] = [];
    try {
      for (let k = 0, spent = 0; k < 2 || times.length < 5 || spent < 2; k++) {
        const t0 = performance.now();
        await trainIterationAsync(state, { source, targets });
        const seconds = (performance.now() - t0) / 1000;
        if (k >= 2) {
          times.push(seconds);
          spent += seconds;
        }
        if (times.length >= 50) break;
      }
    } finally {
      tf.dispose([source, ...targets]);
      disposeTrainingState(state);
    }
    return [...times].sort((a, b) => a - b)[Math.floor(times.length / 2)];
  }
}

/**
 * Registry factory of {@linkcode CycleGanAugmenter}.
 * @param params `lambda_cls`
 * @param config the profile's CycleGAN overrides
 * @returns an unfitted augmenter
 */
export function createCycleGan(
  params: Readonly<Record<string, AugmenterParam>>,
  config: Readonly<Partial<CycleGanConfig>> = {},
): CycleGanAugmenter {
  return new CycleGanAugmenter(params, config);
}
