/**
 * The λ_cls sweep the paper leaves as future work (Sec. 5): for every λ_cls a CycleGAN was run
 * with, the Table 1 distance of its synthetic data to the target and the downstream UAR of
 * every protocol × train-on setting, so the trade-off between similarity (λ_cls = 0) and
 * discriminability (λ_cls > 0) can be read off one table and one figure.
 * @module
 */
import { cycleganLambda } from "../augmentation/cyclegan.ts";
import type { SettingResult } from "../evaluation/types.ts";
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
   * Diversity of the synthetic data (synthetic-quality metrics, `lib/analysis/synthetic_quality.ts`
   * when it lands); `null` until then. SLOT: filled by the integrator.
   */
  readonly diversity: Readonly<Record<string, number>> | null;
}

/**
 * The sweep's rows, λ_cls ascending.
 * @param lambdas the swept values
 * @param table1 Table 1 rows (one `syn` row per λ_cls)
 * @param settings evaluated settings (the CycleGAN ones are used; the reference protocol's are not)
 * @returns one row per λ_cls
 */
export function lambdaSweepRows(
  lambdas: readonly number[],
  table1: readonly Table1Row[],
  settings: readonly SettingResult[],
): LambdaSweepRow[] {
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
    diversity: null,
  }));
}
