import assert from "node:assert/strict";
import { join } from "node:path";
import { _openByteSource } from "./_byte_source.ts";
import { _scanLines } from "./_line_scanner.ts";
import { readArff } from "./arff_reader.ts";
import { DataFileError } from "./errors.ts";
import { FIXTURES, gzip, tempFile, tinyArff } from "./_testing.ts";

/** Asserts that reading `text` as ARFF fails with a message naming `tiny.arff:<line>`. */
async function assertArffError(text: string, line: number, pattern: RegExp): Promise<void> {
  const path = await tempFile("tiny.arff", text);
  try {
    await readArff(path);
    assert.fail("expected a DataFileError");
  } catch (e) {
    assert.ok(e instanceof DataFileError, String(e));
    assert.ok(e.message.includes(`tiny.arff:${line}: `), e.message);
    assert.match(e.message, pattern);
    assert.equal(e.line, line);
  }
}

Deno.test("readArff() reads the openSMILE fixture: 6 rows, 1582 features, ids, class values", async () => {
  const t = await readArff(join(FIXTURES, "emobase2010.arff"));
  assert.equal(t.rows, 6);
  assert.equal(t.cols, 1582);
  assert.equal(t.data.length, 6 * 1582);
  assert.deepEqual(t.ids, [
    "s01_p50_s160",
    "s02_p20_s120",
    "s03_p80_s200",
    "s04_p35_s140",
    "s05_p65_s100",
    "s06_p99_s180",
  ]);
  assert.deepEqual(t.classValues, ["50", "20", "80", "35", "65", "99"]);
  assert.equal(t.relation, "emobase2010_ref");
  // First values of row 1 and the last value of row 6, as printed in the file.
  assert.equal(t.data[0], Math.fround(0.4358974));
  assert.equal(t.data[2], Math.fround(0.7986007));
  assert.equal(t.data[3], Math.fround(-0.0003329287));
  assert.equal(t.data[6 * 1582 - 1], Math.fround(2.96));
});

Deno.test("readArff() feature names equal emobase2010_feature_names.txt exactly", async () => {
  const t = await readArff(join(FIXTURES, "emobase2010.arff"));
  const names = (await Deno.readTextFile(join(FIXTURES, "emobase2010_feature_names.txt")))
    .split("\n").filter((s) => s !== "");
  assert.equal(names.length, 1582);
  assert.deepEqual(t.featureNames, names);
  assert.equal(t.featureLines![0], 4);
});

Deno.test("readArff() gives every value exactly as Number.parseFloat rounded to float32", async () => {
  const path = join(FIXTURES, "emobase2010.arff");
  const lines = (await Deno.readTextFile(path)).split("\n").filter((l) => /^s\d\d_/.test(l));
  const t = await readArff(path);
  lines.forEach((line, r) => {
    const cells = line.split(",");
    for (let j = 0; j < 1582; j++) {
      const expected = Math.fround(Number.parseFloat(cells[j + 1]));
      if (t.data[r * 1582 + j] !== expected) assert.fail(`row ${r} col ${j}: ${cells[j + 1]}`);
    }
  });
});

Deno.test("readArff() gives the same table from a gzip copy as from the plain file", async () => {
  const path = join(FIXTURES, "emobase2010.arff");
  const gz = await tempFile("emobase2010.arff.gz", await gzip(await Deno.readFile(path)));
  const a = await readArff(path);
  const b = await readArff(gz);
  assert.deepEqual(b.ids, a.ids);
  assert.deepEqual(b.featureNames, a.featureNames);
  assert.deepEqual(b.data, a.data);
  assert.equal(b.source, gz);
});

Deno.test("readArff() accepts quoted names, % comments, blank lines, CRLF and no final newline", async () => {
  const text = tinyArff([
    "% a comment",
    "'quoted, name',1.5e+00,-2,3e-1,0",
    "",
    '"double q",4,5,6,1',
    "  % indented comment",
    "plain,7,8,9,2",
  ]).replace(/\n/g, "\r\n").replace(/\r\n$/, "");
  const t = await readArff(await tempFile("ok.arff", text));
  assert.deepEqual(t.ids, ["quoted, name", "double q", "plain"]);
  assert.deepEqual(Array.from(t.data), [1.5, -2, Math.fround(0.3), 4, 5, 6, 7, 8, 9]);
  assert.deepEqual(t.classValues, ["0", "1", "2"]);
  assert.deepEqual(t.featureNames, ["f1", "f2", "f3"]);
});

Deno.test("readArff() reads quoted attribute names and a file without a class attribute", async () => {
  const text = "@RELATION r\n@ATTRIBUTE name STRING\n@attribute 'a b' REAL\n" +
    "@attribute c integer\n@DATA\nx,1,2\n";
  const t = await readArff(await tempFile("noclass.arff", text));
  assert.deepEqual(t.featureNames, ["a b", "c"]);
  assert.equal(t.classValues, null);
  assert.deepEqual(Array.from(t.data), [1, 2]);
});

Deno.test("readArff() reports progress with bytes read and rows", async () => {
  const seen: number[] = [];
  await readArff(join(FIXTURES, "emobase2010.arff"), {
    onProgress: (p) => seen.push(p.rows, p.bytesRead, p.fileBytes),
  });
  assert.ok(seen.length >= 3);
  assert.deepEqual(seen.slice(-3), [6, 205151, 205151]);
});

Deno.test("_scanLines() splits lines identically whatever the chunk size", async () => {
  const path = join(FIXTURES, "emobase2010.arff");
  const collect = async (chunk: number) => {
    const out: string[] = [];
    const dec = new TextDecoder();
    const src = await _openByteSource(path);
    try {
      await _scanLines(src, (b, s, e) => out.push(dec.decode(b.subarray(s, e))), undefined, chunk);
    } finally {
      src.close();
    }
    return out;
  };
  const expected = (await Deno.readTextFile(path)).split("\n").slice(0, -1);
  assert.deepEqual(await collect(7), expected);
  assert.deepEqual(await collect(1 << 20), expected);
});

Deno.test("readArff() error: a row with too few values names file, line and counts", async () => {
  await assertArffError(tinyArff(["a,1,2,3,0", "b,1,2,0"]), 12, /expected 5 values, found 4$/);
});

Deno.test("readArff() error: a row with too many values names file, line and counts", async () => {
  await assertArffError(tinyArff(["a,1,2,3,0,7,8"]), 11, /expected 5 values, found 7$/);
});

Deno.test("readArff() error: a non-numeric value names the column and the text", async () => {
  await assertArffError(
    tinyArff(["a,1,2,3,0", "b,1,x2,3,0"]),
    12,
    /expected a number for value 3 \(f2\), found 'x2'/,
  );
});

Deno.test("readArff() error: an empty value is non-numeric", async () => {
  await assertArffError(tinyArff(["a,1,,3,0"]), 11, /value 3 \(f2\), found ''/);
});

Deno.test("readArff() error: NaN is rejected with file and line", async () => {
  await assertArffError(tinyArff(["a,1,2,3,0", "b,-nan,2,3,0"]), 12, /value 2 \(f1\) is -nan/);
});

Deno.test("readArff() error: +Inf and -Inf are rejected with file and line", async () => {
  await assertArffError(tinyArff(["a,1,2,inf,0"]), 11, /value 4 \(f3\) is inf/);
  await assertArffError(tinyArff(["a,1,-inf,2,0"]), 11, /value 3 \(f2\) is -inf/);
});

Deno.test("readArff() error: a value beyond float32 range is rejected", async () => {
  await assertArffError(tinyArff(["a,1,2,1e39,0"]), 11, /outside the float32 range/);
});

Deno.test("readArff() error: a duplicate id names both lines", async () => {
  await assertArffError(
    tinyArff(["a,1,2,3,0", "b,1,2,3,0", "a,4,5,6,0"]),
    13,
    /duplicate id 'a', first seen on line 11/,
  );
});

Deno.test("readArff() error: a feature declared twice names both lines", async () => {
  const text = tinyArff(["a,1,2,3,0"]).replace("@attribute f3 numeric", "@attribute f1 numeric");
  await assertArffError(
    text,
    6,
    /^\S*tiny\.arff:6: expected distinct attribute names, found 'f1' again \(first declared on line 4\)$/,
  );
});

Deno.test("readArff() error: an empty file", async () => {
  await assertArffError("", 1, /found an empty file/);
});

Deno.test("readArff() error: a header without @data names the last line", async () => {
  await assertArffError("@relation r\n@attribute name string\n@attribute f numeric\n", 3, /@data/);
});

Deno.test("readArff() error: @data without rows names the @data line", async () => {
  await assertArffError(
    tinyArff(["% only a comment"]),
    9,
    /expected data rows after @data, found none/,
  );
});

Deno.test("readArff() error: a non-numeric feature attribute names its line", async () => {
  const text = tinyArff(["a,1,2,3,0"]).replace("@attribute f2 numeric", "@attribute f2 string");
  await assertArffError(text, 5, /expected a numeric attribute, found 'f2' of type string/);
});

Deno.test("readArff() error: a first attribute that is not the string name", async () => {
  await assertArffError(
    "@relation r\n@attribute f numeric\n@attribute g numeric\n@data\n1,2\n",
    2,
    /expected the first attribute to be the string instance name/,
  );
});

Deno.test("readArff() error: an unknown header line", async () => {
  await assertArffError("@relation r\nhello\n", 2, /found 'hello'/);
});

Deno.test("readArff() error: an unterminated quoted name", async () => {
  await assertArffError(tinyArff(["'open,1,2,3,0"]), 11, /unterminated quote/);
});

Deno.test("readArff() error: a bad row inside a gzip file names the file and line", async () => {
  const gz = await tempFile(
    "tiny.arff.gz",
    await gzip(new TextEncoder().encode(tinyArff(["a,1,2,3,0", "b,1,nan,3,0"]))),
  );
  await assert.rejects(
    readArff(gz),
    (e: Error) =>
      e instanceof DataFileError && e.message.includes("tiny.arff.gz:12: value 3 (f2) is nan"),
  );
});

Deno.test("readArff() error: a truncated gzip file names the file", async () => {
  const bytes = await gzip(await Deno.readFile(join(FIXTURES, "emobase2010.arff")));
  const path = await tempFile("cut.arff.gz", bytes.subarray(0, Math.floor(bytes.length / 2)));
  await assert.rejects(
    readArff(path),
    (e: Error) =>
      e instanceof DataFileError &&
      /cut\.arff\.gz: expected gzip data, found a corrupt or truncated stream/.test(e.message),
  );
});
