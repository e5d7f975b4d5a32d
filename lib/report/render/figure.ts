/**
 * A figure as this toolkit passes it around: a vega-lite spec plus the name and caption it is
 * saved and shown under, its headless rendering to SVG with `npm:vega` (no DOM, no canvas), and
 * that SVG rasterised to PNG with `npm:@resvg/resvg-wasm` (for viewers that strip SVG, such as
 * nbconvert's HTML export).
 * @module
 */
import { createRequire } from "node:module";
import { initWasm, Resvg } from "@resvg/resvg-wasm";
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

/** Options of {@linkcode svgToPng}. */
export interface PngOptions {
  /** Pixels per SVG unit (default 2, sharp on high-density screens). */
  readonly scale?: number;
}

/** The font every PNG is drawn with: the WebAssembly rasteriser has no system fonts. */
const _FONT_FAMILY = "DejaVu Sans";
const _FONT_URL = new URL("./fonts/DejaVuSans.ttf", import.meta.url);

let _resvgReady: Promise<Uint8Array> | null = null;

/** Loads the rasteriser's WebAssembly module and the font once; resolves to the font's bytes. */
function _resvg(): Promise<Uint8Array> {
  _resvgReady ??= (async () => {
    const wasm = createRequire(import.meta.url).resolve("@resvg/resvg-wasm/index_bg.wasm");
    const [module, font] = await Promise.all([Deno.readFile(wasm), Deno.readFile(_FONT_URL)]);
    await initWasm(module);
    return font;
  })();
  _resvgReady.catch(() => (_resvgReady = null));
  return _resvgReady;
}

/**
 * Rasterises an SVG document to PNG on a white background, with the DejaVu Sans font shipped in
 * `lib/report/render/fonts/` standing in for every font family the SVG names.
 * @param svg an SVG document, e.g. from {@linkcode renderSvg}
 * @param options the scale
 * @returns the PNG file's bytes
 * @throws {TypeError} when `svg` is not an SVG document
 * @throws {RangeError} when the scale is not a positive number
 * @example
 * ```ts
 * import { svgToPng } from "./figure.ts";
 * const png = await svgToPng('<svg xmlns="http://www.w3.org/2000/svg" width="4" height="2"/>');
 * if (png[1] !== 0x50 || png[2] !== 0x4e || png[3] !== 0x47) throw new Error("expected a PNG");
 * ```
 */
export async function svgToPng(svg: string, options: PngOptions = {}): Promise<Uint8Array> {
  const scale = options.scale ?? 2;
  if (!(scale > 0) || !Number.isFinite(scale)) {
    throw new RangeError(`Expected a positive PNG scale, found ${scale}`);
  }
  if (!/^\s*(<\?xml[^>]*>\s*)?<svg[\s>]/.test(svg)) {
    throw new TypeError(`Expected an SVG document, found ${JSON.stringify(svg.slice(0, 40))}`);
  }
  const font = await _resvg();
  const resvg = new Resvg(svg, {
    background: "white",
    fitTo: { mode: "zoom", value: scale },
    font: {
      fontBuffers: [font],
      defaultFontFamily: _FONT_FAMILY,
      sansSerifFamily: _FONT_FAMILY,
      serifFamily: _FONT_FAMILY,
      monospaceFamily: _FONT_FAMILY,
    },
  });
  try {
    const image = resvg.render();
    try {
      return image.asPng();
    } finally {
      image.free();
    }
  } finally {
    resvg.free();
  }
}

/**
 * Renders a figure to PNG (its SVG, rasterised by {@linkcode svgToPng}).
 * @param figure the figure
 * @param options the scale
 * @returns the PNG file's bytes
 */
export async function figurePng(figure: Figure, options: PngOptions = {}): Promise<Uint8Array> {
  return await svgToPng(await figureSvg(figure), options);
}
