/**
 * End-to-end checks of the evaluation protocols on the bundled corpora: LOSO folds are
 * speaker-disjoint, no test-session id reaches the generator, the training scalers or the
 * classifier (checked by recording the ids each injected function receives), the cross-corpus
 * dev/test split is stratified, disjoint and seed-stable, and a cache hit trains nothing.
 */
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import { leaveOneSessionOut, loadCorpus, subsetCorpus } from "../lib/data/mod.ts";
import type { Corpus } from "../lib/data/types.ts";
import { resolveEvaluationConfig } from "../lib/evaluation/config.ts";
import { evaluate } from "../lib/evaluation/evaluate.ts";
import {
  crossSplit,
  DEFAULT_EVALUATION_DEPS,
  evaluateCross,
  evaluateWithin,
  type EvaluationDeps,
} from "../lib/evaluation/protocols.ts";

await tf.setBackend("cpu");
const backend = tf.backend() as { firstUse?: boolean };
if ("firstUse" in backend) backend.firstUse = false;

const emodb = await loadCorpus("emodb");
const ravdess = await loadCorpus("ravdess");
const librispeech = await loadCorpus("librispeech");

/** A tiny, fast configuration: 2 repetitions, 8-unit classifiers, 2 epochs. */
const tiny = resolveEvaluationConfig("quick", {
  reps: 2,
  classifiers: {
    within: {
      real: { hiddenUnits: 8, epochs: 2 },
      syn: { hiddenUnits: 8, epochs: 2 },
      "real+syn": { hiddenUnits: 8, epochs: 2 },
    },
    cross: {
      real: { hiddenUnits: 8, epochs: 2 },
      syn: { hiddenUnits: 8, epochs: 2 },
      "real+syn": { hiddenUnits: 8, epochs: 2 },
    },
  },
});

/** Fake synthesis: 20 source rows per class, labelled round-robin, ids as synthesize() names them. */
function fakeSynthetic(labelled: Corpus, source: Corpus): Corpus {
  const rows = Int32Array.from({ length: 20 * labelled.classes.length }, (_, i) => i);
  const sub = subsetCorpus(source, rows);
  const labels = Int32Array.from(rows, (i) => i % labelled.classes.length);
  return {
    ...sub,
    name: `${labelled.name}_syn`,
    ids: sub.ids.map((id, i) => `${id}_syn_${labelled.classes[labels[i]]}`),
    classes: [...labelled.classes],
    labels,
    speakers: null,
    sessions: null,
  };
}

interface Call {
  readonly kind: "synthesize" | "scaler" | "classifier";
  readonly role?: string;
  readonly ids: readonly string[];
}

/** Real scalers and classifiers, fake synthesis; every call's ids recorded. */
function spyDeps(calls: Call[]): EvaluationDeps {
  return {
    synthesize: (labelled, source) => {
      calls.push({ kind: "synthesize", ids: [...labelled.ids] });
      return Promise.resolve({
        synthetic: fakeSynthetic(labelled, source),
        history: { d_0: [1, 0.5] },
        pretrainHistory: { pre_cyc_0: [2, 1] },
      });
    },
    fitScaler: (data, role) => {
      calls.push({ kind: "scaler", role, ids: [...data.ids] });
      return DEFAULT_EVALUATION_DEPS.fitScaler(data, role);
    },
    trainClassifier: (train, n, settings, options) => {
      calls.push({ kind: "classifier", ids: [...train.ids] });
      return DEFAULT_EVALUATION_DEPS.trainClassifier(train, n, settings, options);
    },
  };
}

Deno.test("leave-one-session-out folds on EmoDB never share a speaker and cover every row once", () => {
  const folds = leaveOneSessionOut(emodb);
  assert.equal(folds.length, 5);
  const seen = new Set<number>();
  for (const fold of folds) {
    const trainSpeakers = new Set(Array.from(fold.train, (r) => emodb.speakers![r]));
    const testSpeakers = new Set(Array.from(fold.test, (r) => emodb.speakers![r]));
    assert.equal(testSpeakers.size, 2, `fold ${fold.testSession}: one male, one female`);
    for (const s of testSpeakers) assert.ok(!trainSpeakers.has(s), `speaker ${s} on both sides`);
    for (const r of fold.test) {
      assert.ok(!seen.has(r), `row ${r} tested twice`);
      seen.add(r);
    }
  }
  assert.equal(seen.size, emodb.rows);
});

Deno.test("within, leak-free: generator, training scalers and classifier never see a test-session id", async () => {
  const calls: Call[] = [];
  const out = await evaluateWithin(
    { labelled: emodb, source: librispeech },
    { protocol: "within", trainOn: "real+syn", lambdaCls: 2 },
    { config: tiny, deps: spyDeps(calls) },
  );
  const folds = leaveOneSessionOut(emodb);
  // Per fold, in order: synthesize, scaler(train), scaler(syn), scaler(test), classifier × reps.
  let fold = 0;
  let checkedClassifiers = 0, checkedSynth = 0, checkedScalers = 0;
  for (const call of calls) {
    const testIds = new Set(Array.from(folds[Math.min(fold, 4)].test, (r) => emodb.ids[r]));
    if (call.kind === "scaler" && call.role === "test") {
      assert.deepEqual(new Set(call.ids), testIds, "the test scaler sees exactly the test session");
      fold++;
      continue;
    }
    const f = call.kind === "classifier" ? fold - 1 : fold;
    const foldTest = new Set(Array.from(folds[f].test, (r) => emodb.ids[r]));
    const leaked = call.ids.filter((id) => foldTest.has(id) || foldTest.has(id.split("_syn_")[0]));
    assert.deepEqual(leaked, [], `${call.kind} ${call.role ?? ""} of fold ${f} saw test ids`);
    if (call.kind === "classifier") checkedClassifiers++;
    if (call.kind === "synthesize") {
      checkedSynth++;
      assert.equal(call.ids.length, folds[f].train.length, "the generator gets the training rows");
    }
    if (call.kind === "scaler") checkedScalers++;
  }
  assert.equal(checkedSynth, 5, "one CycleGAN per fold");
  assert.equal(checkedScalers, 10, "a real and a synthetic training scaler per fold");
  assert.equal(checkedClassifiers, 5 * tiny.reps);
  assert.equal(out.setting.uarPerFold.length, tiny.reps);
  assert.equal(out.setting.synthesisProtocol, "leak-free");
  assert.equal(out.lossCurves.filter((p) => p.phase === "pretrain").length, 10);
});

Deno.test("within, reference protocol: one generator sees every session, as the authors' script did", async () => {
  const calls: Call[] = [];
  const config = resolveEvaluationConfig("quick", { ...tiny, synthesisProtocol: "reference" });
  const out = await evaluateWithin(
    { labelled: emodb, source: librispeech },
    { protocol: "within", trainOn: "syn", lambdaCls: 0 },
    { config, deps: spyDeps(calls) },
  );
  const synth = calls.filter((c) => c.kind === "synthesize");
  assert.equal(synth.length, 1);
  assert.equal(synth[0].ids.length, emodb.rows, "the reference model sees test sessions too");
  assert.equal(out.setting.synthesisProtocol, "reference");
});

Deno.test("cross: generator, scalers and classifier never see a test-corpus row; dev selects epochs", async () => {
  const calls: Call[] = [];
  const out = await evaluateCross(
    { labelled: emodb, test: ravdess, source: librispeech },
    { protocol: "cross", trainOn: "real+syn", lambdaCls: 0 },
    { config: tiny, deps: spyDeps(calls) },
  );
  const testIds = new Set(ravdess.ids);
  for (const c of calls) {
    if (c.kind === "scaler" && (c.role === "dev" || c.role === "test")) continue;
    assert.deepEqual(c.ids.filter((id) => testIds.has(id)), [], `${c.kind} ${c.role ?? ""}`);
  }
  const split = crossSplit(ravdess, tiny);
  const devScaler = calls.find((c) => c.role === "dev")!;
  const testScaler = calls.find((c) => c.role === "test")!;
  assert.deepEqual(devScaler.ids, Array.from(split.dev, (r) => ravdess.ids[r]));
  assert.deepEqual(testScaler.ids, Array.from(split.test, (r) => ravdess.ids[r]));
  assert.deepEqual(out.setting.selection!.candidates, [1, 2, 4]);
  assert.ok(out.setting.selection!.candidates.includes(out.setting.selection!.selected));
  assert.equal(out.setting.classifier.epochs, out.setting.selection!.selected);
  assert.deepEqual(out.setting.testRows, [split.test.length]);
});

Deno.test("cross dev/test split is stratified 30/70, disjoint, complete and seed-stable", () => {
  const a = crossSplit(ravdess, { seed: 3, devFraction: 0.3 });
  const b = crossSplit(ravdess, { seed: 3, devFraction: 0.3 });
  const c = crossSplit(ravdess, { seed: 4, devFraction: 0.3 });
  assert.deepEqual(a, b);
  assert.notDeepEqual(a.dev, c.dev);
  const dev = new Set(a.dev);
  assert.equal(a.test.filter((r) => dev.has(r)).length, 0);
  assert.equal(a.dev.length + a.test.length, ravdess.rows);
  // RAVDESS: angry, happy, sad 192 each → 58 dev; neutral 96 → 29 dev
  const perClass = (rows: Int32Array) => {
    const n = [0, 0, 0, 0];
    for (const r of rows) n[ravdess.labels![r]]++;
    return n;
  };
  assert.deepEqual(perClass(a.dev), [58, 58, 29, 58]);
  assert.deepEqual(perClass(a.test), [134, 134, 67, 134]);
});

Deno.test("a cache hit returns identical results without training anything", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const calls: Call[] = [];
    const run = () =>
      evaluate({
        protocol: "within",
        trainOn: "syn",
        lambdaCls: 2,
        labelled: emodb,
        source: librispeech,
        profile: "quick",
        overrides: { reps: tiny.reps, classifiers: tiny.classifiers },
        cacheDir: dir,
        deps: spyDeps(calls),
      });
    const first = await run();
    const trained = calls.length;
    assert.ok(
      calls.some((c) => c.kind === "synthesize") && calls.some((c) => c.kind === "classifier"),
    );
    const second = await run();
    assert.equal(calls.length, trained, "no synthesis, scaler or classifier call on a hit");
    assert.deepEqual(second.setting, first.setting);
    assert.deepEqual(second.lossCurves, first.lossCurves);
    // Another seed is another key: it trains again, reusing nothing.
    await evaluate({
      protocol: "within",
      trainOn: "real",
      labelled: emodb,
      profile: "quick",
      overrides: { reps: 1, seed: 9, classifiers: tiny.classifiers },
      cacheDir: dir,
      deps: spyDeps(calls),
    });
    assert.ok(calls.length > trained);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("within real on EmoDB learns well above chance with a small classifier", async () => {
  const config = resolveEvaluationConfig("paper", {
    reps: 1,
    classifiers: { within: { real: { hiddenUnits: 16, learningRate: 3e-3, epochs: 8 } } },
  });
  const out = await evaluateWithin({ labelled: emodb }, { protocol: "within", trainOn: "real" }, {
    config,
  });
  const s = out.setting;
  assert.ok(s.uarMean > 0.55, `UAR ${s.uarMean}`);
  assert.deepEqual(s.folds, ["S1", "S2", "S3", "S4", "S5"]);
  // Raw confusion sums to the corpus size (every row tested once per repetition).
  assert.equal(s.confusion.flat().reduce((a, b) => a + b, 0), emodb.rows);
  for (const row of s.confusionNormalized) {
    assert.ok(Math.abs(row.reduce((a, b) => a + b, 0) - 1) < 1e-9);
  }
});

Deno.test("deno task evaluate: usage errors exit 2, --json prints one JSON object last", async () => {
  const { parseEvaluateArgs, UsageError } = await import("../cli/evaluate.ts");
  assert.throws(() => parseEvaluateArgs(["--protocol", "within"]), UsageError);
  assert.throws(
    () => parseEvaluateArgs(["--protocol", "sideways", "--train-on", "real"]),
    { name: "UsageError", message: /--protocol must be one of within, cross, found "sideways"/ },
  );
  assert.throws(
    () => parseEvaluateArgs(["--protocol", "cross", "--train-on", "real", "--reps", "x"]),
    /--reps must be an integer/,
  );
  const parsed = parseEvaluateArgs([
    "--protocol=cross",
    "--train-on=real+syn",
    "--lambda-cls=2",
    "--synthesis-protocol=reference",
  ]);
  assert.equal(parsed.options.labelled, "emodb");
  assert.equal(parsed.options.test, "ravdess");
  assert.equal(parsed.options.source, "librispeech");
  assert.equal(parsed.options.lambdaCls, 2);
  assert.equal(parsed.options.overrides?.synthesisProtocol, "reference");

  const cli = new URL("../cli/evaluate.ts", import.meta.url).pathname;
  const bad = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", cli, "--protocol", "within"],
    stdout: "piped",
    stderr: "piped",
  }).output();
  assert.equal(bad.code, 2);
  assert.match(new TextDecoder().decode(bad.stderr), /--train-on is required/);

  const dir = await Deno.makeTempDir();
  try {
    const ok = await new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        "-A",
        cli,
        "--protocol",
        "within",
        "--train-on",
        "real",
        "--reps",
        "1",
        "--json",
      ],
      env: { SER_CACHE_DIR: dir },
      stdout: "piped",
      stderr: "piped",
    }).output();
    assert.equal(ok.code, 0, new TextDecoder().decode(ok.stderr));
    const lines = new TextDecoder().decode(ok.stdout).trim().split("\n");
    const last = JSON.parse(lines[lines.length - 1]);
    for (const k of ["uar_mean", "uar_std", "uar_per_rep", "classes", "confusion", "backend"]) {
      assert.ok(k in last, `missing ${k}`);
    }
    assert.equal(last.uar_per_rep.length, 1);
    assert.deepEqual(last.classes, ["angry", "happy", "neutral", "sad"]);
    assert.ok(last.uar_mean > 0.4, `UAR ${last.uar_mean}`);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
