import assert from "node:assert/strict";
import { leaveOneSessionOut } from "./splits.ts";
import type { Corpus } from "./types.ts";
import {
  classMismatchProblems,
  classProblems,
  crossCorpusProblems,
  featureProblems,
  foldProblems,
  sessionProblems,
  withinCorpusProblems,
} from "./validate.ts";
import { loadCorpus } from "./load_corpus.ts";

const CLASSES = ["angry", "happy", "neutral", "sad"];

function corpus(
  labels: number[],
  sessions: string[] | null,
  over: Partial<Corpus> = {},
): Corpus {
  return {
    name: "toy",
    data: new Float32Array(labels.length * 2),
    rows: labels.length,
    cols: 2,
    ids: labels.map((_, i) => `u${i}`),
    featureNames: ["f0", "f1"],
    classes: CLASSES,
    labels: Int32Array.from(labels),
    speakers: null,
    sessions,
    dropped: {},
    ...over,
  };
}

Deno.test("foldProblems() names each fold whose training sessions lack a class", () => {
  // 'sad' only in S3: the fold holding out S3 trains without it; 'happy' only in S1.
  const c = corpus([0, 1, 2, 0, 2, 0, 2, 3, 3], [
    "S1",
    "S1",
    "S1",
    "S2",
    "S2",
    "S3",
    "S3",
    "S3",
    "S3",
  ]);
  assert.deepEqual(foldProblems(c), [
    {
      kind: "fold-missing-class",
      corpus: "toy",
      fold: "S1",
      class: "happy",
      message:
        `Corpus "toy", fold S1: expected training rows of every class, found none of 'happy' (all 1 are in held-out session S1)`,
    },
    {
      kind: "fold-missing-class",
      corpus: "toy",
      fold: "S3",
      class: "sad",
      message:
        `Corpus "toy", fold S3: expected training rows of every class, found none of 'sad' (all 2 are in held-out session S3)`,
    },
  ]);
  assert.deepEqual(foldProblems(c, leaveOneSessionOut(c).slice(1, 2)), [], "explicit folds");
});

Deno.test("foldProblems() finds nothing on EmoDB's five sessions", async () => {
  const emodb = await loadCorpus("emodb");
  assert.deepEqual(withinCorpusProblems(emodb), []);
});

Deno.test("classProblems() reports a declared class with zero rows, one class, and no labels", () => {
  assert.deepEqual(classProblems(corpus([0, 1, 2, 0], ["S1", "S1", "S2", "S2"])), [
    {
      kind: "empty-class",
      corpus: "toy",
      fold: null,
      class: "sad",
      message:
        `Corpus "toy": expected rows of every declared class, found none of 'sad' (4 rows in all)`,
    },
  ]);
  const one = classProblems(corpus([1, 1], ["S1", "S2"], { classes: ["happy", "sad"] }));
  assert.deepEqual(one.map((p) => [p.kind, p.class]), [
    ["too-few-classes", "sad"],
    ["empty-class", "happy"],
  ]);
  assert.equal(
    one[0].message,
    `Corpus "toy": expected rows of at least two classes, found one (sad)`,
  );
  assert.deepEqual(
    classProblems(corpus([], null, { labels: null, classes: [] })).map((p) => p.message),
    [`Corpus "toy": expected class labels, found an unlabelled corpus`],
  );
});

Deno.test("sessionProblems() reports a corpus with one session or none", () => {
  assert.deepEqual(sessionProblems(corpus([0, 1], ["S1", "S1"])), [
    {
      kind: "single-session",
      corpus: "toy",
      fold: null,
      class: null,
      message:
        `Corpus "toy": expected at least two sessions for leave-one-session-out, found one ('S1')`,
    },
  ]);
  assert.deepEqual(sessionProblems(corpus([0, 1], null)).map((p) => p.kind), ["no-sessions"]);
  assert.deepEqual(sessionProblems(corpus([0, 1], ["S1", "S2"])), []);
});

Deno.test("withinCorpusProblems() lists every problem at once and skips folds without two sessions", () => {
  const single = withinCorpusProblems(corpus([0, 1, 2], ["S1", "S1", "S1"]));
  assert.deepEqual(single.map((p) => p.kind), ["empty-class", "single-session"]);
  const folds = withinCorpusProblems(
    corpus([0, 1, 2, 3, 0, 1, 2], ["A", "A", "A", "A", "B", "B", "B"]),
  );
  assert.deepEqual(folds.map((p) => [p.kind, p.fold, p.class]), [[
    "fold-missing-class",
    "A",
    "sad",
  ]]);
});

Deno.test("classMismatchProblems() reports other classes and the same classes in another order", () => {
  const lab = corpus([0, 1, 2, 3], null, { name: "emodb" });
  assert.deepEqual(classMismatchProblems(lab, corpus([0], null, { name: "ravdess" })), []);
  const reordered = corpus([0], null, {
    name: "ravdess",
    classes: ["happy", "angry", "neutral", "sad"],
  });
  assert.deepEqual(classMismatchProblems(lab, reordered), [
    {
      kind: "class-mismatch",
      corpus: "ravdess",
      fold: null,
      class: null,
      message:
        `Corpus "ravdess": expected the classes of "emodb" (angry, happy, neutral, sad), found (happy, angry, neutral, sad): the same classes in another order`,
    },
  ]);
  const other = corpus([0], null, { name: "ravdess", classes: ["angry", "happy", "calm"] });
  const [p] = classMismatchProblems(lab, other);
  assert.equal(p.class, "neutral");
  assert.match(p.message, /found \(angry, happy, calm\): missing 'neutral', 'sad'; extra 'calm'$/);
  const unlabelled = corpus([], null, { name: "libri", labels: null, classes: [] });
  assert.match(classMismatchProblems(lab, unlabelled)[0].message, /found an unlabelled corpus$/);
});

Deno.test("featureProblems() accepts another order and reports a renamed feature", () => {
  const lab = corpus([0], null, { name: "emodb" });
  assert.deepEqual(featureProblems(lab, corpus([0], null, { featureNames: ["f1", "f0"] })), []);
  const renamed = featureProblems(
    lab,
    corpus([0], null, { name: "ravdess", featureNames: ["f0", "g1"] }),
  );
  assert.deepEqual(renamed.map((p) => [p.kind, p.corpus]), [["feature-mismatch", "ravdess"]]);
  assert.match(
    renamed[0].message,
    /^Corpus "ravdess": expected feature 'f1' of corpus "emodb", found 'g1'/,
  );
});

Deno.test("crossCorpusProblems() gathers classes, class order and features", () => {
  const lab = corpus([0, 1, 2, 3], null, { name: "emodb" });
  const test = corpus([0, 1], null, {
    name: "ravdess",
    classes: ["angry", "happy"],
    featureNames: ["f0", "x"],
  });
  assert.deepEqual(crossCorpusProblems(lab, test).map((p) => p.kind), [
    "class-mismatch",
    "feature-mismatch",
  ]);
  assert.deepEqual(crossCorpusProblems(lab, lab), []);
});
