/**
 * The student release's README: what to implement, how to run the tests, how grading works.
 * @module
 */
import { type Exercise, exerciseTestPath, maxPoints } from "./exercises.ts";
import type { Region } from "./markers.ts";

/** The default time limit of one exercise's tests when grading, in seconds. */
export const DEFAULT_TIME_LIMIT_S = 60;

/**
 * The README of a student release.
 * @param exercises the exercises of the release
 * @param regions their regions (for the files to edit)
 * @param timeLimitS the grader's time limit per exercise, in seconds
 * @returns Markdown
 */
export function studentReadme(
  exercises: readonly Exercise[],
  regions: readonly Region[],
  timeLimitS: number = DEFAULT_TIME_LIMIT_S,
): string {
  const files = (e: Exercise) =>
    [...new Set(regions.filter((r) => r.id === e.id).map((r) => r.file))]
      .map((f) => `\`${f}\``).join(", ");
  const rows = exercises.map((e, i) =>
    `| ${
      i + 1
    } | \`${e.id}\` | ${e.title} | ${e.paper} | ${e.notebook}, exercise ${e.number} | ${e.points} |`
  );
  const sections = exercises.map((e, i) =>
    [
      `### ${i + 1}. ${e.title} (\`${e.id}\`, ${e.points} points)`,
      "",
      `${e.task}`,
      "",
      `- Files: ${files(e)}.`,
      `- Notebook \`notebooks/${e.notebook}_*.ipynb\`, "Exercises", item ${e.number} (paper ${e.paper}).`,
      `- Public tests: \`${exerciseTestPath(e)}\`.`,
    ].join("\n")
  );
  return `# Assignment: CycleGAN-based emotion style transfer for speech emotion recognition

This is a working toolkit that reproduces Bao, Neumann and Vu, _"CycleGAN-based Emotion Style
Transfer as Data Augmentation for Speech Emotion Recognition"_ (Interspeech 2019), with
${exercises.length} parts taken out. Each part is the body of one or more functions in \`lib/\`, between
the lines \`// exercise <id>: begin\` and \`// exercise <id>: end\`. Until you write it, it throws
\`Exercise "<id>" is not implemented yet (…)\`, and so does everything that depends on it.
\`TOOLKIT.md\` describes the toolkit; the notebooks in \`notebooks/\` explain the method step by step.

| # | id | what | paper | notebook | points |
| - | -- | ---- | ----- | -------- | ------ |
${rows.join("\n")}

Total: ${maxPoints(exercises)} points.

## What to implement

Each function's documentation says what it computes and which equation it implements. Keep the
signatures, the file names and the code outside the markers; write your solution between the
markers (helpers of your own may go in the same file).

${sections.join("\n\n")}

## Running the tests

\`\`\`sh
deno install                                   # once: the npm packages of deno.json
deno task test                                 # every public exercise test
deno test -A tests/exercises/eq3_cycle_loss_test.ts   # one exercise
deno task grade                                # your score, computed as the grader does
deno task check                                # formatting, lint and type check
\`\`\`

Right after you receive the project every exercise test fails: the stubs throw. That is expected.

## How grading works

The instructor runs \`deno task assignment grade <your folder>\` with the instructor's own copy
of the exercise tests; your copy of \`tests/\` is never used, so editing it changes nothing. The
public tests here are the tests that grade you.

- Each exercise's tests run in a subprocess of their own, against your \`lib/\`, with read
  access to your folder only (no writing, no network, no environment variables) and a time
  limit of ${timeLimitS} s.
- An exercise scores its points times the share of its tests that pass. A test that fails, a
  crash, an infinite loop, a missing file or a syntax error costs that exercise only.
- The grader runs your code without type-checking it: run \`deno task check\` yourself.
- Imports: only what \`deno.json\` maps (TensorFlow.js, simple-statistics, …) and files of your
  own project.
`;
}
