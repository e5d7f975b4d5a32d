import assert from "node:assert/strict";
import { join } from "node:path";
import { readArff } from "./arff_reader.ts";
import { readOpenSmileCsv } from "./csv_reader.ts";
import { DataFileError } from "./errors.ts";
import { FIXTURES, gzip, tempFile } from "./_testing.ts";

async function assertCsvError(text: string, line: number, pattern: RegExp): Promise<void> {
  const path = await tempFile("tiny.csv", text);
  try {
    await readOpenSmileCsv(path);
    assert.fail("expected a DataFileError");
  } catch (e) {
    assert.ok(e instanceof DataFileError, String(e));
    assert.ok(e.message.includes(`tiny.csv:${line}: `), e.message);
    assert.match(e.message, pattern);
  }
}

const HEADER = "name;frameTime;f1;f2";

Deno.test("readOpenSmileCsv() gives the same matrix, ids and names as the ARFF fixture", async () => {
  const csv = await readOpenSmileCsv(join(FIXTURES, "emobase2010.csv"));
  const arff = await readArff(join(FIXTURES, "emobase2010.arff"));
  assert.equal(csv.rows, 6);
  assert.equal(csv.cols, 1582);
  assert.deepEqual(csv.ids, arff.ids);
  assert.deepEqual(csv.featureNames, arff.featureNames);
  assert.deepEqual(csv.data, arff.data);
  assert.equal(csv.classValues, null);
  assert.equal(csv.relation, null);
});

Deno.test("readOpenSmileCsv() reads a gzip copy identically", async () => {
  const path = join(FIXTURES, "emobase2010.csv");
  const gz = await tempFile("emobase2010.csv.gz", await gzip(await Deno.readFile(path)));
  assert.deepEqual((await readOpenSmileCsv(gz)).data, (await readOpenSmileCsv(path)).data);
});

Deno.test("readOpenSmileCsv() skips frameTime, keeps a trailing class column apart", async () => {
  const t = await readOpenSmileCsv(
    await tempFile("c.csv", "name;frameTime;a;b;class\n'x';0.000000;1;2e+00;A\n\n'y';0;3;4;B\n"),
  );
  assert.deepEqual(t.featureNames, ["a", "b"]);
  assert.deepEqual(Array.from(t.data), [1, 2, 3, 4]);
  assert.deepEqual(t.ids, ["x", "y"]);
  assert.deepEqual(t.classValues, ["A", "B"]);
});

Deno.test("readOpenSmileCsv() takes another delimiter when asked", async () => {
  const t = await readOpenSmileCsv(await tempFile("c.csv", "name,a\nx,1\n"), { delimiter: "," });
  assert.deepEqual(Array.from(t.data), [1]);
});

Deno.test("readOpenSmileCsv() error: a header without 'name' names file and line", async () => {
  await assertCsvError(
    "id;frameTime;f1\n'a';0;1\n",
    1,
    /expected the CSV header to start with 'name', found 'id'/,
  );
});

Deno.test("readOpenSmileCsv() error: a row with too few values", async () => {
  await assertCsvError(`${HEADER}\n'a';0;1;2\n'b';0;1\n`, 3, /expected 4 values, found 3$/);
});

Deno.test("readOpenSmileCsv() error: a non-numeric value", async () => {
  await assertCsvError(
    `${HEADER}\n'a';0;1;two\n`,
    2,
    /expected a number for value 4 \(f2\), found 'two'/,
  );
});

Deno.test("readOpenSmileCsv() error: NaN and Inf", async () => {
  await assertCsvError(`${HEADER}\n'a';0;nan;1\n`, 2, /value 3 \(f1\) is nan/);
  await assertCsvError(`${HEADER}\n'a';0;1;-inf\n`, 2, /value 4 \(f2\) is -inf/);
});

Deno.test("readOpenSmileCsv() error: a duplicate id", async () => {
  await assertCsvError(
    `${HEADER}\n'a';0;1;2\n'a';0;1;2\n`,
    3,
    /duplicate id 'a', first seen on line 2/,
  );
});

Deno.test("readOpenSmileCsv() error: a column name twice names both columns", async () => {
  await assertCsvError(
    "name;frameTime;f1;f2;f1\n'a';0;1;2;3\n",
    1,
    /^\S*tiny\.csv:1: expected distinct column names, found 'f1' as columns 3 and 5$/,
  );
});

Deno.test("readOpenSmileCsv() error: a header and no rows", async () => {
  await assertCsvError(`${HEADER}\n\n`, 1, /expected data rows after the header, found none/);
});

Deno.test("readOpenSmileCsv() error: an empty file", async () => {
  await assertCsvError("", 1, /expected a CSV header line, found none/);
});
