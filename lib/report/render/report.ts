/**
 * The reproduction report: every table and figure of the results, as a self-contained
 * `report.html` (inline CSS, inline SVG, no external URL) and a `report.md` that references
 * `figures/*.svg`, written atomically with `results.json` and `config.json`.
 * @module
 */
import { basename, dirname, join, resolve } from "node:path";
import { realRow } from "../../analysis/methods.ts";
import { cycleganLambda } from "../../augmentation/cyclegan.ts";
import type { SettingResult } from "../../evaluation/types.ts";
import type { ExperimentResults } from "../../pipeline/types.ts";
import { claimsSummary, claimsTable } from "./claims.ts";
import { type Figure, figureSvg } from "./figure.ts";
import { confusionFigure, fig2Figure, lambdaSweepFigure, lossFigures } from "./figures.ts";
import { diversityFigure, projectionFigure, qualityTable, stdRatioFigure } from "./quality.ts";
import {
  corpusTable,
  escapeHtml,
  lambdaSweepTable,
  methodsTable,
  protocolComparisonTable,
  type Table,
  table1Table,
  tableHtml,
  tableMarkdown,
  uarTable,
} from "./tables.ts";
import { formatDuration } from "./text.ts";

/** One block of the report, in reading order. */
export type ReportBlock =
  | { readonly kind: "heading"; readonly text: string; readonly level: 1 | 2 }
  | { readonly kind: "text"; readonly text: string }
  | { readonly kind: "table"; readonly table: Table }
  | { readonly kind: "figure"; readonly figure: Figure };

/**
 * Every figure the results support: Fig. 2, Fig. 3 (Real and the CycleGAN settings, as in the
 * paper: within, leak-free and, when present, the reference protocol; cross), the loss curves
 * per augmenter, the synthetic-data quality figures (projection, std-ratio distribution, diversity
 * while training) and the λ_cls sweep.
 * @param results the experiment results
 * @returns the figures; a figure whose data is missing from the results is left out
 */
export function reportFigures(results: ExperimentResults): Figure[] {
  const figures: Figure[] = [];
  if (results.fig2.length) figures.push(fig2Figure(results.fig2));
  const q = results.qualityFigures;
  if (q?.projection.length) figures.push(projectionFigure(q));
  if (q?.stdRatios.some((s) => s.values.length)) figures.push(stdRatioFigure(q));
  const paper = (s: SettingResult) => s.augment === null || cycleganLambda(s.augment) !== null;
  const within = results.settings.filter((s) => s.protocol === "within" && paper(s));
  const leakFree = within.filter((s) => s.synthesisProtocol !== "reference");
  const reference = within.filter((s) => s.synthesisProtocol === "reference");
  const corpus = results.corpora.labelled.name;
  if (leakFree.length) figures.push(confusionFigure(leakFree, { protocol: "within", corpus }));
  if (reference.length) {
    figures.push(
      confusionFigure(reference, { protocol: "within", suffix: "reference", corpus }),
    );
  }
  const cross = results.settings.filter((s) => s.protocol === "cross" && paper(s));
  if (cross.length) {
    figures.push(confusionFigure(cross, { protocol: "cross", corpus: results.corpora.test.name }));
  }
  if (results.lossCurves.length) figures.push(...lossFigures(results.lossCurves));
  const diversity = diversityFigure(results.diversityCurves);
  if (diversity) figures.push(diversity);
  if (results.lambdaSweep?.length) figures.push(lambdaSweepFigure(results.lambdaSweep));
  return figures;
}

/**
 * The report's content in reading order, shared by the Markdown and the HTML writers.
 * @param results the experiment results
 * @param figures the figures (from {@linkcode reportFigures})
 * @returns the blocks
 */
export function reportBlocks(
  results: ExperimentResults,
  figures: readonly Figure[],
): ReportBlock[] {
  const byName = new Map(figures.map((f) => [f.name, f]));
  const fig = (name: string): ReportBlock[] => {
    const f = byName.get(name);
    return f ? [{ kind: "figure", figure: f }] : [];
  };
  const classes = results.settings[0]?.classes ??
    Object.keys(results.corpora.labelled.classCounts);
  const claims = results.claims;
  const c = results.corpora;
  const comparison = protocolComparisonTable(results.settings);
  const totalSeconds = Object.values(results.timings).reduce((a, b) => a + b, 0);
  const blocks: ReportBlock[] = [
    {
      kind: "heading",
      level: 1,
      text: "CycleGAN-based emotion style transfer as data augmentation for SER: reproduction",
    },
    {
      kind: "text",
      text: `Bao, Neumann and Vu, Interspeech 2019, reproduced with profile "${results.profile}" ` +
        `on ${c.labelled.name} (labelled, the paper's IEMOCAP), ${c.test.name} (cross-corpus test, ` +
        `the paper's MSP-IMPROV) and ${c.source.name} (unlabelled source, the paper's TEDLIUM). ` +
        `Backend: ${results.backend.name} on ${results.backend.device} (kernels: ` +
        `${results.backend.kernels}). Base seed ${results.seeds.base}, ` +
        `${results.seeds.reps} repetitions. Assembled ${results.createdAt}; stage time in ` +
        `that run ${formatDuration(totalSeconds)} (stages served from the cache count as zero); ` +
        `code version ${results.codeVersion}.`,
    },
    { kind: "heading", level: 2, text: "Summary: what matched and what did not" },
    { kind: "text", text: claimsSummary(claims) },
    { kind: "table", table: claimsTable(claims) },
    { kind: "heading", level: 2, text: "Data (paper Sec. 3)" },
    { kind: "table", table: corpusTable([c.labelled, c.test, c.source], classes) },
    { kind: "heading", level: 2, text: "Emotion transfer (paper Sec. 4.2)" },
    { kind: "table", table: table1Table(results.table1, classes) },
    ...fig("fig2_feature_distributions"),
    ...(results.syntheticQuality.length
      ? [
        {
          kind: "text",
          text: "Table 1 compares means only, and a generator collapsed to its class centroids " +
            "passes it. The quality table below judges the spread as well: every synthetic set " +
            "(fitted on all labelled rows) beside the source rows and per-class moment " +
            "matching, the two untrained references a learned generator has to beat.",
        } as const,
        { kind: "table", table: qualityTable(results.syntheticQuality) } as const,
      ]
      : []),
    ...fig("quality_std_ratio"),
    ...fig("quality_projection"),
    { kind: "heading", level: 2, text: "Within-corpus evaluation (paper Sec. 4.3)" },
    {
      kind: "table",
      table: uarTable(results.table2, 2, { labelled: c.labelled.name, test: c.test.name }),
    },
    ...fig("fig3_confusion_within"),
    ...(comparison.rows.length
      ? [{ kind: "table", table: comparison } as const, ...fig("fig3_confusion_within_reference")]
      : []),
    { kind: "heading", level: 2, text: "Cross-corpus evaluation (paper Sec. 4.4)" },
    {
      kind: "table",
      table: uarTable(results.table3, 3, { labelled: c.labelled.name, test: c.test.name }),
    },
    ...fig("fig3_confusion_cross"),
  ];
  if (results.methods.length) {
    blocks.push(
      { kind: "heading", level: 2, text: "Methods side by side" },
      {
        kind: "text",
        text:
          "Every augmenter under the same protocols (leak-free within corpus: fitted per fold " +
          "on the training sessions only), with the same classifiers and seeds as Real.",
      },
      { kind: "table", table: methodsTable(results.methods, realRow(results.settings)) },
    );
  }
  if (results.lambdaSweep?.length) {
    blocks.push(
      { kind: "heading", level: 2, text: "The λcls sweep" },
      { kind: "table", table: lambdaSweepTable(results.lambdaSweep) },
      ...fig("lambda_sweep"),
    );
  }
  const losses = figures.filter((f) => f.name.startsWith("loss_") || f.name === "diversity_curves");
  if (losses.length) {
    blocks.push({ kind: "heading", level: 2, text: "Training curves" });
    blocks.push(...losses.map((f) => ({ kind: "figure", figure: f }) as const));
  }
  blocks.push({ kind: "heading", level: 2, text: "Provenance" });
  blocks.push({
    kind: "table",
    table: {
      caption: "Inputs and stage times",
      headers: ["Item", "Value"],
      align: ["l", "l"],
      rows: [
        ["sha256 labelled", results.dataHashes.labelled],
        ["sha256 test", results.dataHashes.test],
        ["sha256 source", results.dataHashes.source],
        [
          "seeds",
          `base ${results.seeds.base}; every classifier's from (base, repetition, fold), ` +
          "every augmenter's from (base, scope)",
        ],
        ...Object.entries(results.timings).map(([k, v]) => [`time: ${k}`, formatDuration(v)]),
      ],
    },
  });
  return blocks;
}

/**
 * Writes the report as Markdown; figures are referenced as `figures/<name>.svg`.
 * @param blocks the report blocks
 * @returns the Markdown text
 */
export function reportMarkdown(blocks: readonly ReportBlock[]): string {
  return blocks.map((b) => {
    switch (b.kind) {
      case "heading":
        return `${"#".repeat(b.level)} ${b.text}\n`;
      case "text":
        return `${b.text}\n`;
      case "table":
        return tableMarkdown(b.table);
      case "figure":
        return `![${b.figure.title}](figures/${b.figure.name}.svg)\n\n*${b.figure.caption}*\n`;
    }
  }).join("\n");
}

const CSS = `
body { font-family: Helvetica, Arial, sans-serif; max-width: 1100px; margin: 2em auto;
  padding: 0 1em; color: #222; line-height: 1.45; }
h1 { font-size: 1.6em; } h2 { margin-top: 2em; border-bottom: 1px solid #ddd; }
table { border-collapse: collapse; margin: 1em 0; font-size: 0.95em; }
caption { text-align: left; font-weight: bold; padding-bottom: 0.4em; }
th, td { border: 1px solid #ccc; padding: 0.3em 0.6em; }
th { background: #f3f3f3; } td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
p.note, figcaption { font-size: 0.9em; color: #555; font-style: italic; }
figure { margin: 1.5em 0; overflow-x: auto; }
`;

/**
 * Makes a standalone SVG document fit for inline HTML: the XML namespace declarations (which are
 * identifiers, not links) are dropped, since inline SVG in HTML needs none, and element ids
 * (gradients, clip paths) get a prefix so that figures on one page cannot clash.
 * @param svg an SVG document from vega
 * @param prefix id prefix, e.g. the figure's name
 * @returns the inline SVG element
 */
export function inlineSvg(svg: string, prefix: string): string {
  return svg
    .replace(/\s+xmlns(:\w+)?="[^"]*"/g, "")
    .replace(/\bid="([^"]+)"/g, `id="${prefix}-$1"`)
    .replace(/url\(#([^)]+)\)/g, `url(#${prefix}-$1)`);
}

/**
 * Writes the report as one self-contained HTML page: inline CSS, inline SVG, no external URL.
 * @param blocks the report blocks
 * @param svgs the SVG of every figure, by figure name
 * @returns the HTML text
 * @throws {RangeError} when a figure's SVG is missing
 */
export function reportHtml(
  blocks: readonly ReportBlock[],
  svgs: ReadonlyMap<string, string>,
): string {
  const title = blocks.find((b) => b.kind === "heading")?.text ?? "Report";
  const body = blocks.map((b) => {
    switch (b.kind) {
      case "heading":
        return `<h${b.level}>${escapeHtml(b.text)}</h${b.level}>`;
      case "text":
        return `<p>${escapeHtml(b.text)}</p>`;
      case "table":
        return tableHtml(b.table);
      case "figure": {
        const svg = svgs.get(b.figure.name);
        if (svg === undefined) {
          throw new RangeError(`Expected the SVG of figure ${b.figure.name}, found none`);
        }
        return `<figure id="${b.figure.name}">${inlineSvg(svg, b.figure.name)}<figcaption>${
          escapeHtml(b.figure.caption)
        }</figcaption></figure>`;
      }
    }
  });
  return [
    "<!DOCTYPE html>",
    `<html lang="en"><head><meta charset="utf-8">`,
    `<meta name="viewport" content="width=device-width, initial-scale=1">`,
    `<title>${escapeHtml(title)}</title><style>${CSS}</style></head><body>`,
    ...body,
    "</body></html>",
    "",
  ].join("\n");
}

/** The files {@linkcode writeReport} wrote, as paths. */
export interface ReportFiles {
  /** `report.html`. */
  readonly html: string;
  /** `report.md`. */
  readonly markdown: string;
  /** `results.json`. */
  readonly results: string;
  /** `config.json`. */
  readonly config: string;
  /** `figures/<name>.svg`, one per figure. */
  readonly figures: readonly string[];
}

/** The entries of a report set, in the order they are moved into place (`report.html` last). */
const _SET = ["figures", "results.json", "config.json", "report.md", "report.html"] as const;

let _tmpCounter = 0;

/** A fresh name for a temporary folder beside `dir` (same file system, so renames are atomic). */
function _besideName(dir: string, what: string): string {
  return join(
    dirname(resolve(dir)),
    `.${basename(resolve(dir))}.${what}-${Deno.pid}-${Date.now()}-${_tmpCounter++}`,
  );
}

/**
 * Checks, before a long run, that {@linkcode writeReport} will be able to write into `dir`: it
 * must be a folder or not exist yet, and both it and its parent folder (where the report set is
 * assembled) must take a new file. A probe file is created and removed in each; a folder this
 * check had to create is removed again.
 * @param dir the output folder
 * @throws {Error} for a file at `dir`, or a folder that cannot be written: one line naming it
 */
export async function checkReportFolder(dir: string): Promise<void> {
  const unwritable = (e: unknown) =>
    new Error(
      `Expected a writable folder for the report at ${dir}, found: ${
        e instanceof Error ? e.message : String(e)
      }`,
    );
  let info: Deno.FileInfo | null = null;
  try {
    info = await Deno.stat(dir);
  } catch (e) {
    if (!(e instanceof Deno.errors.NotFound)) throw unwritable(e);
  }
  if (info !== null && !info.isDirectory) {
    throw new Error(`Expected a folder for the report at ${dir}, found a file`);
  }
  const exists = info !== null;
  // The first folder on the way that does not exist yet: what this check creates and removes.
  let created: string | null = null;
  if (!exists) {
    let top = resolve(dir);
    while (!(await _exists(dirname(top)))) top = dirname(top);
    created = top;
  }
  const probe = async (folder: string) => {
    const path = join(folder, `.probe-${Deno.pid}-${Date.now()}-${_tmpCounter++}`);
    await Deno.writeTextFile(path, "");
    await Deno.remove(path);
  };
  try {
    if (created !== null) await Deno.mkdir(dir, { recursive: true });
    await probe(dir);
    await probe(dirname(resolve(dir)));
  } catch (e) {
    throw unwritable(e);
  } finally {
    if (created !== null) await Deno.remove(created, { recursive: true }).catch(() => {});
  }
}

async function _exists(path: string): Promise<boolean> {
  try {
    await Deno.stat(path);
    return true;
  } catch {
    return false;
  }
}

/**
 * Writes the whole report into a folder: `report.html`, `report.md`, `results.json`,
 * `config.json` and `figures/<name>.svg`, as one set: everything is written into a temporary
 * folder beside `dir` first and moved into place only when complete (a new folder by one rename;
 * an existing one entry by entry, `figures/` swapped whole, `report.html` last). A failure while
 * writing leaves `dir` as it was and removes the temporary folder; other files in `dir` are kept.
 * @param dir output folder (created when missing)
 * @param results the experiment results
 * @returns the paths written
 */
export async function writeReport(dir: string, results: ExperimentResults): Promise<ReportFiles> {
  const figures = reportFigures(results);
  const svgs = new Map<string, string>();
  for (const f of figures) svgs.set(f.name, await figureSvg(f));
  const blocks = reportBlocks(results, figures);
  await Deno.mkdir(dirname(resolve(dir)), { recursive: true });
  const tmp = _besideName(dir, "tmp");
  try {
    await Deno.mkdir(join(tmp, "figures"), { recursive: true });
    for (const f of figures) {
      await Deno.writeTextFile(join(tmp, "figures", `${f.name}.svg`), svgs.get(f.name)!);
    }
    await Deno.writeTextFile(join(tmp, "results.json"), JSON.stringify(results, null, 1) + "\n");
    await Deno.writeTextFile(
      join(tmp, "config.json"),
      JSON.stringify(results.config, null, 2) + "\n",
    );
    await Deno.writeTextFile(join(tmp, "report.md"), reportMarkdown(blocks));
    await Deno.writeTextFile(join(tmp, "report.html"), reportHtml(blocks, svgs));
    if (!(await _exists(dir))) {
      await Deno.rename(tmp, dir);
    } else {
      // The old figures/ is moved aside (and back, should the new one fail to move in).
      const old = _besideName(dir, "old");
      const hadFigures = await _exists(join(dir, "figures"));
      if (hadFigures) await Deno.rename(join(dir, "figures"), old);
      try {
        await Deno.rename(join(tmp, "figures"), join(dir, "figures"));
      } catch (e) {
        if (hadFigures) await Deno.rename(old, join(dir, "figures")).catch(() => {});
        throw e;
      }
      for (const name of _SET) {
        if (name !== "figures") await Deno.rename(join(tmp, name), join(dir, name));
      }
      if (hadFigures) await Deno.remove(old, { recursive: true });
    }
  } finally {
    await Deno.remove(tmp, { recursive: true }).catch(() => {});
  }
  return {
    html: join(dir, "report.html"),
    markdown: join(dir, "report.md"),
    results: join(dir, "results.json"),
    config: join(dir, "config.json"),
    figures: figures.map((f) => join(dir, "figures", `${f.name}.svg`)),
  };
}
