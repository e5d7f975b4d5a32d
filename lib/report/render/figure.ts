/**
 * A figure as this toolkit passes it around: a vega-lite spec plus the name and caption it is
 * saved and shown under, and its headless rendering to SVG with `npm:vega` (no DOM, no canvas).
 * @module
 */
import * as vega from "vega";
import { compile, type TopLevelSpec } from "vega-lite";

/**
 * The vega-lite schema every spec declares. The specs only use vega-lite 5 features, so the same
 * spec renders with vega-lite 6 here and under JupyterLab's `application/vnd.vegalite.v5+json`
 * renderer.
 */
export const VEGA_LITE_SCHEMA = "https://vega.github.io/schema/vega-lite/v5.json";

/** A named vega-lite figure. */
export interface Figure {
  /** File stem, e.g. `fig2_feature_distributions` (saved as `figures/<name>.svg`). */
  readonly name: string;
  /** Title, matching the paper's figure where there is one. */
  readonly title: string;
  /** One or two sentences saying what the figure shows and how it was computed. */
  readonly caption: string;
  /** The vega-lite spec (data inline, `$schema` {@linkcode VEGA_LITE_SCHEMA}). */
  readonly spec: TopLevelSpec;
}

/**
 * Renders a vega-lite spec to a standalone SVG document, headless (vega's `renderer: "none"`).
 * @param spec a vega-lite spec with inline data
 * @returns the SVG markup, starting with `<svg`
 * @example
 * ```ts
 * import { renderSvg } from "./figure.ts";
 * const svg = await renderSvg({
 *   data: { values: [{ x: "a", y: 1 }] },
 *   mark: "bar",
 *   encoding: { x: { field: "x", type: "nominal" }, y: { field: "y", type: "quantitative" } },
 * });
 * if (!svg.startsWith("<svg")) throw new Error("expected an SVG document");
 * ```
 */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const compiled = compile(spec).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: "none" });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/**
 * Renders a figure to SVG.
 * @param figure the figure
 * @returns the SVG markup
 */
export function figureSvg(figure: Figure): Promise<string> {
  return renderSvg(figure.spec);
}
