/**
 * The paper's model (Sec. 2, Fig. 1): N CycleGANs, one per emotion, each with generators G_i,
 * F_i and discriminators D_i^T, D_i^S, plus a classifier C shared by all of them.
 * @module
 */
import type { Rng } from "../random.ts";
import type { CycleGanConfig } from "./config.ts";
import { type AffineInit, Mlp, type NamedVariable } from "./mlp.ts";

/** The four networks of the CycleGAN of one emotion i. */
export interface EmotionCycleGan {
  /** G_i: source → emotion i (`G_i`). */
  readonly g: Mlp;
  /** F_i: emotion i → source (`F_i`). */
  readonly f: Mlp;
  /** D_i^T: real emotion-i rows vs G_i(s) (`D_T_i`). */
  readonly dT: Mlp;
  /** D_i^S: real source rows vs F_i(t) (`D_S_i`). */
  readonly dS: Mlp;
}

/** Sizes that come from the data, not from the configuration. */
export interface ModelShape {
  /** Features per row (1582 for emobase2010). */
  readonly inputDim: number;
  /** Number of emotions N (one CycleGAN each, N logits in C). */
  readonly numClasses: number;
  /**
   * Starting skips of G_i and F_i for `generatorForm: "affine-residual"`, one pair per emotion
   * (see `momentSkips` in lib/training); absent: identity skips (scale 1, shift 0).
   */
  readonly skips?: readonly { readonly g: AffineInit; readonly f: AffineInit }[];
}

/** N CycleGANs and the shared classifier C, with their variables grouped by role. */
export interface NCycleGanModel {
  /** Features per row. */
  readonly inputDim: number;
  /** Number of emotions N. */
  readonly numClasses: number;
  /** One CycleGAN per emotion, in class order. */
  readonly gans: readonly EmotionCycleGan[];
  /** The shared classifier C, or `null` when λ_cls = 0 (no C at all). */
  readonly classifier: Mlp | null;
  /** Every variable of the model, by name. */
  readonly variables: readonly NamedVariable[];
}

/**
 * Builds the model with fresh weights (Glorot uniform from `rng`, zero biases).
 *
 * Layer sizes: G_i, F_i `inputDim-generatorHidden-inputDim` (linear output); D_i^T, D_i^S
 * `inputDim-discriminatorHidden-1` (a logit); C `inputDim-classifierHidden-N` (N logits), only
 * when `config.lambdaCls > 0`. Variables are drawn in the order G_0, F_0, D_T_0, D_S_0, G_1, ...,
 * C, so the same seed gives the same weights.
 * @param config the resolved configuration
 * @param shape input width and number of emotions
 * @param rng generator for the initial weights
 * @returns the model; release it with {@linkcode disposeModel}
 */
export function createModel(config: CycleGanConfig, shape: ModelShape, rng: Rng): NCycleGanModel {
  const { inputDim, numClasses } = shape;
  if (!Number.isInteger(inputDim) || inputDim < 1) {
    throw new RangeError(`Model input width must be a positive integer, found ${inputDim}`);
  }
  if (!Number.isInteger(numClasses) || numClasses < 1) {
    throw new RangeError(`Model needs at least one emotion, found ${numClasses}`);
  }
  const alpha = config.leakyReluAlpha;
  const gans: EmotionCycleGan[] = [];
  for (let i = 0; i < numClasses; i++) {
    const gSizes = [inputDim, ...config.generatorHidden, inputDim];
    const dSizes = [inputDim, ...config.discriminatorHidden, 1];
    const affine = config.generatorForm === "affine-residual";
    if (affine && shape.skips !== undefined && shape.skips.length !== numClasses) {
      throw new RangeError(
        `Expected ${numClasses} generator skips (one pair per emotion), found ${shape.skips.length}`,
      );
    }
    const identity: AffineInit = {
      scale: new Float32Array(inputDim).fill(1),
      shift: new Float32Array(inputDim),
    };
    const generator = (name: string, skip: AffineInit | undefined) =>
      new Mlp({
        name,
        sizes: gSizes,
        alpha,
        dropout: config.generatorDropout,
        residual: config.generatorForm !== "plain",
        ...(affine ? { skip: skip ?? identity } : {}),
      }, rng);
    const discriminator = (name: string) =>
      new Mlp({
        name,
        sizes: dSizes,
        alpha,
        dropout: config.discriminatorDropout,
        minibatchStd: config.minibatchStd,
      }, rng);
    gans.push({
      g: generator(`G_${i}`, shape.skips?.[i].g),
      f: generator(`F_${i}`, shape.skips?.[i].f),
      dT: discriminator(`D_T_${i}`),
      dS: discriminator(`D_S_${i}`),
    });
  }
  const classifier = config.lambdaCls > 0
    ? new Mlp({
      name: "C",
      sizes: [inputDim, ...config.classifierHidden, numClasses],
      alpha,
      dropout: config.classifierDropout,
    }, rng)
    : null;
  const variables = [
    ...gans.flatMap((
      p,
    ) => [...p.g.variables, ...p.f.variables, ...p.dT.variables, ...p.dS.variables]),
    ...(classifier?.variables ?? []),
  ];
  return { inputDim, numClasses, gans, classifier, variables };
}

/**
 * Variables of the generators G_i and F_i of every emotion.
 * @param model the model
 * @returns the named variables, G_0, F_0, G_1, F_1, ...
 */
export function generatorVariables(model: NCycleGanModel): NamedVariable[] {
  return model.gans.flatMap((p) => [...p.g.variables, ...p.f.variables]);
}

/**
 * Variables of the discriminators D_i^T and D_i^S of every emotion.
 * @param model the model
 * @returns the named variables, D_T_0, D_S_0, D_T_1, ...
 */
export function discriminatorVariables(model: NCycleGanModel): NamedVariable[] {
  return model.gans.flatMap((p) => [...p.dT.variables, ...p.dS.variables]);
}

/**
 * Variables of the classifier C (none when λ_cls = 0).
 * @param model the model
 * @returns the named variables of C
 */
export function classifierVariables(model: NCycleGanModel): NamedVariable[] {
  return [...(model.classifier?.variables ?? [])];
}

/**
 * Frees every variable of the model.
 * @param model the model to release
 */
export function disposeModel(model: NCycleGanModel): void {
  for (const { variable } of model.variables) variable.dispose();
}
