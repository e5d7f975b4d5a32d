/**
 * What a corpus holds, as a one-line footnote ("emodb: 339 utterances (angry 127, …)") and as
 * plain JSON for the `deno task corpus` command.
 * @module
 */

import { classCounts } from "./corpus.ts";
import type { Corpus } from "./types.ts";

/** The numbers behind {@linkcode corpusSummary}, as printed by `deno task corpus --json`. */
export interface CorpusStats {
  /** Corpus name. */
  readonly name: string;
  /** Number of rows kept. */
  readonly utterances: number;
  /** Features per row. */
  readonly features: number;
  /** Class names in index order (empty when unlabelled). */
  readonly classes: readonly string[];
  /** Utterances per class name. */
  readonly class_counts: Readonly<Record<string, number>>;
  /** Number of distinct speakers, or `null` when unknown. */
  readonly speakers: number | null;
  /** Number of distinct sessions, or `null` when unknown. */
  readonly sessions: number | null;
  /** Rows dropped at load time, by raw label. */
  readonly dropped: Readonly<Record<string, number>>;
}

/**
 * Counts what a corpus holds.
 * @param corpus the corpus
 * @returns utterances, features, classes, class counts, speakers, sessions and dropped labels
 */
export function corpusStats(corpus: Corpus): CorpusStats {
  return {
    name: corpus.name,
    utterances: corpus.rows,
    features: corpus.cols,
    classes: [...corpus.classes],
    class_counts: classCounts(corpus),
    speakers: corpus.speakers === null ? null : new Set(corpus.speakers).size,
    sessions: corpus.sessions === null ? null : new Set(corpus.sessions).size,
    dropped: _sortedDropped(corpus.dropped),
  };
}

function _sortedDropped(dropped: Readonly<Record<string, number>>): Record<string, number> {
  const entries = Object.entries(dropped).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  return Object.fromEntries(entries);
}

/**
 * A one-line description in the style of the paper's footnotes.
 *
 * @example
 * ```ts
 * import { corpusSummary } from "./summary.ts";
 * const line = corpusSummary({
 *   name: "toy", data: new Float32Array(4), rows: 2, cols: 2, ids: ["a", "b"],
 *   featureNames: ["x", "y"], classes: ["angry", "sad"], labels: new Int32Array([0, 0]),
 *   speakers: ["s1", "s2"], sessions: null, dropped: { L: 3 },
 * });
 * if (line !== "toy: 2 utterances (angry 2, sad 0), 2 speakers; dropped: 3 (L 3)") {
 *   throw new Error(line);
 * }
 * ```
 * @param corpus the corpus
 * @returns e.g. `emodb: 339 utterances (angry 127, happy 71, neutral 79, sad 62), 10 speakers,
 *   5 sessions; dropped: 196 (L 81, A 69, E 46)`
 */
export function corpusSummary(corpus: Corpus): string {
  const s = corpusStats(corpus);
  const n = (x: number) => x.toLocaleString("en-US");
  let line = `${s.name}: ${n(s.utterances)} utterances`;
  if (s.classes.length > 0) {
    line += ` (${s.classes.map((c) => `${c} ${n(s.class_counts[c])}`).join(", ")})`;
  } else {
    line += " (unlabelled)";
  }
  if (s.speakers !== null) line += `, ${n(s.speakers)} speaker${s.speakers === 1 ? "" : "s"}`;
  if (s.sessions !== null) line += `, ${n(s.sessions)} session${s.sessions === 1 ? "" : "s"}`;
  const dropped = Object.entries(s.dropped);
  if (dropped.length > 0) {
    const total = dropped.reduce((a, [, k]) => a + k, 0);
    line += `; dropped: ${n(total)} (${dropped.map(([k, v]) => `${k} ${n(v)}`).join(", ")})`;
  }
  return line;
}
