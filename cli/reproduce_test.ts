import assert from "node:assert/strict";
import { parseReproduceArgs } from "./reproduce.ts";
import { UsageError } from "./_args.ts";

Deno.test("parseReproduceArgs() defaults to the quick profile on the bundled corpora, out/, backend auto", () => {
  const cli = parseReproduceArgs([]);
  assert.equal(cli.out, "out");
  assert.equal(cli.dryRun, false);
  assert.equal(cli.backend, "auto");
  assert.deepEqual(cli.options, {
    profile: "quick",
    labelled: "emodb",
    test: "ravdess",
    source: "librispeech",
    overrides: { seed: 0 },
  });
});

Deno.test("parseReproduceArgs() reads every option", () => {
  const cli = parseReproduceArgs([
    "--profile",
    "paper",
    "--labelled",
    "iemocap.json",
    "--test",
    "msp.json",
    "--source",
    "tedlium",
    "--backend",
    "wasm",
    "--out",
    "o",
    "--seed",
    "7",
    "--reps",
    "2",
    "--synthesis-protocol",
    "reference",
    "--cache",
    "c",
    "--augmenters",
    "smote, cyclegan:lambda_cls=1",
    "--lambda-cls",
    "0,0.5,4",
    "--dry-run",
  ]);
  assert.deepEqual(cli.options, {
    profile: "paper",
    labelled: "iemocap.json",
    test: "msp.json",
    source: "tedlium",
    overrides: { seed: 7, reps: 2, synthesisProtocol: "reference" },
    augmenters: ["smote", "cyclegan:lambda_cls=1"],
    lambdaSweep: [0, 0.5, 4],
    cacheDir: "c",
  });
  assert.equal(cli.backend, "wasm");
  assert.equal(cli.out, "o");
  assert.equal(cli.dryRun, true);
});

Deno.test("parseReproduceArgs() rejects unknown options and bad values, naming what was expected", () => {
  assert.throws(
    () => parseReproduceArgs(["--profile", "fast"]),
    { name: "UsageError", message: 'Expected --profile to be one of quick, paper, found "fast"' },
  );
  assert.throws(() => parseReproduceArgs(["--protocol", "reference"]), /Unknown option --protocol/);
  assert.throws(() => parseReproduceArgs(["--lambda-cls", "0,-1"]), /comma-separated list/);
  assert.throws(() => parseReproduceArgs(["--augmenters", ","]), /at least one augmenter/);
  assert.throws(() => parseReproduceArgs(["--frobnicate"]), UsageError);
});

Deno.test("parseReproduceArgs() reads --stage (repeatable, comma lists) and --list-stages", () => {
  const cli = parseReproduceArgs([
    "--stage",
    "evaluate:within:real,augment:smote:S1",
    "--stage=analysis",
    "--list-stages",
  ]);
  assert.deepEqual(cli.stages, ["evaluate:within:real", "augment:smote:S1", "analysis"]);
  assert.equal(cli.listStages, true);
  assert.deepEqual(parseReproduceArgs([]).stages, []);
  assert.equal(parseReproduceArgs([]).listStages, false);
  assert.throws(() => parseReproduceArgs(["--out", "a", "--out", "b"]), /given twice/);
});
