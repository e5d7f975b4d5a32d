/**
 * Data augmentation as a comparable thing: the {@linkcode Augmenter} interface, its
 * implementations (the paper's CycleGAN; the baselines join as they land), the registry that finds
 * them by name, and the cost of a long fit for planning.
 * @module
 */
export * from "./augmenter.ts";
export * from "./cyclegan.ts";
export * from "./registry.ts";
export * from "./work.ts";
export * from "./oversample.ts";
export * from "./noise.ts";
export * from "./smote.ts";
export * from "./mixup.ts";
export * from "./moments.ts";
