/**
 * The course's exercises: one row per exercise, the only place that names them.
 *
 * An exercise's solution is a region of `lib/` between two marker lines inside a function body:
 *
 * ```ts
 * export function cycleLoss(source: tf.Tensor, …): tf.Scalar {
 *   if (…) throw new RangeError(…); // validation stays in the student release
 *   // exercise eq3-cycle-loss: begin
 *   return tf.tidy(() => …); // the solution: replaced by a stub that throws
 *   // exercise eq3-cycle-loss: end
 * }
 * ```
 *
 * One exercise may have several regions, in several files (one per function to write). A region
 * runs to the end of its function body, so the stub that replaces it keeps the function's
 * signature and the file type-checks. Adding an exercise is adding its markers, one row below
 * and its test file `tests/exercises/<id with _ for ->_test.ts`; `exercises_test.ts` checks that
 * the three agree.
 * @module
 */

/** One exercise of the course. */
export interface Exercise {
  /** Stable id, as written in the markers: lower case, digits and `-`. */
  readonly id: string;
  /** What the student writes, in a few words. */
  readonly title: string;
  /** Where the paper defines it: `eq. 3`, `Sec. 4.3`. */
  readonly paper: string;
  /** Points the exercise is worth. */
  readonly points: number;
  /** The notebook whose "Exercises" list holds it: its two-digit number, e.g. `01`. */
  readonly notebook: string;
  /** Its number in that notebook's "Exercises" list. */
  readonly number: number;
  /** What to implement and what the tests check, for the student README (one or two sentences). */
  readonly task: string;
}

/** The exercises of the course, in the order the student README lists them. */
export const EXERCISES: readonly Exercise[] = Object.freeze([
  {
    id: "eq1-2-adversarial",
    title: "Adversarial losses with one-sided label smoothing",
    paper: "eq. 1-2",
    points: 15,
    notebook: "01",
    number: 1,
    task: "`sigmoidCrossEntropy` (numerically stable, any target in [0, 1]), `discriminatorLoss` " +
      "(real rows against 0.9, generated rows against 0) and the non-saturating " +
      "`generatorAdversarialLoss`, in `lib/losses/`.",
  },
  {
    id: "eq3-cycle-loss",
    title: "Cycle-consistency loss in both directions",
    paper: "eq. 3",
    points: 10,
    notebook: "01",
    number: 3,
    task: "`cycleLoss` in `lib/losses/cycle_loss.ts`: the element-mean squared reconstruction " +
      "error of F_i(G_i(s)) against s plus that of G_i(F_i(t)) against t.",
  },
  {
    id: "eq4-5-objective",
    title: "Classification loss on the concatenated G_i(S) and the total generator objective",
    paper: "eq. 4-5",
    points: 15,
    notebook: "01",
    number: 4,
    task: "`classificationLoss` (softmax cross-entropy of C on the stacked batches, rows of " +
      "G_i(s) labelled i) and `totalGeneratorLoss` (Σ_i adv_i + λ_cyc Σ_i cyc_i + λ_cls cls), " +
      "in `lib/losses/`.",
  },
  {
    id: "train-iteration",
    title: "One training iteration: one D update, then two G(+C) updates",
    paper: "Sec. 4.1",
    points: 20,
    notebook: "01",
    number: 5,
    task: "`discriminatorUpdate` (moves every D_i^T, D_i^S and nothing else; G_i with " +
      "`referenceQuirk`), `generatorUpdate` (eq. 5, plus the identity loss when λ_idt > 0; moves " +
      "G_i, F_i and C, never D) and `_iteration` (one D update, then `config.generatorSteps` G " +
      "updates on the same batches, G-side losses averaged), in `lib/training/trainer.ts`. " +
      "It calls your losses (`eq1-2-adversarial`, `eq3-cycle-loss`, `eq4-5-objective`).",
  },
  {
    id: "uar-confusion",
    title: "UAR and the confusion matrix",
    paper: "Sec. 4.3",
    points: 10,
    notebook: "04",
    number: 5,
    task: "`confusionMatrix` (`[true][predicted]` counts) and `uarFromConfusion` (mean recall " +
      "over the classes present in the truth), in `lib/evaluation/metrics.ts`.",
  },
  {
    id: "loso-folds",
    title: "Leave-one-session-out folds",
    paper: "Sec. 4.3",
    points: 10,
    notebook: "04",
    number: 6,
    task: "`leaveOneSessionOut` in `lib/data/splits.ts`: one fold per session, in natural " +
      "session order, testing on that session's rows and training on every other row.",
  },
  {
    id: "leak-free-synthesis",
    title: "Leak-free synthesis: a fold's augmenter sees its training sessions only",
    paper: "Sec. 4.3",
    points: 10,
    notebook: "04",
    number: 7,
    task:
      "`foldSynthesis` in `lib/evaluation/within.ts`: the labelled rows a fold's augmenter is " +
      "fitted on and the fit's scope; `leak-free`: the fold's training rows only, scoped to its " +
      "held-out session; `reference` (the authors' script): every row, scoped `ALL_ROWS`.",
  },
  {
    id: "std-ratio",
    title: "The std ratio of synthetic to target features (beyond the paper's Table 1)",
    paper: "Sec. 4.2",
    points: 10,
    notebook: "03",
    number: 5,
    task: "`stdRatios` in `lib/training/diversity.ts`: std_syn(f) / std_target(f) per feature, " +
      "skipping features whose target std is at most `minStd`.",
  },
]);

/** What a marker line says: `// exercise <id>: begin` or `// exercise <id>: end`. */
export const MARKER_PATTERN: RegExp = /^(\s*)\/\/ exercise ([a-z0-9-]+): (begin|end)\s*$/;

/**
 * The exercise with this id.
 * @param id an id from {@linkcode EXERCISES}
 * @returns its row
 * @throws {RangeError} when no exercise has this id
 */
export function exerciseById(id: string): Exercise {
  const found = EXERCISES.find((e) => e.id === id);
  if (found === undefined) {
    throw new RangeError(
      `Expected an exercise id (${EXERCISES.map((e) => e.id).join(", ")}), found "${id}"`,
    );
  }
  return found;
}

/**
 * The exercises an `--only ID,…` option names, in registry order; all of them without one.
 * @param only ids, or `undefined` / empty for every exercise
 * @returns the selected rows
 * @throws {RangeError} on an unknown id
 */
export function selectExercises(only?: readonly string[]): Exercise[] {
  if (only === undefined || only.length === 0) return [...EXERCISES];
  const wanted = new Set(only.map((id) => exerciseById(id).id));
  return EXERCISES.filter((e) => wanted.has(e.id));
}

/**
 * Where an exercise's instructor tests live, relative to the project root.
 * @param exercise the exercise
 * @returns e.g. `tests/exercises/eq3_cycle_loss_test.ts`
 */
export function exerciseTestPath(exercise: Exercise): string {
  return `tests/exercises/${exercise.id.replaceAll("-", "_")}_test.ts`;
}

/**
 * The message of the stub that replaces an exercise's solution.
 * @param exercise the exercise
 * @returns e.g. `Exercise "eq3-cycle-loss" is not implemented yet (paper eq. 3; notebook 01,
 * exercise 3)`
 */
export function notImplementedMessage(exercise: Exercise): string {
  return `Exercise "${exercise.id}" is not implemented yet (paper ${exercise.paper}; ` +
    `notebook ${exercise.notebook}, exercise ${exercise.number})`;
}

/**
 * The points of some exercises together.
 * @param exercises the exercises (default: all of them)
 * @returns the sum of their points
 */
export function maxPoints(exercises: readonly Exercise[] = EXERCISES): number {
  return exercises.reduce((sum, e) => sum + e.points, 0);
}
