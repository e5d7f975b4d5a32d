/**
 * The configuration of the N-CycleGAN method (paper Sec. 2 and 4.1): a typed interface, a frozen
 * default with the paper's values, named profiles as overrides, and {@linkcode resolveConfig}
 * which merges and validates.
 * @module
 */

/** Every setting of the N-CycleGAN method. A run uses `resolveConfig(overrides)`. */
export interface CycleGanConfig {
  /** Hidden layer sizes of G_i and F_i; Sec. 4.1: 1000-500-1000 (output is linear). */
  readonly generatorHidden: readonly number[];
  /** Hidden layer sizes of D_i^T and D_i^S; Sec. 4.1: 1000-1000 (output is one logit). */
  readonly discriminatorHidden: readonly number[];
  /** Hidden layer sizes of the shared classifier C; Sec. 4.1: 100-100 (output is N logits). */
  readonly classifierHidden: readonly number[];
  /** Slope of the leaky ReLU for negative inputs; Sec. 4.1 (TensorFlow's default 0.2). */
  readonly leakyReluAlpha: number;
  /** Dropout rate after every hidden layer of G_i, F_i; Sec. 4.1: 0.2 (keep probability 0.8). */
  readonly generatorDropout: number;
  /** Dropout rate after every hidden layer of D_i^T, D_i^S; reference code: 0.2 (keep 0.8). */
  readonly discriminatorDropout: number;
  /** Dropout rate after every hidden layer of C; reference code: 0.5 (keep 0.5). */
  readonly classifierDropout: number;
  /** λ_cyc, weight of the cycle-consistency loss in eq. 5; Sec. 4.2: 5. */
  readonly lambdaCyc: number;
  /**
   * λ_cls, weight of the classification loss in eq. 5; Sec. 4.2: 0 or 2 (default 2, the proposed
   * model). 0 removes C entirely: no C variables, no C forward pass.
   */
  readonly lambdaCls: number;
  /** Target of real samples, one-sided label smoothing; Sec. 4.1 (Salimans et al.): 0.9. */
  readonly realLabel: number;
  /** Adam learning rate of D and of G(+C) in main training; Sec. 4.1: 2e-4. */
  readonly learningRate: number;
  /** Adam β1 (default 0.9, TensorFlow's default, used by the reference code). */
  readonly beta1: number;
  /** Adam β2 (default 0.999). */
  readonly beta2: number;
  /** Adam ε (default 1e-8, TensorFlow 1.x). */
  readonly epsilon: number;
  /** Factor applied to the learning rate every `lrDecayEvery` epochs; Sec. 4.1: 0.8. */
  readonly lrDecayFactor: number;
  /** Epochs between learning-rate decays: lr(e) = lr · factor^floor(e / every); Sec. 4.1: 50. */
  readonly lrDecayEvery: number;
  /**
   * Rows per batch of every stream (the source and each target class); Sec. 4.1: 64. An epoch has
   * max(1, min over streams of floor(n / batch)) iterations, each stream freshly shuffled per
   * epoch. A stream with fewer rows than the batch (a small class of a small corpus) is cycled:
   * its shuffled order is repeated until the batch is full.
   */
  readonly batchSize: number;
  /** Pre-training epochs of each pair G_i, F_i on the cycle loss only; Sec. 4.1: 10,000. */
  readonly pretrainEpochs: number;
  /** Adam learning rate of pre-training; Sec. 4.1: 2e-4 (no decay). */
  readonly pretrainLearningRate: number;
  /** Main training epochs of the N CycleGANs (+C); Sec. 4.1: 2,000. */
  readonly epochs: number;
  /** G(+C) updates per iteration, after the one D update, on the same batches; Sec. 4.1: 2. */
  readonly generatorSteps: number;
  /**
   * When true, the D optimiser also moves the G_i weights with the D loss, as the authors' public
   * code does (METHOD_NOTES, "Quirk"). Not in the paper and not standard CycleGAN: default false.
   */
  readonly referenceQuirk: boolean;
  /**
   * Synthetic rows per class, drawn (seeded, without replacement) from the source rows; `null`
   * keeps every source row for every emotion, as in the paper (Sec. 4.2, METHOD_NOTES).
   */
  readonly syntheticPerClass: number | null;
  /**
   * How the N CycleGANs draw source batches. `per-gan` (the authors' code, METHOD_NOTES): each
   * CycleGAN has its own shuffle of S, so C sees G_i(s) of different s for different i. `shared`:
   * one source batch for all N per iteration.
   */
  readonly sourceBatches: SourceBatches;
  /**
   * The feature space the generators work in. `minmax` (paper, METHOD_NOTES "Data handling"):
   * each corpus min-max scaled by its own training rows. `zscore`: each corpus standardised by
   * its own training rows' mean and std, generated rows mapped back with the labelled corpus's
   * inverse. Not in the paper: in min-max space the per-feature variance is about 0.02, so the
   * trivial "output the class mean" solution of the cycle loss costs almost nothing.
   */
  readonly synthesisSpace: SynthesisSpace;
  /**
   * The form of G_i and F_i. `plain` (paper): an MLP. `residual`: x + Δ(x), Δ an MLP of the same
   * sizes whose output layer starts at zero, so each generator starts as the identity and keeps
   * the source's variation from the first step (residual learning, He et al., CVPR 2016).
   * `affine-residual`: a ⊙ x + b + Δ(x) with trainable per-feature a, b started at moment
   * matching (G_i maps the source's per-feature mean and std onto class i's, F_i back), so each
   * CycleGAN starts where its untrained twin, per-class moment matching, ends, and training can
   * only add what the adversarial and cycle losses find. Neither is in the paper.
   */
  readonly generatorForm: GeneratorForm;
  /**
   * λ_idt, weight of CycleGAN's identity loss mean((G_i(t) − t)²) + mean((F_i(s) − s)²) (Zhu et
   * al., ICCV 2017, Sec. 5); 0 in the paper (no identity term).
   */
  readonly lambdaIdentity: number;
  /**
   * Minibatch standard deviation in D_i^T and D_i^S (Karras et al., ICLR 2018, Sec. 3): the mean
   * over features of the batch's per-feature std is appended to every row, so a discriminator can
   * see that a batch has no spread. `false` in the paper.
   */
  readonly minibatchStd: boolean;
}

/** How source batches are drawn: see {@linkcode CycleGanConfig.sourceBatches}. */
export type SourceBatches = "per-gan" | "shared";
/** Feature space of the generators: see {@linkcode CycleGanConfig.synthesisSpace}. */
export type SynthesisSpace = "minmax" | "zscore";
/** Form of G_i and F_i: see {@linkcode CycleGanConfig.generatorForm}. */
export type GeneratorForm = "plain" | "residual" | "affine-residual";

/** The paper's values (Sec. 4.1, METHOD_NOTES). Frozen: derive runs with {@linkcode resolveConfig}. */
export const DEFAULT_CYCLEGAN_CONFIG: CycleGanConfig = Object.freeze({
  generatorHidden: Object.freeze([1000, 500, 1000]),
  discriminatorHidden: Object.freeze([1000, 1000]),
  classifierHidden: Object.freeze([100, 100]),
  leakyReluAlpha: 0.2,
  generatorDropout: 0.2,
  discriminatorDropout: 0.2,
  classifierDropout: 0.5,
  lambdaCyc: 5,
  lambdaCls: 2,
  realLabel: 0.9,
  learningRate: 2e-4,
  beta1: 0.9,
  beta2: 0.999,
  epsilon: 1e-8,
  lrDecayFactor: 0.8,
  lrDecayEvery: 50,
  batchSize: 64,
  pretrainEpochs: 10000,
  pretrainLearningRate: 2e-4,
  epochs: 2000,
  generatorSteps: 2,
  referenceQuirk: false,
  syntheticPerClass: null,
  sourceBatches: "per-gan",
  synthesisSpace: "minmax",
  generatorForm: "plain",
  lambdaIdentity: 0,
  minibatchStd: false,
});

/** Names of the built-in profiles. */
export type CycleGanProfile = "paper" | "quick";

/**
 * Named overrides of {@linkcode DEFAULT_CYCLEGAN_CONFIG}. `paper` is the paper as published
 * (plain MLP generators in min-max space). On the bundled corpora it collapses: see the README,
 * "Synthetic data quality".
 *
 * `quick` is for the bundled corpora on two CPU cores: small networks (G 64-32-64, D 32-32), 100
 * training epochs, and these departures from the paper, each measured (issue 9; seeds 1-3,
 * EmoDB → LibriSpeech chunks, 300 rows per class, BENCHMARKS.md "Synthetic data: remedies"):
 * - `generatorForm: "affine-residual"` and `synthesisSpace: "zscore"`: with the paper's plain
 *   generators every G_i collapses to its class centroid (per-feature std ratio 0.047, within-set
 *   NN ratio 0.022, cycle reconstruction 1.05 × the variance, i.e. no better than the mean);
 *   z-space alone reaches a std ratio of 0.37, residual generators alone keep the spread but
 *   recover little of the class-mean gap in min-max space (Table 1 0.057-0.079). The moment-
 *   initialised affine residual in z-space keeps both: std ratio 1.04, NN ratio 1.09, cycle
 *   reconstruction 0.058, Table 1 0.032 against the source's 0.106.
 * - `pretrainEpochs: 0`: an affine-residual pair starts with F_i the exact inverse of G_i, so
 *   the cycle loss that pre-training minimises starts at zero (float rounding) and there is
 *   nothing to pre-train.
 * - batch 16 instead of 64 (the bundled EmoDB has 62 sad rows: at 64 an epoch is a single
 *   iteration; at 16 it is three); learning rate 5e-3 instead of 2e-4, decaying by 0.8 every 20
 *   epochs instead of 50 (about 400 iterations instead of the paper's tens of thousands; at
 *   1e-3 the generators end farther from the target than the source, Table 1 0.22).
 */
export const CYCLEGAN_PROFILES: Readonly<Record<CycleGanProfile, Partial<CycleGanConfig>>> = Object
  .freeze({
    paper: Object.freeze({}),
    quick: Object.freeze({
      generatorHidden: Object.freeze([64, 32, 64]),
      discriminatorHidden: Object.freeze([32, 32]),
      batchSize: 16,
      learningRate: 5e-3,
      pretrainLearningRate: 5e-3,
      pretrainEpochs: 0,
      epochs: 100,
      lrDecayEvery: 20,
      generatorForm: "affine-residual",
      synthesisSpace: "zscore",
    }),
  });

const LAYER_FIELDS = ["generatorHidden", "discriminatorHidden", "classifierHidden"] as const;
const RATE_FIELDS = ["generatorDropout", "discriminatorDropout", "classifierDropout"] as const;
const POSITIVE_INT_FIELDS = ["lrDecayEvery", "batchSize", "generatorSteps"] as const;
const NON_NEGATIVE_INT_FIELDS = ["pretrainEpochs", "epochs"] as const;
const POSITIVE_FIELDS = ["learningRate", "pretrainLearningRate", "epsilon"] as const;
const NON_NEGATIVE_FIELDS = ["lambdaCyc", "lambdaCls", "leakyReluAlpha", "lambdaIdentity"] as const;
const CHOICE_FIELDS = {
  sourceBatches: ["per-gan", "shared"],
  synthesisSpace: ["minmax", "zscore"],
  generatorForm: ["plain", "residual", "affine-residual"],
} as const;
const UNIT_OPEN_FIELDS = ["beta1", "beta2"] as const;

function num(field: string, value: unknown): number {
  if (typeof value !== "number" || !Number.isFinite(value)) {
    throw new TypeError(`Config field "${field}" must be a finite number, found ${String(value)}`);
  }
  return value;
}

/**
 * Merges overrides into the defaults (or into a profile) and validates every field.
 *
 * @example
 * ```ts
 * import { resolveConfig } from "./config.ts";
 * const config = resolveConfig({ lambdaCls: 0 }, "quick");
 * if (config.lambdaCls !== 0 || config.epochs !== 100) throw new Error("unexpected config");
 * ```
 * @param overrides fields to change (unknown fields are rejected)
 * @param profile a named profile applied before the overrides (default `paper`)
 * @returns the frozen, validated configuration
 * @throws {TypeError} for an unknown field or a value of the wrong type
 * @throws {RangeError} for a value outside its range, naming the field
 */
export function resolveConfig(
  overrides: Partial<CycleGanConfig> = {},
  profile: CycleGanProfile = "paper",
): CycleGanConfig {
  const base = CYCLEGAN_PROFILES[profile];
  if (base === undefined) {
    throw new RangeError(
      `Unknown profile "${profile}", expected one of ${Object.keys(CYCLEGAN_PROFILES).join(", ")}`,
    );
  }
  for (const key of Object.keys(overrides)) {
    if (!(key in DEFAULT_CYCLEGAN_CONFIG)) {
      throw new TypeError(`Unknown config field "${key}"`);
    }
  }
  const merged: Record<string, unknown> = { ...DEFAULT_CYCLEGAN_CONFIG, ...base };
  for (const [key, value] of Object.entries(overrides)) {
    if (value !== undefined) merged[key] = value;
  }
  for (const field of LAYER_FIELDS) {
    const sizes = merged[field];
    if (!Array.isArray(sizes)) {
      throw new TypeError(`Config field "${field}" must be an array of layer sizes`);
    }
    if (sizes.length === 0 || !sizes.every((s) => Number.isInteger(s) && s > 0)) {
      throw new RangeError(
        `Config field "${field}" must hold at least one positive integer, found [${sizes}]`,
      );
    }
    merged[field] = Object.freeze([...sizes]);
  }
  for (const field of RATE_FIELDS) {
    const v = num(field, merged[field]);
    if (v < 0 || v >= 1) {
      throw new RangeError(`Config field "${field}" must be in [0, 1), found ${v}`);
    }
  }
  for (const field of POSITIVE_INT_FIELDS) {
    const v = num(field, merged[field]);
    if (!Number.isInteger(v) || v < 1) {
      throw new RangeError(`Config field "${field}" must be a positive integer, found ${v}`);
    }
  }
  for (const field of NON_NEGATIVE_INT_FIELDS) {
    const v = num(field, merged[field]);
    if (!Number.isInteger(v) || v < 0) {
      throw new RangeError(`Config field "${field}" must be a non-negative integer, found ${v}`);
    }
  }
  for (const field of POSITIVE_FIELDS) {
    const v = num(field, merged[field]);
    if (v <= 0) throw new RangeError(`Config field "${field}" must be positive, found ${v}`);
  }
  for (const field of NON_NEGATIVE_FIELDS) {
    const v = num(field, merged[field]);
    if (v < 0) throw new RangeError(`Config field "${field}" must be non-negative, found ${v}`);
  }
  for (const field of UNIT_OPEN_FIELDS) {
    const v = num(field, merged[field]);
    if (v < 0 || v >= 1) {
      throw new RangeError(`Config field "${field}" must be in [0, 1), found ${v}`);
    }
  }
  const realLabel = num("realLabel", merged.realLabel);
  if (realLabel <= 0 || realLabel > 1) {
    throw new RangeError(`Config field "realLabel" must be in (0, 1], found ${realLabel}`);
  }
  const decay = num("lrDecayFactor", merged.lrDecayFactor);
  if (decay <= 0 || decay > 1) {
    throw new RangeError(`Config field "lrDecayFactor" must be in (0, 1], found ${decay}`);
  }
  for (const field of ["referenceQuirk", "minibatchStd"] as const) {
    if (typeof merged[field] !== "boolean") {
      throw new TypeError(
        `Config field "${field}" must be a boolean, found ${String(merged[field])}`,
      );
    }
  }
  for (const [field, allowed] of Object.entries(CHOICE_FIELDS)) {
    if (!(allowed as readonly unknown[]).includes(merged[field])) {
      throw new RangeError(
        `Config field "${field}" must be one of ${allowed.join(", ")}, found ${
          String(merged[field])
        }`,
      );
    }
  }
  const perClass = merged.syntheticPerClass;
  if (perClass !== null) {
    const v = num("syntheticPerClass", perClass);
    if (!Number.isInteger(v) || v < 1) {
      throw new RangeError(
        `Config field "syntheticPerClass" must be null or a positive integer, found ${v}`,
      );
    }
  }
  return Object.freeze(merged) as unknown as CycleGanConfig;
}
