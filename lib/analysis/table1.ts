/**
 * Table 1 (paper Sec. 4.2): mean absolute difference of feature values between the target corpus
 * and the source / synthetic sets, on min-max-normalised features.
 * @module
 */
import type { Corpus } from "../data/types.ts";
import { PAPER_TABLE1 } from "./paper.ts";

import { groupStats, rowsByClass, scaleSets } from "./_stats.ts";

/** One row of Table 1: mean absolute difference to the target corpus. */
export interface Table1Row {
  /** `source` (unlabelled corpus) or `syn` (synthetic data). */
  readonly set: "source" | "syn";
  /** Label as in the paper, e.g. `|target - syn(λcls=0)|`. */
  readonly label: string;
  /** λ_cls of the synthetic data; `null` for the source row. */
  readonly lambdaCls: number | null;
  /** Mean over classes of the per-class mean absolute difference. */
  readonly meanAbsDiff: number;
  /** The per-class value, by class name. */
  readonly perClass: Readonly<Record<string, number>>;
  /** The paper's value for this row, or `null` when the paper has none. */
  readonly paper: number | null;
  /** The interpretation of "mean absolute difference" used (METHOD_NOTES), in one sentence. */
  readonly interpretation: string;
}

/** The interpretation of the paper's "mean of absolute differences" used here (METHOD_NOTES). */
export const TABLE1_INTERPRETATION =
  "Mean over the features of |mean_target(f) - mean_X(f)| on min-max-normalised features, " +
  "computed per emotion class (synthetic class i against target class i; the unlabelled source " +
  "against each target class) and averaged over the classes; target and source are each scaled " +
  "by their own min/max, synthetic data by the target's (as the generator sees them).";

/**
 * Mean over features of |a - b|.
 * @param a per-feature means
 * @param b per-feature means
 * @returns the mean absolute difference
 */
export function meanAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length || a.length === 0) {
    throw new RangeError(
      `Expected two equally long, non-empty vectors, found ${a.length} and ${b.length}`,
    );
  }
  let s = 0;
  for (let i = 0; i < a.length; i++) s += Math.abs(a[i] - b[i]);
  return s / a.length;
}

/**
 * Table 1 rows: source, then synthetic data per λ_cls (ascending).
 * @param target the labelled corpus the CycleGANs were trained on
 * @param source the unlabelled source corpus
 * @param syn synthetic corpora by λ_cls (labels index the target's classes)
 * @returns one row per set, with per-class values and the paper's value
 * @example
 * ```ts
 * import { meanAbsDiff } from "./table1.ts";
 * if (meanAbsDiff([0, 1], [0.5, 0.5]) !== 0.5) throw new Error("unexpected");
 * ```
 */
export function table1(
  target: Corpus,
  source: Corpus,
  syn: ReadonlyMap<number, Corpus>,
): Table1Row[] {
  const scaled = scaleSets(target, source, syn);
  const cols = target.cols;
  const targetByClass = rowsByClass(target).map((rows) => groupStats(scaled.target, cols, rows));
  const sourceStats = groupStats(scaled.source, cols);
  const row = (
    set: "source" | "syn",
    lambdaCls: number | null,
    label: string,
    perClassMean: (i: number) => Float64Array,
    paper: number | null,
  ): Table1Row => {
    const perClass: Record<string, number> = {};
    target.classes.forEach((
      c,
      i,
    ) => (perClass[c] = meanAbsDiff(targetByClass[i].mean, perClassMean(i))));
    const values = Object.values(perClass);
    return {
      set,
      label,
      lambdaCls,
      meanAbsDiff: values.reduce((a, b) => a + b, 0) / values.length,
      perClass,
      paper,
      interpretation: TABLE1_INTERPRETATION,
    };
  };
  const rows = [
    row("source", null, "|target - source|", () => sourceStats.mean, PAPER_TABLE1.source),
  ];
  for (const lambda of [...syn.keys()].sort((a, b) => a - b)) {
    const c = syn.get(lambda)!;
    if (c.classes.join() !== target.classes.join()) {
      throw new RangeError(
        `Expected synthetic classes [${target.classes}], found [${c.classes}] for λcls = ${lambda}`,
      );
    }
    const byClass = rowsByClass(c).map((rows) => groupStats(scaled.syn.get(lambda)!, cols, rows));
    rows.push(
      row(
        "syn",
        lambda,
        `|target - syn(λcls=${lambda})|`,
        (i) => byClass[i].mean,
        PAPER_TABLE1.syn[lambda] ?? null,
      ),
    );
  }
  return rows;
}
