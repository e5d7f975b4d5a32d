/**
 * Tables 2 and 3: the paper's rows (Sahu et al. marked `reported`, Bao et al. `paper`) and ours,
 * built from the evaluated settings of the paper's method (the CycleGAN augmenter, leak-free;
 * other augmenters are in the methods table, `methods.ts`).
 * @module
 */
import { cycleganLambda } from "../augmentation/cyclegan.ts";
import { PAPER_TABLE2, PAPER_TABLE3 } from "./paper.ts";
import type { Protocol, SettingResult } from "../evaluation/types.ts";
import type { ResultTableRow, UarCell } from "./paper.ts";

function _cell(s: SettingResult | undefined): UarCell | null {
  return s ? { mean: s.uarMean * 100, std: s.uarStd * 100 } : null;
}

/**
 * Our rows of Table 2 (within) or 3 (cross): one per λ_cls, Real in every row (it does not
 * depend on λ_cls), UAR in percent.
 * @param settings evaluated settings (others are ignored)
 * @param protocol `within` (Table 2) or `cross` (Table 3)
 * @returns rows, λ_cls ascending
 */
export function ourTableRows(
  settings: readonly SettingResult[],
  protocol: Protocol,
): ResultTableRow[] {
  const mine = settings.filter((s) =>
    s.protocol === protocol && s.synthesisProtocol !== "reference"
  );
  const real = mine.find((s) => s.trainOn === "real");
  const lambdaOf = (s: SettingResult) => (s.augment === null ? null : cycleganLambda(s.augment));
  const lambdas = [
    ...new Set(mine.map(lambdaOf).filter((l): l is number => l !== null)),
  ].sort((a, b) => a - b);
  if (lambdas.length === 0) {
    return real
      ? [{
        label: "ours",
        source: "ours",
        lambdaCls: null,
        real: _cell(real),
        syn: null,
        realSyn: null,
      }]
      : [];
  }
  return lambdas.map((l) => ({
    label: `λcls = ${l}`,
    source: "ours" as const,
    lambdaCls: l,
    real: _cell(real),
    syn: _cell(mine.find((s) => s.trainOn === "syn" && lambdaOf(s) === l)),
    realSyn: _cell(mine.find((s) => s.trainOn === "real+syn" && lambdaOf(s) === l)),
  }));
}

/**
 * Table 2 (within) or Table 3 (cross): the paper's rows, then ours.
 * @param settings evaluated settings
 * @param protocol `within` or `cross`
 * @returns the rows
 */
export function resultTable(
  settings: readonly SettingResult[],
  protocol: Protocol,
): ResultTableRow[] {
  return [
    ...(protocol === "within" ? PAPER_TABLE2 : PAPER_TABLE3),
    ...ourTableRows(settings, protocol),
  ];
}
