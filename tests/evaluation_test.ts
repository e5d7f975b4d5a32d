/**
 * End-to-end checks of the evaluation protocols on the bundled corpora: LOSO folds are
 * speaker-disjoint; for EVERY registered augmenter no test-session id reaches `fit`, and no test
 * row reaches the training scalers or the classifiers (checked by recording what each injected
 * function receives); every setting's classifier of (fold, repetition) has the same seed, so
 * settings pair up; the cross-corpus dev/test split is stratified, disjoint and seed-stable; the
 * pipeline fits each (augmenter, scope) once and hands it on in memory, and a cache hit trains
 * nothing.
 */
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import {
  type Augmenter,
  augmenterNames,
  augmenterProvider,
  createAugmenter,
  crossSplit,
  CYCLEGAN_PROFILES,
  evaluate,
  evaluateCross,
  evaluateWithin,
  type EvaluationDeps,
  fitStandardScaler,
  formatAugmenterSpec,
  leaveOneSessionOut,
  loadCorpus,
  planRun,
  resolveAugmenterSpec,
  resolveEvaluationConfig,
  runPlan,
  trainClassifiers,
} from "../lib/mod.ts";
import { jsonSummary } from "../cli/evaluate.ts";

await tf.setBackend("cpu");
const backend = tf.backend() as { firstUse?: boolean };
if ("firstUse" in backend) backend.firstUse = false;
const BACKEND = {
  name: "cpu",
  device: "test",
  kernels: "builtin",
  kernelAdvice: { summary: "Matrix products: built-in kernels" },
} as const;

const emodb = await loadCorpus("emodb");
const ravdess = await loadCorpus("ravdess");
const librispeech = await loadCorpus("librispeech");

const TINY_CLASSIFIER = { hiddenUnits: 8, epochs: 2 };
/** A tiny, fast configuration: 2 repetitions, 8-unit classifiers, 2 epochs, a 1-epoch CycleGAN. */
const tiny = resolveEvaluationConfig("quick", {
  reps: 2,
  syntheticPerClass: 20,
  cyclegan: {
    ...CYCLEGAN_PROFILES.quick,
    generatorHidden: [8],
    discriminatorHidden: [8],
    classifierHidden: [8],
    pretrainEpochs: 1,
    epochs: 1,
    syntheticPerClass: 20,
  },
  classifiers: Object.fromEntries(
    (["within", "cross"] as const).map((p) => [p, {
      real: TINY_CLASSIFIER,
      syn: TINY_CLASSIFIER,
      "real+syn": TINY_CLASSIFIER,
    }]),
  ),
});
const CONTEXT = { cyclegan: tiny.cyclegan };

interface Call {
  readonly kind: "fit" | "scaler" | "classifier";
  readonly what?: string;
  readonly ids: readonly string[];
  readonly seed?: number;
}

/** An augmenter that records the ids `fit` receives, then fits the real one. */
function spied(inner: Augmenter, calls: Call[]): Augmenter {
  return {
    get name() {
      return inner.name;
    },
    get params() {
      return inner.params;
    },
    get usesSource() {
      return inner.usesSource;
    },
    get fitted() {
      return inner.fitted;
    },
    async fit(train, context) {
      calls.push({ kind: "fit", what: inner.name, ids: [...train.ids], seed: context.seed });
      await inner.fit(train, context);
      return this;
    },
    generate: (perClass) => inner.generate(perClass),
    diagnostics: () => inner.diagnostics(),
  };
}

/** Real augmenters, scalers and classifiers; every call's ids recorded. */
function spyDeps(calls: Call[]): EvaluationDeps {
  return {
    synthetic: augmenterProvider((spec) => spied(createAugmenter(spec, CONTEXT), calls)),
    fitScaler: (data, role) => {
      calls.push({ kind: "scaler", what: role, ids: [...data.ids] });
      return fitStandardScaler(data, role);
    },
    trainClassifiers: (jobs, options) => {
      for (const j of jobs) calls.push({ kind: "classifier", ids: [...j.ids], seed: j.seed });
      return trainClassifiers(jobs, options);
    },
  };
}

const idsOf = (rows: ArrayLike<number>, ids: readonly string[] = emodb.ids) =>
  new Set(Array.from(rows, (r) => ids[r]));
/**
 * Whether an id is one of `ids` or a synthetic row made from one: augmenters name their rows
 * `<origin id>_<method>_<class>…` (the CycleGAN: `<source id>_syn_<class>`).
 */
const from = (ids: ReadonlySet<string>) => {
  const prefixes = [...ids].map((id) => `${id}_`);
  return (id: string) => ids.has(id) || prefixes.some((p) => id.startsWith(p));
};

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

for (const name of augmenterNames()) {
  Deno.test(`within, leak-free, ${name}: no test-session id reaches fit, the training scalers or a classifier`, async () => {
    const calls: Call[] = [];
    const spec = resolveAugmenterSpec(name, CONTEXT);
    const out = await evaluateWithin(
      { labelled: emodb, source: librispeech },
      { protocol: "within", trainOn: "real+syn", augment: spec },
      { config: tiny, deps: spyDeps(calls) },
    );
    const folds = leaveOneSessionOut(emodb);
    const fits = calls.filter((c) => c.kind === "fit");
    assert.equal(fits.length, folds.length, "one fit per fold");
    const testScalers = calls.filter((c) => c.kind === "scaler" && c.what === "test");
    assert.equal(testScalers.length, folds.length);
    // Calls come fold by fold: fit, train scalers, test scaler; then every classifier job at once.
    let f = 0;
    for (const c of calls) {
      if (c.kind === "classifier") continue;
      const test = idsOf(folds[f].test);
      if (c.kind === "scaler" && c.what === "test") {
        assert.deepEqual(new Set(c.ids), test, "the test scaler sees exactly the test session");
        f++;
        continue;
      }
      const leaked = c.ids.filter(from(test));
      assert.deepEqual(leaked, [], `${c.kind} ${c.what} of fold ${folds[f].testSession}`);
      if (c.kind === "fit") {
        assert.deepEqual(new Set(c.ids), idsOf(folds[f].train), "fit gets the training rows");
      }
    }
    const jobs = calls.filter((c) => c.kind === "classifier");
    assert.equal(jobs.length, folds.length * tiny.reps, "one batch call with every job");
    jobs.forEach((j, k) => {
      const test = idsOf(folds[Math.floor(k / tiny.reps)].test);
      assert.deepEqual(j.ids.filter(from(test)), []);
    });
    assert.equal(out.synthesisProtocol, "leak-free");
    assert.equal(out.augment, formatAugmenterSpec(spec));
    assert.equal(out.uarPerFold.length, tiny.reps);
  });

  Deno.test(`cross, ${name}: no test-corpus row reaches fit, the training scalers or a classifier`, async () => {
    const calls: Call[] = [];
    const out = await evaluateCross(
      { labelled: emodb, test: ravdess, source: librispeech },
      { protocol: "cross", trainOn: "syn", augment: resolveAugmenterSpec(name, CONTEXT) },
      { config: tiny, deps: spyDeps(calls) },
    );
    const testIds = new Set(ravdess.ids);
    for (const c of calls) {
      if (c.kind === "scaler" && (c.what === "dev" || c.what === "test")) continue;
      assert.deepEqual(c.ids.filter(from(testIds)), []);
    }
    assert.deepEqual(new Set(calls.find((c) => c.kind === "fit")!.ids), new Set(emodb.ids));
    assert.equal(out.testRows[0], crossSplit(ravdess, tiny).test.length);
  });
}

Deno.test("within, reference protocol: one fit sees every session, as the authors' script did", async () => {
  const calls: Call[] = [];
  const config = resolveEvaluationConfig("quick", { ...tiny, synthesisProtocol: "reference" });
  const out = await evaluateWithin(
    { labelled: emodb, source: librispeech },
    { protocol: "within", trainOn: "syn", augment: resolveAugmenterSpec("cyclegan:lambda_cls=0") },
    { config, deps: spyDeps(calls) },
  );
  const fits = calls.filter((c) => c.kind === "fit");
  assert.equal(fits.length, 1);
  assert.equal(fits[0].ids.length, emodb.rows, "the reference fit sees test sessions too");
  assert.equal(out.synthesisProtocol, "reference");
});

Deno.test("every setting trains the classifier of (fold, repetition) from the same seed", async () => {
  const seedsOf = async (trainOn: "real" | "syn" | "real+syn") => {
    const calls: Call[] = [];
    const out = await evaluateWithin(
      { labelled: emodb, source: librispeech },
      {
        protocol: "within",
        trainOn,
        augment: trainOn === "real" ? null : resolveAugmenterSpec("cyclegan:lambda_cls=2", CONTEXT),
      },
      { config: tiny, deps: spyDeps(calls) },
    );
    return { jobs: calls.filter((c) => c.kind === "classifier").map((c) => c.seed), out };
  };
  const real = await seedsOf("real"), syn = await seedsOf("syn"), both = await seedsOf("real+syn");
  assert.deepEqual(syn.jobs, real.jobs);
  assert.deepEqual(both.jobs, real.jobs);
  assert.equal(new Set(real.jobs).size, real.jobs.length, "every (fold, repetition) its own seed");
  assert.deepEqual(syn.out.classifierSeeds, real.out.classifierSeeds);
  // A different base seed changes every classifier seed.
  const other = await evaluateWithin({ labelled: emodb }, {
    protocol: "within",
    trainOn: "real",
    augment: null,
  }, { config: resolveEvaluationConfig("quick", { ...tiny, seed: 1 }) });
  assert.ok(other.classifierSeeds.flat().every((s, i) => s !== real.out.classifierSeeds.flat()[i]));
});

Deno.test("cross: the development split selects the epoch count, the test split is reported", async () => {
  const out = await evaluateCross(
    { labelled: emodb, test: ravdess },
    { protocol: "cross", trainOn: "real", augment: null },
    { config: tiny },
  );
  assert.deepEqual(out.selection!.candidates, [1, 2, 4]);
  assert.ok(out.selection!.candidates.includes(out.selection!.selected));
  assert.equal(out.classifier.epochs, out.selection!.selected);
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

const TINY_OVERRIDES = {
  reps: tiny.reps,
  classifiers: tiny.classifiers,
  cyclegan: tiny.cyclegan,
  syntheticPerClass: 20,
};

Deno.test("without a cache, the pipeline fits each (augmenter, scope) once and hands it on in memory", async () => {
  const calls: Call[] = [];
  const plan = await planRun({
    backend: BACKEND,
    labelled: emodb,
    test: ravdess,
    source: librispeech,
    overrides: TINY_OVERRIDES,
    augmenters: ["cyclegan:lambda_cls=0"],
    cacheDir: false,
    deps: spyDeps(calls),
  });
  assert.deepEqual(
    plan.stages.map((s) => s.kind),
    ["evaluate", "evaluate", ...new Array(6).fill("augment"), ...new Array(4).fill("evaluate")],
  );
  const out = await runPlan(plan);
  const fits = calls.filter((c) => c.kind === "fit");
  assert.equal(fits.length, 6, "5 folds + all rows, each once, for 4 settings");
  assert.equal(out.settings.length, 6);
  for (const s of out.settings) {
    if (s.trainOn === "real") assert.equal(s.vsReal, undefined);
    else {
      assert.equal(s.vsReal!.pairs, s.protocol === "within" ? 10 : 2);
      assert.equal(s.vsReal!.unit, s.protocol === "within" ? "fold × repetition" : "repetition");
    }
  }
  assert.ok(out.lossCurves.some((p) => p.model === "all" && p.phase === "pretrain"));
});

Deno.test("a cache hit returns identical results without fitting or training anything", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const calls: Call[] = [];
    const run = () =>
      evaluate({
        backend: BACKEND,
        protocol: "within",
        trainOn: "syn",
        augment: "cyclegan:lambda_cls=2",
        labelled: emodb,
        source: librispeech,
        overrides: TINY_OVERRIDES,
        cacheDir: dir,
        deps: spyDeps(calls),
      });
    const first = await run();
    const trained = calls.length;
    assert.ok(calls.some((c) => c.kind === "fit") && calls.some((c) => c.kind === "classifier"));
    const second = await run();
    assert.equal(calls.length, trained, "no fit, scaler or classifier call on a hit");
    assert.deepEqual(second.setting, first.setting);
    assert.deepEqual(second.lossCurves, first.lossCurves);
    const line = jsonSummary(second);
    for (const k of ["uar_mean", "uar_std", "uar_per_rep", "augment", "vs_real"]) {
      assert.ok(k in line, `--json lacks ${k}`);
    }
    const vs = line.vs_real as Record<string, unknown>;
    assert.deepEqual(Object.keys(vs).slice(0, 4), ["diff_mean", "ci95", "p_value", "pairs"]);
    assert.equal(vs.pairs, 10);
    assert.equal(line.augment, "cyclegan:lambda_cls=2");
    // Another seed is another key: it trains again, reusing nothing.
    await evaluate({
      backend: BACKEND,
      protocol: "within",
      trainOn: "real",
      labelled: emodb,
      overrides: { ...TINY_OVERRIDES, reps: 1, seed: 9 },
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
  const s = await evaluateWithin(
    { labelled: emodb },
    { protocol: "within", trainOn: "real", augment: null },
    { config },
  );
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
    {
      name: "UsageError",
      message: 'Expected --protocol to be one of within, cross, found "sideways"',
    },
  );
  assert.throws(
    () => parseEvaluateArgs(["--protocol", "cross", "--train-on", "real", "--reps", "x"]),
    /--reps to be an integer/,
  );
  const parsed = parseEvaluateArgs([
    "--protocol=cross",
    "--train-on=real+syn",
    "--augment=cyclegan:lambda_cls=2",
    "--synthesis-protocol=reference",
  ]);
  assert.equal(parsed.options.labelled, "emodb");
  assert.equal(parsed.options.test, "ravdess");
  assert.equal(parsed.options.source, "librispeech");
  assert.equal(parsed.options.augment, "cyclegan:lambda_cls=2");
  assert.equal(parsed.options.profile, "quick");
  assert.equal(parsed.backend, "auto");
  assert.equal(parsed.options.overrides?.synthesisProtocol, "reference");

  const cli = new URL("../cli/evaluate.ts", import.meta.url).pathname;
  const bad = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", cli, "--protocol", "within"],
    stdout: "piped",
    stderr: "piped",
  }).output();
  assert.equal(bad.code, 2);
  assert.match(new TextDecoder().decode(bad.stderr), /^evaluate: --train-on is required/);

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
        "--backend",
        "wasm",
        "--json",
      ],
      env: { SER_CACHE_DIR: dir },
      stdout: "piped",
      stderr: "piped",
    }).output();
    assert.equal(ok.code, 0, new TextDecoder().decode(ok.stderr));
    const lines = new TextDecoder().decode(ok.stdout).trim().split("\n");
    const last = JSON.parse(lines[lines.length - 1]);
    for (const k of ["uar_mean", "uar_std", "uar_per_rep", "augment", "classes", "confusion"]) {
      assert.ok(k in last, `missing ${k}`);
    }
    assert.equal(last.augment, null);
    assert.equal("vs_real" in last, false, "Real is not compared with itself");
    assert.equal(last.uar_per_rep.length, 1);
    assert.deepEqual(last.classes, ["angry", "happy", "neutral", "sad"]);
    assert.ok(last.uar_mean > 0.4, `UAR ${last.uar_mean}`);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
