/**
 * End-to-end test of the report writer: from a hand-made results object to the files of
 * `deno task reproduce` (report.html, report.md, results.json, config.json, figures/*.svg).
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { exampleResults } from "../lib/report/render/_example_results.ts";
import { checkReportFolder, writeReport } from "../lib/report/render/report.ts";

/** Parses XML files with Python's expat parser; returns the error text, empty when all parse. */
async function xmlErrors(paths: readonly string[]): Promise<string> {
  const script = "import sys, xml.etree.ElementTree as E\n" +
    "for p in sys.argv[1:]:\n" +
    "    try: E.parse(p)\n" +
    "    except Exception as e: print(p, e)\n";
  const out = await new Deno.Command("/usr/bin/python3", { args: ["-c", script, ...paths] })
    .output();
  return new TextDecoder().decode(out.stdout) + new TextDecoder().decode(out.stderr);
}

Deno.test("writeReport() writes the report files, and nothing is left half-written", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const files = await writeReport(dir, exampleResults());
    const names = [...Deno.readDirSync(dir)].map((e) => e.name).sort();
    assert.deepEqual(names, ["config.json", "figures", "report.html", "report.md", "results.json"]);
    const figures = [...Deno.readDirSync(join(dir, "figures"))].map((e) => e.name).sort();
    assert.deepEqual(figures, [
      "diversity_curves.svg",
      "fig2_feature_distributions.svg",
      "fig3_confusion_cross.svg",
      "fig3_confusion_within.svg",
      "fig3_confusion_within_reference.svg",
      "lambda_sweep.svg",
      "loss_lambda0.svg",
      "loss_lambda2.svg",
      "quality_projection.svg",
      "quality_std_ratio.svg",
    ]);
    assert.deepEqual(JSON.parse(Deno.readTextFileSync(files.results)), exampleResults());
    assert.deepEqual(JSON.parse(Deno.readTextFileSync(files.config)), exampleResults().config);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

/** Results whose `results.json` fails to serialise: the figures are written by then. */
function failingResults() {
  return Object.assign(exampleResults(), {
    toJSON(): never {
      throw new Error("simulated failure while writing results.json");
    },
  });
}

Deno.test("writeReport() failing half-way leaves no output folder and no temporary folder", async () => {
  const parent = await Deno.makeTempDir();
  try {
    const out = join(parent, "out");
    await assert.rejects(() => writeReport(out, failingResults()), /simulated failure/);
    assert.deepEqual([...Deno.readDirSync(parent)], [], "nothing beside, nothing inside");
  } finally {
    await Deno.remove(parent, { recursive: true });
  }
});

Deno.test("writeReport() failing half-way leaves an existing report set as it was", async () => {
  const parent = await Deno.makeTempDir();
  try {
    const out = join(parent, "out");
    await writeReport(out, exampleResults());
    Deno.writeTextFileSync(join(out, "notes.txt"), "mine");
    const before = Deno.readTextFileSync(join(out, "report.html"));
    const figures = [...Deno.readDirSync(join(out, "figures"))].length;
    await assert.rejects(() => writeReport(out, failingResults()), /simulated failure/);
    assert.equal(Deno.readTextFileSync(join(out, "report.html")), before);
    assert.equal([...Deno.readDirSync(join(out, "figures"))].length, figures);
    assert.deepEqual([...Deno.readDirSync(parent)].map((e) => e.name), ["out"]);
    // A second complete write replaces the set and keeps files that are not part of it.
    await writeReport(out, exampleResults());
    assert.equal(Deno.readTextFileSync(join(out, "notes.txt")), "mine");
    assert.deepEqual([...Deno.readDirSync(parent)].map((e) => e.name), ["out"]);
  } finally {
    await Deno.remove(parent, { recursive: true });
  }
});

Deno.test("checkReportFolder() refuses a file and an unwritable folder, and leaves nothing behind", async () => {
  const parent = await Deno.makeTempDir();
  try {
    const file = join(parent, "report.txt");
    Deno.writeTextFileSync(file, "");
    await assert.rejects(
      () => checkReportFolder(file),
      { message: `Expected a folder for the report at ${file}, found a file` },
    );
    await assert.rejects(() => checkReportFolder(join(file, "out")), /writable folder/);
    await checkReportFolder(join(parent, "new", "out"));
    assert.deepEqual([...Deno.readDirSync(parent)].map((e) => e.name), ["report.txt"]);
    await checkReportFolder(parent);
    assert.deepEqual([...Deno.readDirSync(parent)].map((e) => e.name), ["report.txt"]);
    if (Deno.uid() !== 0) { // root writes through any mode
      const locked = join(parent, "locked");
      Deno.mkdirSync(locked, { mode: 0o500 });
      await assert.rejects(() => checkReportFolder(locked), /writable folder .*locked/);
    }
  } finally {
    await Deno.remove(parent, { recursive: true });
  }
});

Deno.test("the report's SVG figures parse as XML and carry titles, axis titles and legends", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const files = await writeReport(dir, exampleResults());
    assert.equal(await xmlErrors(files.figures), "");
    const svg = (name: string) => Deno.readTextFileSync(join(dir, "figures", `${name}.svg`));
    const fig2 = svg("fig2_feature_distributions");
    for (const text of ["Fig. 2", "Normalised feature value", "Feature (openSMILE", "Data set"]) {
      assert.ok(fig2.includes(text), `Fig. 2 lacks ${text}`);
    }
    assert.ok(fig2.includes('aria-roledescription="legend"'), "Fig. 2 has no legend");
    const fig3 = svg("fig3_confusion_within");
    for (const text of ["Fig. 3", "Predicted class", "True class", "Proportion"]) {
      assert.ok(fig3.includes(text), `Fig. 3 lacks ${text}`);
    }
    const loss = svg("loss_lambda0");
    for (
      const text of ["CycleGAN losses", "Epoch", "Loss (mean over emotions, log scale)", "Loss"]
    ) {
      assert.ok(loss.includes(text), `the loss figure lacks ${text}`);
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("report.html is self-contained: inline SVG and CSS, no external URL", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const files = await writeReport(dir, exampleResults());
    const html = Deno.readTextFileSync(files.html);
    assert.equal(html.match(/<svg/g)?.length, 10);
    assert.ok(html.includes("<style>"));
    assert.equal(html.match(/https?:\/\/|src=|href=|@import|url\((?!#)/g), null);
    assert.ok(html.includes("59.48 ± 0.71") && html.includes("68.00 ± 1.00"));
    assert.ok(html.includes("reported (Sahu et al.)"));
    assert.ok(html.includes("Methods side by side"), "the methods table is in the report");
    assert.ok(html.includes("smote:k=5") && html.includes("Paired test"));
    const ids = html.match(/\bid="[^"]+"/g) ?? [];
    assert.equal(new Set(ids).size, ids.length, "element ids clash between figures");
    for (const ref of html.match(/url\(#[^)]+\)/g) ?? []) {
      assert.ok(html.includes(`id="${ref.slice(5, -1)}"`), `${ref} points nowhere`);
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("report.md references every figure under figures/ and holds Tables 1-3", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const files = await writeReport(dir, exampleResults());
    const md = Deno.readTextFileSync(files.markdown);
    for (const path of files.figures) {
      const name = path.slice(path.lastIndexOf("/") + 1);
      assert.ok(md.includes(`](figures/${name})`), `report.md lacks ${name}`);
    }
    for (const caption of ["**Table 1:", "**Table 2:", "**Table 3:"]) {
      assert.ok(md.includes(caption), `report.md lacks ${caption}`);
    }
    assert.ok(md.includes("| 0.100 | 0.084 |"), "Table 1 lacks ours beside the paper's value");
    assert.ok(md.includes("**Methods side by side"), "report.md lacks the methods table");
    assert.ok(md.includes("**λcls sweep"), "report.md lacks the sweep table");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
