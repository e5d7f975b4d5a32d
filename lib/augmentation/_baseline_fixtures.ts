/**
 * Small constructed corpora for the augmenters' tests (not part of the toolkit's surface).
 * @module
 */
import assert from "node:assert/strict";
import type { Corpus } from "../data/types.ts";
import { Rng } from "../random.ts";
import type { Augmenter } from "./augmenter.ts";

/**
 * A labelled corpus of Gaussian rows: class c has mean `shift · c` (plus a per-feature offset)
 * and per-feature scale `1 + f` (features in different units, as openSMILE's are).
 * @param perClass rows of each class
 * @param cols features
 * @param seed the generator's seed
 * @param shift distance between class means, per feature
 * @returns the corpus (classes `a`, `b`, `c`; ids `r<row>`; speakers and sessions set)
 */
export function gaussianCorpus(
  perClass: readonly number[],
  cols: number,
  seed = 1,
  shift = 3,
): Corpus {
  const rng = new Rng(seed);
  const rows = perClass.reduce((a, b) => a + b, 0);
  const data = new Float32Array(rows * cols), labels = new Int32Array(rows);
  let r = 0;
  perClass.forEach((n, c) => {
    for (let k = 0; k < n; k++, r++) {
      labels[r] = c;
      for (let f = 0; f < cols; f++) {
        data[r * cols + f] = 10 * f + (1 + f) * (shift * c + rng.normal());
      }
    }
  });
  const ids = Array.from({ length: rows }, (_, i) => `r${i}`);
  return {
    name: "toy",
    data,
    rows,
    cols,
    ids,
    featureNames: Array.from({ length: cols }, (_, f) => `f${f}`),
    classes: ["a", "b", "c"].slice(0, perClass.length),
    labels,
    speakers: ids.map((_, i) => `spk${i % 3}`),
    sessions: ids.map((_, i) => `ses${i % 2}`),
    dropped: {},
  };
}

/**
 * An unlabelled corpus of Gaussian rows with per-feature mean `m` and scale `s`.
 * @param rows rows
 * @param cols features
 * @param seed the generator's seed
 * @returns the corpus (ids `s<row>`)
 */
export function sourceCorpus(rows: number, cols: number, seed = 2): Corpus {
  const rng = new Rng(seed);
  const data = new Float32Array(rows * cols);
  for (let i = 0; i < data.length; i++) data[i] = 5 + 2 * (i % cols) + 0.5 * rng.normal();
  return {
    name: "src",
    data,
    rows,
    cols,
    ids: Array.from({ length: rows }, (_, i) => `s${i}`),
    featureNames: Array.from({ length: cols }, (_, f) => `f${f}`),
    classes: [],
    labels: null,
    speakers: null,
    sessions: null,
    dropped: {},
  };
}

/**
 * Row `r` of a corpus.
 * @param c the corpus
 * @param r row index
 * @returns a view of its values
 */
export function rowOf(c: Corpus, r: number): Float32Array {
  return c.data.subarray(r * c.cols, (r + 1) * c.cols);
}

/**
 * The origin id of a generated row (`<origin>_<method>_<class>_<k>`).
 * @param id the generated row's id
 * @returns the origin id
 */
export function originOf(id: string): string {
  return id.split("_").slice(0, -3).join("_");
}

/**
 * The interface's promises, checked for one augmenter: `generate` before `fit` rejects; the
 * output has the training corpus's classes and feature names, class 0 first, no speakers or
 * sessions, ids `<origin>_<method>_<class>_<k>`; `perClass` rows per class (`null`: the natural
 * amount); same seed → same rows, another seed → other rows.
 * @param make builds a fresh, unfitted augmenter
 * @param train the training corpus
 * @param naturalPerClass rows per class `generate(null)` must give
 * @param source the source corpus, for methods that use one
 */
export async function assertAugmenterContract(
  make: () => Augmenter,
  train: Corpus,
  naturalPerClass: readonly number[],
  source?: Corpus,
): Promise<void> {
  const a = make();
  assert.equal(a.fitted, false);
  await assert.rejects(() => a.generate(3), /needs fit\(\) before generate\(\)/);
  await a.fit(train, { seed: 7, source });
  assert.equal(a.fitted, true);
  const out = await a.generate(4);
  assert.equal(out.rows, 4 * train.classes.length);
  assert.equal(out.cols, train.cols);
  assert.deepEqual(out.classes, train.classes);
  assert.deepEqual(out.featureNames, train.featureNames);
  assert.equal(out.speakers, null);
  assert.equal(out.sessions, null);
  assert.deepEqual(Array.from(out.labels!), train.classes.flatMap((_, c) => [c, c, c, c]));
  out.ids.forEach((id, r) => {
    const c = train.classes[r >> 2];
    assert.ok(id.endsWith(`_${a.name}_${c}_${r % 4}`), id);
  });
  assert.equal(new Set(out.ids).size, out.rows);
  const natural = await a.generate(null);
  assert.deepEqual(
    train.classes.map((_, c) => natural.labels!.filter((y) => y === c).length),
    naturalPerClass,
  );
  await assert.rejects(() => a.generate(-1), RangeError);
  await assert.rejects(() => a.generate(1.5), RangeError);
  const again = await (await make().fit(train, { seed: 7, source })).generate(4);
  assert.deepEqual(again.data, out.data);
  assert.deepEqual(again.ids, out.ids);
  const repeat = await a.generate(4);
  assert.deepEqual(repeat.data, out.data, "generate() depends on earlier calls");
  const other = await (await make().fit(train, { seed: 8, source })).generate(4);
  assert.notDeepEqual(other.data, out.data);
  JSON.stringify(a.diagnostics());
}
