/**
 * The paper's claims, checked against our numbers: each claim is an inequality between two
 * numbers of Tables 1-3 that holds in the paper, evaluated on the same cells of our results.
 * The notebooks and the report write their "what matched" summaries from these.
 * @module
 */
import type { ResultTableRow, UarCell } from "../../analysis/paper.ts";
import type { ExperimentResults } from "../../evaluation/types.ts";
import type { Table } from "./tables.ts";

/** Which paper section a claim belongs to. */
export type ClaimSection = "4.2" | "4.3" | "4.4";

/** One claim: `left > right` in the paper; does it hold in ours? */
export interface Claim {
  /** Paper section of the claim. */
  readonly section: ClaimSection;
  /** The claim in words, e.g. `Real + Syn. (λcls = 2) beats Real`. */
  readonly text: string;
  /** Paper's left and right values (the claim says left > right). */
  readonly paper: readonly [number, number];
  /** Our left and right values, `null` when our results lack a cell. */
  readonly ours: readonly [number, number] | null;
  /** Whether the claim holds in our results, `null` when it cannot be checked. */
  readonly holds: boolean | null;
  /**
   * Whether our two values differ by less than their combined standard deviation
   * (√(σ_left² + σ_right²), over repetitions), so the verdict could flip with other seeds;
   * `false` when no standard deviations are known.
   */
  readonly withinNoise: boolean;
}

type Column = "real" | "syn" | "realSyn";

function cell(
  rows: readonly ResultTableRow[],
  source: ResultTableRow["source"],
  column: Column,
  lambdaCls: number | null,
): UarCell | null {
  const candidates = rows.filter((r) => r.source === source && r[column] !== null);
  // The Real column does not depend on λ_cls: take whichever row carries it.
  const row = column === "real" ? candidates[0] : candidates.find((r) => r.lambdaCls === lambdaCls);
  return row ? row[column] : null;
}

function uarClaim(
  rows: readonly ResultTableRow[],
  section: ClaimSection,
  text: string,
  left: [Column, number | null],
  right: [Column, number | null],
): Claim | null {
  const pl = cell(rows, "paper", ...left);
  const pr = cell(rows, "paper", ...right);
  if (pl === null || pr === null) return null;
  const ol = cell(rows, "ours", ...left);
  const or = cell(rows, "ours", ...right);
  const ours = ol && or ? ([ol.mean, or.mean] as const) : null;
  const noise = ol?.std != null && or?.std != null ? Math.hypot(ol.std, or.std) : null;
  return {
    section,
    text,
    paper: [pl.mean, pr.mean],
    ours,
    holds: ours ? ours[0] > ours[1] : null,
    withinNoise: ours !== null && noise !== null && Math.abs(ours[0] - ours[1]) < noise,
  };
}

function table1Claim(
  results: ExperimentResults,
  text: string,
  left: number | null,
  right: number | null,
): Claim | null {
  const row = (lambda: number | null) =>
    results.table1.find((r) => (lambda === null ? r.set === "source" : r.lambdaCls === lambda));
  const l = row(left);
  const r = row(right);
  if (!l || !r || l.paper === null || r.paper === null) return null;
  const ours = [l.meanAbsDiff, r.meanAbsDiff] as const;
  return {
    section: "4.2",
    text,
    paper: [l.paper, r.paper],
    ours,
    holds: Number.isFinite(ours[0]) && Number.isFinite(ours[1]) ? ours[0] > ours[1] : null,
    withinNoise: false,
  };
}

/**
 * The paper's claims for Sec. 4.2-4.4, each checked on our results. Claims whose cells are missing
 * from the paper's rows are left out; claims whose cells are missing from ours have `holds: null`.
 * @param results the experiment results
 * @returns the claims, in paper order
 */
export function paperClaims(results: ExperimentResults): Claim[] {
  const t2 = results.table2;
  const t3 = results.table3;
  const claims = [
    table1Claim(
      results,
      "Synthetic data (λcls = 0) is closer to the target than the source is",
      null,
      0,
    ),
    table1Claim(
      results,
      "The classification loss moves synthetic data away from the target (λcls = 2 farther than λcls = 0)",
      2,
      0,
    ),
    uarClaim(t2, "4.3", "Within: Real + Syn. (λcls = 2) beats Real", ["realSyn", 2], [
      "real",
      null,
    ]),
    uarClaim(t2, "4.3", "Within: Real beats Real + Syn. (λcls = 0)", ["real", null], [
      "realSyn",
      0,
    ]),
    uarClaim(t2, "4.3", "Within: Syn. (λcls = 0) beats Syn. (λcls = 2)", ["syn", 0], ["syn", 2]),
    uarClaim(t3, "4.4", "Cross: Real + Syn. (λcls = 2) beats Real", ["realSyn", 2], ["real", null]),
    uarClaim(t3, "4.4", "Cross: Syn. (λcls = 2) beats Syn. (λcls = 0)", ["syn", 2], ["syn", 0]),
  ];
  return claims.filter((c): c is Claim => c !== null);
}

/**
 * The claims as a table: claim, the paper's two numbers, ours, and whether it holds.
 * @param claims claims from {@linkcode paperClaims}
 * @param section only claims of this section (default: all)
 * @returns the table
 */
export function claimsTable(claims: readonly Claim[], section?: ClaimSection): Table {
  const shown = section ? claims.filter((c) => c.section === section) : claims;
  const digits = (x: number) => (Math.abs(x) < 1 ? x.toFixed(3) : x.toFixed(2));
  const pair = (p: readonly [number, number] | null) =>
    p ? `${digits(p[0])} vs ${digits(p[1])}` : "–";
  return {
    caption: "The paper's claims, checked on our numbers",
    headers: ["Claim (Sec.)", "Paper", "Ours", "Holds in ours"],
    align: ["l", "r", "r", "l"],
    rows: shown.map((c) => [
      `${c.text} (${c.section})`,
      pair(c.paper),
      pair(c.ours),
      (c.holds === null ? "not computed" : c.holds ? "yes" : "no") +
      (c.withinNoise ? " (within noise)" : ""),
    ]),
  };
}

/**
 * One paragraph summarising which claims held and which did not, written from the numbers.
 * @param claims claims from {@linkcode paperClaims}
 * @param section only claims of this section (default: all)
 * @returns the sentence(s)
 */
export function claimsSummary(claims: readonly Claim[], section?: ClaimSection): string {
  const shown = section ? claims.filter((c) => c.section === section) : claims;
  const held = shown.filter((c) => c.holds === true);
  const failed = shown.filter((c) => c.holds === false);
  const open = shown.filter((c) => c.holds === null);
  const list = (cs: readonly Claim[]) => cs.map((c) => `"${c.text}"`).join("; ");
  const parts = [
    `${held.length} of ${shown.length} of the paper's claims hold in our numbers` +
    (held.length ? `: ${list(held)}.` : "."),
  ];
  if (failed.length) parts.push(`Not reproduced: ${list(failed)}.`);
  if (open.length) parts.push(`Not computed in this run: ${list(open)}.`);
  const noisy = shown.filter((c) => c.withinNoise);
  if (noisy.length) {
    parts.push(
      `Within noise (our two values differ by less than their combined standard deviation, ` +
        `so the verdict could flip with other seeds): ${list(noisy)}.`,
    );
  }
  return parts.join(" ");
}
