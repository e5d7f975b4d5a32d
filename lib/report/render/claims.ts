/**
 * The paper's claims (`lib/analysis/claims.ts`) as a table and as one paragraph: whether each holds
 * in our numbers, and whether the paired test over the same seeds says our difference is beyond
 * seed noise. The notebooks and the report write their "what matched" summaries from these.
 * @module
 */
import { type Claim, CLAIM_ALPHA, type ClaimSection } from "../../analysis/claims.ts";
import { formatPaired, type Table } from "./tables.ts";

/**
 * The claims as a table: claim, the paper's two numbers, ours, the paired test (our left − right,
 * points) and the verdict.
 * @param claims claims from `paperClaims`
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
    headers: ["Claim (Sec.)", "Paper", "Ours", "Paired test, ours (points)", "Holds in ours"],
    align: ["l", "r", "r", "r", "l"],
    rows: shown.map((c) => [
      `${c.text} (${c.section})`,
      pair(c.paper),
      pair(c.ours),
      c.test ? `${formatPaired(c.test)} (${c.test.pairs} pairs)` : "–",
      (c.holds === null ? "not computed" : c.holds ? "yes" : "no") +
      (c.significant === false ? " (not significant)" : ""),
    ]),
    notes: [
      `A UAR claim's test pairs our two settings classifier by classifier (same seed, same fold); ` +
      `"not significant" means p ≥ ${CLAIM_ALPHA}: other seeds could reverse the verdict.`,
    ],
  };
}

/**
 * One paragraph summarising which claims held and which did not, written from the numbers.
 * @param claims claims from `paperClaims`
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
  const noisy = shown.filter((c) => c.significant === false);
  if (noisy.length) {
    parts.push(
      `Not significant (paired test over the same seeds, p ≥ ${CLAIM_ALPHA}, so the verdict ` +
        `could flip with other seeds): ${list(noisy)}.`,
    );
  }
  return parts.join(" ");
}
