/**
 * Executes every notebook headless with the Deno kernel on the quick profile (outputs into a
 * temporary folder, never in place) and checks that no cell failed, that every figure carries
 * its vega-lite spec with a PNG fallback, and that each notebook's tables put the paper's
 * reported numbers beside computed ones.
 *
 * Needs Debian's jupyter-notebook, python3-nbconvert and python3-nbclient. Without them the test
 * is skipped with a message, unless `CI` is set: in CI a missing Jupyter is a failure.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
const NOTEBOOKS = [
  "01_method",
  "02_data_and_features",
  "03_emotion_transfer",
  "04_within_corpus",
  "05_cross_corpus",
];

/** What each notebook's tables must hold: the paper's numbers, and a computed row beside them. */
const PAPER_BESIDE_OURS: Readonly<Record<string, readonly RegExp[]>> = {
  "01_method": [
    /\| G_i, F_i \(generators\) \| 1582-1000-500-1000-1582 \| 1582(-\d+)+ \| [\d,]+ \|/,
    /\| 1 \(D side\) \| .* \| 0\.32009 \| \d\.\d{5} \| yes \|/,
  ],
  "02_data_and_features": [
    /\| IEMOCAP \| paper \| 1,103 \| 1,636 \| 1,708 \| 1,084 \| 5,531 \|/,
    /\| MSP-IMPROV \| paper \| 792 \| 2,644 \| 3,477 \| 885 \| 7,798 \|/,
    /\| \w+ \| ours( \| [\d,]+){5} \|/,
    /\| Total \| {2}\| {2}\| 1582 \| 1582 \|/,
  ],
  "03_emotion_transfer": [
    /\| \d\.\d{3} \| 0\.084 \|/,
    /\| \d\.\d{3} \| 0\.013 \|/,
    /\| \d\.\d{3} \| 0\.049 \|/,
  ],
  "04_within_corpus": [
    /\| reported \(Sahu et al\.\) \| 59\.42 \| 34\.09 \| 60\.29 \|/,
    /\| paper \(Bao et al\.\) \| 59\.48 ± 0\.71 \| 51\.57 ± 0\.60 \| 58\.79 ± 0\.77 \|/,
    /\| paper \(Bao et al\.\) \| – \| 46\.59 ± 0\.75 \| 60\.37 ± 0\.70 \|/,
    /\| ours \|( (\d+\.\d\d ± \d+\.\d\d|–) \|){2} \d+\.\d\d ± \d+\.\d\d \|/,
  ],
  "05_cross_corpus": [
    /\| reported \(Sahu et al\.\) \| 45\.14 \| 33\.96 \| 45\.40 \|/,
    /\| paper \(Bao et al\.\) \| 45\.58 ± 0\.40 \| 39\.35 ± 0\.33 \| 42\.61 ± 0\.34 \|/,
    /\| paper \(Bao et al\.\) \| – \| 41\.58 ± 1\.29 \| 46\.52 ± 0\.43 \|/,
    /\| ours \|( (\d+\.\d\d ± \d+\.\d\d|–) \|){2} \d+\.\d\d ± \d+\.\d\d \|/,
  ],
};

interface Output {
  output_type: string;
  ename?: string;
  evalue?: string;
  data?: Record<string, string | string[] | object>;
}
interface Cell {
  cell_type: string;
  execution_count?: number | null;
  outputs?: Output[];
}

function text(value: string | string[] | object | undefined): string {
  return typeof value === "string" ? value : Array.isArray(value) ? value.join("") : "";
}

async function jupyterAvailable(): Promise<boolean> {
  try {
    const out = await new Deno.Command("/usr/bin/python3", {
      args: ["-c", "import nbconvert, nbclient"],
      stdout: "null",
      stderr: "null",
    }).output();
    return out.success;
  } catch {
    return false;
  }
}

const available = await jupyterAvailable();
const inCi = Deno.env.get("CI") !== undefined && Deno.env.get("CI") !== "";
if (!available && !inCi) {
  console.warn(
    "notebooks_test: skipped: Jupyter (python3-nbconvert, python3-nbclient) is not installed; " +
      "install jupyter-notebook python3-nbconvert python3-nbclient to execute the notebooks",
  );
}

Deno.test({
  name: "every notebook executes headless on the quick profile without a cell error",
  ignore: !available && !inCi,
  async fn(t) {
    assert.ok(available, "CI is set but Jupyter (python3-nbconvert, python3-nbclient) is missing");
    const out = await Deno.makeTempDir({ prefix: "notebooks_" });
    try {
      const run = await new Deno.Command(join(ROOT, "scripts", "notebooks", "execute.sh"), {
        env: { NOTEBOOK_OUT: out, SER_PROFILE: "quick" },
        stdout: "piped",
        stderr: "piped",
      }).output();
      const log = new TextDecoder().decode(run.stdout) + new TextDecoder().decode(run.stderr);
      for (const name of NOTEBOOKS) {
        await t.step(`${name} ran every cell without an error`, () => {
          const path = join(out, `${name}.ipynb`);
          const nb = JSON.parse(Deno.readTextFileSync(path)) as { cells: Cell[] };
          const code = nb.cells.filter((c) => c.cell_type === "code");
          const errors = code.flatMap((c) => c.outputs ?? []).filter((o) =>
            o.output_type === "error"
          );
          assert.deepEqual(
            errors.map((e) => `${e.ename}: ${e.evalue}`),
            [],
            `${name} has cell errors`,
          );
          assert.ok(
            code.every((c) => typeof c.execution_count === "number"),
            `${name}: unrun cell`,
          );
        });
        await t.step(
          `${name} shows the paper's numbers beside ours, figures with a PNG fallback`,
          () => {
            const nb = JSON.parse(Deno.readTextFileSync(join(out, `${name}.ipynb`))) as {
              cells: Cell[];
            };
            const outputs = nb.cells.flatMap((c) => c.outputs ?? []);
            const markdown = outputs.map((o) => text(o.data?.["text/markdown"])).join("\n");
            for (const pattern of PAPER_BESIDE_OURS[name]) {
              assert.match(markdown, pattern, `${name}: no table row matching ${pattern}`);
            }
            for (const o of outputs.filter((o) => o.data?.["application/vnd.vegalite.v5+json"])) {
              assert.ok(text(o.data!["image/png"]).startsWith("iVBORw0KGgo"), `${name}: no PNG`);
            }
          },
        );
      }
      assert.ok(run.success, `execute.sh failed:\n${log}`);
    } finally {
      await Deno.remove(out, { recursive: true });
    }
  },
});
