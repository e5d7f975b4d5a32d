/**
 * The emobase2010 feature set broken down by low-level descriptor (LLD), from the feature names of
 * a real file, beside the counts the openSMILE configuration implies (`EMOBASE2010.md`):
 * (34 + 34) × 21 + (4 + 4) × 19 + 2 = 1582.
 * @module
 */
import type { Table } from "./tables.ts";

/** One LLD family of emobase2010 and what the configuration says it contributes. */
interface Family {
  /** Name prefix of the LLD in feature names, e.g. `pcm_fftMag_mfcc`. */
  readonly prefix: string;
  /** In words. */
  readonly title: string;
  /** Number of LLD contours (e.g. 15 MFCCs). */
  readonly contours: number;
  /** Functionals per contour (21, or 19 for the non-zero group). */
  readonly functionals: number;
}

/** The emobase2010 LLD families in output order (openSMILE `emobase2010.conf`). */
export const EMOBASE2010_FAMILIES: readonly Family[] = Object.freeze([
  { prefix: "pcm_loudness", title: "Loudness", contours: 1, functionals: 21 },
  { prefix: "pcm_fftMag_mfcc", title: "MFCC 0-14", contours: 15, functionals: 21 },
  { prefix: "logMelFreqBand", title: "Log Mel bands 0-7", contours: 8, functionals: 21 },
  { prefix: "lspFreq", title: "LSP frequencies 0-7", contours: 8, functionals: 21 },
  { prefix: "F0finEnv", title: "F0 envelope", contours: 1, functionals: 21 },
  { prefix: "voicingFinalUnclipped", title: "Voicing probability", contours: 1, functionals: 21 },
  { prefix: "F0final", title: "F0 (voiced frames only)", contours: 1, functionals: 19 },
  { prefix: "jitterLocal", title: "Jitter (local)", contours: 1, functionals: 19 },
  { prefix: "jitterDDP", title: "Jitter (DDP)", contours: 1, functionals: 19 },
  { prefix: "shimmerLocal", title: "Shimmer (local)", contours: 1, functionals: 19 },
]);

/** A feature name split into its parts. */
export interface FeatureNameParts {
  /** LLD family prefix, e.g. `pcm_fftMag_mfcc`; `F0final__Turn` for the two turn features. */
  readonly lld: string;
  /** Whether it is computed on the delta contour (`_de`). */
  readonly delta: boolean;
  /** Contour index within the family (e.g. MFCC 3), `null` for single-contour families. */
  readonly index: number | null;
  /** The functional, e.g. `amean`, `iqr1-3`, `numOnsets`. */
  readonly functional: string;
}

/**
 * Splits an emobase2010 feature name: `<lld>_sma[_de][<i>]_<functional>` or `F0final__Turn_<x>`.
 * @param name the feature name
 * @returns its parts
 * @throws {RangeError} when the name follows neither pattern
 */
export function parseFeatureName(name: string): FeatureNameParts {
  const turn = /^F0final__Turn_(\w+)$/.exec(name);
  if (turn) return { lld: "F0final__Turn", delta: false, index: null, functional: turn[1] };
  const m = /^(.+?)_sma(_de)?(?:\[(\d+)\])?_(.+)$/.exec(name);
  if (!m) {
    throw new RangeError(
      `Expected an emobase2010 feature name like pcm_loudness_sma_amean, found "${name}"`,
    );
  }
  return {
    lld: m[1],
    delta: m[2] !== undefined,
    index: m[3] === undefined ? null : Number(m[3]),
    functional: m[4],
  };
}

/**
 * Counts the features of a file per LLD family (LLD and delta contours), beside the count the
 * emobase2010 configuration implies for each family.
 * @param featureNames the feature names of a corpus (1582 for emobase2010)
 * @returns the table: family, contours, functionals, features in the file, expected
 * @throws {RangeError} when a name is not an emobase2010 feature name
 */
export function featureBreakdownTable(featureNames: readonly string[]): Table {
  const counts = new Map<string, { lld: number; delta: number; functionals: Set<string> }>();
  for (const name of featureNames) {
    const p = parseFeatureName(name);
    const c = counts.get(p.lld) ?? { lld: 0, delta: 0, functionals: new Set<string>() };
    if (p.delta) c.delta++;
    else c.lld++;
    c.functionals.add(p.functional);
    counts.set(p.lld, c);
  }
  const rows: string[][] = [];
  let expectedTotal = 0;
  for (const f of EMOBASE2010_FAMILIES) {
    const c = counts.get(f.prefix);
    const expected = 2 * f.contours * f.functionals;
    expectedTotal += expected;
    rows.push([
      `${f.title} (${f.prefix})`,
      `${f.contours} + ${f.contours} Δ`,
      String(c?.functionals.size ?? 0),
      String(c ? c.lld + c.delta : 0),
      `${f.contours} × 2 × ${f.functionals} = ${expected}`,
    ]);
  }
  const turn = counts.get("F0final__Turn");
  expectedTotal += 2;
  rows.push([
    "F0 onsets and turn duration",
    "1",
    String(turn?.functionals.size ?? 0),
    String(turn?.lld ?? 0),
    "2",
  ]);
  const known = new Set([...EMOBASE2010_FAMILIES.map((f) => f.prefix), "F0final__Turn"]);
  const other = [...counts.entries()].filter(([k]) => !known.has(k));
  for (const [k, c] of other) rows.push([`other (${k})`, "?", "?", String(c.lld + c.delta), "0"]);
  rows.push(["Total", "", "", String(featureNames.length), String(expectedTotal)]);
  return {
    caption: "The 1,582 emobase2010 features by low-level descriptor",
    headers: ["LLD family", "Contours", "Functionals", "Features (ours, in the file)", "Expected"],
    rows,
    notes: [
      "Expected counts from openSMILE's emobase2010.conf: 34 LLDs and their deltas × 21 " +
      "functionals = 1428, 4 voiced-frame LLDs and deltas × 19 = 152, plus 2 = 1582.",
    ],
  };
}
