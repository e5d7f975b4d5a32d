/**
 * End-to-end tests of the data layer from the outside: the `deno task corpus` command line
 * (output, JSON keys, exit codes) and the bundled corpora through the public surface.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { classCounts, loadCorpus, readFeatures, requireSameFeatures } from "../lib/data/mod.ts";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
const FIXTURES = join(ROOT, "tests", "fixtures", "opensmile");

async function runCli(
  ...args: string[]
): Promise<{ code: number; stdout: string; stderr: string }> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "-A",
      "--config",
      join(ROOT, "deno.json"),
      join(ROOT, "cli", "corpus.ts"),
      ...args,
    ],
    cwd: ROOT,
    stdout: "piped",
    stderr: "piped",
  }).output();
  const dec = new TextDecoder();
  return { code: out.code, stdout: dec.decode(out.stdout), stderr: dec.decode(out.stderr) };
}

Deno.test("deno task corpus emodb prints the one-line summary", async () => {
  const r = await runCli("emodb");
  assert.equal(r.code, 0, r.stderr);
  assert.equal(
    r.stdout.trim(),
    "emodb: 339 utterances (angry 127, happy 71, neutral 79, sad 62), 10 speakers, 5 sessions; " +
      "dropped: 196 (L 81, A 69, E 46)",
  );
});

Deno.test("deno task corpus ravdess --json prints the documented keys", async () => {
  const r = await runCli("ravdess", "--json");
  assert.equal(r.code, 0, r.stderr);
  const j = JSON.parse(r.stdout);
  for (
    const k of [
      "utterances",
      "features",
      "classes",
      "class_counts",
      "speakers",
      "sessions",
      "dropped",
    ]
  ) {
    assert.ok(k in j, `missing key ${k}`);
  }
  assert.equal(j.utterances, 672);
  assert.equal(j.features, 1582);
  assert.deepEqual(j.class_counts, { angry: 192, happy: 192, neutral: 96, sad: 192 });
  assert.deepEqual(j.dropped, { "02": 192, "06": 192, "07": 192, "08": 192 });
});

Deno.test("deno task corpus reads a JSON spec", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.copyFile(join(FIXTURES, "emobase2010.arff"), join(dir, "f.arff"));
    await Deno.writeTextFile(
      join(dir, "pitch.json"),
      JSON.stringify({
        features: "f.arff",
        idPattern: "^s\\d\\d_p(?<label>\\d)",
        classMap: { "2": "low", "3": "low", "5": "mid", "6": "mid", "8": "high" },
        classes: ["low", "mid", "high"],
      }),
    );
    const r = await runCli(join(dir, "pitch.json"), "--json", "--no-cache");
    assert.equal(r.code, 0, r.stderr);
    const j = JSON.parse(r.stdout);
    // p50, p20, p80, p35, p65, p99 → mid, low, high, low, mid, (9: dropped)
    assert.deepEqual(j.class_counts, { low: 2, mid: 2, high: 1 });
    assert.deepEqual(j.dropped, { "9": 1 });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("deno task corpus exits 2 with one line naming the problem on bad arguments", async () => {
  for (
    const args of [[], ["nope"], ["emodb", "ravdess"], ["emodb", "--bogus"], ["tedlium"], [
      "iemocap",
      "--features",
      "x.arff",
    ]]
  ) {
    const r = await runCli(...args);
    assert.equal(r.code, 2, `args ${args.join(" ")}: ${r.stderr}`);
    assert.match(r.stderr, /^corpus: \S.*\(see --help\)\n$/, `args ${args.join(" ")}`);
  }
});

Deno.test("deno task corpus exits 1 and names the file when the features are missing", async () => {
  const r = await runCli("tedlium", "--features", "/nonexistent/ted.arff");
  assert.equal(r.code, 1);
  assert.match(r.stderr, /\/nonexistent\/ted\.arff/);
});

Deno.test("bundled corpora share the 1582 emobase2010 features of the fixtures, by name", async () => {
  const names = (await Deno.readTextFile(join(FIXTURES, "emobase2010_feature_names.txt")))
    .split("\n").filter((s) => s !== "");
  const fixture = await readFeatures(join(FIXTURES, "emobase2010.arff"));
  const emodb = await loadCorpus("emodb");
  const ravdess = await loadCorpus("ravdess");
  const libri = await loadCorpus("librispeech");
  for (const c of [emodb, ravdess, libri]) {
    assert.equal(c.cols, 1582);
    assert.deepEqual(c.featureNames, names);
    requireSameFeatures(fixture, c);
  }
  assert.deepEqual(classCounts(emodb), { angry: 127, happy: 71, neutral: 79, sad: 62 });
  assert.deepEqual(classCounts(ravdess), { angry: 192, happy: 192, neutral: 96, sad: 192 });
  assert.equal(libri.rows, 1302);
});
