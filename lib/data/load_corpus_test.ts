import assert from "node:assert/strict";
import { join } from "node:path";
import { classCounts } from "./corpus.ts";
import { loadCorpus } from "./load_corpus.ts";
import { BUNDLED_FILES, bundledDataDir } from "./presets.ts";
import { FIXTURES, tempDir, tempFile } from "./_testing.ts";

const NAMES = (await Deno.readTextFile(join(FIXTURES, "emobase2010_feature_names.txt")))
  .split("\n").filter((s) => s !== "");

Deno.test("loadCorpus('emodb') gives the four-class counts 127/71/79/62 and five sessions", async () => {
  const c = await loadCorpus("emodb");
  assert.equal(c.name, "emodb");
  assert.deepEqual(c.classes, ["angry", "happy", "neutral", "sad"]);
  assert.deepEqual(classCounts(c), { angry: 127, happy: 71, neutral: 79, sad: 62 });
  assert.equal(c.rows, 339);
  assert.equal(c.cols, 1582);
  assert.deepEqual(c.featureNames, NAMES);
  assert.deepEqual(c.dropped, { L: 81, E: 46, A: 69 });
  assert.equal(new Set(c.speakers).size, 10);
  assert.deepEqual([...new Set(c.sessions)].sort(), ["S1", "S2", "S3", "S4", "S5"]);
  // 03a01Fa: speaker 03 (session S1), letter F = happy.
  const i = c.ids.indexOf("03a01Fa");
  assert.equal(c.classes[c.labels![i]], "happy");
  assert.equal(c.speakers![i], "03");
  assert.equal(c.sessions![i], "S1");
  const j = c.ids.findIndex((id) => id.startsWith("09"));
  assert.equal(c.sessions![j], "S2");
  assert.ok(!c.ids.some((id) => "LEA".includes(id[5])), "dropped emotions must not appear");
});

Deno.test("loadCorpus('emodb') rows hold the features of their ids", async () => {
  const c = await loadCorpus("emodb", { cache: false });
  // First value of 03a01Fa as printed in the bundled file: 8.839779e-02.
  assert.equal(c.data[c.ids.indexOf("03a01Fa") * c.cols], Math.fround(0.08839779));
});

Deno.test("loadCorpus('ravdess') gives 192/192/96/192 for angry/happy/neutral/sad", async () => {
  const c = await loadCorpus("ravdess");
  assert.deepEqual(classCounts(c), { angry: 192, happy: 192, neutral: 96, sad: 192 });
  assert.equal(c.rows, 672);
  assert.deepEqual(c.dropped, { "02": 192, "06": 192, "07": 192, "08": 192 });
  assert.equal(new Set(c.speakers).size, 24);
  assert.deepEqual(c.sessions, c.speakers);
  const i = c.ids.indexOf("03-01-05-01-02-01-12");
  assert.equal(c.classes[c.labels![i]], "angry");
  assert.equal(c.speakers![i], "12");
  assert.deepEqual(c.featureNames, NAMES);
});

Deno.test("loadCorpus('librispeech') gives 1,302 unlabelled rows with speakers", async () => {
  const c = await loadCorpus("librispeech");
  assert.equal(c.rows, 1302);
  assert.equal(c.cols, 1582);
  assert.equal(c.labels, null);
  assert.deepEqual(c.classes, []);
  assert.equal(c.sessions, null);
  assert.equal(new Set(c.speakers).size, 261);
  assert.equal(c.speakers![c.ids.indexOf("103-1240-0000_c00")], "103");
  assert.deepEqual(c.dropped, {});
});

Deno.test("loadCorpus() finds the bundled data from any working directory", async () => {
  const old = Deno.cwd();
  try {
    Deno.chdir(await tempDir());
    assert.equal((await loadCorpus("emodb")).rows, 339);
  } finally {
    Deno.chdir(old);
  }
});

Deno.test("loadCorpus() options.features replaces a bundled preset's file", async () => {
  const src = join(bundledDataDir(), BUNDLED_FILES.emodb);
  const copy = await tempFile("my-emodb.arff.gz", await Deno.readFile(src));
  const c = await loadCorpus("emodb", { features: copy, cache: false });
  assert.equal(c.rows, 339);
  assert.equal((c as { source?: string }).source, copy);
});

Deno.test("loadCorpus() rejects an unknown name and presets without their files", async () => {
  await assert.rejects(
    loadCorpus("nope"),
    (e: Error) => e instanceof TypeError && /found 'nope'/.test(e.message),
  );
  await assert.rejects(
    loadCorpus("tedlium"),
    (e: Error) => /tedlium preset needs options\.features/.test(e.message),
  );
  await assert.rejects(
    loadCorpus("iemocap", { features: "x.arff" }),
    (e: Error) => /iemocapRoot/.test(e.message),
  );
});

Deno.test("loadCorpus('tedlium') reads a features file as an unlabelled corpus", async () => {
  const text = "@relation t\n@attribute name string\n@attribute f numeric\n@data\n" +
    "AlGore_2009-0001-0002,1\nAlGore_2009-0003-0004,2\nBill_2010-1-2,3\n";
  const c = await loadCorpus("tedlium", {
    features: await tempFile("ted.arff", text),
    cache: false,
  });
  assert.equal(c.rows, 3);
  assert.equal(c.labels, null);
  assert.deepEqual(c.speakers, ["AlGore_2009", "AlGore_2009", "Bill_2010"]);
});

Deno.test("loadCorpus() keeps the feature cache under options.cacheRoot for presets and specs", async () => {
  const root = await tempDir();
  const text = "@relation t\n@attribute name string\n@attribute f numeric\n@data\nA-1,1\nB-2,2\n";
  const features = await tempFile("ted.arff", text);
  await loadCorpus("tedlium", { features, cacheRoot: root });
  const spec = join(await tempDir(), "ted.json");
  await Deno.writeTextFile(spec, JSON.stringify({ features }));
  assert.equal((await loadCorpus(spec, { cacheRoot: join(root, "other") })).rows, 2);
  const entries = (dir: string) => [...Deno.readDirSync(dir)].map((e) => e.name);
  assert.deepEqual(entries(root).sort(), ["features", "other"]);
  assert.equal(entries(join(root, "features")).length, 1);
  assert.equal(entries(join(root, "other", "features")).length, 1);
});

Deno.test("loadCorpus() passes a damaged cache entry's warning to options.onWarning", async () => {
  const root = await tempDir();
  const text = "@relation t\n@attribute name string\n@attribute f numeric\n@data\nA-1,1\nB-2,2\n";
  const features = await tempFile("ted.arff", text);
  await loadCorpus("tedlium", { features, cacheRoot: root });
  const dir = join(root, "features");
  const entry = join(dir, [...Deno.readDirSync(dir)][0].name);
  const bytes = await Deno.readFile(entry);
  bytes[bytes.length - 1] ^= 0x40;
  await Deno.writeFile(entry, bytes);
  const messages: string[] = [];
  const c = await loadCorpus("tedlium", {
    features,
    cacheRoot: root,
    onWarning: (w) => messages.push(w.message),
  });
  assert.deepEqual(Array.from(c.data), [1, 2]);
  assert.equal(messages.length, 1);
  assert.match(messages[0], /ted\.arff-[0-9a-f]{16}\.f32: expected payload checksum /);
});
