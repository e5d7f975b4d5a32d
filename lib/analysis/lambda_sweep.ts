/**
 * The λ_cls sweep the paper leaves as future work (Sec. 5): for every λ_cls a CycleGAN was run
 * with, the Table 1 distance of its synthetic data to the target and the downstream UAR of
 * every protocol × train-on setting, so the trade-off between similarity (λ_cls = 0) and
 * discriminability (λ_cls > 0) can be read off one table and one figure.
 * @module
 */
import { cycleganLambda } from "../augmentation/cyclegan.ts";
import type { SettingResult } from "../evaluation/types.ts";
import type { QualityRecord } from "./quality.ts";
import type { Table1Row } from "./table1.ts";

/** One λ_cls of the sweep. */
export interface LambdaSweepRow {
  /** λ_cls. */
  readonly lambdaCls: number;
  /** Table 1 distance |target − syn(λ_cls)| of the CycleGAN on all labelled rows, `null` if absent. */
  readonly table1: number | null;
  /** UAR (fraction) per setting, `null` where it was not evaluated. */
  readonly uar: {
    readonly withinSyn: number | null;
    readonly withinRealSyn: number | null;
    readonly crossSyn: number | null;
    readonly crossRealSyn: number | null;
  };
  /**
   * Fidelity and diversity of the synthetic data on all labelled rows (`lib/analysis/quality.ts`):
   * median std ratio, within-set NN ratio, recall, coverage and the trainer's final cycle
   * reconstruction ratio; `null` without a quality record for this λ_cls.
   */
  readonly diversity: {
    readonly stdRatio: number;
    readonly nnRatio: number;
    readonly recall: number;
    readonly coverage: number;
    readonly cycleRecon: number | null;
  } | null;
}

/**
 * The sweep's rows, λ_cls ascending.
 * @param lambdas the swept values
 * @param table1 Table 1 rows (one `syn` row per λ_cls)
 * @param settings evaluated settings (the CycleGAN ones are used; the reference protocol's are not)
 * @param quality synthetic-quality records (the CycleGAN ones are used)
 * @returns one row per λ_cls
 */
export function lambdaSweepRows(
  lambdas: readonly number[],
  table1: readonly Table1Row[],
  settings: readonly SettingResult[],
  quality: readonly QualityRecord[] = [],
): LambdaSweepRow[] {
  const diversity = (l: number): LambdaSweepRow["diversity"] => {
    const q = quality.find((r) => !r.reference && r.lambdaCls === l)?.quality;
    return q
      ? {
        stdRatio: q.overall.stdRatioMedian,
        nnRatio: q.overall.nnWithinRatio,
        recall: q.overall.recall,
        coverage: q.overall.coverage,
        cycleRecon: q.cycleReconstruction?.max ?? null,
      }
      : null;
  };
  const uar = (l: number, protocol: string, trainOn: string) =>
    settings.find((s) =>
      s.protocol === protocol && s.trainOn === trainOn && s.synthesisProtocol !== "reference" &&
      s.augment !== null && cycleganLambda(s.augment) === l
    )?.uarMean ?? null;
  return [...new Set(lambdas)].sort((a, b) => a - b).map((l) => ({
    lambdaCls: l,
    table1: table1.find((r) => r.set === "syn" && r.lambdaCls === l)?.meanAbsDiff ?? null,
    uar: {
      withinSyn: uar(l, "within", "syn"),
      withinRealSyn: uar(l, "within", "real+syn"),
      crossSyn: uar(l, "cross", "syn"),
      crossRealSyn: uar(l, "cross", "real+syn"),
    },
    diversity: diversity(l),
  }));
}
