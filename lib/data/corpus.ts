/**
 * Building a {@linkcode Corpus} from a feature table and a recipe that reads label, speaker and
 * session from each row's id; taking row subsets; counting classes.
 * @module
 */

import type { Corpus, FeatureMatrix } from "./types.ts";

/** What a recipe knows about one row. `undefined` or `null` means unknown. */
export interface RowInfo {
  /** The raw label (e.g. EmoDB's letter `W`), before the class map. */
  readonly label?: string | null;
  /** Speaker id. */
  readonly speaker?: string | null;
  /** Session id. */
  readonly session?: string | null;
}

/** How to turn a feature table into a corpus. */
export interface CorpusRecipe {
  /** Short name of the corpus, e.g. `emodb`. */
  readonly name: string;
  /** Class names in index order; empty for an unlabelled corpus. */
  readonly classes: readonly string[];
  /** Raw label to class name; several raw labels may map to one class. Others are dropped. */
  readonly classMap: Readonly<Record<string, string>>;
  /** Whether rows carry a speaker (then every kept row must have one). */
  readonly hasSpeakers: boolean;
  /** Whether rows carry a session (then every kept row must have one). */
  readonly hasSessions: boolean;
  /**
   * Reads a row's raw label, speaker and session. For a labelled corpus a row whose label is
   * missing is dropped under `missingLabelKey`; a row whose label is not in `classMap` is
   * dropped under the raw label.
   */
  readonly describe: (id: string, row: number) => RowInfo;
  /** Key in `dropped` for labelled rows without a raw label. Default `(no label)`. */
  readonly missingLabelKey?: string;
}

/** Key in `dropped` for rows that have no label at all. */
export const NO_LABEL = "(no label)";

/**
 * Applies a recipe to a feature table: keeps the rows whose label maps to a class (all rows
 * for an unlabelled recipe) and copies their features into a new matrix.
 * @param table the features
 * @param recipe names, class map and the per-row reader
 * @param options `adopt: true` lets the corpus take over `table.data` (no copy) when every row
 *   is kept; only for a table nobody else uses (as in `loadCorpus`)
 * @returns a new corpus that owns a copy of the kept rows (unless adopted); `dropped` counts the rest by raw
 *   label. The `source` and `featureLines` of a feature table (file and header lines,
 *   for messages) are kept.
 * @throws {RangeError} when a kept row lacks a speaker or session the recipe promises, or the
 *   class map names a class that is not in `classes`
 */
export function corpusFromTable(
  table: FeatureMatrix,
  recipe: CorpusRecipe,
  options: { readonly adopt?: boolean } = {},
): Corpus {
  const labelled = recipe.classes.length > 0;
  const classIndex = new Map(recipe.classes.map((c, i) => [c, i]));
  for (const [raw, cls] of Object.entries(recipe.classMap)) {
    if (!classIndex.has(cls)) {
      throw new RangeError(
        `Class map sends '${raw}' to '${cls}', which is not one of the classes [${
          recipe.classes.join(", ")
        }]`,
      );
    }
  }
  const keep: number[] = [];
  const labels: number[] = [];
  const speakers: string[] = [];
  const sessions: string[] = [];
  const dropped: Record<string, number> = {};
  const missingKey = recipe.missingLabelKey ?? NO_LABEL;
  for (let i = 0; i < table.rows; i++) {
    const id = table.ids[i];
    const info = recipe.describe(id, i);
    if (labelled) {
      const raw = info.label ?? null;
      const cls = raw === null
        ? undefined
        : Object.hasOwn(recipe.classMap, raw)
        ? recipe.classMap[raw]
        : undefined;
      if (cls === undefined) {
        const key = raw ?? missingKey;
        dropped[key] = (dropped[key] ?? 0) + 1;
        continue;
      }
      labels.push(classIndex.get(cls)!);
    }
    if (recipe.hasSpeakers) {
      if (info.speaker == null) {
        throw new RangeError(`Corpus ${recipe.name}: row ${i} ('${id}') has no speaker`);
      }
      speakers.push(info.speaker);
    }
    if (recipe.hasSessions) {
      if (info.session == null) {
        throw new RangeError(`Corpus ${recipe.name}: row ${i} ('${id}') has no session`);
      }
      sessions.push(info.session);
    }
    keep.push(i);
  }
  const base = keep.length !== table.rows
    ? _copyRows(table, keep)
    : options.adopt
    ? { data: table.data.subarray(0, table.rows * table.cols), rows: table.rows, ids: table.ids }
    : _copyAll(table);
  const source = "source" in table && typeof table.source === "string" ? table.source : null;
  const lines = "featureLines" in table && Array.isArray(table.featureLines)
    ? table.featureLines as readonly number[]
    : null;
  return {
    ...(source === null ? {} : { source }),
    ...(lines === null ? {} : { featureLines: lines }),
    ...base,
    cols: table.cols,
    featureNames: table.featureNames,
    name: recipe.name,
    classes: [...recipe.classes],
    labels: labelled ? Int32Array.from(labels) : null,
    speakers: recipe.hasSpeakers ? speakers : null,
    sessions: recipe.hasSessions ? sessions : null,
    dropped,
  };
}

function _copyAll(table: FeatureMatrix): Pick<FeatureMatrix, "data" | "rows" | "ids"> {
  return {
    data: table.data.slice(0, table.rows * table.cols),
    rows: table.rows,
    ids: [...table.ids],
  };
}

function _copyRows(
  table: FeatureMatrix,
  rows: ArrayLike<number>,
): Pick<FeatureMatrix, "data" | "rows" | "ids"> {
  const d = table.cols;
  const data = new Float32Array(rows.length * d);
  const ids: string[] = new Array(rows.length);
  for (let k = 0; k < rows.length; k++) {
    const r = rows[k];
    data.set(table.data.subarray(r * d, r * d + d), k * d);
    ids[k] = table.ids[r];
  }
  return { data, rows: rows.length, ids };
}

/**
 * A corpus of some of the rows of another, in the given order (e.g. one fold's training rows).
 *
 * @example
 * ```ts
 * import { subsetCorpus } from "./corpus.ts";
 * const c = {
 *   name: "toy", data: new Float32Array([1, 2, 3, 4, 5, 6]), rows: 3, cols: 2,
 *   ids: ["a", "b", "c"], featureNames: ["x", "y"], classes: ["p", "q"],
 *   labels: new Int32Array([0, 1, 0]), speakers: null, sessions: null, dropped: {},
 * };
 * const s = subsetCorpus(c, [2, 0]);
 * if (s.ids.join() !== "c,a" || s.data[0] !== 5) throw new Error("wrong subset");
 * ```
 * @param corpus the corpus
 * @param rowIndices row numbers to keep, each in `[0, rows)`; repeats are allowed
 * @returns a new corpus owning copies of those rows; `classes`, `featureNames`, `name` and
 *   `dropped` (what was dropped at load time) are kept
 * @throws {RangeError} on an index that is not an integer in `[0, rows)`
 */
export function subsetCorpus(corpus: Corpus, rowIndices: ArrayLike<number>): Corpus {
  for (let k = 0; k < rowIndices.length; k++) {
    const r = rowIndices[k];
    if (!Number.isInteger(r) || r < 0 || r >= corpus.rows) {
      throw new RangeError(
        `Row index ${k} must be an integer in [0, ${corpus.rows}), found ${r}`,
      );
    }
  }
  const pick = <T>(xs: readonly T[] | null): T[] | null =>
    xs === null ? null : Array.from({ length: rowIndices.length }, (_, k) => xs[rowIndices[k]]);
  let labels: Int32Array | null = null;
  if (corpus.labels !== null) {
    labels = new Int32Array(rowIndices.length);
    for (let k = 0; k < rowIndices.length; k++) labels[k] = corpus.labels[rowIndices[k]];
  }
  return {
    ...corpus,
    ..._copyRows(corpus, rowIndices),
    labels,
    speakers: pick(corpus.speakers),
    sessions: pick(corpus.sessions),
  };
}

/**
 * Utterances per class.
 * @param corpus a corpus
 * @returns counts by class name, in class order (every class present, zero when empty); `{}`
 *   for an unlabelled corpus
 */
export function classCounts(corpus: Corpus): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const c of corpus.classes) counts[c] = 0;
  if (corpus.labels === null) return counts;
  const n = new Array<number>(corpus.classes.length).fill(0);
  for (const y of corpus.labels) n[y]++;
  corpus.classes.forEach((c, i) => (counts[c] = n[i]));
  return counts;
}
