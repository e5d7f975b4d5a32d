/**
 * Fisher's discriminant ratio (μ1 − μ2)² / (σ1² + σ2²) per feature, as the authors' public code
 * measures distribution overlap (not in the paper): between the target and the source /
 * synthetic sets (per class), and between emotions within one set. Low ratios mean overlapping
 * distributions. Features are min-max normalised as for Table 1.
 * @module
 */
import * as ss from "simple-statistics";
import type { Corpus } from "../data/types.ts";

import { type GroupStats, groupStats, rowsByClass, scaleSets } from "./_stats.ts";

/** Fisher's discriminant ratio (μ1 − μ2)² / (σ1² + σ2²) per feature, summarised over features. */
export interface FisherOverlap {
  /** What is compared: `sets` (two datasets, same class) or `emotions` (two classes, one set). */
  readonly kind: "sets" | "emotions";
  /** First group, e.g. `target` or `angry`. */
  readonly a: string;
  /** Second group, e.g. `syn(λcls=0)` or `sad`. */
  readonly b: string;
  /** The set (for `emotions`) or the class (for `sets`, `all` when averaged over classes). */
  readonly within: string;
  /** Mean ratio over features (low = overlapping distributions). */
  readonly mean: number;
  /** Median ratio over features. */
  readonly median: number;
  /** Fraction of features whose ratio exceeds 1 (well separated). */
  readonly fractionAboveOne: number;
}

/**
 * Fisher's ratio of every feature between two groups (a feature constant and equal in both
 * gives 0; the denominator has 1e-12 added so a constant feature with different values is large
 * but finite).
 * @param a statistics of the first group
 * @param b statistics of the second group
 * @returns one ratio per feature
 * @example
 * ```ts
 * import { fisherRatios } from "./fisher.ts";
 * const r = fisherRatios(
 *   { rows: 2, mean: new Float64Array([0]), variance: new Float64Array([1]) },
 *   { rows: 2, mean: new Float64Array([2]), variance: new Float64Array([1]) },
 * );
 * if (Math.abs(r[0] - 2) > 1e-9) throw new Error("(0-2)^2 / (1+1) = 2");
 * ```
 */
export function fisherRatios(a: GroupStats, b: GroupStats): Float64Array {
  if (a.mean.length !== b.mean.length) {
    throw new RangeError(
      `Expected equally many features, found ${a.mean.length} and ${b.mean.length}`,
    );
  }
  const out = new Float64Array(a.mean.length);
  for (let f = 0; f < out.length; f++) {
    out[f] = (a.mean[f] - b.mean[f]) ** 2 / (a.variance[f] + b.variance[f] + 1e-12);
  }
  return out;
}

function _summary(
  kind: FisherOverlap["kind"],
  a: string,
  b: string,
  within: string,
  ratios: Float64Array,
): FisherOverlap {
  const values = Array.from(ratios);
  const above = values.filter((r) => r > 1).length;
  return {
    kind,
    a,
    b,
    within,
    mean: ss.mean(values),
    median: ss.median(values),
    fractionAboveOne: above / values.length,
  };
}

function _meanOf(
  kind: FisherOverlap["kind"],
  a: string,
  b: string,
  parts: FisherOverlap[],
): FisherOverlap {
  const avg = (k: "mean" | "median" | "fractionAboveOne") =>
    parts.reduce((s, p) => s + p[k], 0) / parts.length;
  return {
    kind,
    a,
    b,
    within: "all",
    mean: avg("mean"),
    median: avg("median"),
    fractionAboveOne: avg("fractionAboveOne"),
  };
}

/**
 * Fisher overlap between sets (target vs source and vs each synthetic set, per class and
 * averaged over classes as `within: "all"`) and between emotions (every class pair within the
 * target and within each synthetic set).
 * @param target the labelled corpus
 * @param source the unlabelled source corpus
 * @param syn synthetic corpora by λ_cls
 * @returns the summaries
 */
export function fisherOverlap(
  target: Corpus,
  source: Corpus,
  syn: ReadonlyMap<number, Corpus>,
): FisherOverlap[] {
  const scaled = scaleSets(target, source, syn);
  const cols = target.cols;
  const classes = target.classes;
  const targetStats = rowsByClass(target).map((r) => groupStats(scaled.target, cols, r));
  const sets: [string, GroupStats[]][] = [["target", targetStats]];
  const out: FisherOverlap[] = [];
  const sourceStats = groupStats(scaled.source, cols);
  const perClass = classes.map((c, i) =>
    _summary("sets", "target", "source", c, fisherRatios(targetStats[i], sourceStats))
  );
  out.push(...perClass, _meanOf("sets", "target", "source", perClass));
  for (const lambda of [...syn.keys()].sort((a, b) => a - b)) {
    const name = `syn(λcls=${lambda})`;
    const stats = rowsByClass(syn.get(lambda)!).map((r) =>
      groupStats(scaled.syn.get(lambda)!, cols, r)
    );
    sets.push([name, stats]);
    const pc = classes.map((c, i) =>
      _summary("sets", "target", name, c, fisherRatios(targetStats[i], stats[i]))
    );
    out.push(...pc, _meanOf("sets", "target", name, pc));
  }
  for (const [name, stats] of sets) {
    for (let i = 0; i < classes.length; i++) {
      for (let j = i + 1; j < classes.length; j++) {
        out.push(
          _summary("emotions", classes[i], classes[j], name, fisherRatios(stats[i], stats[j])),
        );
      }
    }
  }
  return out;
}
