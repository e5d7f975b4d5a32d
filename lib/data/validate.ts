/**
 * Checks of corpora and folds to run before the first training step, so that a problem is
 * found in seconds rather than after hours, and a dry run can list every one of them. Each
 * check is a pure function returning a list of {@linkcode DataProblem}s (empty when all is
 * well); none throws for a problem it finds, and none trains anything.
 *
 * - {@linkcode classProblems}: unlabelled, fewer than two classes, a declared class with no rows.
 * - {@linkcode sessionProblems}: no sessions, or one session (no leave-one-session-out).
 * - {@linkcode foldProblems}: a fold whose training sessions lack a class.
 * - {@linkcode classMismatchProblems}: a test corpus whose classes differ from the labelled one's.
 * - {@linkcode featureProblems}: two corpora whose feature names differ (see `alignFeatures`).
 * - {@linkcode withinCorpusProblems} and {@linkcode crossCorpusProblems} run the checks that a
 *   protocol needs, in that order.
 * @module
 */

import { alignFeatures } from "./align.ts";
import { leaveOneSessionOut } from "./splits.ts";
import type { Fold } from "./splits.ts";
import type { Corpus, FeatureMatrix } from "./types.ts";

/** The kinds of problem the checks report. */
export type DataProblemKind =
  | "unlabelled"
  | "too-few-classes"
  | "empty-class"
  | "no-sessions"
  | "single-session"
  | "fold-missing-class"
  | "class-mismatch"
  | "feature-mismatch";

/** One problem found before training. */
export interface DataProblem {
  /** What is wrong (stable, for code that treats some kinds as warnings). */
  readonly kind: DataProblemKind;
  /** The corpus concerned (its `name`). */
  readonly corpus: string;
  /** The fold concerned, by its held-out session; `null` when the problem is not about a fold. */
  readonly fold: string | null;
  /** The class concerned; `null` when the problem is not about one class. */
  readonly class: string | null;
  /** One line for the user: sentence case, `expected …, found …`, no trailing period. */
  readonly message: string;
}

/**
 * Class problems of a labelled corpus: no labels, fewer than two classes, and every declared
 * class without rows (which would give the classifier an output it can only learn to avoid).
 *
 * @example
 * ```ts
 * import { classProblems } from "./validate.ts";
 * const c = {
 *   name: "toy", data: new Float32Array(2), rows: 2, cols: 1, ids: ["a", "b"], featureNames: ["f"],
 *   classes: ["angry", "sad", "happy"], labels: new Int32Array([0, 1]), speakers: null,
 *   sessions: null, dropped: {},
 * };
 * if (classProblems(c)[0].class !== "happy") throw new Error("happy has no rows");
 * ```
 * @param corpus the corpus
 * @returns the problems, empty when every declared class has rows
 */
export function classProblems(corpus: Corpus): DataProblem[] {
  const problem = _maker(corpus);
  if (corpus.labels === null) {
    return [problem("unlabelled", null, null, "expected class labels, found an unlabelled corpus")];
  }
  const problems: DataProblem[] = [];
  const counts = _counts(corpus.labels, corpus.classes.length, null);
  const present = counts.filter((n) => n > 0).length;
  if (corpus.classes.length < 2 || present < 2) {
    problems.push(problem(
      "too-few-classes",
      null,
      present === 1 ? corpus.classes[counts.findIndex((n) => n > 0)] : null,
      `expected rows of at least two classes, found ${
        present === 0 ? "none" : present === 1 ? "one" : present
      } (${_list(corpus.classes.filter((_, i) => counts[i] > 0))})`,
    ));
  }
  corpus.classes.forEach((name, i) => {
    if (counts[i] > 0) return;
    problems.push(problem(
      "empty-class",
      null,
      name,
      `expected rows of every declared class, found none of '${name}' (${corpus.rows} rows in all)`,
    ));
  });
  return problems;
}

/**
 * Session problems for leave-one-session-out: a corpus without sessions, or with one.
 * @param corpus the corpus
 * @returns the problems, empty when the corpus has at least two sessions
 */
export function sessionProblems(corpus: Corpus): DataProblem[] {
  const problem = _maker(corpus);
  if (corpus.sessions === null) {
    return [
      problem(
        "no-sessions",
        null,
        null,
        "expected sessions for leave-one-session-out, found none",
      ),
    ];
  }
  const distinct = [...new Set(corpus.sessions)];
  if (distinct.length >= 2) return [];
  return [
    problem(
      "single-session",
      null,
      null,
      `expected at least two sessions for leave-one-session-out, found ${
        distinct.length === 0 ? "none" : `one ('${distinct[0]}')`
      }`,
    ),
  ];
}

/**
 * Folds whose training rows lack a class that the corpus has (all of whose rows are then in the
 * held-out session): such a fold trains a classifier that cannot predict that class, and a
 * CycleGAN with no target rows for it. Classes without any rows are left to
 * {@linkcode classProblems}.
 *
 * @example
 * ```ts
 * import { foldProblems } from "./validate.ts";
 * const c = {
 *   name: "toy", data: new Float32Array(3), rows: 3, cols: 1, ids: ["a", "b", "c"],
 *   featureNames: ["f"], classes: ["angry", "sad"], labels: new Int32Array([0, 0, 1]),
 *   speakers: null, sessions: ["S1", "S2", "S2"], dropped: {},
 * };
 * const [p] = foldProblems(c); // fold S1 trains on S2, which has angry and sad: fine
 * if (p.fold !== "S2" || p.class !== "sad") throw new Error("fold S2 trains on S1 only");
 * ```
 * @param corpus a labelled corpus
 * @param folds the folds; default {@linkcode leaveOneSessionOut} of the corpus
 * @returns one problem per fold and missing class, in fold then class order
 * @throws {RangeError} when `folds` is left out and the corpus has fewer than two sessions
 *   (check {@linkcode sessionProblems} first, as {@linkcode withinCorpusProblems} does)
 */
export function foldProblems(corpus: Corpus, folds?: readonly Fold[]): DataProblem[] {
  const labels = corpus.labels;
  if (labels === null) return [];
  const problem = _maker(corpus);
  const total = _counts(labels, corpus.classes.length, null);
  const problems: DataProblem[] = [];
  for (const fold of folds ?? leaveOneSessionOut(corpus)) {
    const train = _counts(labels, corpus.classes.length, fold.train);
    corpus.classes.forEach((name, i) => {
      if (train[i] > 0 || total[i] === 0) return;
      problems.push(problem(
        "fold-missing-class",
        fold.testSession,
        name,
        `fold ${fold.testSession}: expected training rows of every class, found none of '${name}' (all ${
          total[i]
        } are in held-out session ${fold.testSession})`,
      ));
    });
  }
  return problems;
}

/**
 * A test corpus whose classes differ from the labelled corpus's, in names or in order: labels
 * are class indices, so either would score the wrong classes against each other.
 * @param labelled the labelled (training) corpus
 * @param test the cross-corpus test corpus
 * @returns one problem, or none when the class lists are identical
 */
export function classMismatchProblems(labelled: Corpus, test: Corpus): DataProblem[] {
  const a = labelled.classes;
  const b = test.classes;
  if (test.labels !== null && a.length === b.length && a.every((c, i) => c === b[i])) return [];
  const problem = _maker(test);
  if (test.labels === null) {
    return [
      problem(
        "class-mismatch",
        null,
        null,
        `expected the classes of "${labelled.name}" (${_list(a)}), found an unlabelled corpus`,
      ),
    ];
  }
  const missing = a.filter((c) => !b.includes(c));
  const extra = b.filter((c) => !a.includes(c));
  const detail = missing.length === 0 && extra.length === 0
    ? "the same classes in another order"
    : [
      missing.length > 0 ? `missing ${missing.map((c) => `'${c}'`).join(", ")}` : "",
      extra.length > 0 ? `extra ${extra.map((c) => `'${c}'`).join(", ")}` : "",
    ].filter((s) => s !== "").join("; ");
  return [
    problem(
      "class-mismatch",
      null,
      missing[0] ?? extra[0] ?? null,
      `expected the classes of "${labelled.name}" (${_list(a)}), found (${_list(b)}): ${detail}`,
    ),
  ];
}

/**
 * Two corpora whose feature names cannot be matched by {@linkcode alignFeatures} (renamed,
 * missing, extra or duplicate names); a mere difference in order is not a problem.
 * @param reference the corpus whose features win (the labelled corpus)
 * @param other the test or source corpus
 * @returns one problem carrying `alignFeatures`' message, or none
 */
export function featureProblems(reference: Corpus, other: Corpus): DataProblem[] {
  try {
    alignFeatures(reference, other as FeatureMatrix);
    return [];
  } catch (err) {
    if (!(err instanceof RangeError)) throw err;
    return [_maker(other)("feature-mismatch", null, null, err.message)];
  }
}

/**
 * Everything the within-corpus protocol (leave-one-session-out) needs of a corpus: classes,
 * sessions, then (when there are at least two sessions) every fold.
 * @param corpus the labelled corpus
 * @returns all problems, in that order
 */
export function withinCorpusProblems(corpus: Corpus): DataProblem[] {
  const classes = classProblems(corpus);
  const sessions = sessionProblems(corpus);
  const folds = sessions.length === 0 && corpus.labels !== null ? foldProblems(corpus) : [];
  return [...classes, ...sessions, ...folds];
}

/**
 * Everything the cross-corpus protocol needs of a labelled corpus and its test corpus: the
 * classes of each, the same classes in the same order, and matching feature names.
 * @param labelled the labelled (training) corpus
 * @param test the test corpus
 * @returns all problems, in that order
 */
export function crossCorpusProblems(labelled: Corpus, test: Corpus): DataProblem[] {
  return [
    ...classProblems(labelled),
    ...(test.labels === null ? [] : classProblems(test)),
    ...classMismatchProblems(labelled, test),
    ...featureProblems(labelled, test),
  ];
}

function _maker(corpus: Corpus) {
  return (
    kind: DataProblemKind,
    fold: string | null,
    cls: string | null,
    detail: string,
  ): DataProblem => ({
    kind,
    corpus: corpus.name,
    fold,
    class: cls,
    message: detail.startsWith("fold ")
      ? `Corpus "${corpus.name}", ${detail}`
      : kind === "feature-mismatch"
      ? detail
      : `Corpus "${corpus.name}": ${detail}`,
  });
}

function _counts(labels: Int32Array, n: number, rows: Int32Array | null): number[] {
  const counts = new Array<number>(n).fill(0);
  if (rows === null) {
    for (const y of labels) if (y >= 0 && y < n) counts[y]++;
  } else {
    for (const r of rows) {
      const y = labels[r];
      if (y >= 0 && y < n) counts[y]++;
    }
  }
  return counts;
}

function _list(names: readonly string[]): string {
  return names.length === 0 ? "none" : names.join(", ");
}
