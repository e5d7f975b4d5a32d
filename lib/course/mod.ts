/**
 * The course kit: exercises marked in `lib/`, the student release built from them, and the
 * grader that runs the instructor's tests on submissions (`deno task assignment`).
 * @module
 */
export * from "./exercises.ts";
export * from "./markers.ts";
export * from "./notebooks.ts";
export * from "./readme.ts";
export * from "./build.ts";
export * from "./grade.ts";
