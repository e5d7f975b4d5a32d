/**
 * The whole of the paper's Section 4 as one orchestrated, cached run: pre-training and the
 * N-CycleGAN for each λ_cls, generation, within- and cross-corpus evaluation for real / syn /
 * real+syn, Table 1, Fisher overlap, Fig. 2, Fig. 3 and loss curves.
 * @module
 */
import * as tf from "@tensorflow/tfjs-core";
import { type BackendName, cpuDescription, initBackend } from "../backend.ts";
import { classCounts, leaveOneSessionOut, subsetCorpus } from "../data/mod.ts";
import type { Corpus } from "../data/types.ts";
import { fig2Data } from "../analysis/fig2.ts";
import { fisherOverlap } from "../analysis/fisher.ts";
import { table1 } from "../analysis/table1.ts";
import { resultTable } from "../analysis/tables.ts";
import type {
  BackendReport,
  CorpusSummary,
  ExperimentResults,
  LossPoint,
  ProfileName,
  SettingResult,
  SynthesisProtocol,
} from "./types.ts";
import { ALL_ROWS_MODEL } from "./types.ts";
import { CODE_VERSION, hashCorpus, ResultCache } from "./cache.ts";
import { candidateEpochs, type EvaluationConfig, resolveEvaluationConfig } from "./config.ts";
import { resolveCorpus } from "./evaluate.ts";
import {
  cycleganConfig,
  evaluateSetting,
  type EvaluationContext,
  type EvaluationInputs,
  repetitionSeeds,
  settingKey,
  type SettingSpec,
  synthesisSeed,
  syntheticFor,
  syntheticKey,
} from "./protocols.ts";

/** Options of {@linkcode planPaper} and {@linkcode reproducePaper}. */
export interface ReproduceOptions {
  /** Profile: `quick` (minutes on 2 CPU cores) or `paper` (every published hyper-parameter). */
  readonly profile?: ProfileName;
  /** Labelled corpus: preset name or path of a corpus spec JSON (default `emodb`). */
  readonly labelled?: string;
  /** Cross-corpus test corpus: preset or spec path (default `ravdess`). */
  readonly test?: string;
  /** Unlabelled source corpus: preset or spec path (default `librispeech`). */
  readonly source?: string;
  /** Backend name as accepted by `initBackend` (default: whatever is set). */
  readonly backend?: string;
  /** Base seed (default 0). */
  readonly seed?: number;
  /** Classifier repetitions (default 5). */
  readonly reps?: number;
  /** λ_cls values (default [0, 2]). */
  readonly lambdas?: readonly number[];
  /** Within-corpus synthesis protocol (default `leak-free`). */
  readonly synthesisProtocol?: SynthesisProtocol;
  /** Cache root (default `$SER_CACHE_DIR` or `.cache`). */
  readonly cacheDir?: string;
}

/** One stage of a reproduction, with its amount of work. */
export interface Stage {
  /** Stable id, e.g. `cyclegan:lambda=2:fold=S1`, `evaluate:within:syn:lambda=0`. */
  readonly id: string;
  /** What the stage does, in words. */
  readonly title: string;
  /** Kind of work: CycleGAN training (pre-training + main), or classifier evaluation, or analysis. */
  readonly kind: "cyclegan" | "evaluate" | "analysis";
  /** Units of work (CycleGAN: pre-training + training iterations; evaluate: classifier batches). */
  readonly units: number;
  /** What one unit is. */
  readonly unit: "iteration" | "batch" | "step";
  /** Whether the result of this stage is already in the cache. */
  readonly cached: boolean;
}

/** The plan of a reproduction. */
export interface PaperPlan {
  /** Profile used. */
  readonly profile: ProfileName;
  /** The resolved configuration (JSON). */
  readonly config: Readonly<Record<string, unknown>>;
  /** Stages in execution order. */
  readonly stages: readonly Stage[];
}

/** Progress within a stage. */
export interface StageProgress {
  /** Id of the running stage. */
  readonly stage: string;
  /** Units done so far. */
  readonly done: number;
  /** Units in the stage. */
  readonly total: number;
  /** Optional message (e.g. latest losses). */
  readonly message?: string;
}

/** Callbacks and cancellation for {@linkcode reproducePaper}. */
export interface ReproduceHooks {
  /** Called when a stage starts (`event: "start"`) and ends (`"end"`, with seconds). */
  readonly onStage?: (
    stage: Stage,
    event: "start" | "end",
    seconds?: number,
  ) => void;
  /** Called as a stage progresses. */
  readonly onProgress?: (progress: StageProgress) => void;
  /** Aborts the run; finished stages stay cached, CycleGAN checkpoints allow resuming. */
  readonly signal?: AbortSignal;
}

/** One CycleGAN model of the plan. */
interface _ModelJob {
  readonly lambdaCls: number;
  /** `cross` (all labelled rows; also the within `reference` model) or a held-out session. */
  readonly model: string;
  readonly labelled: Corpus;
  readonly seed: number;
}

/** Everything a plan and a run share. */
interface _Prepared {
  readonly profile: ProfileName;
  readonly config: EvaluationConfig;
  readonly inputs: Required<EvaluationInputs>;
  readonly models: readonly _ModelJob[];
  readonly settings: readonly SettingSpec[];
  readonly cache: ResultCache;
}

async function _prepare(options: ReproduceOptions): Promise<_Prepared> {
  const profile = options.profile ?? "quick";
  const config = resolveEvaluationConfig(profile, {
    ...(options.seed === undefined ? {} : { seed: options.seed }),
    ...(options.reps === undefined ? {} : { reps: options.reps }),
    ...(options.lambdas === undefined ? {} : { lambdas: options.lambdas }),
    ...(options.synthesisProtocol === undefined
      ? {}
      : { synthesisProtocol: options.synthesisProtocol }),
  });
  const [labelled, test, source] = await Promise.all([
    resolveCorpus(options.labelled ?? "emodb"),
    resolveCorpus(options.test ?? "ravdess"),
    resolveCorpus(options.source ?? "librispeech"),
  ]);
  const models: _ModelJob[] = [];
  for (const lambdaCls of config.lambdas) {
    models.push({
      lambdaCls,
      model: ALL_ROWS_MODEL,
      labelled,
      seed: synthesisSeed(config.seed, -1),
    });
    if (config.synthesisProtocol === "leak-free") {
      for (const [f, fold] of leaveOneSessionOut(labelled).entries()) {
        models.push({
          lambdaCls,
          model: fold.testSession,
          labelled: subsetCorpus(labelled, fold.train),
          seed: synthesisSeed(config.seed, f),
        });
      }
    }
  }
  const settings: SettingSpec[] = [];
  for (const protocol of ["within", "cross"] as const) {
    settings.push({ protocol, trainOn: "real" });
    for (const lambdaCls of config.lambdas) {
      settings.push({ protocol, trainOn: "syn", lambdaCls }, {
        protocol,
        trainOn: "real+syn",
        lambdaCls,
      });
    }
  }
  return {
    profile,
    config,
    inputs: { labelled, test, source },
    models,
    settings,
    cache: new ResultCache(options.cacheDir),
  };
}

function _modelStageId(m: _ModelJob): string {
  return `cyclegan:lambda=${m.lambdaCls}:${m.model}`;
}

function _settingStageId(s: SettingSpec): string {
  return `evaluate:${s.protocol}:${s.trainOn}` +
    (s.trainOn === "real" ? "" : `:lambda=${s.lambdaCls}`);
}

function _iterationsPerEpoch(streams: readonly number[], batch: number): number {
  return Math.max(1, Math.min(...streams.map((n) => Math.floor(n / batch))));
}

function _cycleganUnits(p: _Prepared, m: _ModelJob): number {
  const c = cycleganConfig(p.config, m.lambdaCls);
  const counts = Object.values(classCounts(m.labelled));
  const main = _iterationsPerEpoch([p.inputs.source.rows, ...counts], c.batchSize);
  const pre = counts.reduce(
    (a, n) => a + _iterationsPerEpoch([p.inputs.source.rows, n], c.batchSize),
    0,
  ) / Math.max(1, counts.length);
  return Math.round(c.pretrainEpochs * pre + c.epochs * main);
}

function _evaluateUnits(p: _Prepared, s: SettingSpec): number {
  const settings = p.config.classifiers[s.protocol][s.trainOn];
  const nClasses = p.inputs.labelled.classes.length;
  const c = cycleganConfig(p.config, s.lambdaCls ?? 0);
  const synRows = s.trainOn === "real"
    ? 0
    : nClasses * (c.syntheticPerClass ?? p.inputs.source.rows);
  const batches = (n: number) => Math.max(1, Math.floor(n / Math.min(settings.batchSize, n)));
  if (s.protocol === "within") {
    let total = 0;
    for (const fold of leaveOneSessionOut(p.inputs.labelled)) {
      const real = s.trainOn === "syn" ? 0 : fold.train.length;
      total += batches(real + synRows) * settings.epochs;
    }
    return total * p.config.reps;
  }
  const real = s.trainOn === "syn" ? 0 : p.inputs.labelled.rows;
  const maxEpochs = Math.max(...candidateEpochs(settings.epochs, p.config.devEpochFactors));
  return batches(real + synRows) * maxEpochs * p.config.reps;
}

async function _stages(p: _Prepared): Promise<Stage[]> {
  const stages: Stage[] = [];
  for (const m of p.models) {
    const key = await syntheticKey(m.labelled, p.inputs.source, m.lambdaCls, m.seed, p.config);
    stages.push({
      id: _modelStageId(m),
      title: `CycleGAN λcls=${m.lambdaCls}, ${
        m.model === ALL_ROWS_MODEL ? "all labelled sessions" : `fold without ${m.model}`
      }`,
      kind: "cyclegan",
      units: _cycleganUnits(p, m),
      unit: "iteration",
      cached: (await p.cache.getCorpus(key)) !== null,
    });
  }
  for (const s of p.settings) {
    const key = await settingKey(p.inputs, s, p.config);
    stages.push({
      id: _settingStageId(s),
      title: `${s.protocol === "within" ? "Within" : "Cross"} corpus, train on ${s.trainOn}` +
        (s.trainOn === "real" ? "" : ` (λcls=${s.lambdaCls})`),
      kind: "evaluate",
      units: _evaluateUnits(p, s),
      unit: "batch",
      cached: (await p.cache.getJson(key)) !== null,
    });
  }
  stages.push({
    id: "analysis",
    title: "Table 1, Fisher overlap, Fig. 2",
    kind: "analysis",
    units: 1,
    unit: "step",
    cached: false,
  });
  return stages;
}

/**
 * Lists the stages of a reproduction and their work, without training anything: one CycleGAN
 * per λ_cls and model (`cross` on all labelled rows, also used by the within `reference`
 * protocol; plus one per fold with `leak-free`), one classifier evaluation per setting, and the
 * analysis. CycleGAN work counts iterations (pre-training epochs × its iterations per epoch +
 * training epochs × iterations per epoch); evaluation work counts classifier batches.
 * @param options what to reproduce
 * @returns the plan (loads the corpora to count iterations; says which stages are cached)
 */
export async function planPaper(options: ReproduceOptions = {}): Promise<PaperPlan> {
  const p = await _prepare(options);
  return {
    profile: p.profile,
    config: JSON.parse(JSON.stringify(p.config)),
    stages: await _stages(p),
  };
}

function _summary(c: Corpus): CorpusSummary {
  return { name: c.name, utterances: c.rows, classCounts: classCounts(c) };
}

async function _backend(name: string | undefined): Promise<BackendReport> {
  if (name) {
    const info = await initBackend(name as BackendName | "auto");
    return { name: info.name, device: info.device, kernels: info.kernels };
  }
  return { name: tf.getBackend() ?? "unknown", device: cpuDescription(), kernels: "unknown" };
}

/**
 * Runs the whole reproduction, every expensive piece cached: each CycleGAN's synthetic corpus
 * (with checkpoints, so an interrupted run resumes) and each setting's numbers. A second call
 * with the same inputs reads everything from the cache.
 * @param options what to reproduce
 * @param hooks progress callbacks and an abort signal
 * @returns all results (Tables 1-3, Figs. 2-3, loss curves, provenance)
 */
export async function reproducePaper(
  options: ReproduceOptions = {},
  hooks: ReproduceHooks = {},
): Promise<ExperimentResults> {
  const backend = await _backend(options.backend);
  const p = await _prepare(options);
  const stages = await _stages(p);
  const byId = new Map(stages.map((s) => [s.id, s]));
  const timings: Record<string, number> = {};
  const ctx = (stage: Stage): EvaluationContext => ({
    config: p.config,
    cache: p.cache,
    signal: hooks.signal,
    onProgress: hooks.onProgress
      ? (e) =>
        hooks.onProgress!({
          stage: stage.id,
          done: Math.min(e.done, e.total),
          total: e.total,
          message: e.message,
        })
      : undefined,
  });
  const run = async <T>(stage: Stage, work: () => Promise<T>): Promise<T> => {
    if (hooks.signal?.aborted) throw hooks.signal.reason ?? new Error("Reproduction aborted");
    hooks.onStage?.(stage, "start");
    const t0 = performance.now();
    const out = await work();
    const seconds = (performance.now() - t0) / 1000;
    timings[stage.id] = seconds;
    hooks.onStage?.(stage, "end", seconds);
    return out;
  };

  const lossCurves: LossPoint[] = [];
  const crossSyn = new Map<number, Corpus>();
  for (const m of p.models) {
    const stage = byId.get(_modelStageId(m))!;
    const r = await run(
      stage,
      () => syntheticFor(m.labelled, p.inputs.source, m.lambdaCls, m.model, m.seed, ctx(stage)),
    );
    lossCurves.push(...r.lossCurves);
    if (m.model === ALL_ROWS_MODEL) crossSyn.set(m.lambdaCls, r.synthetic);
  }
  const settings: SettingResult[] = [];
  for (const s of p.settings) {
    const stage = byId.get(_settingStageId(s))!;
    const out = await run(stage, () => evaluateSetting(p.inputs, s, ctx(stage)));
    settings.push(out.setting);
  }
  const analysisStage = byId.get("analysis")!;
  const { labelled, test, source } = p.inputs;
  const analysis = await run(analysisStage, () =>
    Promise.resolve({
      table1: table1(labelled, source, crossSyn),
      fisher: fisherOverlap(labelled, source, crossSyn),
      fig2: fig2Data(labelled, source, crossSyn),
    }));
  return {
    schema: 1,
    codeVersion: CODE_VERSION,
    profile: p.profile,
    config: JSON.parse(JSON.stringify(p.config)),
    backend,
    seeds: { base: p.config.seed, reps: repetitionSeeds(p.config.seed, p.config.reps) },
    timings,
    dataHashes: {
      labelled: await hashCorpus(labelled),
      test: await hashCorpus(test),
      source: await hashCorpus(source),
    },
    corpora: { labelled: _summary(labelled), test: _summary(test), source: _summary(source) },
    settings,
    table1: analysis.table1,
    fisher: analysis.fisher,
    fig2: analysis.fig2,
    lossCurves,
    table2: resultTable(settings, "within"),
    table3: resultTable(settings, "cross"),
    createdAt: new Date().toISOString(),
  };
}
