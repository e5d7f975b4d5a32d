/**
 * The public surface of the toolkit: notebooks and the command line import from here only.
 * @module
 */
export * from "./random.ts";
export * from "./backend.ts";
export * from "./data/types.ts";
