/**
 * Classification metrics of the paper (Sec. 4.3): unweighted average recall (UAR, macro recall),
 * confusion matrices, and mean ± standard deviation over repetitions.
 * @module
 */
import * as ss from "simple-statistics";

function _checkLabels(name: string, labels: ArrayLike<number>, nClasses: number): void {
  for (let i = 0; i < labels.length; i++) {
    const c = labels[i];
    if (!Number.isInteger(c) || c < 0 || c >= nClasses) {
      throw new RangeError(
        `Expected ${name} class indices in [0, ${nClasses - 1}], found ${c} at position ${i}`,
      );
    }
  }
}

/**
 * Counts predictions per true class.
 * @param truth true class index per row
 * @param predicted predicted class index per row
 * @param nClasses number of classes
 * @returns `nClasses × nClasses` counts, `[true][predicted]`
 * @example
 * ```ts
 * import { confusionMatrix } from "./metrics.ts";
 * const m = confusionMatrix([0, 0, 1], [0, 1, 1], 2);
 * if (m[0][1] !== 1 || m[1][1] !== 1) throw new Error("unexpected counts");
 * ```
 */
export function confusionMatrix(
  truth: ArrayLike<number>,
  predicted: ArrayLike<number>,
  nClasses: number,
): number[][] {
  if (!Number.isInteger(nClasses) || nClasses < 1) {
    throw new RangeError(`Expected a positive number of classes, found ${nClasses}`);
  }
  if (truth.length !== predicted.length) {
    throw new RangeError(
      `Expected as many predictions as true labels (${truth.length}), found ${predicted.length}`,
    );
  }
  _checkLabels("true", truth, nClasses);
  _checkLabels("predicted", predicted, nClasses);
  // exercise uar-confusion: begin
  const m = Array.from({ length: nClasses }, () => new Array<number>(nClasses).fill(0));
  for (let i = 0; i < truth.length; i++) m[truth[i]][predicted[i]]++;
  return m;
  // exercise uar-confusion: end
}

/**
 * Unweighted average recall from a confusion matrix: the mean, over classes that occur in the
 * truth (non-empty rows), of the fraction of that class predicted correctly. Classes absent from
 * the truth are skipped (as `np.unique(y)` does in the anchor); classes never predicted count
 * with recall 0.
 * @param confusion `[true][predicted]` counts
 * @returns UAR in [0, 1]
 */
export function uarFromConfusion(confusion: readonly (readonly number[])[]): number {
  // exercise uar-confusion: begin
  let sum = 0, present = 0;
  for (let c = 0; c < confusion.length; c++) {
    const row = confusion[c];
    if (row.length !== confusion.length) {
      throw new RangeError(
        `Expected a square confusion matrix of size ${confusion.length}, found a row of ${row.length}`,
      );
    }
    const total = row.reduce((a, b) => a + b, 0);
    if (total === 0) continue;
    sum += row[c] / total;
    present++;
  }
  if (present === 0) throw new RangeError("Expected at least one labelled row, found none");
  return sum / present;
  // exercise uar-confusion: end
}

/**
 * Unweighted average recall (macro recall over the classes present in the truth).
 * @param truth true class index per row
 * @param predicted predicted class index per row
 * @param nClasses number of classes
 * @returns UAR in [0, 1]
 * @example
 * ```ts
 * import { uar } from "./metrics.ts";
 * // class 0: 1 of 2 right, class 1: 1 of 1 right → (0.5 + 1) / 2
 * if (uar([0, 0, 1], [0, 1, 1], 2) !== 0.75) throw new Error("unexpected UAR");
 * ```
 */
export function uar(
  truth: ArrayLike<number>,
  predicted: ArrayLike<number>,
  nClasses: number,
): number {
  return uarFromConfusion(confusionMatrix(truth, predicted, nClasses));
}

/**
 * Divides every row by its sum; an all-zero row stays all zero.
 * @param confusion `[true][predicted]` counts
 * @returns a new matrix whose non-empty rows sum to 1
 */
export function rowNormalize(confusion: readonly (readonly number[])[]): number[][] {
  return confusion.map((row) => {
    const total = row.reduce((a, b) => a + b, 0);
    return row.map((v) => (total === 0 ? 0 : v / total));
  });
}

/**
 * Element-wise sum of equally shaped matrices.
 * @param matrices at least one matrix
 * @returns their sum
 */
export function sumMatrices(matrices: readonly (readonly (readonly number[])[])[]): number[][] {
  if (matrices.length === 0) throw new RangeError("Expected at least one matrix, found none");
  const out = matrices[0].map((row) => row.map(() => 0));
  for (const m of matrices) {
    if (m.length !== out.length) {
      throw new RangeError(`Expected ${out.length} rows in every matrix, found ${m.length}`);
    }
    m.forEach((row, i) => row.forEach((v, j) => (out[i][j] += v)));
  }
  return out;
}

/**
 * Element-wise mean of equally shaped matrices.
 * @param matrices at least one matrix
 * @returns their mean
 */
export function meanMatrices(matrices: readonly (readonly (readonly number[])[])[]): number[][] {
  return sumMatrices(matrices).map((row) => row.map((v) => v / matrices.length));
}

/**
 * Mean and population standard deviation (divide by n, like numpy's default `np.std`), from
 * simple-statistics.
 * @param values at least one number
 * @returns `{ mean, std }`
 * @example
 * ```ts
 * import { meanStd } from "./metrics.ts";
 * const { mean, std } = meanStd([1, 3]);
 * if (mean !== 2 || std !== 1) throw new Error("unexpected mean/std");
 * ```
 */
export function meanStd(values: readonly number[]): { mean: number; std: number } {
  if (values.length === 0) throw new RangeError("Expected at least one value, found none");
  return { mean: ss.mean(values as number[]), std: ss.standardDeviation(values as number[]) };
}
