/**
 * The paper's tables as plain table models, with Markdown and HTML writers: Table 1 (mean
 * absolute differences), Tables 2-3 (UAR, the paper's numbers beside ours, Sahu et al. marked
 * "reported"), the methods side by side with their paired tests against Real, the λ_cls sweep, the
 * leak-free versus reference-protocol comparison and the corpus class counts.
 * @module
 */
import type { LambdaSweepRow } from "../../analysis/lambda_sweep.ts";
import { METHOD_COLUMNS, type MethodRow, type RealRow } from "../../analysis/methods.ts";
import type { ResultTableRow, UarCell } from "../../analysis/paper.ts";
import type { Table1Row } from "../../analysis/table1.ts";
import type { PairedResult, SettingResult } from "../../evaluation/types.ts";
import type { CorpusSummary } from "../../pipeline/types.ts";
import { augmentLabel } from "./figures.ts";

/** A table: a caption, a header row, body rows of cell text, and notes under it. */
export interface Table {
  /** Caption, e.g. `Table 2: Results for cross-validation evaluation (UAR %)`. */
  readonly caption: string;
  /** Header cells. */
  readonly headers: readonly string[];
  /** Body rows; every row has `headers.length` cells. */
  readonly rows: readonly (readonly string[])[];
  /** Column alignment, `l` or `r` per column (default: first left, the rest right). */
  readonly align?: readonly ("l" | "r")[];
  /** Sentences printed under the table. */
  readonly notes?: readonly string[];
}

function escapeMarkdownCell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\n/g, " ");
}

/**
 * Escapes text for HTML element content and attribute values.
 * @param text plain text
 * @returns the escaped text
 */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(
    /"/g,
    "&quot;",
  );
}

function alignment(table: Table): readonly ("l" | "r")[] {
  return table.align ?? table.headers.map((_, i) => (i === 0 ? "l" : "r"));
}

function checkShape(table: Table): void {
  for (const [i, row] of table.rows.entries()) {
    if (row.length !== table.headers.length) {
      throw new RangeError(
        `Table "${table.caption}" row ${
          i + 1
        }: expected ${table.headers.length} cells, found ${row.length}`,
      );
    }
  }
}

/**
 * Writes a table as GitHub-flavoured Markdown: caption in bold, the table, notes in italics.
 * @param table the table
 * @returns Markdown text ending in a newline
 * @throws {RangeError} when a row has the wrong number of cells
 * @example
 * ```ts
 * import { tableMarkdown } from "./tables.ts";
 * const md = tableMarkdown({ caption: "T", headers: ["a", "b"], rows: [["x", "1"]] });
 * if (!md.includes("| x | 1 |")) throw new Error(md);
 * ```
 */
export function tableMarkdown(table: Table): string {
  checkShape(table);
  const align = alignment(table);
  const line = (cells: readonly string[]) => `| ${cells.map(escapeMarkdownCell).join(" | ")} |`;
  const out = [
    `**${table.caption}**`,
    "",
    line(table.headers),
    `|${align.map((a) => (a === "r" ? "---:" : ":---")).join("|")}|`,
    ...table.rows.map(line),
  ];
  if (table.notes?.length) out.push("", ...table.notes.map((n) => `*${n}*`));
  return out.join("\n") + "\n";
}

/**
 * Writes a table as an HTML `<table>` with a `<caption>` and notes in a `<p class="note">`.
 * @param table the table
 * @returns HTML text
 * @throws {RangeError} when a row has the wrong number of cells
 */
export function tableHtml(table: Table): string {
  checkShape(table);
  const align = alignment(table);
  const cell = (tag: string, text: string, i: number) =>
    `<${tag}${align[i] === "r" ? ' class="num"' : ""}>${escapeHtml(text)}</${tag}>`;
  const head = `<tr>${table.headers.map((h, i) => cell("th", h, i)).join("")}</tr>`;
  const body = table.rows.map((r) => `<tr>${r.map((c, i) => cell("td", c, i)).join("")}</tr>`);
  const notes = (table.notes ?? []).map((n) => `<p class="note">${escapeHtml(n)}</p>`);
  return [
    `<table>`,
    `<caption>${escapeHtml(table.caption)}</caption>`,
    `<thead>${head}</thead>`,
    `<tbody>${body.join("")}</tbody>`,
    `</table>`,
    ...notes,
  ].join("\n");
}

/**
 * Formats a UAR cell in percent as the paper prints it: `59.48 ± 0.71`, or `59.42` without a std.
 * @param cell the cell or `null`
 * @returns the text, `–` for a missing cell
 */
export function formatUar(cell: UarCell | null): string {
  if (cell === null) return "–";
  return cell.std === null
    ? cell.mean.toFixed(2)
    : `${cell.mean.toFixed(2)} ± ${cell.std.toFixed(2)}`;
}

const SOURCE_WORDS: Readonly<Record<ResultTableRow["source"], string>> = {
  reported: "reported (Sahu et al.)",
  paper: "paper (Bao et al.)",
  ours: "ours",
};

/** Row order: reported first, then per λ_cls (ascending) the paper's row, then ours. */
function resultRowRank(row: ResultTableRow): number {
  if (row.source === "reported") return -1;
  return (row.lambdaCls ?? 0) * 10 + (row.source === "paper" ? 0 : 1);
}

/**
 * Table 2 or 3: UAR (%) for Real, Syn. and Real + Syn.; Sahu et al.'s rows marked "reported",
 * the paper's rows and ours interleaved per λ_cls so each of our rows sits under the paper's.
 * @param rows the `table2` or `table3` rows of the results
 * @param which `2` (within corpus) or `3` (cross corpus)
 * @param corpora names of the labelled and test corpora actually used, for the caption
 * @returns the table
 */
export function uarTable(
  rows: readonly ResultTableRow[],
  which: 2 | 3,
  corpora?: { readonly labelled: string; readonly test: string },
): Table {
  const ordered = [...rows].sort((a, b) => resultRowRank(a) - resultRowRank(b));
  const where = which === 2
    ? `cross-validation evaluation on ${corpora?.labelled ?? "the labelled corpus"}` +
      " (paper: IEMOCAP)"
    : `cross-corpus evaluation on ${corpora?.test ?? "the test corpus"} (paper: MSP-IMPROV)`;
  return {
    caption: `Table ${which}: Results for ${where}, UAR %`,
    headers: ["Setting", "Source", "Real", "Syn.", "Real + Syn."],
    align: ["l", "l", "r", "r", "r"],
    rows: ordered.map((r) => [
      r.label,
      SOURCE_WORDS[r.source],
      formatUar(r.real),
      formatUar(r.syn),
      formatUar(r.realSyn),
    ]),
    notes: [
      "UAR = unweighted average recall, mean ± std over repetitions. " +
      '"reported" and "paper" rows are the numbers printed in the paper (IEMOCAP / MSP-IMPROV); ' +
      '"ours" rows are computed by this run on the corpora named in the caption.',
    ],
  };
}

/**
 * Table 1: mean absolute difference between the target corpus and the source / synthetic sets,
 * min-max normalised features, ours beside the paper's, plus the per-class values.
 * @param rows the `table1` rows of the results
 * @param classes class names, the order of the per-class columns
 * @returns the table
 */
export function table1Table(rows: readonly Table1Row[], classes: readonly string[]): Table {
  const fmt = (
    x: number | null | undefined,
  ) => (x === null || x === undefined ? "–" : x.toFixed(3));
  const interpretation = rows[0]?.interpretation;
  return {
    caption: "Table 1: Mean of absolute differences between feature values " +
      "(source, synthetic and target, min-max normalised)",
    headers: ["Difference", "Ours", "Paper", ...classes.map((c) => `ours: ${c}`)],
    rows: rows.map((r) => [
      r.label,
      fmt(r.meanAbsDiff),
      fmt(r.paper),
      ...classes.map((c) => fmt(r.perClass[c])),
    ]),
    notes: interpretation ? [`How it is computed: ${interpretation}`] : [],
  };
}

/**
 * The leak-free versus reference-protocol comparison (within corpus, synthetic settings): for
 * each λ_cls and training set, the UAR with one CycleGAN per fold (leak-free) and with one
 * CycleGAN trained on all sessions (reference, the test session included).
 * @param settings the results' settings (within-corpus synthetic settings are used)
 * @returns the table; empty `rows` when the results hold no reference-protocol setting
 */
export function protocolComparisonTable(settings: readonly SettingResult[]): Table {
  const within = settings.filter((s) => s.protocol === "within" && s.synthesisProtocol !== null);
  const key = (s: SettingResult) => `${s.trainOn}\u0000${s.augment}`;
  const leakFree = new Map(
    within.filter((s) => s.synthesisProtocol === "leak-free").map((s) => [
      key(s),
      s,
    ]),
  );
  const rows: string[][] = [];
  for (const ref of within.filter((s) => s.synthesisProtocol === "reference")) {
    const free = leakFree.get(key(ref));
    const pct = (s: SettingResult | undefined) =>
      s ? formatUar({ mean: 100 * s.uarMean, std: 100 * s.uarStd }) : "–";
    const delta = free ? (100 * (ref.uarMean - free.uarMean)).toFixed(2) : "–";
    rows.push([
      ref.trainOn === "syn" ? "Syn." : "Real + Syn.",
      augmentLabel(ref.augment),
      pct(free),
      pct(ref),
      delta.startsWith("-") || delta === "–" ? delta : `+${delta}`,
    ]);
  }
  return {
    caption: "Within-corpus UAR % by synthesis protocol: leak-free (one augmenter per fold) " +
      "versus reference (one augmenter on all sessions)",
    headers: ["Training set", "Augmenter", "Leak-free", "Reference", "Reference − leak-free"],
    rows,
    notes: [
      "The reference protocol is what the authors' public script does for the CycleGAN: the " +
      "augmenter has seen the test session, so a positive difference measures the leak.",
    ],
  };
}

/**
 * Class counts of the corpora as used, like the paper's footnotes 1 and 2.
 * @param corpora the corpus summaries (labelled, test, source)
 * @param classes class names, in column order
 * @returns the table
 */
export function corpusTable(
  corpora: readonly CorpusSummary[],
  classes: readonly string[],
): Table {
  return {
    caption: "Corpora and class counts",
    headers: ["Corpus", ...classes, "Total"],
    rows: corpora.map((c) => [
      c.name,
      ...classes.map((k) => (k in c.classCounts ? String(c.classCounts[k]) : "–")),
      String(c.utterances),
    ]),
  };
}

/**
 * A paired comparison in percentage points: `+1.20 [−0.40, +2.80], p = 0.14`.
 * @param t the comparison (differences as fractions of UAR)
 * @returns the text, `–` for none
 */
export function formatPaired(t: PairedResult | null | undefined): string {
  if (!t) return "–";
  const pts = (x: number) => `${x >= 0 ? "+" : "−"}${Math.abs(100 * x).toFixed(2)}`;
  const p = t.pValue < 0.001 ? "p < 0.001" : `p = ${t.pValue.toFixed(3)}`;
  return `${pts(t.diffMean)} [${pts(t.ci95[0])}, ${pts(t.ci95[1])}], ${p}`;
}

/**
 * The methods side by side: every augmenter's UAR within and cross corpus, on synthetic rows only
 * and on real + synthetic rows, each with its paired difference to Real (percentage points, 95 %
 * confidence interval, p-value).
 * @param rows from `methodRows`
 * @param real Real's UAR per protocol (`realRow`)
 * @returns the table
 */
export function methodsTable(rows: readonly MethodRow[], real: RealRow): Table {
  const pct = (c: { uarMean: number; uarStd: number } | null) =>
    c ? formatUar({ mean: 100 * c.uarMean, std: 100 * c.uarStd }) : "–";
  const columns = METHOD_COLUMNS.flatMap(({ protocol, trainOn }) => {
    const what = `${protocol === "within" ? "Within" : "Cross"}, ${
      trainOn === "syn" ? "Syn." : "Real + Syn."
    }`;
    return [what, `${what} − Real`];
  });
  const pairs = rows.flatMap((r) => r.cells.flatMap((c) => (c?.vsReal ? [c.vsReal] : [])));
  const units = [...new Set(pairs.map((p) => `${p.pairs} pairs (one per ${p.unit})`))];
  const detectable = pairs.length ? Math.max(...pairs.map((p) => p.minDetectable)) * 100 : null;
  return {
    caption: "Methods side by side: UAR % and the paired difference to Real (points)",
    headers: ["Augmenter", ...columns],
    rows: [
      [
        "Real (no augmentation)",
        pct(real.within),
        "",
        pct(real.within),
        "",
        pct(real.cross),
        "",
        pct(real.cross),
        "",
      ],
      ...rows.map((r) => [
        r.augment,
        ...r.cells.flatMap((c) => [pct(c), formatPaired(c?.vsReal)]),
      ]),
    ],
    notes: [
      "Every classifier of a setting has a twin in Real trained from the same seed on the same " +
      `fold, so the difference is tested pair by pair: ${units.join("; ") || "no pairs"}. ` +
      (pairs[0] ? `Test: ${pairs[0].test}. ` : "") +
      (detectable === null
        ? ""
        : `With this design a true difference below about ${detectable.toFixed(2)} points is ` +
          "unlikely to be detected."),
    ],
  };
}

/**
 * The λ_cls sweep as a table: Table 1 distance and UAR % per setting, per λ_cls.
 * @param rows from `lambdaSweepRows`
 * @returns the table
 */
export function lambdaSweepTable(rows: readonly LambdaSweepRow[]): Table {
  const pct = (x: number | null) => (x === null ? "–" : (100 * x).toFixed(2));
  const shown = rows.some((r) => r.diversity !== null);
  const columns: readonly [
    string,
    (d: NonNullable<LambdaSweepRow["diversity"]>) => number | null,
  ][] = shown
    ? [
      ["Std ratio", (d) => d.stdRatio],
      ["NN ratio", (d) => d.nnRatio],
      ["Recall", (d) => d.recall],
      ["Coverage", (d) => d.coverage],
      ["Cycle recon.", (d) => d.cycleRecon],
    ]
    : [];
  return {
    caption: "λcls sweep: similarity to the target and downstream UAR %",
    headers: [
      "λcls",
      "Table 1 |target − syn|",
      "Within Syn.",
      "Within Real + Syn.",
      "Cross Syn.",
      "Cross Real + Syn.",
      ...columns.map(([name]) => name),
    ],
    rows: rows.map((r) => [
      String(r.lambdaCls),
      r.table1 === null ? "–" : r.table1.toFixed(3),
      pct(r.uar.withinSyn),
      pct(r.uar.withinRealSyn),
      pct(r.uar.crossSyn),
      pct(r.uar.crossRealSyn),
      ...columns.map(([, get]) => {
        const v = r.diversity ? get(r.diversity) : null;
        return v === null ? "–" : v.toFixed(3);
      }),
    ]),
    notes: [
      "Table 1's measure and the diversity columns on the CycleGAN fitted on all labelled rows " +
      "(std ratio and NN ratio: 1 = the target's spread, near 0 = collapse); UAR of the " +
      "leak-free settings.",
    ],
  };
}
