/**
 * Exercise leak-free-synthesis (paper Sec. 4.3): the synthetic data of a within-corpus fold must
 * be fitted on that fold's training sessions only. The authors' public script trained one
 * CycleGAN on every session, test session included, and used its output in every fold: its
 * synthetic rows had seen the test speakers. `foldSynthesis` picks what the augmenter of a fold
 * is fitted on; no augmenter is trained here.
 *
 * The folds are written out by hand, so a mistake in `loso-folds` does not cost points here.
 * @module
 */
import assert from "node:assert/strict";
import type { Fold } from "../../lib/data/splits.ts";
import type { Corpus } from "../../lib/data/types.ts";
import { ALL_ROWS } from "../../lib/evaluation/synthetic.ts";
import { foldSynthesis } from "../../lib/evaluation/within.ts";

const SESSIONS = ["S2", "S1", "S3", "S2", "S1", "S3", "S3", "S2", "S1", "S2"];
const COLS = 3;

/** Ten rows of three features (row r holds 10 r, 10 r + 1, 10 r + 2), two classes, 3 sessions. */
const LABELLED: Corpus = Object.freeze({
  name: "toy",
  data: Float32Array.from(
    { length: SESSIONS.length * COLS },
    (_, k) => 10 * Math.floor(k / 3) + k % 3,
  ),
  rows: SESSIONS.length,
  cols: COLS,
  ids: SESSIONS.map((s, r) => `u${r}_${s}`),
  featureNames: ["f0", "f1", "f2"],
  classes: ["angry", "sad"],
  labels: Int32Array.from(SESSIONS, (_, r) => (r * 7) % 2),
  speakers: SESSIONS.map((s, r) => `${s}${r % 2 === 0 ? "F" : "M"}`),
  sessions: SESSIONS,
  dropped: {},
});

/** The leave-one-session-out folds of {@linkcode LABELLED}, by hand. */
const FOLDS: readonly Fold[] = ["S1", "S2", "S3"].map((testSession) => {
  const rows = SESSIONS.map((_, r) => r);
  return {
    testSession,
    train: Int32Array.from(rows.filter((r) => SESSIONS[r] !== testSession)),
    test: Int32Array.from(rows.filter((r) => SESSIONS[r] === testSession)),
  };
});

/** The rows of `corpus`, as [id, label, session, speaker, features…] strings, for comparisons. */
function rowsOf(corpus: Corpus): string[] {
  return Array.from({ length: corpus.rows }, (_, r) =>
    [
      corpus.ids[r],
      corpus.labels?.[r],
      corpus.sessions?.[r],
      corpus.speakers?.[r],
      ...corpus.data.slice(r * corpus.cols, (r + 1) * corpus.cols),
    ].join(" "));
}

const EXPECTED_ROWS = rowsOf(LABELLED);

Deno.test("leak-free: no row of the fold's test session reaches its augmenter", () => {
  for (const fold of FOLDS) {
    const { train } = foldSynthesis(LABELLED, fold, "leak-free");
    const leaked = Array.from(
      { length: train.rows },
      (_, r) => train.sessions?.[r] === fold.testSession ? train.ids[r] : null,
    ).filter((id) => id !== null);
    assert.deepEqual(leaked, [], `fold ${fold.testSession}: test-session rows given to the fit`);
    const testIds = new Set(Array.from(fold.test, (r) => LABELLED.ids[r]));
    assert.deepEqual(
      train.ids.filter((id) => testIds.has(id)),
      [],
      `fold ${fold.testSession}: test ids given to the fit`,
    );
    const testSpeakers = new Set(Array.from(fold.test, (r) => LABELLED.speakers![r]));
    assert.ok(
      !(train.speakers ?? []).some((s) => testSpeakers.has(s)),
      `fold ${fold.testSession}: a test speaker is in the fit`,
    );
  }
});

Deno.test("leak-free: the augmenter of a fold gets exactly its training rows, in row order", () => {
  for (const fold of FOLDS) {
    const { train } = foldSynthesis(LABELLED, fold, "leak-free");
    assert.equal(train.rows, fold.train.length, `fold ${fold.testSession}: rows`);
    assert.equal(train.cols, COLS);
    assert.deepEqual(
      rowsOf(train),
      Array.from(fold.train, (r) => EXPECTED_ROWS[r]),
      `fold ${fold.testSession}: ids, labels, sessions, speakers and features of the fit's rows`,
    );
    assert.deepEqual(train.classes, LABELLED.classes, "every class stays, in order");
    assert.deepEqual(train.featureNames, LABELLED.featureNames);
  }
  assert.deepEqual(rowsOf(LABELLED), EXPECTED_ROWS, "the labelled corpus is left as it was");
});

Deno.test("leak-free: one fit per fold, scoped (and so seeded) by its held-out session", () => {
  const scopes = FOLDS.map((fold) => foldSynthesis(LABELLED, fold, "leak-free").scope);
  assert.deepEqual(scopes, ["S1", "S2", "S3"]);
  assert.ok(!scopes.includes(ALL_ROWS), `no fold of the leak-free protocol is "${ALL_ROWS}"`);
});

Deno.test("reference: one fit on every session, test sessions included, shared by every fold", () => {
  for (const fold of FOLDS) {
    const { train, scope } = foldSynthesis(LABELLED, fold, "reference");
    assert.equal(scope, ALL_ROWS, `fold ${fold.testSession}: the shared scope`);
    assert.deepEqual(rowsOf(train), EXPECTED_ROWS, `fold ${fold.testSession}: every labelled row`);
  }
});

Deno.test("the two protocols differ by exactly the fold's test session", () => {
  for (const fold of FOLDS) {
    const leakFree = new Set(foldSynthesis(LABELLED, fold, "leak-free").train.ids);
    const extra = foldSynthesis(LABELLED, fold, "reference").train.ids.filter((id) =>
      !leakFree.has(id)
    );
    assert.deepEqual(extra, Array.from(fold.test, (r) => LABELLED.ids[r]), fold.testSession);
  }
});
