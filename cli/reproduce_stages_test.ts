/**
 * `deno task reproduce --stage` on a cluster, in miniature: several processes run stages of one
 * plan against one cache at once (different stages, then the same stage), and a final run finds
 * every stage cached and only assembles. Tiny corpora (12 features, a few dozen rows) and the
 * `oversample` augmenter keep it fast; nothing trains a CycleGAN.
 */
import assert from "node:assert/strict";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { FIG2_FEATURES, Rng } from "../lib/mod.ts";

const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));
const CLASSES = ["angry", "happy", "neutral", "sad"];

/** Writes an openSMILE-style CSV (`name;frameTime;<features>`) of random rows. */
async function featureCsv(path: string, ids: readonly string[], seed: number): Promise<void> {
  const rng = new Rng(seed);
  const lines = [["name", "frameTime", ...FIG2_FEATURES].join(";")];
  for (const id of ids) {
    const values = FIG2_FEATURES.map(() => (rng.float() * 10).toExponential(6));
    lines.push([`'${id}'`, "0.000000", ...values].join(";"));
  }
  await Deno.writeTextFile(path, lines.join("\n") + "\n");
}

/** Three corpus specs in `dir`: labelled (3 sessions × 4 classes × 3 rows), test (20 rows), source (300 rows: the
 * quality analysis draws 300 rows per class from it). */
async function tinyCorpora(
  dir: string,
): Promise<{ labelled: string; test: string; source: string }> {
  const classMap = Object.fromEntries(CLASSES.map((c) => [c, c]));
  const labelledIds: string[] = [], labelledRows: string[] = [];
  for (const session of ["S1", "S2", "S3"]) {
    for (const c of CLASSES) {
      for (let i = 0; i < 3; i++) {
        const id = `${session}_${c}_${i}`;
        labelledIds.push(id);
        labelledRows.push(`${id},${c},${session},${session}`);
      }
    }
  }
  await featureCsv(join(dir, "lab.csv"), labelledIds, 1);
  await Deno.writeTextFile(
    join(dir, "lab.labels.csv"),
    ["id,label,speaker,session", ...labelledRows].join("\n") + "\n",
  );
  const testIds = CLASSES.flatMap((c) => [0, 1, 2, 3, 4].map((i) => `t_${c}_${i}`));
  await featureCsv(join(dir, "test.csv"), testIds, 2);
  await Deno.writeTextFile(
    join(dir, "test.labels.csv"),
    ["id,label", ...testIds.map((id) => `${id},${id.split("_")[1]}`)].join("\n") + "\n",
  );
  await featureCsv(join(dir, "src.csv"), Array.from({ length: 300 }, (_, i) => `u${i}`), 3);
  const spec = async (name: string, body: Record<string, unknown>) => {
    const path = join(dir, `${name}.json`);
    await Deno.writeTextFile(path, JSON.stringify({ name, ...body }));
    return path;
  };
  return {
    labelled: await spec("lab", { features: "lab.csv", labelsCsv: "lab.labels.csv", classMap }),
    test: await spec("test", { features: "test.csv", labelsCsv: "test.labels.csv", classMap }),
    source: await spec("src", { features: "src.csv" }),
  };
}

interface Ran {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

async function reproduce(args: readonly string[]): Promise<Ran> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "cli/reproduce.ts", ...args],
    cwd: ROOT,
    env: { SER_DEBUG: "" },
  }).output();
  return {
    code: out.code,
    stdout: new TextDecoder().decode(out.stdout),
    stderr: new TextDecoder().decode(out.stderr),
  };
}

/** `id: outcome` lines that `--stage` prints at the end. */
function outcomes(r: Ran): Map<string, string> {
  assert.equal(r.code, 0, `${r.stdout}\n${r.stderr}`);
  const found = new Map<string, string>();
  for (
    const m of r.stdout.matchAll(
      /^ {2}(\S+): (computed, cached|already cached|computed by another process.*)$/gm,
    )
  ) {
    found.set(m[1], m[2].split(",")[0].split(" (")[0]);
  }
  return found;
}

async function leftovers(dir: string): Promise<string[]> {
  const names: string[] = [];
  for (const sub of ["results", "synthetic", "checkpoints"]) {
    try {
      for await (const e of Deno.readDir(join(dir, sub))) {
        if (/\.(lock|tmp|stale)$/.test(e.name)) names.push(`${sub}/${e.name}`);
      }
    } catch (e) {
      if (!(e instanceof Deno.errors.NotFound)) throw e;
    }
  }
  return names;
}

Deno.test("reproduce --stage: processes share one cache, the same stage is computed once, and a final run only assembles", async () => {
  const dir = await Deno.makeTempDir({ prefix: "ser-stages-test-" });
  try {
    const corpora = await tinyCorpora(dir);
    const cache = join(dir, "cache");
    const common = [
      "--augmenters",
      "oversample",
      "--reps",
      "1",
      "--backend",
      "cpu",
      "--cache",
      cache,
      "--labelled",
      corpora.labelled,
      "--test",
      corpora.test,
      "--source",
      corpora.source,
    ];

    const listed = await reproduce([...common, "--list-stages"]);
    assert.equal(listed.code, 0, listed.stderr);
    const lines = listed.stdout.trimEnd().split("\n").map((l) => l.split("\t"));
    const ids = lines.map((l) => l[0]);
    assert.deepEqual(ids, [
      "evaluate:within:real",
      "evaluate:cross:real",
      "augment:oversample:S1",
      "augment:oversample:S2",
      "augment:oversample:S3",
      "augment:oversample:all",
      "evaluate:within:syn:oversample",
      "evaluate:within:real+syn:oversample",
      "evaluate:cross:syn:oversample",
      "evaluate:cross:real+syn:oversample",
      "analysis",
    ]);
    assert.ok(lines.every((l) => l.length === 3 && l[1] === "pending"), listed.stdout);

    const unknown = await reproduce([...common, "--stage", "evaluate:within:real,frobnicate"]);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /"frobnicate".*--list-stages/);

    // Two processes, different stages (both also need augment:oversample:S1 and wait for it).
    const [a, b] = await Promise.all([
      reproduce([
        ...common,
        "--stage",
        "evaluate:within:real,augment:oversample:all",
        "--stage",
        "evaluate:within:real+syn:oversample",
      ]),
      reproduce([
        ...common,
        "--stage",
        "evaluate:cross:real,augment:oversample:S1,evaluate:cross:syn:oversample",
        "--stage",
        "evaluate:cross:real+syn:oversample",
      ]),
    ]);
    const oa = outcomes(a), ob = outcomes(b);
    assert.deepEqual([...oa.keys()], [
      "evaluate:within:real",
      "augment:oversample:all",
      "evaluate:within:real+syn:oversample",
    ]);
    assert.deepEqual([...ob.keys()], [
      "evaluate:cross:real",
      "augment:oversample:S1",
      "evaluate:cross:syn:oversample",
      "evaluate:cross:real+syn:oversample",
    ]);
    // Settings are computed by the one process that runs them; a fit may have been made by the
    // other process first, for a setting that reads it.
    for (const [id, o] of [...oa, ...ob]) {
      if (id.startsWith("evaluate:")) assert.equal(o, "computed", `${id}: ${o}`);
    }
    assert.doesNotMatch(a.stdout + b.stdout, /Wrote .*report/);

    // Two processes, the same stage: one computes it, the other waits and reads it (or, when
    // it starts late, finds it cached).
    const same = ["--stage", "evaluate:within:syn:oversample"];
    const both = await Promise.all([
      reproduce([...common, ...same]),
      reproduce([...common, ...same]),
    ]);
    const got = both.map((r) => outcomes(r).get("evaluate:within:syn:oversample"));
    assert.deepEqual(got.filter((o) => o === "computed").length, 1, `${got}`);
    assert.ok(
      got.every((o) =>
        o === "computed" || o === "computed by another process" || o === "already cached"
      ),
      `${got}`,
    );
    assert.deepEqual(await leftovers(cache), []);

    // Everything but the analysis (assembled, never cached) is cached now.
    const dry = await reproduce([...common, "--dry-run"]);
    assert.equal(dry.code, 0, dry.stderr);
    assert.match(dry.stdout, /\(10 of 11 stages cached\)/);
    const after = await reproduce([...common, "--list-stages"]);
    const pending = after.stdout.trimEnd().split("\n").filter((l) => l.split("\t")[1] !== "cached");
    assert.deepEqual(pending.map((l) => l.split("\t")[0]), ["analysis"]);

    // The final run trains nothing: it reads every stage and writes the report.
    const out = join(dir, "out");
    const final = await reproduce([...common, "--out", out]);
    assert.equal(final.code, 0, `${final.stdout}\n${final.stderr}`);
    assert.match(final.stdout, /Wrote /);
    assert.ok((await Deno.stat(join(out, "results.json"))).isFile);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
