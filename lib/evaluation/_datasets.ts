/**
 * Private to the protocols: rows with labels and ids as the scalers and classifiers receive them,
 * stacking, and the z-normalisation of training parts and evaluation sets. z-normalisation itself
 * is the data layer's `StandardScaler` (population std, a zero std divides by 1, like the
 * anchor's `sd[sd == 0] = 1`).
 * @module
 */
import { StandardScaler } from "../data/scalers.ts";
import type { Corpus } from "../data/types.ts";
import type { Matrix } from "./classifier.ts";
import type { Normalization } from "./types.ts";

/** Rows with labels and ids, as handed to scalers and classifiers. */
export interface Dataset {
  /** Features. */
  readonly x: Matrix;
  /** Class index per row. */
  readonly y: Int32Array;
  /** Id per row. */
  readonly ids: readonly string[];
}

/** Which data a z-normalisation is fitted on. */
export type ScalerRole = "train" | "syn" | "test" | "dev";

/** A fitted feature transform. */
export interface FittedScaler {
  /** @returns transformed row-major values */
  transform(data: Float32Array, cols: number): Float32Array;
}

/** Fits a z-normalisation on one dataset (injectable, so tests can see what each one saw). */
export type FitScaler = (data: Dataset, role: ScalerRole) => FittedScaler;

/** The default {@linkcode FitScaler}: the data layer's `StandardScaler`. */
export const fitStandardScaler: FitScaler = (data) =>
  new StandardScaler().fit(data.x.data, data.x.cols);

/**
 * The rows of a labelled corpus as a dataset (no copy).
 * @param c a labelled corpus
 * @returns its features, labels and ids
 * @throws {TypeError} when the corpus has no labels
 */
export function toDataset(c: Corpus): Dataset {
  if (c.labels === null) throw new TypeError(`Corpus "${c.name}" has no labels`);
  return { x: { data: c.data, rows: c.rows, cols: c.cols }, y: c.labels, ids: c.ids };
}

/**
 * Stacks matrices with the same number of columns.
 * @param parts matrices to concatenate row-wise
 * @returns one matrix
 */
export function stackRows(parts: readonly Matrix[]): Matrix {
  if (parts.length === 0) throw new RangeError("Expected at least one matrix to stack, found none");
  const cols = parts[0].cols;
  let rows = 0;
  for (const p of parts) {
    if (p.cols !== cols) {
      throw new RangeError(`Expected ${cols} columns in every matrix, found ${p.cols}`);
    }
    rows += p.rows;
  }
  const data = new Float32Array(rows * cols);
  let o = 0;
  for (const p of parts) {
    data.set(p.data.subarray(0, p.rows * cols), o);
    o += p.rows * cols;
  }
  return { data, rows, cols };
}

function _stack(parts: readonly Dataset[]): Dataset {
  if (parts.length === 1) return parts[0];
  const y = new Int32Array(parts.reduce((a, p) => a + p.y.length, 0));
  let o = 0;
  for (const p of parts) {
    y.set(p.y, o);
    o += p.y.length;
  }
  return { x: stackRows(parts.map((p) => p.x)), y, ids: parts.flatMap((p) => [...p.ids]) };
}

function _apply(s: FittedScaler, d: Dataset): Dataset {
  return { ...d, x: { ...d.x, data: s.transform(d.x.data, d.x.cols) } };
}

/**
 * Normalises training parts and evaluation sets per the configured scheme.
 * `per-dataset`: every part and every evaluation set by its own statistics (paper Sec. 4.1).
 * `train-fit`: one scaler fitted on the stacked training parts, applied to everything.
 * @param trainParts the real and synthetic training rows
 * @param evalSets the test (and development) rows
 * @param normalization the scheme
 * @param fitScaler how a scaler is fitted
 * @returns the stacked, normalised training set and the normalised evaluation sets (same order)
 */
export function normalizeSets(
  trainParts: readonly { readonly data: Dataset; readonly role: "train" | "syn" }[],
  evalSets: readonly { readonly data: Dataset; readonly role: "test" | "dev" }[],
  normalization: Normalization,
  fitScaler: FitScaler,
): { train: Dataset; evals: Dataset[] } {
  if (normalization === "per-dataset") {
    const train = _stack(trainParts.map((p) => _apply(fitScaler(p.data, p.role), p.data)));
    return { train, evals: evalSets.map((e) => _apply(fitScaler(e.data, e.role), e.data)) };
  }
  const stacked = _stack(trainParts.map((p) => p.data));
  const scaler = fitScaler(stacked, "train");
  return { train: _apply(scaler, stacked), evals: evalSets.map((e) => _apply(scaler, e.data)) };
}

/**
 * Checks that two corpora share their classes (same names, same order).
 * @param a the reference corpus
 * @param b the other corpus
 * @throws {RangeError} when they differ
 */
export function checkSameClasses(a: Corpus, b: Corpus): void {
  if (a.classes.join("\n") !== b.classes.join("\n")) {
    throw new RangeError(
      `Expected corpus "${b.name}" to have the classes of "${a.name}" [${a.classes}], found [${b.classes}]`,
    );
  }
}
