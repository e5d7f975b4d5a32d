/**
 * Tables 2 and 3: the paper's rows (Sahu et al. marked `reported`, Bao et al. `paper`) and ours,
 * built from the evaluated settings.
 * @module
 */
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
  const mine = settings.filter((s) => s.protocol === protocol);
  const real = mine.find((s) => s.trainOn === "real");
  const lambdas = [...new Set(mine.filter((s) => s.lambdaCls !== null).map((s) => s.lambdaCls!))]
    .sort((a, b) => a - b);
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
    syn: _cell(mine.find((s) => s.trainOn === "syn" && s.lambdaCls === l)),
    realSyn: _cell(mine.find((s) => s.trainOn === "real+syn" && s.lambdaCls === l)),
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
