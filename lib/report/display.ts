/**
 * Showing figures and tables in a Jupyter notebook run by the Deno kernel: a figure becomes one
 * output carrying its vega-lite spec (`application/vnd.vegalite.v5+json`, rendered live by
 * JupyterLab and VS Code) and a PNG rendering of its SVG (`image/png`, for the classic Notebook,
 * GitHub, nbconvert's HTML export and LMS uploads); a table becomes Markdown (with an HTML twin). A
 * live loss plot updates one output in place while a model trains.
 *
 * Why no `image/svg+xml` in the output: viewers without a vega-lite renderer pick SVG before PNG,
 * and two common ones then show a blank box. Debian's nbconvert 6.5 passes every SVG output
 * through its HTML sanitiser, which strips the drawing and keeps only the text; the classic
 * Notebook drops SVG from untrusted (freshly cloned) notebooks. A PNG is shown by all of them. The
 * SVG itself is still what `figureSvg` and the HTML report use.
 *
 * This is the only library module that touches `Deno.jupyter`, and only after checking that it
 * exists: outside the kernel, {@linkcode mimeBundle} still works and {@linkcode display} throws.
 * @module
 */
import { Buffer } from "node:buffer";
import type { Figure } from "./render/figure.ts";
import { figurePng } from "./render/figure.ts";
import { lossCurveFigure, type LossSample } from "./render/figures.ts";
import { type Table, tableHtml, tableMarkdown } from "./render/tables.ts";

/** The MIME type under which figures carry their vega-lite spec. */
export const VEGA_LITE_MIME = "application/vnd.vegalite.v5+json";

/** What {@linkcode display} accepts: a figure, a table, or Markdown text. */
export type DisplayItem = Figure | Table | string;

/** A Jupyter MIME bundle: MIME type → data. */
export type MimeBundle = Record<string, string | object>;

/** The part of `Deno.jupyter` used here (tests pass a stand-in through the options). */
export interface JupyterKernel {
  broadcast(
    msgType: string,
    content: Record<string, unknown>,
    extra?: { metadata?: Record<string, unknown>; buffers?: Uint8Array[] },
  ): Promise<void>;
}

function isFigure(item: DisplayItem): item is Figure {
  return typeof item === "object" && "spec" in item;
}

/**
 * Returns `Deno.jupyter` when running inside the Deno Jupyter kernel, else `null`.
 * @returns the kernel API or `null`
 */
function jupyter(): JupyterKernel | null {
  try {
    // Outside `deno jupyter` the getter throws; inside it is an object with `broadcast`.
    const api = (Deno as unknown as { jupyter?: Partial<JupyterKernel> }).jupyter;
    return api && typeof api.broadcast === "function" ? (api as JupyterKernel) : null;
  } catch {
    return null;
  }
}

/**
 * Whether this code runs inside the Deno Jupyter kernel.
 * @returns `true` in a notebook
 */
export function inJupyter(): boolean {
  return jupyter() !== null;
}

/**
 * The MIME bundle of a figure, table or Markdown text.
 * A figure: its vega-lite spec, its SVG rasterised to a base64 PNG (what Jupyter stores under
 * `image/png`) and its title as plain text. A table: Markdown,
 * HTML and plain text. Markdown text: `text/markdown` and plain text.
 * @param item what to show
 * @returns the bundle
 * @example
 * ```ts
 * import { mimeBundle } from "./display.ts";
 * const bundle = await mimeBundle({ caption: "T", headers: ["a"], rows: [["1"]] });
 * if (!String(bundle["text/markdown"]).includes("| 1 |")) throw new Error("no Markdown table");
 * ```
 */
export async function mimeBundle(item: DisplayItem): Promise<MimeBundle> {
  if (typeof item === "string") return { "text/markdown": item, "text/plain": item };
  if (isFigure(item)) {
    return {
      [VEGA_LITE_MIME]: item.spec as object,
      "image/png": Buffer.from(await figurePng(item)).toString("base64"),
      "text/plain": `${item.title}\n${item.caption}`,
    };
  }
  const markdown = tableMarkdown(item);
  return { "text/markdown": markdown, "text/html": tableHtml(item), "text/plain": markdown };
}

/** Options of {@linkcode display}. */
export interface DisplayOptions {
  /** Id of the output, so a later call with `update: true` can replace it. */
  readonly displayId?: string;
  /** Replace the output with id `displayId` instead of adding a new one. */
  readonly update?: boolean;
  /** The kernel to send to (default `Deno.jupyter`). */
  readonly kernel?: JupyterKernel;
}

/**
 * Shows a figure, a table or Markdown text as a notebook output.
 * @param item what to show
 * @param options display id and update flag, for outputs that change in place
 * @throws {Error} when not running inside the Deno Jupyter kernel
 */
export async function display(item: DisplayItem, options: DisplayOptions = {}): Promise<void> {
  const api = options.kernel ?? jupyter();
  if (api === null) {
    throw new Error(
      "Expected to run inside the Deno Jupyter kernel (Deno.jupyter), found no kernel: " +
        "use mimeBundle() or the report writer outside notebooks",
    );
  }
  if (options.update && !options.displayId) {
    throw new TypeError("Expected a displayId with update: true, found none");
  }
  const data = await mimeBundle(item);
  const transient = options.displayId ? { display_id: options.displayId } : {};
  await api.broadcast(options.update ? "update_display_data" : "display_data", {
    data,
    metadata: {},
    transient,
  });
}

/**
 * A loss plot that redraws in place as training progresses: the first {@linkcode LiveLossPlot.add}
 * creates the output, later ones replace it (`update_display_data` on one display id).
 */
export class LiveLossPlot {
  /** Settings: the display id and the figure's title. */
  readonly settings: {
    readonly displayId: string;
    readonly title: string;
    readonly kernel?: JupyterKernel;
  };
  /** Every loss sample received so far. */
  readonly samples: LossSample[] = [];
  #shown = false;
  #pending: Promise<void> = Promise.resolve();

  /**
   * @param settings `title` of the plot, the `displayId` of its output (unique per notebook) and,
   * optionally, the `kernel` to send to (default `Deno.jupyter`)
   */
  constructor(
    settings: {
      readonly displayId: string;
      readonly title: string;
      readonly kernel?: JupyterKernel;
    },
  ) {
    this.settings = settings;
  }

  /** The current figure (all samples so far). */
  figure(): Figure {
    return lossCurveFigure(this.samples, {
      name: this.settings.displayId,
      title: this.settings.title,
    });
  }

  /**
   * Adds samples and redraws the plot. Redraws are queued in order, so this can be called from a
   * synchronous progress callback without awaiting; await {@linkcode LiveLossPlot.done} at the end.
   * @param samples new loss samples (e.g. one epoch's losses)
   * @returns a promise that resolves when this redraw has been sent
   */
  add(samples: readonly LossSample[]): Promise<void> {
    this.samples.push(...samples);
    if (this.samples.length === 0) return this.#pending;
    const figure = this.figure();
    this.#pending = this.#pending.then(async () => {
      await display(figure, {
        displayId: this.settings.displayId,
        update: this.#shown,
        kernel: this.settings.kernel,
      });
      this.#shown = true;
    });
    return this.#pending;
  }

  /**
   * Waits until every queued redraw has been sent.
   * @returns a promise that rejects with the first failed redraw's error
   */
  done(): Promise<void> {
    return this.#pending;
  }
}

/** A stage as reported by a long computation (a subset of the evaluation's `Stage`). */
export interface StageLike {
  /** Stable id. */
  readonly id: string;
  /** What the stage does, in words. */
  readonly title: string;
  /** Whether the stage's result came from the cache. */
  readonly cached?: boolean;
}

/** Callbacks of {@linkcode notebookProgress}, plus a way to wait for the last redraw. */
export interface NotebookProgress {
  /** A stage starts or ends. */
  readonly onStage: (stage: StageLike, event: "start" | "end", seconds?: number) => void;
  /** A stage progresses. */
  readonly onProgress: (
    p: {
      readonly stage: string;
      readonly done: number;
      readonly total: number;
      readonly message?: string;
    },
  ) => void;
  /** Resolves when every queued redraw has been sent (await it before the cell ends). */
  readonly done: () => Promise<void>;
}

/**
 * Progress callbacks for a long computation in a notebook (e.g. `reproducePaper` hooks): one
 * Markdown output, redrawn in place, listing the finished stages with their times (stages served
 * from the cache are counted, not listed) and the running stage with its progress.
 * @param displayId id of the output (unique per notebook)
 * @param kernel the kernel to send to (default `Deno.jupyter`)
 * @returns the callbacks
 */
export function notebookProgress(displayId: string, kernel?: JupyterKernel): NotebookProgress {
  const finished: string[] = [];
  let cached = 0;
  let current = "";
  let shown = false;
  let last = -Infinity;
  let pending: Promise<void> = Promise.resolve();
  const draw = (force: boolean) => {
    const now = performance.now();
    if (!force && now - last < 1000) return;
    last = now;
    const fromCache = cached
      ? [`- ${cached} stage${cached === 1 ? "" : "s"} served from the cache`]
      : [];
    const text = [...fromCache, ...finished, current].filter((l) => l !== "").join("\n");
    const update = shown;
    shown = true;
    pending = pending.then(() => display(text, { displayId, update, kernel }));
  };
  return {
    onStage(stage, event, seconds) {
      if (event === "start") {
        current = `- **${stage.title}**: running`;
      } else {
        if (stage.cached) cached++;
        else finished.push(`- ${stage.title}: done in ${(seconds ?? 0).toFixed(1)} s`);
        current = "";
      }
      draw(event === "end" || !stage.cached);
    },
    onProgress(p) {
      const pct = p.total > 0 ? (100 * p.done / p.total).toFixed(0) : "0";
      const message = p.message ? ` (${p.message})` : "";
      current = current.replace(/: .*$/, `: ${pct}% of ${p.total}${message}`);
      draw(false);
    },
    done: () => pending,
  };
}
