/**
 * The paper's two evaluation splits: leave-one-session-out folds (within-corpus, Sec. 4.3)
 * and a stratified, seeded 30 % development / 70 % test split of the cross-corpus test set.
 * @module
 */

import type { Rng } from "../random.ts";
import type { Corpus } from "./types.ts";

/** One leave-one-session-out fold. */
export interface Fold {
  /** The held-out session. */
  readonly testSession: string;
  /** Rows of every other session, ascending. */
  readonly train: Int32Array;
  /** Rows of the held-out session, ascending. */
  readonly test: Int32Array;
}

/** The paper's development share of the cross-corpus test corpus (Sec. 4.3: 30 % dev, 70 % test). */
export const DEV_FRACTION = 0.3;

const _naturalOrder = new Intl.Collator("en", { numeric: true }).compare;

/**
 * One fold per session: test on that session, train on the others.
 *
 * @example
 * ```ts
 * import { leaveOneSessionOut } from "./splits.ts";
 * const folds = leaveOneSessionOut({ rows: 3, sessions: ["S2", "S1", "S2"] });
 * if (folds[0].testSession !== "S1" || folds[0].train.join() !== "0,2") throw new Error("bad fold");
 * ```
 * @param corpus a corpus with sessions
 * @returns folds in natural session order (`S2` before `S10`)
 * @throws {RangeError} when the corpus has no sessions or fewer than two distinct ones
 */
export function leaveOneSessionOut(corpus: Pick<Corpus, "rows" | "sessions">): Fold[] {
  const sessions = corpus.sessions;
  if (sessions === null) {
    throw new RangeError(
      "Leave-one-session-out needs a corpus with sessions, found sessions = null",
    );
  }
  if (sessions.length !== corpus.rows) {
    throw new RangeError(
      `Leave-one-session-out expects one session per row (${corpus.rows}), found ${sessions.length}`,
    );
  }
  // exercise loso-folds: begin
  const names = [...new Set(sessions)].sort(_naturalOrder);
  if (names.length < 2) {
    throw new RangeError(
      `Leave-one-session-out needs at least two sessions, found ${names.length}`,
    );
  }
  return names.map((testSession) => {
    const train: number[] = [];
    const test: number[] = [];
    for (let i = 0; i < sessions.length; i++) (sessions[i] === testSession ? test : train).push(i);
    return { testSession, train: Int32Array.from(train), test: Int32Array.from(test) };
  });
  // exercise loso-folds: end
}

/**
 * Splits rows per class into a development part and a test part, at random but reproducibly.
 *
 * Rounding rule: class `c` with `n_c` rows puts `Math.round(n_c · fraction)` rows (halves
 * round up) into `dev` and the rest into `test`. Within each class, in ascending class order,
 * the rows are shuffled with `rng` (Fisher-Yates) and the first ones go to `dev`; both outputs
 * are then sorted ascending. Same labels, fraction and generator state → same split.
 *
 * @example
 * ```ts
 * import { stratifiedSplit } from "./splits.ts";
 * import { Rng } from "../random.ts";
 * const { dev, test } = stratifiedSplit([0, 0, 0, 0, 1, 1, 1, 1, 1, 1], 0.3, new Rng(7));
 * if (dev.length !== 1 + 2 || test.length !== 7) throw new Error("wrong sizes");
 * ```
 * @param labels class index per row (non-negative integers)
 * @param fraction share of each class that goes to `dev`, in [0, 1]; the paper uses 0.3
 * @param rng the generator (advanced by the call)
 * @returns disjoint `dev` and `test` row indices that together cover every row
 * @throws {RangeError} on a fraction outside [0, 1] or a label that is not a non-negative integer
 */
export function stratifiedSplit(
  labels: ArrayLike<number>,
  fraction: number,
  rng: Rng,
): { dev: Int32Array; test: Int32Array } {
  if (!(fraction >= 0 && fraction <= 1)) {
    throw new RangeError(`Dev fraction must be in [0, 1], found ${fraction}`);
  }
  const byClass = new Map<number, number[]>();
  for (let i = 0; i < labels.length; i++) {
    const y = labels[i];
    if (!Number.isInteger(y) || y < 0) {
      throw new RangeError(`Label ${i} must be a non-negative integer, found ${y}`);
    }
    let rows = byClass.get(y);
    if (rows === undefined) byClass.set(y, rows = []);
    rows.push(i);
  }
  const dev: number[] = [];
  const test: number[] = [];
  for (const y of [...byClass.keys()].sort((a, b) => a - b)) {
    const rows = rng.shuffle(byClass.get(y)!);
    const k = Math.round(rows.length * fraction);
    for (let r = 0; r < rows.length; r++) (r < k ? dev : test).push(rows[r]);
  }
  const sorted = (xs: number[]) => Int32Array.from(xs).sort();
  return { dev: sorted(dev), test: sorted(test) };
}
