/**
 * Re-renders the static fallback of every figure output in the committed notebooks from the
 * vega-lite spec the output carries, without executing anything: each such output gets the
 * `image/png` that `mimeBundle` would produce today, and loses an `image/svg+xml` (see
 * `lib/report/display.ts` for why notebooks carry no SVG). For a change to how figures are
 * rasterised; a change to what they show needs `scripts/notebooks/execute.sh --inplace`.
 *
 * Usage: `deno run -A scripts/notebooks/refresh_figures.ts [NAME…]` (default: every notebook).
 * @module
 */
import { Buffer } from "node:buffer";
import { basename, join } from "node:path";
import { fileURLToPath } from "node:url";
import { renderSvg, svgToPng, VEGA_LITE_MIME } from "../../lib/mod.ts";
import { sortKeys } from "./build.ts";

const NOTEBOOKS = fileURLToPath(new URL("../../notebooks/", import.meta.url));

interface Output {
  data?: Record<string, unknown>;
}

if (import.meta.main) {
  const wanted = new Set(Deno.args);
  for (
    const entry of [...Deno.readDirSync(NOTEBOOKS)].sort((a, b) => a.name.localeCompare(b.name))
  ) {
    if (!entry.name.endsWith(".ipynb")) continue;
    if (wanted.size && !wanted.has(basename(entry.name, ".ipynb"))) continue;
    const path = join(NOTEBOOKS, entry.name);
    const nb = JSON.parse(Deno.readTextFileSync(path)) as { cells: { outputs?: Output[] }[] };
    let figures = 0;
    for (const output of nb.cells.flatMap((c) => c.outputs ?? [])) {
      const spec = output.data?.[VEGA_LITE_MIME];
      if (spec === undefined) continue;
      // deno-lint-ignore no-explicit-any
      const png = await svgToPng(await renderSvg(spec as any));
      delete output.data!["image/svg+xml"];
      output.data!["image/png"] = Buffer.from(png).toString("base64");
      figures++;
    }
    const tmp = `${path}.${Deno.pid}.tmp`;
    Deno.writeTextFileSync(tmp, JSON.stringify(sortKeys(nb), null, 1) + "\n");
    Deno.renameSync(tmp, path);
    console.log(`${path}: ${figures} figure(s) re-rendered`);
  }
}
