/**
 * The paper's losses as pure functions, one per file (eq. 1-5). Each takes tensors and returns a
 * scalar tensor that the caller disposes.
 * @module
 */
export * from "./sigmoid_cross_entropy.ts";
export * from "./discriminator_loss.ts";
export * from "./generator_adversarial_loss.ts";
export * from "./cycle_loss.ts";
export * from "./classification_loss.ts";
export * from "./total_generator_loss.ts";
