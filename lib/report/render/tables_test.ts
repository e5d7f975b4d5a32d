import assert from "node:assert/strict";
import { realRow } from "../../analysis/methods.ts";
import { includes } from "./_testing.ts";
import { exampleResults } from "./_example_results.ts";
import {
  corpusTable,
  formatUar,
  lambdaSweepTable,
  methodsTable,
  protocolComparisonTable,
  table1Table,
  tableHtml,
  tableMarkdown,
  uarTable,
} from "./tables.ts";

Deno.test("formatUar() prints mean ± std with two decimals, and the mean alone without a std", () => {
  assert.deepEqual(formatUar({ mean: 59.48, std: 0.71 }), "59.48 ± 0.71");
  assert.deepEqual(formatUar({ mean: 59.42, std: null }), "59.42");
  assert.deepEqual(formatUar(null), "–");
});

Deno.test("tableMarkdown() writes a header, an alignment row and escaped cells", () => {
  const md = tableMarkdown({
    caption: "Cap",
    headers: ["Name", "Value"],
    rows: [["a|b", "1.00"]],
    notes: ["A note"],
  });
  assert.deepEqual(
    md,
    "**Cap**\n\n| Name | Value |\n|:---|---:|\n| a\\|b | 1.00 |\n\n*A note*\n",
  );
});

Deno.test("tableMarkdown() rejects a row with the wrong number of cells", () => {
  assert.throws(() => tableMarkdown({ caption: "Cap", headers: ["a", "b"], rows: [["1"]] }), {
    name: "RangeError",
    message: /row 1: expected 2 cells, found 1/,
  });
});

Deno.test("tableHtml() escapes markup and right-aligns numeric columns", () => {
  const html = tableHtml({ caption: "<T>", headers: ["x", "y"], rows: [["<b>", "2"]] });
  includes(html, "<caption>&lt;T&gt;</caption>");
  includes(html, '<td>&lt;b&gt;</td><td class="num">2</td>');
});

Deno.test("uarTable() puts Sahu et al. first as reported and each of our rows under the paper's", () => {
  const t = uarTable(exampleResults().table2, 2, { labelled: "emodb", test: "ravdess" });
  assert.deepEqual(t.rows.map((r) => `${r[0]} / ${r[1]}`), [
    "Sahu et al. [11] / reported (Sahu et al.)",
    "λcls = 0 / paper (Bao et al.)",
    "λcls = 0 / ours",
    "λcls = 2 / paper (Bao et al.)",
    "λcls = 2 / ours",
  ]);
  assert.deepEqual(t.rows[1].slice(2), ["59.48 ± 0.71", "51.57 ± 0.60", "58.79 ± 0.77"]);
  assert.deepEqual(t.rows[2].slice(2), ["68.00 ± 1.00", "40.00 ± 1.00", "66.00 ± 1.00"]);
  assert.deepEqual(t.rows[3][2], "–");
  includes(t.caption, "emodb");
});

Deno.test("table1Table() shows ours beside the paper's value and the per-class values", () => {
  const t = table1Table(exampleResults().table1, ["angry", "happy", "neutral", "sad"]);
  assert.deepEqual(t.headers.slice(0, 3), ["Difference", "Ours", "Paper"]);
  assert.deepEqual(t.rows[0].slice(0, 4), ["|target − source|", "0.100", "0.084", "0.100"]);
  assert.deepEqual(t.rows[1].slice(1, 3), ["0.020", "0.013"]);
  includes(t.notes![0], "1582 features");
});

Deno.test("protocolComparisonTable() pairs each reference setting with its leak-free twin", () => {
  const t = protocolComparisonTable(exampleResults().settings);
  assert.deepEqual(t.rows, [["Syn.", "λcls = 0", "40.00 ± 1.00", "45.00 ± 1.00", "+5.00"]]);
});

Deno.test("methodsTable() puts Real first and each augmenter's UAR beside its paired difference", () => {
  const r = exampleResults();
  const t = methodsTable(r.methods, realRow(r.settings));
  assert.equal(t.headers.length, 9);
  assert.deepEqual(t.rows.map((row) => row[0]), [
    "Real (no augmentation)",
    "cyclegan:lambda_cls=0",
    "cyclegan:lambda_cls=2",
    "smote:k=5",
  ]);
  assert.equal(t.rows[0][1], "68.00 ± 1.00");
  const smote = t.rows[3];
  assert.equal(smote[1], "50.00 ± 1.00");
  assert.match(smote[2], /^−18\.00 \[−18\.00, −18\.00\], p [<=] /);
  assert.deepEqual(smote.slice(3), ["–", "–", "–", "–", "–", "–"]);
  includes(t.notes![0], "10 pairs (one per fold × repetition)");
});

Deno.test("lambdaSweepTable() lists Table 1 distance and UAR per λcls", () => {
  const t = lambdaSweepTable(exampleResults().lambdaSweep!);
  assert.deepEqual(t.rows, [
    ["0", "0.020", "40.00", "66.00", "30.00", "36.00", "0.040", "0.020", "0.010", "0.900", "0.060"],
    ["2", "0.050", "35.00", "69.00", "32.00", "38.00", "1.050", "1.100", "0.400", "0.900", "0.060"],
  ]);
});

Deno.test("corpusTable() lists class counts and totals, a dash for unlabelled corpora", () => {
  const c = exampleResults().corpora;
  const t = corpusTable([c.labelled, c.source], ["angry", "happy", "neutral", "sad"]);
  assert.deepEqual(t.rows, [
    ["emodb", "127", "71", "79", "62", "339"],
    ["librispeech-3s", "–", "–", "–", "–", "1302"],
  ]);
});
