/**
 * Exports the committed notebooks to HTML with nbconvert, as a static page or an LMS upload shows
 * them, and checks that every figure is there as a PNG. Debian's nbconvert 6.5 strips the
 * drawing out of SVG outputs (a blank box), so a figure must reach the page as `<img>` of its PNG.
 *
 * Needs Debian's python3-nbconvert. Without it the test is skipped with a message, unless `CI` is
 * set: in CI a missing nbconvert is a failure.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
const NOTEBOOKS = join(ROOT, "notebooks");
const VEGA_LITE = "application/vnd.vegalite.v5+json";

interface Output {
  output_type: string;
  data?: Record<string, unknown>;
}

async function nbconvertAvailable(): Promise<boolean> {
  try {
    const out = await new Deno.Command("/usr/bin/python3", {
      args: ["-c", "import nbconvert"],
      stdout: "null",
      stderr: "null",
    }).output();
    return out.success;
  } catch {
    return false;
  }
}

const available = await nbconvertAvailable();
const inCi = (Deno.env.get("CI") ?? "") !== "";
if (!available && !inCi) {
  console.warn(
    "notebooks_html_test: skipped: nbconvert (python3-nbconvert) is not installed; " +
      "install jupyter-notebook python3-nbconvert to export the notebooks to HTML",
  );
}

const names = [...Deno.readDirSync(NOTEBOOKS)]
  .filter((e) => e.name.endsWith(".ipynb"))
  .map((e) => e.name)
  .sort();

Deno.test({
  name: "every figure of the committed notebooks reaches nbconvert's HTML export as a PNG",
  ignore: !available && !inCi,
  async fn(t) {
    assert.ok(available, "CI is set but nbconvert (python3-nbconvert) is missing");
    assert.ok(names.length >= 5, `expected the five notebooks, found ${names.join(", ")}`);
    const out = await Deno.makeTempDir({ prefix: "notebooks_html_" });
    try {
      const run = await new Deno.Command("/usr/bin/python3", {
        args: [
          "-m",
          "nbconvert",
          "--to",
          "html",
          "--output-dir",
          out,
          ...names.map((n) => join(NOTEBOOKS, n)),
        ],
        stdout: "piped",
        stderr: "piped",
      }).output();
      assert.ok(run.success, `nbconvert failed:\n${new TextDecoder().decode(run.stderr)}`);
      for (const name of names) {
        await t.step(name, () => {
          const nb = JSON.parse(Deno.readTextFileSync(join(NOTEBOOKS, name))) as {
            cells: { outputs?: Output[] }[];
          };
          const figures = nb.cells.flatMap((c) => c.outputs ?? []).filter((o) =>
            o.data?.[VEGA_LITE]
          );
          for (const [i, o] of figures.entries()) {
            const png = o.data!["image/png"];
            assert.ok(
              typeof png === "string" && png.startsWith("iVBORw0KGgo"),
              `${name}: figure ${i + 1} has no PNG`,
            );
            assert.equal(
              o.data!["image/svg+xml"],
              undefined,
              `${name}: figure ${i + 1} still has an SVG, which nbconvert 6.5 strips`,
            );
          }
          const html = Deno.readTextFileSync(join(out, name.replace(/\.ipynb$/, ".html")));
          const images = html.match(/<img src="data:image\/png;base64,iVBORw0KGgo/g) ?? [];
          assert.ok(
            images.length >= figures.length,
            `${name}: ${figures.length} figure(s), but ${images.length} PNG image(s) in the HTML`,
          );
          assert.doesNotMatch(
            html,
            /data-mime-type="image\/svg\+xml"/,
            `${name}: an SVG output (a blank box in nbconvert 6.5)`,
          );
        });
      }
    } finally {
      await Deno.remove(out, { recursive: true });
    }
  },
});
