/**
 * The evaluation protocols of the paper: within-corpus leave-one-session-out (Sec. 4.3) and
 * cross-corpus with a 30 % development / 70 % test split of the test corpus (Sec. 4.4), for the
 * train-on settings real, syn and real+syn.
 *
 * Leak-freedom, by construction and checkable: in a within-corpus fold the CycleGAN receives
 * `subsetCorpus(labelled, fold.train)` (the test session's rows are not in it), the training
 * scalers and the classifier receive training rows only. The functions that see data are
 * injectable ({@linkcode EvaluationDeps}) so a test can record the ids each one received.
 *
 * Cross-corpus model selection: the development split selects the classifier's EPOCH COUNT among
 * `candidateEpochs(epochs, devEpochFactors)` (default: ½×, 1×, 2× the paper's count), by the mean
 * development UAR over repetitions (ties: the count nearest the paper's, then the smaller). Each
 * repetition trains once up to the largest candidate and predicts dev and test at every
 * candidate; the reported UAR is the test UAR at the selected count. Test rows never influence
 * the selection.
 * @module
 */
import { leaveOneSessionOut, StandardScaler, stratifiedSplit, subsetCorpus } from "../data/mod.ts";
import type { Corpus } from "../data/types.ts";
import { type CycleGanConfig, resolveConfig } from "../models/config.ts";
import { Rng } from "../random.ts";
import type {
  ClassifierSettings,
  DevSelection,
  LossPoint,
  Protocol,
  SettingResult,
  TrainOn,
} from "./types.ts";
import { ALL_ROWS_MODEL } from "./types.ts";
import {
  type SynthesisProgress,
  type SynthesisResult,
  synthesize,
  type SynthesizeOptions,
} from "../training/mod.ts";
import { cacheKey, hashCorpus, type ResultCache } from "./cache.ts";
import { SerClassifier } from "./classifier.ts";
import { candidateEpochs, type EvaluationConfig } from "./config.ts";
import {
  confusionMatrix,
  meanStd,
  rowNormalize,
  sumMatrices,
  uarFromConfusion,
} from "./metrics.ts";
import { type Matrix, stackRows } from "./normalization.ts";

/** Rows with labels and ids, as handed to scalers and classifiers. */
export interface Dataset {
  /** Features. */
  readonly x: Matrix;
  /** Class index per row. */
  readonly y: Int32Array;
  /** Id per row. */
  readonly ids: readonly string[];
}

/** Something that predicts classes. */
export interface Predictor {
  /** @returns the predicted class per row */
  predict(x: Matrix): Promise<Int32Array>;
}

/** A trained classifier that owns resources. */
export interface TrainedClassifier extends Predictor {
  /** Frees the model. */
  dispose(): void;
}

/** Which data a z-normalisation is fitted on. */
export type ScalerRole = "train" | "syn" | "test" | "dev";

/** A fitted feature transform. */
export interface FittedScaler {
  /** @returns transformed row-major values */
  transform(data: Float32Array, cols: number): Float32Array;
}

/** The functions through which data flows; injectable so tests can spy on the ids they see. */
export interface EvaluationDeps {
  /** Trains a classifier; `onEpoch` hands out the model mid-training (dev selection). */
  readonly trainClassifier: (
    train: Dataset,
    nClasses: number,
    settings: ClassifierSettings,
    options: {
      readonly rng: Rng;
      readonly onEpoch?: (epoch: number, model: Predictor) => void | Promise<void>;
      readonly signal?: AbortSignal;
    },
  ) => Promise<TrainedClassifier>;
  /** Fits a z-normalisation on one dataset. */
  readonly fitScaler: (data: Dataset, role: ScalerRole) => FittedScaler;
  /** Trains the CycleGANs and generates synthetic data (`lib/training` `synthesize`). */
  readonly synthesize: (
    labelled: Corpus,
    source: Corpus,
    options: SynthesizeOptions,
  ) => Promise<Pick<SynthesisResult, "synthetic" | "history" | "pretrainHistory">>;
}

/** The real implementations. */
export const DEFAULT_EVALUATION_DEPS: EvaluationDeps = Object.freeze<EvaluationDeps>({
  trainClassifier: async (train, nClasses, settings, options) => {
    const clf = new SerClassifier(settings);
    await clf.fit(train.x, train.y, nClasses, {
      rng: options.rng,
      signal: options.signal,
      onEpoch: options.onEpoch ? (epoch) => options.onEpoch!(epoch, clf) : undefined,
    });
    return clf;
  },
  fitScaler: (data: Dataset) => new StandardScaler().fit(data.x.data, data.x.cols),
  synthesize,
});

/** Progress of an evaluation. */
export interface EvaluationProgress {
  /** What runs: `cyclegan` (with its model name) or `classifier`. */
  readonly stage: string;
  /** Units done. */
  readonly done: number;
  /** Units in total. */
  readonly total: number;
  /** Details, e.g. CycleGAN epoch losses. */
  readonly message?: string;
}

/** What an evaluation runs with. */
export interface EvaluationContext {
  /** The resolved configuration. */
  readonly config: EvaluationConfig;
  /** Injected functions (default {@linkcode DEFAULT_EVALUATION_DEPS}). */
  readonly deps?: EvaluationDeps;
  /** Where synthetic corpora and results are cached; `null` or absent: no caching. */
  readonly cache?: ResultCache | null;
  /** Progress callback. */
  readonly onProgress?: (p: EvaluationProgress) => void;
  /** Cancellation. */
  readonly signal?: AbortSignal;
}

/** One setting to evaluate. */
export interface SettingSpec {
  /** `within` or `cross`. */
  readonly protocol: Protocol;
  /** `real`, `syn` or `real+syn`. */
  readonly trainOn: TrainOn;
  /** λ_cls of the synthetic data (ignored for `real`). */
  readonly lambdaCls?: number;
}

/** The corpora of an evaluation. */
export interface EvaluationInputs {
  /** The labelled corpus (within: cross-validated; cross: training corpus). */
  readonly labelled: Corpus;
  /** The cross-corpus test corpus (needed for `cross`). */
  readonly test?: Corpus;
  /** The unlabelled source corpus (needed for `syn` and `real+syn`). */
  readonly source?: Corpus;
}

/** The output of {@linkcode evaluateSetting}. */
export interface SettingOutput {
  /** The numbers. */
  readonly setting: SettingResult;
  /** Loss curves of the CycleGANs used (empty for `real`). */
  readonly lossCurves: readonly LossPoint[];
}

function _dataset(c: Corpus): Dataset {
  if (c.labels === null) throw new TypeError(`Corpus "${c.name}" has no labels`);
  return { x: { data: c.data, rows: c.rows, cols: c.cols }, y: c.labels, ids: c.ids };
}

function _stackDatasets(parts: readonly Dataset[]): Dataset {
  if (parts.length === 1) return parts[0];
  const y = new Int32Array(parts.reduce((a, p) => a + p.y.length, 0));
  let o = 0;
  for (const p of parts) {
    y.set(p.y, o);
    o += p.y.length;
  }
  return { x: stackRows(parts.map((p) => p.x)), y, ids: parts.flatMap((p) => [...p.ids]) };
}

function _apply(s: FittedScaler, d: Dataset): Dataset {
  return { ...d, x: { ...d.x, data: s.transform(d.x.data, d.x.cols) } };
}

/**
 * Normalises training parts and evaluation sets per the configured scheme.
 * `per-dataset`: every part and every evaluation set by its own statistics (paper Sec. 4.1).
 * `train-fit`: one scaler fitted on the stacked training parts, applied to everything.
 */
function _normalize(
  trainParts: readonly { data: Dataset; role: "train" | "syn" }[],
  evalSets: readonly { data: Dataset; role: "test" | "dev" }[],
  normalization: EvaluationConfig["normalization"],
  deps: EvaluationDeps,
): { train: Dataset; evals: Dataset[] } {
  if (normalization === "per-dataset") {
    const train = _stackDatasets(
      trainParts.map((p) => _apply(deps.fitScaler(p.data, p.role), p.data)),
    );
    return { train, evals: evalSets.map((e) => _apply(deps.fitScaler(e.data, e.role), e.data)) };
  }
  const stacked = _stackDatasets(trainParts.map((p) => p.data));
  const scaler = deps.fitScaler(stacked, "train");
  return { train: _apply(scaler, stacked), evals: evalSets.map((e) => _apply(scaler, e.data)) };
}

/**
 * Seeds of the classifier repetitions, drawn from the base seed.
 * @param seed base seed
 * @param reps number of repetitions
 * @returns one seed per repetition (a prefix does not depend on `reps`)
 */
export function repetitionSeeds(seed: number, reps: number): number[] {
  const root = new Rng(seed);
  return Array.from({ length: reps }, () => root.seed());
}

/**
 * Converts loss histories to loss-curve points.
 * @param history loss name → value per epoch
 * @param phase `pretrain` or `train`
 * @param lambdaCls λ_cls of the model
 * @param model model name
 * @returns one point per epoch and loss
 */
export function lossPoints(
  history: Readonly<Record<string, readonly number[]>>,
  phase: "pretrain" | "train",
  lambdaCls: number,
  model: string,
): LossPoint[] {
  const out: LossPoint[] = [];
  for (const [name, values] of Object.entries(history)) {
    values.forEach((value, epoch) => out.push({ lambdaCls, model, phase, epoch, name, value }));
  }
  return out;
}

/** The resolved CycleGAN configuration of a run with λ_cls. */
export function cycleganConfig(config: EvaluationConfig, lambdaCls: number): CycleGanConfig {
  return resolveConfig({ ...config.cyclegan, lambdaCls });
}

/**
 * The synthetic corpus of the CycleGAN trained on every labelled row ({@linkcode ALL_ROWS_MODEL}):
 * the cross-corpus model, and the within-corpus reference protocol's.
 * @param labelled the labelled corpus, all rows
 * @param source the source corpus
 * @param lambdaCls λ_cls
 * @param ctx configuration, cache and hooks
 * @returns the synthetic corpus and its loss curves
 */
export function allRowsSynthetic(
  labelled: Corpus,
  source: Corpus,
  lambdaCls: number,
  ctx: EvaluationContext,
): Promise<{ synthetic: Corpus; lossCurves: LossPoint[] }> {
  return syntheticFor(
    labelled,
    source,
    lambdaCls,
    ALL_ROWS_MODEL,
    synthesisSeed(ctx.config.seed, -1),
    ctx,
  );
}

/**
 * Seed of the CycleGAN of a model: the base seed for the all-rows model, plus the fold number.
 * @param seed base seed
 * @param foldIndex 0-based fold, or -1 for a model on all labelled rows
 * @returns the seed
 */
export function synthesisSeed(seed: number, foldIndex: number): number {
  return seed * 1009 + foldIndex + 1;
}

/**
 * The cache key of one CycleGAN model's synthetic corpus.
 * @param labelled the rows the CycleGAN may see
 * @param source the source corpus
 * @param lambdaCls λ_cls
 * @param seed the CycleGAN seed
 * @param config the evaluation configuration (its CycleGAN part)
 * @returns the key
 */
export async function syntheticKey(
  labelled: Corpus,
  source: Corpus,
  lambdaCls: number,
  seed: number,
  config: EvaluationConfig,
): Promise<string> {
  return cacheKey("synthetic", {
    cyclegan: cycleganConfig(config, lambdaCls),
    seed,
    labelled: await hashCorpus(labelled),
    source: await hashCorpus(source),
  });
}

/**
 * The synthetic corpus of one CycleGAN model, from the cache or by training (with checkpoints in
 * the cache, so an interrupted run resumes).
 * @param labelled the rows the CycleGAN may see (already restricted to the training rows)
 * @param source the unlabelled source corpus
 * @param lambdaCls λ_cls
 * @param model model name for loss curves and progress (`cross`, `all`, or a session id)
 * @param seed the CycleGAN seed
 * @param ctx configuration, dependencies, cache, progress and cancellation
 * @returns the synthetic corpus and its loss curves
 */
export async function syntheticFor(
  labelled: Corpus,
  source: Corpus,
  lambdaCls: number,
  model: string,
  seed: number,
  ctx: EvaluationContext,
): Promise<{ synthetic: Corpus; lossCurves: LossPoint[] }> {
  const deps = ctx.deps ?? DEFAULT_EVALUATION_DEPS;
  const cyclegan = cycleganConfig(ctx.config, lambdaCls);
  const key = ctx.cache ? await syntheticKey(labelled, source, lambdaCls, seed, ctx.config) : null;
  if (ctx.cache && key) {
    const hit = await ctx.cache.getCorpus<{ lossCurves: LossPoint[] }>(key);
    if (hit) return { synthetic: hit.corpus, lossCurves: hit.meta.lossCurves };
  }
  const stage = `cyclegan:lambda=${lambdaCls}:${model}`;
  const res = await deps.synthesize(labelled, source, {
    config: cyclegan,
    seed,
    signal: ctx.signal,
    checkpointDir: ctx.cache && key ? ctx.cache.checkpointDir(key) : undefined,
    resume: Boolean(ctx.cache),
    onProgress: ctx.onProgress
      ? (p: SynthesisProgress) =>
        ctx.onProgress!(
          "epoch" in p
            ? {
              stage,
              done: p.epoch + (p.phase === "train" ? cyclegan.pretrainEpochs : 0),
              total: cyclegan.pretrainEpochs + cyclegan.epochs,
              message: `${p.phase} ${p.epoch}/${p.epochs}`,
            }
            : { stage, done: p.rowsDone, total: p.rowsTotal, message: "generate" },
        )
      : undefined,
  });
  const lossCurves = [
    ...lossPoints(res.pretrainHistory, "pretrain", lambdaCls, model),
    ...lossPoints(res.history, "train", lambdaCls, model),
  ];
  if (ctx.cache && key) await ctx.cache.putCorpus(key, res.synthetic, { lossCurves });
  return { synthetic: res.synthetic, lossCurves };
}

function _checkClasses(a: Corpus, b: Corpus): void {
  if (a.classes.join("\n") !== b.classes.join("\n")) {
    throw new RangeError(
      `Expected corpus "${b.name}" to have the classes of "${a.name}" [${a.classes}], found [${b.classes}]`,
    );
  }
}

function _settingResult(
  spec: SettingSpec,
  ctx: EvaluationContext,
  extra: {
    classes: readonly string[];
    settings: ClassifierSettings;
    uarPerFold: number[][];
    confusionPerRep: number[][][];
    folds: string[];
    trainRows: number[];
    testRows: number[];
    selection: DevSelection | null;
    seeds: number[];
    seconds: number;
  },
): SettingResult {
  const uarPerRep = spec.protocol === "within"
    ? extra.uarPerFold.map((f) => f.reduce((a, b) => a + b, 0) / f.length)
    : extra.uarPerFold.map((f) => f[0]);
  const { mean, std } = meanStd(uarPerRep);
  const reps = extra.confusionPerRep.length;
  return {
    protocol: spec.protocol,
    trainOn: spec.trainOn,
    lambdaCls: spec.trainOn === "real" ? null : spec.lambdaCls ?? 0,
    synthesisProtocol: spec.protocol === "within" && spec.trainOn !== "real"
      ? ctx.config.synthesisProtocol
      : null,
    normalization: ctx.config.normalization,
    classifier: extra.settings,
    classes: extra.classes,
    uarMean: mean,
    uarStd: std,
    uarPerRep,
    uarPerFold: extra.uarPerFold,
    confusion: sumMatrices(extra.confusionPerRep).map((r) => r.map((v) => v / reps)),
    confusionNormalized: sumMatrices(extra.confusionPerRep.map(rowNormalize)).map((r) =>
      r.map((v) => v / reps)
    ),
    confusionPerRep: extra.confusionPerRep,
    folds: extra.folds,
    trainRows: extra.trainRows,
    testRows: extra.testRows,
    selection: extra.selection,
    seeds: extra.seeds,
    seconds: extra.seconds,
  };
}

/**
 * Within-corpus leave-one-session-out evaluation of one setting.
 * @param inputs the labelled corpus (with sessions) and, for synthetic settings, the source
 * @param spec train-on setting and λ_cls
 * @param ctx configuration, dependencies, cache, progress, cancellation
 * @returns the setting's numbers and the loss curves of the CycleGANs used
 */
export async function evaluateWithin(
  inputs: EvaluationInputs,
  spec: SettingSpec,
  ctx: EvaluationContext,
): Promise<SettingOutput> {
  const t0 = performance.now();
  const deps = ctx.deps ?? DEFAULT_EVALUATION_DEPS;
  const { config } = ctx;
  const { labelled, source } = inputs;
  const usesSyn = spec.trainOn !== "real";
  if (usesSyn && !source) throw new TypeError(`Train-on ${spec.trainOn} needs a source corpus`);
  const lambdaCls = spec.lambdaCls ?? 0;
  const settings = config.classifiers.within[spec.trainOn];
  const folds = leaveOneSessionOut(labelled);
  if (folds.length < 2) {
    throw new RangeError(
      `Expected at least 2 sessions in "${labelled.name}" for leave-one-session-out, found ${folds.length}`,
    );
  }
  const nClasses = labelled.classes.length;
  const seeds = repetitionSeeds(config.seed, config.reps);
  const uarPerFold = seeds.map(() => new Array<number>(folds.length).fill(0));
  const confusionPerFold: number[][][][] = seeds.map(() => []);
  const lossCurves: LossPoint[] = [];
  let reference: Corpus | null = null;
  if (usesSyn && config.synthesisProtocol === "reference") {
    const r = await allRowsSynthetic(labelled, source!, lambdaCls, ctx);
    reference = r.synthetic;
    lossCurves.push(...r.lossCurves);
  }
  const trainRows: number[] = [], testRows: number[] = [];
  const total = folds.length * seeds.length;
  for (const [f, fold] of folds.entries()) {
    const trainC = subsetCorpus(labelled, fold.train);
    const testC = subsetCorpus(labelled, fold.test);
    let syn: Corpus | null = reference;
    if (usesSyn && syn === null) {
      const r = await syntheticFor(
        trainC,
        source!,
        lambdaCls,
        fold.testSession,
        synthesisSeed(config.seed, f),
        ctx,
      );
      syn = r.synthetic;
      lossCurves.push(...r.lossCurves);
    }
    if (syn) _checkClasses(labelled, syn);
    const parts: { data: Dataset; role: "train" | "syn" }[] = [];
    if (spec.trainOn !== "syn") parts.push({ data: _dataset(trainC), role: "train" });
    if (syn) parts.push({ data: _dataset(syn), role: "syn" });
    const { train, evals: [test] } = _normalize(
      parts,
      [{ data: _dataset(testC), role: "test" }],
      config.normalization,
      deps,
    );
    trainRows.push(train.y.length);
    testRows.push(test.y.length);
    for (const [r, seed] of seeds.entries()) {
      if (ctx.signal?.aborted) throw ctx.signal.reason ?? new Error("Evaluation aborted");
      const clf = await deps.trainClassifier(train, nClasses, settings, {
        rng: new Rng(seed + 7919 * f),
        signal: ctx.signal,
      });
      const predicted = await clf.predict(test.x);
      clf.dispose();
      const conf = confusionMatrix(test.y, predicted, nClasses);
      uarPerFold[r][f] = uarFromConfusion(conf);
      confusionPerFold[r].push(conf);
      ctx.onProgress?.({
        stage: `classifier:within:${spec.trainOn}`,
        done: f * seeds.length + r + 1,
        total,
        message: `fold ${fold.testSession} rep ${r + 1}: UAR ${
          (uarPerFold[r][f] * 100).toFixed(1)
        } %`,
      });
    }
  }
  const setting = _settingResult(spec, ctx, {
    classes: [...labelled.classes],
    settings,
    uarPerFold,
    confusionPerRep: confusionPerFold.map((fs) => sumMatrices(fs)),
    folds: folds.map((f) => f.testSession),
    trainRows,
    testRows,
    selection: null,
    seeds,
    seconds: (performance.now() - t0) / 1000,
  });
  return { setting, lossCurves };
}

/**
 * The development/test split of the cross-corpus test corpus (stratified, seeded).
 * @param test the test corpus
 * @param config the configuration (seed, devFraction)
 * @returns dev and test row indices, disjoint, covering every row
 */
export function crossSplit(
  test: Corpus,
  config: Pick<EvaluationConfig, "seed" | "devFraction">,
): { dev: Int32Array; test: Int32Array } {
  if (test.labels === null) throw new TypeError(`Test corpus "${test.name}" has no labels`);
  return stratifiedSplit(test.labels, config.devFraction, new Rng(config.seed * 7 + 12345));
}

/**
 * Cross-corpus evaluation of one setting: train on the whole labelled corpus (+ synthetic),
 * select the epoch count on the development split, report on the test split.
 * @param inputs labelled, test and (for synthetic settings) source corpora
 * @param spec train-on setting and λ_cls
 * @param ctx configuration, dependencies, cache, progress, cancellation
 * @returns the setting's numbers and the loss curves of the CycleGAN used
 */
export async function evaluateCross(
  inputs: EvaluationInputs,
  spec: SettingSpec,
  ctx: EvaluationContext,
): Promise<SettingOutput> {
  const t0 = performance.now();
  const deps = ctx.deps ?? DEFAULT_EVALUATION_DEPS;
  const { config } = ctx;
  const { labelled, source, test: testCorpus } = inputs;
  if (!testCorpus) throw new TypeError("The cross-corpus protocol needs a test corpus");
  _checkClasses(labelled, testCorpus);
  const usesSyn = spec.trainOn !== "real";
  if (usesSyn && !source) throw new TypeError(`Train-on ${spec.trainOn} needs a source corpus`);
  const lambdaCls = spec.lambdaCls ?? 0;
  const settings = config.classifiers.cross[spec.trainOn];
  const nClasses = labelled.classes.length;
  const split = crossSplit(testCorpus, config);
  const devC = subsetCorpus(testCorpus, split.dev);
  const testC = subsetCorpus(testCorpus, split.test);
  const lossCurves: LossPoint[] = [];
  let syn: Corpus | null = null;
  if (usesSyn) {
    const r = await allRowsSynthetic(labelled, source!, lambdaCls, ctx);
    syn = r.synthetic;
    lossCurves.push(...r.lossCurves);
    _checkClasses(labelled, syn);
  }
  const parts: { data: Dataset; role: "train" | "syn" }[] = [];
  if (spec.trainOn !== "syn") parts.push({ data: _dataset(labelled), role: "train" });
  if (syn) parts.push({ data: _dataset(syn), role: "syn" });
  const { train, evals: [dev, test] } = _normalize(
    parts,
    [{ data: _dataset(devC), role: "dev" }, { data: _dataset(testC), role: "test" }],
    config.normalization,
    deps,
  );
  const candidates = candidateEpochs(settings.epochs, config.devEpochFactors);
  const maxEpochs = candidates[candidates.length - 1];
  const seeds = repetitionSeeds(config.seed, config.reps);
  // [rep][candidate]
  const devUar: number[][] = [];
  const testConf: number[][][][] = [];
  for (const [r, seed] of seeds.entries()) {
    if (ctx.signal?.aborted) throw ctx.signal.reason ?? new Error("Evaluation aborted");
    const dRow: number[] = [], tRow: number[][][] = [];
    const clf = await deps.trainClassifier(train, nClasses, { ...settings, epochs: maxEpochs }, {
      rng: new Rng(seed),
      signal: ctx.signal,
      onEpoch: async (epoch, model) => {
        if (!candidates.includes(epoch)) return;
        dRow.push(uarFromConfusion(confusionMatrix(dev.y, await model.predict(dev.x), nClasses)));
        tRow.push(confusionMatrix(test.y, await model.predict(test.x), nClasses));
      },
    });
    clf.dispose();
    if (dRow.length !== candidates.length) {
      throw new Error(
        `Expected predictions at ${candidates.length} candidate epochs, found ${dRow.length}`,
      );
    }
    devUar.push(dRow);
    testConf.push(tRow);
    ctx.onProgress?.({
      stage: `classifier:cross:${spec.trainOn}`,
      done: r + 1,
      total: seeds.length,
    });
  }
  const meanDev = candidates.map((_, k) => devUar.reduce((a, row) => a + row[k], 0) / seeds.length);
  let best = 0;
  for (let k = 1; k < candidates.length; k++) {
    const d = meanDev[k] - meanDev[best];
    const closer =
      Math.abs(candidates[k] - settings.epochs) < Math.abs(candidates[best] - settings.epochs);
    if (d > 1e-12 || (Math.abs(d) <= 1e-12 && closer)) best = k;
  }
  const selection: DevSelection = {
    what: "classifier epoch count, by mean development UAR over repetitions",
    candidates,
    devUar: meanDev,
    selected: candidates[best],
  };
  const confusionPerRep = testConf.map((row) => row[best]);
  const setting = _settingResult(spec, ctx, {
    classes: [...labelled.classes],
    settings: { ...settings, epochs: candidates[best] },
    uarPerFold: confusionPerRep.map((c) => [uarFromConfusion(c)]),
    confusionPerRep,
    folds: ["test"],
    trainRows: [train.y.length],
    testRows: [test.y.length],
    selection,
    seeds,
    seconds: (performance.now() - t0) / 1000,
  });
  return { setting, lossCurves };
}

/**
 * The cache key of one evaluated setting: everything that can change its numbers.
 * @param inputs the corpora
 * @param spec protocol, train-on setting, λ_cls
 * @param config the configuration
 * @returns the key
 */
export async function settingKey(
  inputs: EvaluationInputs,
  spec: SettingSpec,
  config: EvaluationConfig,
): Promise<string> {
  const usesSyn = spec.trainOn !== "real";
  return cacheKey("setting", {
    protocol: spec.protocol,
    trainOn: spec.trainOn,
    lambdaCls: usesSyn ? spec.lambdaCls ?? 0 : null,
    classifier: config.classifiers[spec.protocol][spec.trainOn],
    normalization: config.normalization,
    reps: config.reps,
    seed: config.seed,
    devFraction: spec.protocol === "cross" ? config.devFraction : null,
    devEpochFactors: spec.protocol === "cross" ? config.devEpochFactors : null,
    synthesisProtocol: spec.protocol === "within" && usesSyn ? config.synthesisProtocol : null,
    cyclegan: usesSyn ? cycleganConfig(config, spec.lambdaCls ?? 0) : null,
    labelled: await hashCorpus(inputs.labelled),
    test: spec.protocol === "cross" && inputs.test ? await hashCorpus(inputs.test) : null,
    source: usesSyn && inputs.source ? await hashCorpus(inputs.source) : null,
  });
}

/**
 * Evaluates one setting, served from the cache when the same configuration, data and code
 * version were evaluated before.
 * @param inputs the corpora
 * @param spec protocol, train-on setting and λ_cls
 * @param ctx configuration, dependencies, cache, progress, cancellation
 * @returns the setting's numbers and loss curves
 */
export async function evaluateSetting(
  inputs: EvaluationInputs,
  spec: SettingSpec,
  ctx: EvaluationContext,
): Promise<SettingOutput> {
  const { config } = ctx;
  const key = ctx.cache ? await settingKey(inputs, spec, config) : null;
  if (ctx.cache && key) {
    const hit = await ctx.cache.getJson<SettingOutput>(key);
    if (hit) return hit;
  }
  const out = spec.protocol === "within"
    ? await evaluateWithin(inputs, spec, ctx)
    : await evaluateCross(inputs, spec, ctx);
  if (ctx.cache && key) await ctx.cache.putJson(key, out);
  return out;
}
