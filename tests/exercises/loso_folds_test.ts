/**
 * Exercise loso-folds (paper Sec. 4.3): leave-one-session-out folds. A fold whose training rows
 * include one row of its test session has seen a test speaker: that is the leak to avoid.
 * @module
 */
import assert from "node:assert/strict";
import { leaveOneSessionOut } from "../../lib/data/splits.ts";

const SESSIONS = ["S2", "S1", "S2", "S10", "S1", "S3", "S10", "S2"];
const CORPUS = { rows: SESSIONS.length, sessions: SESSIONS };

Deno.test("leaveOneSessionOut() makes one fold per session, in natural order (S2 before S10)", () => {
  const folds = leaveOneSessionOut(CORPUS);
  assert.deepEqual(folds.map((f) => f.testSession), ["S1", "S2", "S3", "S10"]);
});

Deno.test("leaveOneSessionOut() tests on the held-out session's rows and trains on all the others", () => {
  const folds = leaveOneSessionOut(CORPUS);
  const expected: Record<string, [number[], number[]]> = {
    S1: [[1, 4], [0, 2, 3, 5, 6, 7]],
    S2: [[0, 2, 7], [1, 3, 4, 5, 6]],
    S3: [[5], [0, 1, 2, 3, 4, 6, 7]],
    S10: [[3, 6], [0, 1, 2, 4, 5, 7]],
  };
  for (const f of folds) {
    assert.deepEqual([...f.test], expected[f.testSession][0], `test rows of ${f.testSession}`);
    assert.deepEqual([...f.train], expected[f.testSession][1], `train rows of ${f.testSession}`);
    assert.ok(f.train instanceof Int32Array && f.test instanceof Int32Array, "Int32Array rows");
  }
});

Deno.test("leaveOneSessionOut() never trains on a row of the test session (no test speaker leaks)", () => {
  const sessions = Array.from({ length: 60 }, (_, i) => `Ses0${1 + ((i * 7) % 5)}`);
  const folds = leaveOneSessionOut({ rows: sessions.length, sessions });
  assert.equal(folds.length, 5);
  const tested = new Int32Array(sessions.length);
  for (const f of folds) {
    for (const i of f.train) {
      assert.notEqual(sessions[i], f.testSession, `row ${i} leaks into training`);
    }
    for (const i of f.test) {
      assert.equal(sessions[i], f.testSession, `row ${i} in the wrong test fold`);
    }
    assert.equal(f.train.length + f.test.length, sessions.length, "every row on one side");
    for (const i of f.test) tested[i]++;
  }
  assert.ok(tested.every((n) => n === 1), "each row is tested exactly once");
});

Deno.test("leaveOneSessionOut() needs at least two sessions", () => {
  assert.throws(() => leaveOneSessionOut({ rows: 3, sessions: ["A", "A", "A"] }), RangeError);
});
