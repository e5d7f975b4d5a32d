import assert from "node:assert/strict";
import { join } from "node:path";
import { DataFileError } from "./errors.ts";
import { loadCorpus } from "./load_corpus.ts";
import { tempDir } from "./_testing.ts";

const FEATURES = "@relation msp\n@attribute name string\n@attribute f numeric\n" +
  "@attribute class numeric\n@data\n" +
  [
    "MSP-IMPROV-S01A-F01-P-FM01,1,0",
    "MSP-IMPROV-S01A-F01-P-FM02,2,0",
    "MSP-IMPROV-S02H-M01-R-MM01,3,0",
    "MSP-IMPROV-S02H-M01-R-MM02,4,0",
    "MSP-IMPROV-S03N-F02-T-FF01,5,0",
  ].join("\n") + "\n";

/** Writes the features, an optional labels CSV and the spec into one folder. */
async function setup(spec: Record<string, unknown>, labels?: string): Promise<string> {
  const dir = await tempDir();
  await Deno.writeTextFile(join(dir, "msp.arff"), FEATURES);
  if (labels !== undefined) await Deno.writeTextFile(join(dir, "labels.csv"), labels);
  const path = join(dir, "msp.json");
  await Deno.writeTextFile(path, JSON.stringify(spec));
  return path;
}

const MAP = { A: "angry", H: "happy", E: "happy", N: "neutral", S: "sad" };

Deno.test("spec: labels CSV with header, several raw labels to one class, unknown dropped", async () => {
  const spec = await setup(
    {
      features: "msp.arff",
      labelsCsv: "labels.csv",
      classMap: MAP,
      classes: ["angry", "happy", "neutral", "sad"],
    },
    "id,label,speaker,session\n" +
      "MSP-IMPROV-S01A-F01-P-FM01,A,F01,1\n" +
      "MSP-IMPROV-S01A-F01-P-FM02,X,F01,1\n" +
      "MSP-IMPROV-S02H-M01-R-MM01,E,M01,2\n" +
      "MSP-IMPROV-S02H-M01-R-MM02,H,M01,2\n",
  );
  const c = await loadCorpus(spec, { cache: false });
  assert.equal(c.name, "msp");
  assert.deepEqual(c.ids, [
    "MSP-IMPROV-S01A-F01-P-FM01",
    "MSP-IMPROV-S02H-M01-R-MM01",
    "MSP-IMPROV-S02H-M01-R-MM02",
  ]);
  assert.deepEqual(Array.from(c.labels!), [0, 1, 1]);
  assert.deepEqual(c.speakers, ["F01", "M01", "M01"]);
  assert.deepEqual(c.sessions, ["1", "2", "2"]);
  assert.deepEqual(c.dropped, { X: 1, "(no label)": 1 });
  assert.deepEqual(Array.from(c.data), [1, 3, 4]);
});

Deno.test("spec: labels CSV without header is read by position", async () => {
  const spec = await setup(
    { features: "msp.arff", labelsCsv: "labels.csv", classMap: { A: "angry", N: "neutral" } },
    "MSP-IMPROV-S01A-F01-P-FM01,A\nMSP-IMPROV-S03N-F02-T-FF01,N\n",
  );
  const c = await loadCorpus(spec, { cache: false });
  assert.deepEqual(c.classes, ["angry", "neutral"]);
  assert.deepEqual(Array.from(c.labels!), [0, 1]);
  assert.equal(c.speakers, null);
});

Deno.test("spec: labels, speakers and sessions from an id pattern with named groups", async () => {
  const spec = await setup({
    name: "msp-pattern",
    features: "msp.arff",
    idPattern: "^MSP-IMPROV-S\\d\\d(?<label>[A-Z])-(?<speaker>[FM]\\d\\d)-",
    classMap: MAP,
    sessionBySpeaker: { F01: "S1", M01: "S1", F02: "S2" },
  });
  const c = await loadCorpus(spec, { cache: false });
  assert.equal(c.name, "msp-pattern");
  assert.deepEqual(c.classes, ["angry", "happy", "neutral", "sad"]);
  assert.deepEqual(Array.from(c.labels!), [0, 0, 1, 1, 2]);
  assert.deepEqual(c.speakers, ["F01", "F01", "M01", "M01", "F02"]);
  assert.deepEqual(c.sessions, ["S1", "S1", "S1", "S1", "S2"]);
});

Deno.test("spec: no labels gives an unlabelled corpus", async () => {
  const c = await loadCorpus(await setup({ features: "msp.arff" }), { cache: false });
  assert.equal(c.labels, null);
  assert.equal(c.rows, 5);
});

Deno.test("spec error: labels CSV ids missing from the features are listed with the CSV line", async () => {
  const spec = await setup(
    { features: "msp.arff", labelsCsv: "labels.csv", classMap: MAP },
    "id,label\nMSP-IMPROV-S01A-F01-P-FM01,A\nghost-1,A\nghost-2,N\n",
  );
  await assert.rejects(
    loadCorpus(spec, { cache: false }),
    (e: Error) =>
      e instanceof DataFileError &&
      /labels\.csv:3: 2 id\(s\) are not in the features file msp\.arff: 'ghost-1', 'ghost-2'/.test(
        e.message,
      ),
  );
});

Deno.test("spec error: a labels CSV row with one value names its line", async () => {
  const spec = await setup(
    { features: "msp.arff", labelsCsv: "labels.csv", classMap: MAP },
    "id,label\nMSP-IMPROV-S01A-F01-P-FM01,A\nlonely\n",
  );
  await assert.rejects(
    loadCorpus(spec),
    (e: Error) => /labels\.csv:3: expected id,label/.test(e.message),
  );
});

Deno.test("spec error: a duplicate id in the labels CSV names both lines", async () => {
  const spec = await setup(
    { features: "msp.arff", labelsCsv: "labels.csv", classMap: MAP },
    "MSP-IMPROV-S01A-F01-P-FM01,A\nMSP-IMPROV-S01A-F01-P-FM01,N\n",
  );
  await assert.rejects(
    loadCorpus(spec),
    (e: Error) => /labels\.csv:2: duplicate id .* line 1/.test(e.message),
  );
});

Deno.test("spec error: invalid specs name the spec file and the field", async () => {
  const cases: [Record<string, unknown>, RegExp][] = [
    [{}, /msp\.json: expected "features" \(a string\), found none/],
    [{ features: 3 }, /"features" to be a non-empty string, found 3/],
    [{ features: "msp.arff", labelsCsv: "labels.csv" }, /expected "classMap"/],
    [{ features: "msp.arff", classMap: MAP }, /need labels/],
    [
      {
        features: "msp.arff",
        idPattern: "(?<label>.)",
        classMap: { A: "angry" },
        classes: ["sad"],
      },
      /not in "classes"/,
    ],
    [{ features: "msp.arff", idPattern: "(" }, /not a valid regular expression/],
    [{ features: "msp.arff", idPattern: "(?<mood>.)" }, /group 'mood'/],
    [{ features: "msp.arff", extra: 1 }, /unknown key "extra"/],
  ];
  for (const [spec, pattern] of cases) {
    const path = await setup(spec, "x,A\n");
    await assert.rejects(
      loadCorpus(path),
      (e: Error) => e instanceof DataFileError && pattern.test(e.message),
      JSON.stringify(spec),
    );
  }
});

Deno.test("spec error: malformed JSON names the spec file", async () => {
  const dir = await tempDir();
  const path = join(dir, "broken.json");
  await Deno.writeTextFile(path, "{ not json");
  await assert.rejects(
    loadCorpus(path),
    (e: Error) => /broken\.json: expected JSON/.test(e.message),
  );
});

Deno.test("spec: the README's MSP-IMPROV recipe (awk on an Evaluation.txt excerpt) loads", async () => {
  const dir = await tempDir();
  // Line format of MSP-IMPROV's consensus file, with per-annotator lines in between.
  await Deno.writeTextFile(
    join(dir, "Evalution.txt"),
    [
      "UTD-IMPROV-S01A-F01-S-FM01.avi; N; A:3.000000; V:3.500000; D:3.000000;",
      "A-1; Neutral; ; A:3.0; V:3.0; D:3.0; N:0",
      "",
      "UTD-IMPROV-S01A-F01-S-FM02.avi; A; A:4.000000; V:1.500000; D:4.000000;",
      "UTD-IMPROV-S02H-M02-R-MM01.avi; H; A:3.500000; V:4.500000; D:3.000000;",
      "UTD-IMPROV-S02H-M02-R-MM02.avi; X; A:3.000000; V:3.000000; D:3.000000;",
      "UTD-IMPROV-S03S-F03-T-FF01.avi; S; A:2.000000; V:2.000000; D:2.000000;",
      "",
    ].join("\r\n"),
  );
  const awk = `BEGIN { print "id,label,speaker,session" }
  $1 ~ /\\.(avi|wav) *$/ {
    id = $1; sub(/^ +/, "", id); sub(/\\.(avi|wav) *$/, "", id); sub(/^UTD-/, "MSP-", id)
    label = $2; gsub(/[ \\r]/, "", label)
    split(id, part, "-")
    print id "," label "," part[4] "," substr(part[3], 1, 3)
  }`;
  const out = await new Deno.Command("awk", { args: ["-F;", awk, join(dir, "Evalution.txt")] })
    .output();
  assert.equal(out.code, 0, new TextDecoder().decode(out.stderr));
  await Deno.writeFile(join(dir, "msp-improv.labels.csv"), out.stdout);
  const ids = [
    "S01A-F01-S-FM01",
    "S01A-F01-S-FM02",
    "S02H-M02-R-MM01",
    "S02H-M02-R-MM02",
    "S03S-F03-T-FF01",
  ];
  await Deno.writeTextFile(
    join(dir, "msp-improv.emobase2010.arff"),
    "@relation msp\n@attribute name string\n@attribute f numeric\n@attribute class numeric\n@data\n" +
      ids.map((id, i) => `MSP-IMPROV-${id},${i},0`).join("\n") + "\n",
  );
  await Deno.writeTextFile(
    join(dir, "msp-improv.json"),
    JSON.stringify({
      name: "msp-improv",
      features: "msp-improv.emobase2010.arff",
      labelsCsv: "msp-improv.labels.csv",
      classMap: { A: "angry", H: "happy", N: "neutral", S: "sad" },
      classes: ["angry", "happy", "neutral", "sad"],
    }),
  );
  const c = await loadCorpus(join(dir, "msp-improv.json"), { cache: false });
  assert.deepEqual(Array.from(c.labels!), [2, 0, 1, 3]);
  assert.deepEqual(c.speakers, ["F01", "F01", "M02", "F03"]);
  assert.deepEqual(c.sessions, ["S01", "S01", "S02", "S03"]);
  assert.deepEqual(c.dropped, { X: 1 });
});

Deno.test("spec: a spec file starting with a UTF-8 byte order mark is read", async () => {
  const path = await setup({});
  const spec = { features: "msp.arff", idPattern: "^MSP-IMPROV-S\\d\\d(?<label>[AHNS])" };
  await Deno.writeTextFile(path, "\uFEFF" + JSON.stringify({ ...spec, classMap: MAP }));
  const c = await loadCorpus(path, { cache: false });
  assert.equal(c.rows, 5);
  assert.deepEqual(c.classes, ["angry", "happy", "neutral", "sad"]);
});

Deno.test("spec: a preset spec starting with a UTF-8 byte order mark is read", async () => {
  const dir = await tempDir();
  const path = join(dir, "ted.json");
  await Deno.writeTextFile(join(dir, "ted.arff"), FEATURES);
  await Deno.writeTextFile(
    path,
    "\uFEFF" + JSON.stringify({ preset: "tedlium", features: "ted.arff" }),
  );
  const c = await loadCorpus(path, { cache: false });
  assert.equal(c.name, "tedlium");
  assert.equal(c.rows, 5);
});

Deno.test("spec error: a labels CSV row with more values than its header names its line", async () => {
  const spec = await setup(
    { features: "msp.arff", labelsCsv: "labels.csv", classMap: MAP },
    "id,label,speaker\nMSP-IMPROV-S01A-F01-P-FM01,A,F01\nMSP-IMPROV-S01A-F01-P-FM02,A,F01,1\n",
  );
  await assert.rejects(loadCorpus(spec, { cache: false }), (e: Error) => {
    assert.ok(e instanceof DataFileError);
    assert.match(
      e.message,
      /^\S*labels\.csv:3: expected at most 3 values \(id,label,speaker\), found 4$/,
    );
    return true;
  });
});

Deno.test("spec error: a headerless labels CSV row with more than four values names its line", async () => {
  const spec = await setup(
    { features: "msp.arff", labelsCsv: "labels.csv", classMap: MAP },
    "MSP-IMPROV-S01A-F01-P-FM01,A,F01,1\nMSP-IMPROV-S01A-F01-P-FM02,A,F01,1,extra\n",
  );
  await assert.rejects(
    loadCorpus(spec, { cache: false }),
    (e: Error) =>
      e instanceof DataFileError &&
      /labels\.csv:2: expected at most 4 values \(id,label,speaker,session\), found 5$/.test(
        e.message,
      ),
  );
});

Deno.test("spec error: a folder given as the spec, the labels CSV or the features is named", async () => {
  const dir = await tempDir();
  await assert.rejects(
    loadCorpus(join(dir, "missing.json")),
    (e: Error) =>
      e instanceof Deno.errors.NotFound &&
      /^Corpus spec '\S+missing\.json' does not exist$/.test(e.message),
  );
  const folderSpec = join(dir, "folder.json");
  await Deno.mkdir(folderSpec);
  await assert.rejects(
    loadCorpus(folderSpec),
    (e: Error) =>
      e instanceof Deno.errors.IsADirectory &&
      e.message === `Expected a corpus spec file, found the directory '${folderSpec}'`,
  );
  const labels = await setup({ features: "msp.arff", labelsCsv: "sub", classMap: MAP });
  await Deno.mkdir(join(labels, "..", "sub"));
  await assert.rejects(
    loadCorpus(labels),
    (e: Error) =>
      e instanceof Deno.errors.IsADirectory &&
      /^Expected a labels CSV file, found the directory 'sub' \(\S+sub\)$/.test(e.message),
  );
  const features = await setup({ features: "feats" });
  await Deno.mkdir(join(features, "..", "feats"));
  await assert.rejects(
    loadCorpus(features),
    (e: Error) =>
      e instanceof Deno.errors.IsADirectory &&
      /^Expected a feature file, found the directory '\S+feats'$/.test(e.message),
  );
});
