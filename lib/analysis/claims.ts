/**
 * The paper's claims, checked against our numbers: each claim is an inequality between two
 * numbers of Tables 1-3 that holds in the paper, evaluated on the same cells of our results. A UAR
 * claim also carries the paired test of our two settings over the same seeds (left − right, one
 * pair per classifier: (fold, repetition) within corpus, repetition cross corpus), so a verdict
 * says whether our difference is larger than what other seeds could produce.
 * @module
 */
import { cycleganLambda } from "../augmentation/cyclegan.ts";
import { compareSettings } from "../evaluation/compare.ts";
import type { PairedResult, Protocol, SettingResult, TrainOn } from "../evaluation/types.ts";
import type { ResultTableRow, UarCell } from "./paper.ts";
import { type QualityRecord, SPREAD_THRESHOLD, spreadSimilar } from "./quality.ts";
import type { Table1Row } from "./table1.ts";

/** Which paper section a claim belongs to. */
export type ClaimSection = "4.2" | "4.3" | "4.4";

/** Significance level of the paired tests of the claims. */
export const CLAIM_ALPHA = 0.05;

/** One claim: `left > right` in the paper; does it hold in ours? */
export interface Claim {
  /** Paper section of the claim. */
  readonly section: ClaimSection;
  /** The claim in words, e.g. `Real + Syn. (λcls = 2) beats Real`. */
  readonly text: string;
  /**
   * Paper's left and right values (the claim says left > right); `null` for a claim the paper
   * makes in words or in a figure (the spread claim of Sec. 4.2, Fig. 2).
   */
  readonly paper: readonly [number, number] | null;
  /** Our left and right values, `null` when our results lack a cell. */
  readonly ours: readonly [number, number] | null;
  /** Whether the claim holds in our results, `null` when it cannot be checked. */
  readonly holds: boolean | null;
  /**
   * The paired test of our left setting against our right one (difference left − right, as a
   * fraction of UAR); `null` for Table 1 claims and where a setting is missing.
   */
  readonly test: PairedResult | null;
  /** Whether the test's p-value is below {@linkcode CLAIM_ALPHA}; `null` without a test. */
  readonly significant: boolean | null;
}

/** What the claims are checked on (a reproduction's results satisfy it). */
export interface ClaimInputs {
  /** Table 1 rows. */
  readonly table1: readonly Table1Row[];
  /** Table 2 rows (within). */
  readonly table2: readonly ResultTableRow[];
  /** Table 3 rows (cross). */
  readonly table3: readonly ResultTableRow[];
  /** The evaluated settings, for the paired tests. */
  readonly settings: readonly SettingResult[];
  /** Base seed (the paired tests' resampling). */
  readonly seeds?: { readonly base: number };
  /** Synthetic-data quality records, for the spread claim of Sec. 4.2. */
  readonly quality?: readonly QualityRecord[];
}

type Column = "real" | "syn" | "realSyn";

const TRAIN_ON: Readonly<Record<Column, TrainOn>> = {
  real: "real",
  syn: "syn",
  realSyn: "real+syn",
};

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

function setting(
  settings: readonly SettingResult[],
  protocol: Protocol,
  [column, lambdaCls]: [Column, number | null],
): SettingResult | undefined {
  return settings.find((s) =>
    s.protocol === protocol && s.trainOn === TRAIN_ON[column] &&
    s.synthesisProtocol !== "reference" &&
    (column === "real" || (s.augment !== null && cycleganLambda(s.augment) === lambdaCls))
  );
}

function uarClaim(
  input: ClaimInputs,
  section: "4.3" | "4.4",
  text: string,
  left: [Column, number | null],
  right: [Column, number | null],
): Claim | null {
  const protocol: Protocol = section === "4.3" ? "within" : "cross";
  const rows = protocol === "within" ? input.table2 : input.table3;
  const pl = cell(rows, "paper", ...left);
  const pr = cell(rows, "paper", ...right);
  if (pl === null || pr === null) return null;
  const ol = cell(rows, "ours", ...left);
  const or = cell(rows, "ours", ...right);
  const ours = ol && or ? ([ol.mean, or.mean] as const) : null;
  const sl = setting(input.settings, protocol, left);
  const sr = setting(input.settings, protocol, right);
  const test = sl && sr ? compareSettings(sr, sl, input.seeds?.base ?? 0) : null;
  return {
    section,
    text,
    paper: [pl.mean, pr.mean],
    ours,
    holds: ours ? ours[0] > ours[1] : null,
    test,
    significant: test ? test.pValue < CLAIM_ALPHA : null,
  };
}

function table1Claim(
  input: ClaimInputs,
  text: string,
  left: number | null,
  right: number | null,
): Claim | null {
  const row = (lambda: number | null) =>
    input.table1.find((r) => (lambda === null ? r.set === "source" : r.lambdaCls === lambda));
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
    test: null,
    significant: null,
  };
}

/**
 * Sec. 4.2 / Fig. 2: "the synthetic and target features are similar in both mean and standard
 * deviation". The mean half is Table 1's claim; this is the spread half, judged on the median over
 * features of the per-feature std ratio of the CycleGAN's synthetic data (all labelled rows): it
 * holds when the ratio is within a factor of 1 / {@linkcode SPREAD_THRESHOLD} of 1. A generator
 * collapsed to its class centroids (the first round's: 0.03-0.07) fails it, whatever Table 1 says.
 */
function spreadClaim(input: ClaimInputs, lambdaCls: number): Claim | null {
  const record = input.quality?.find((r) => !r.reference && r.lambdaCls === lambdaCls);
  if (!input.table1.some((r) => r.set === "syn" && r.lambdaCls === lambdaCls)) return null;
  return {
    section: "4.2",
    text: `Synthetic data (λcls = ${lambdaCls}) has the target's spread (median std ratio ` +
      `std_syn / std_target between ${SPREAD_THRESHOLD} and ${1 / SPREAD_THRESHOLD}, Fig. 2)`,
    paper: null,
    ours: record ? [record.quality.overall.stdRatioMedian, SPREAD_THRESHOLD] : null,
    holds: record ? spreadSimilar(record) : null,
    test: null,
    significant: null,
  };
}

/**
 * The paper's claims for Sec. 4.2-4.4, each checked on our results. Claims whose cells are missing
 * from the paper's rows are left out; claims whose cells are missing from ours have `holds: null`.
 * @param input Tables 1-3 and the settings behind them
 * @returns the claims, in paper order
 */
export function paperClaims(input: ClaimInputs): Claim[] {
  const claims = [
    table1Claim(
      input,
      "Synthetic data (λcls = 0) is closer to the target than the source is",
      null,
      0,
    ),
    table1Claim(
      input,
      "The classification loss moves synthetic data away from the target (λcls = 2 farther than λcls = 0)",
      2,
      0,
    ),
    spreadClaim(input, 0),
    spreadClaim(input, 2),
    uarClaim(input, "4.3", "Within: Real + Syn. (λcls = 2) beats Real", ["realSyn", 2], [
      "real",
      null,
    ]),
    uarClaim(input, "4.3", "Within: Real beats Real + Syn. (λcls = 0)", ["real", null], [
      "realSyn",
      0,
    ]),
    uarClaim(input, "4.3", "Within: Syn. (λcls = 0) beats Syn. (λcls = 2)", ["syn", 0], ["syn", 2]),
    uarClaim(input, "4.4", "Cross: Real + Syn. (λcls = 2) beats Real", ["realSyn", 2], [
      "real",
      null,
    ]),
    uarClaim(input, "4.4", "Cross: Syn. (λcls = 2) beats Syn. (λcls = 0)", ["syn", 2], ["syn", 0]),
  ];
  return claims.filter((c): c is Claim => c !== null);
}
