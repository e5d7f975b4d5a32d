import assert from "node:assert/strict";
import { join, relative } from "node:path";
import { classCounts } from "./corpus.ts";
import { DataFileError } from "./errors.ts";
import { readIemocapLabels } from "./iemocap.ts";
import { loadCorpus } from "./load_corpus.ts";
import { tempDir } from "./_testing.ts";

/** A miniature IEMOCAP tree with the real file layout and line format. */
async function fakeIemocap(): Promise<{ root: string; features: string }> {
  const root = await tempDir();
  const evalFile = (session: number, dialog: string, lines: string[]) => {
    const dir = join(root, `Session${session}`, "dialog", "EmoEvaluation");
    Deno.mkdirSync(join(dir, "Categorical"), { recursive: true });
    Deno.writeTextFileSync(join(dir, "Categorical", `${dialog}_e1_cat.txt`), "ignored\n");
    Deno.writeTextFileSync(
      join(dir, `${dialog}.txt`),
      "% [START_TIME - END_TIME] TURN_NAME EMOTION [V, A, D]\n\n" +
        lines.map((l) => `${l}\nC-E1:\tNeutral;\t()\nA-E2:\tval 3; act 2; dom  2;\t()\n`).join(
          "\n",
        ),
    );
  };
  const u = (start: string, id: string, label: string) =>
    `[${start} - 9.0000]\t${id}\t${label}\t[2.5000, 2.5000, 2.5000]`;
  evalFile(1, "Ses01F_impro01", [
    u("6.2901", "Ses01F_impro01_F000", "neu"),
    u("10.0100", "Ses01F_impro01_M000", "ang"),
    u("12.0000", "Ses01F_impro01_F001", "fru"),
  ]);
  evalFile(2, "Ses02M_script01_1", [
    u("1.0000", "Ses02M_script01_1_F003", "exc"),
    u("2.0000", "Ses02M_script01_1_M004", "hap"),
    u("3.0000", "Ses02M_script01_1_M005", "sad"),
    u("4.0000", "Ses02M_script01_1_F006", "xxx"),
  ]);
  const ids = [
    "Ses01F_impro01_F000",
    "Ses01F_impro01_M000",
    "Ses01F_impro01_F001",
    "Ses02M_script01_1_F003",
    "Ses02M_script01_1_M004",
    "Ses02M_script01_1_M005",
    "Ses02M_script01_1_F006",
    "Ses02M_script01_1_F099",
  ];
  const features = join(root, "iemocap.arff");
  await Deno.writeTextFile(
    features,
    "@relation iemocap\n@attribute name string\n@attribute f numeric\n@attribute class numeric\n@data\n" +
      ids.map((id, i) => `${id},${i},0`).join("\n") + "\n",
  );
  return { root, features };
}

Deno.test("readIemocapLabels() reads utterance lines and ignores the rest", async () => {
  const { root } = await fakeIemocap();
  const labels = await readIemocapLabels(root);
  assert.equal(labels.size, 7);
  assert.equal(labels.get("Ses01F_impro01_F000"), "neu");
  assert.equal(labels.get("Ses02M_script01_1_F003"), "exc");
});

Deno.test("loadCorpus('iemocap') maps ang/hap+exc/neu/sad, sessions Ses0N, speakers by last part", async () => {
  const { root, features } = await fakeIemocap();
  const c = await loadCorpus("iemocap", { features, iemocapRoot: root, cache: false });
  assert.deepEqual(classCounts(c), { angry: 1, happy: 2, neutral: 1, sad: 1 });
  assert.deepEqual(c.dropped, { fru: 1, xxx: 1, "(no label)": 1 });
  const at = (id: string) => c.ids.indexOf(id);
  assert.equal(c.classes[c.labels![at("Ses02M_script01_1_F003")]], "happy");
  assert.equal(c.sessions![at("Ses01F_impro01_M000")], "Ses01");
  assert.equal(c.speakers![at("Ses01F_impro01_M000")], "Ses01M");
  assert.equal(c.speakers![at("Ses01F_impro01_F000")], "Ses01F");
  assert.equal(c.speakers![at("Ses02M_script01_1_F003")], "Ses02F");
});

Deno.test("readIemocapLabels() error: no evaluation files", async () => {
  await assert.rejects(readIemocapLabels(await tempDir()), Deno.errors.NotFound);
});

Deno.test("readIemocapLabels() error: a duplicate utterance names file and line", async () => {
  const { root } = await fakeIemocap();
  const dir = join(root, "Session1", "dialog", "EmoEvaluation");
  await Deno.writeTextFile(
    join(dir, "Ses01F_impro02.txt"),
    "\n[1.0 - 2.0]\tSes01F_impro01_F000\tsad\t[1, 1, 1]\n",
  );
  await assert.rejects(
    readIemocapLabels(root),
    (e: Error) =>
      e instanceof DataFileError && /Ses01F_impro02\.txt:2: duplicate utterance/.test(e.message),
  );
});

Deno.test("a preset spec hands iemocap its files from a JSON file, paths relative to the spec", async () => {
  const { root, features } = await fakeIemocap();
  const dir = await tempDir();
  const spec = join(dir, "iemocap.json");
  Deno.writeTextFileSync(
    spec,
    JSON.stringify({
      preset: "iemocap",
      features: relative(dir, features),
      iemocapRoot: relative(dir, root),
    }),
  );
  const c = await loadCorpus(spec, { cache: false });
  const direct = await loadCorpus("iemocap", { features, iemocapRoot: root, cache: false });
  assert.deepEqual(classCounts(c), { angry: 1, happy: 2, neutral: 1, sad: 1 });
  assert.deepEqual(c.ids, direct.ids);
  assert.deepEqual(Array.from(c.labels!), Array.from(direct.labels!));
});

Deno.test("a preset spec names itself in errors: unknown preset, unknown key", async () => {
  const dir = await tempDir();
  const bad = join(dir, "bad.json");
  Deno.writeTextFileSync(bad, JSON.stringify({ preset: "msp" }));
  await assert.rejects(
    loadCorpus(bad),
    (e: Error) =>
      e.message.includes("bad.json") && /"preset" must be one of .*found "msp"/.test(e.message),
  );
  Deno.writeTextFileSync(
    bad,
    JSON.stringify({ preset: "tedlium", features: "t.arff", labels: "x" }),
  );
  await assert.rejects(
    loadCorpus(bad),
    (e: Error) =>
      e.message.includes("bad.json") &&
      /takes only preset, features, iemocapRoot, found labels/.test(e.message),
  );
});
