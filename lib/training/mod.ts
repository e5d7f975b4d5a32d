/**
 * Training of the N-CycleGAN model (paper Sec. 4.1) and synthesis of the synthetic corpus
 * (Sec. 4.2): optimiser state, schedule, one iteration, the epoch loop with checkpoints and
 * resume, generation, and the {@linkcode synthesize} pipeline.
 * @module
 */
export * from "./adam_optimizer.ts";
export * from "./checkpoint.ts";
export * from "./diversity.ts";
export * from "./errors.ts";
export * from "./generate.ts";
export * from "./monitor.ts";
export * from "./schedule.ts";
export * from "./synthesize.ts";
export * from "./train_model.ts";
export * from "./trainer.ts";
export * from "./write_corpus.ts";
