/**
 * Networks of the paper (Sec. 2, Sec. 4.1) and their configuration.
 *
 * ## Notation (paper ↔ code)
 * | paper | code | role |
 * |---|---|---|
 * | S | source stream (`source`) | the unlabelled corpus (TEDLIUM in the paper) |
 * | T_i | target stream `i` | rows of emotion i of the labelled corpus X |
 * | G_i | `gans[i].g`, variables `G_i/…` | generator S → T_i; G_i(S) is the synthetic data |
 * | F_i | `gans[i].f`, variables `F_i/…` | generator T_i → S |
 * | D_i^T | `gans[i].dT`, variables `D_T_i/…` | discriminator: real t vs G_i(s) |
 * | D_i^S | `gans[i].dS`, variables `D_S_i/…` | discriminator: real s vs F_i(t) |
 * | C | `classifier`, variables `C/…` | shared classifier on G_i(S) of all i (eq. 4) |
 * | λ^cyc | `config.lambdaCyc` (5) | weight of the cycle loss (eq. 3) in eq. 5 |
 * | λ^cls | `config.lambdaCls` (0 or 2) | weight of the classification loss (eq. 4) in eq. 5 |
 *
 * Sizes (Sec. 4.1): G_i, F_i 1582-1000-500-1000-1582 (linear output); D_i^T, D_i^S
 * 1582-1000-1000-1 (a logit); C 1582-100-100-N. Leaky ReLU (0.2) and dropout after every hidden
 * layer (rate 0.2 in G, F, D; 0.5 in C), Glorot-uniform weights drawn from the seeded `Rng`, zero
 * biases. Variable names follow TensorFlow's layer naming: `G_0/dense_1/kernel`,
 * `G_0/dense_1/bias`, ….
 *
 * @example
 * ```ts
 * import { createModel, disposeModel, resolveConfig } from "./mod.ts";
 * import { Rng } from "../random.ts";
 * const config = resolveConfig({ generatorHidden: [8], discriminatorHidden: [4] });
 * const model = createModel(config, { inputDim: 6, numClasses: 4 }, new Rng(1));
 * if (model.variables[0].name !== "G_0/dense_1/kernel") throw new Error("unexpected name");
 * disposeModel(model);
 * ```
 * @module
 */
export * from "./config.ts";
export * from "./mlp.ts";
export * from "./ncyclegan.ts";
