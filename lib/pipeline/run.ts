/**
 * Runs a plan, stage by stage. Stages talk in memory: the synthetic corpus an `augment` stage fits
 * is held and handed to every `evaluate` stage that reads it (and to the analysis), then released
 * after its last reader; with no cache at all, every (augmenter, scope) is still fitted exactly
 * once. The cache only saves work: a synthetic corpus or a setting found there is not recomputed,
 * and long fits keep resumable checkpoints there.
 *
 * Several processes may run stages of one plan against one cache at once (`selectStages`, e.g. a
 * cluster's job array): every synthetic corpus and every setting is computed under its cache
 * entry's lock (`ResultCache.once`), and a CycleGAN fit under its checkpoint folder's lock, so a
 * process that needs what another is computing waits for it and reads it.
 * @module
 */
import { fig2Data } from "../analysis/fig2.ts";
import { fisherOverlap } from "../analysis/fisher.ts";
import { type JudgedSet, type RunQuality, runQuality } from "../analysis/quality.ts";
import { table1, type Table1Row } from "../analysis/table1.ts";
import { cycleganLambda } from "../augmentation/cyclegan.ts";
import type { Fig2Row } from "../analysis/fig2.ts";
import type { FisherOverlap } from "../analysis/fisher.ts";
import type { FitLossPoint } from "../augmentation/cyclegan.ts";
import { formatAugmenterSpec } from "../augmentation/augmenter.ts";
import type { Corpus } from "../data/types.ts";
import { withVsReal } from "../evaluation/compare.ts";
import { evaluateSetting } from "../evaluation/evaluate_setting.ts";
import {
  augmenterProvider,
  type SyntheticProvider,
  type SyntheticResult,
} from "../evaluation/synthetic.ts";
import type { SettingResult } from "../evaluation/types.ts";
import { acquireLock, type LockHolder } from "../_files.ts";
import type { OnceOutcome } from "./cache.ts";
import { augmenterContext } from "./config.ts";
import {
  assertRunnable,
  type RunPlan,
  type Stage,
  type StageProgress,
  syntheticKey,
} from "./plan.ts";
import type { DiversityRecord } from "../training/monitor.ts";
import type { DiversityPoint, LossPoint } from "./types.ts";

/** Callbacks and cancellation of a run. */
export interface RunHooks {
  /** Called when a stage starts (`event: "start"`) and ends (`"end"`, with seconds). */
  readonly onStage?: (stage: Stage, event: "start" | "end", seconds?: number) => void;
  /** Called as a stage progresses. */
  readonly onProgress?: (progress: StageProgress) => void;
  /** Aborts the run; finished stages stay cached, long fits keep their checkpoints. */
  readonly signal?: AbortSignal;
  /** Called once per warning of the plan (`plan.warnings`): before the first stage, after each. */
  readonly onWarning?: (message: string) => void;
  /**
   * Called when a stage finds a cache entry it needs locked by another process and waits for it
   * (`lock`: the lock file; `holder`: who holds it, `null` while the holder is writing the file).
   */
  readonly onWait?: (stage: Stage, lock: string, holder: LockHolder | null) => void;
}

/**
 * What a stage did: read its result from the cache (`cached`), computed it (`computed`), or
 * waited for another process computing it and read that (`waited`).
 */
export type StageOutcome = OnceOutcome;

/** The analysis of Sec. 4.2 (absent from runs without an analysis stage). */
export interface RunAnalysis {
  /** Table 1 rows. */
  readonly table1: Table1Row[];
  /** Fisher overlap. */
  readonly fisher: FisherOverlap[];
  /** Fig. 2 rows. */
  readonly fig2: Fig2Row[];
  /** Synthetic-data quality of every augmenter's all-rows corpus, beside the references. */
  readonly quality: RunQuality;
}

/** What {@linkcode runPlan} returns. */
export interface RunOutput {
  /** Every evaluated setting in plan order, compared with Real (`vsReal`). */
  readonly settings: SettingResult[];
  /** Loss curves of every fit that records them. */
  readonly lossCurves: LossPoint[];
  /** Diversity records of every fit that records them (the CycleGAN's). */
  readonly diversityCurves: DiversityPoint[];
  /** Seconds per stage id. */
  readonly timings: Record<string, number>;
  /** What each stage did, by stage id. */
  readonly outcomes: Record<string, StageOutcome>;
  /** The analysis, when planned. */
  readonly analysis: RunAnalysis | null;
}

function _diversityPoints(
  diagnostics: Readonly<Record<string, unknown>>,
  augment: string,
  model: string,
): DiversityPoint[] {
  const records = diagnostics.diversity;
  if (!Array.isArray(records)) return [];
  return (records as DiversityRecord[]).map((d) => ({
    augment,
    model,
    phase: d.phase,
    epoch: d.epoch,
    stdRatio: d.stdRatio,
    nnRatio: d.nnRatio,
    cycleRecon: d.cycleRecon,
  }));
}

function _lossPoints(
  diagnostics: Readonly<Record<string, unknown>>,
  augment: string,
  model: string,
): LossPoint[] {
  const curves = diagnostics.lossCurves;
  if (!Array.isArray(curves)) return [];
  return (curves as FitLossPoint[]).map((p) => ({ augment, model, ...p }));
}

/**
 * Runs every stage of a plan.
 * @param plan from {@linkcode planRun}
 * @param hooks progress callbacks and an abort signal
 * @returns the settings (compared with Real), loss curves, timings and the analysis
 * @throws {PlanProblemsError} before the first stage when the plan has problems
 */
export async function runPlan(plan: RunPlan, hooks: RunHooks = {}): Promise<RunOutput> {
  assertRunnable(plan);
  let told = 0; // the cache adds warnings to the plan's list as it finds damaged entries
  const tell = () => {
    while (told < plan.warnings.length) hooks.onWarning?.(plan.warnings[told++]);
  };
  tell();
  const { config, cache, inputs } = plan;
  const context = augmenterContext(config);
  let current: Stage | null = null;
  const lockOptionsFor = (lock: string, signal?: AbortSignal) => ({
    signal,
    onWait: (holder: LockHolder | null) => current && hooks.onWait?.(current, lock, holder),
  });
  const fitted: SyntheticProvider = augmenterProvider(
    undefined,
    context,
    cache ? async (r) => cache.checkpointDir(await syntheticKey(r, config)) : undefined,
  );
  // A fit with checkpoints runs under its checkpoint folder's lock: two processes never train one
  // model at once (the second waits, then finds the synthetic corpus in the cache).
  const fit: SyntheticProvider = plan.deps?.synthetic ?? (cache
    ? async (request) => {
      const key = await syntheticKey(request, config);
      const path = cache.lockPath("checkpoints", key);
      const lock = await acquireLock(path, lockOptionsFor(path, request.signal));
      try {
        return await fitted(request);
      } finally {
        await lock.release();
      }
    }
    : fitted);
  // Readers still to run per synthetic key; a corpus is dropped after its last reader.
  const readers = new Map<string, number>();
  for (const s of plan.stages) {
    if (s.kind === "evaluate" && !s.cached) {
      s.needs.forEach((k) => readers.set(k, (readers.get(k) ?? 0) + 1));
    }
    if (s.kind === "analysis") s.needs.forEach((k) => readers.set(k, (readers.get(k) ?? 0) + 1));
  }
  const held = new Map<string, SyntheticResult>();
  const got = new Map<string, OnceOutcome>(); // synthetic key → how this process got it
  const losses = new Map<string, LossPoint[]>();
  const diversity = new Map<string, DiversityPoint[]>();
  const record = (
    key: string,
    diagnostics: Readonly<Record<string, unknown>>,
    augment: string,
    scope: string,
  ) => {
    if (losses.has(key)) return;
    losses.set(key, _lossPoints(diagnostics, augment, scope));
    diversity.set(key, _diversityPoints(diagnostics, augment, scope));
  };
  const provide: SyntheticProvider = async (request) => {
    const key = await syntheticKey(request, config);
    const mem = held.get(key);
    if (mem) return mem;
    let result: SyntheticResult;
    if (cache) {
      const path = cache.lockPath("synthetic", key);
      const once = await cache.once(
        "synthetic",
        key,
        async () => {
          const hit = await cache.getCorpus<{ diagnostics: Record<string, unknown> }>(key);
          return hit && { corpus: hit.corpus, diagnostics: hit.meta.diagnostics };
        },
        async () => {
          const made = await fit(request);
          await cache.putCorpus(key, made.corpus, { diagnostics: made.diagnostics });
          return made;
        },
        lockOptionsFor(path, request.signal),
      );
      result = once.value;
      got.set(key, once.outcome);
    } else {
      result = await fit(request);
      got.set(key, "computed");
    }
    record(key, result.diagnostics, formatAugmenterSpec(request.spec), request.scope);
    if ((readers.get(key) ?? 0) > 0) held.set(key, result);
    return result;
  };
  const release = (keys: Iterable<string>) => {
    for (const k of keys) {
      const left = (readers.get(k) ?? 1) - 1;
      readers.set(k, left);
      if (left <= 0) held.delete(k);
    }
  };

  const timings: Record<string, number> = {};
  const progress = (stage: Stage) =>
    hooks.onProgress
      ? (e: { done: number; total: number; message?: string; warning?: string }) =>
        hooks.onProgress!({
          stage: stage.id,
          done: Math.min(e.done, e.total),
          total: e.total,
          message: e.message,
          ...(e.warning ? { warning: e.warning } : {}),
        })
      : undefined;
  const settings: SettingResult[] = [];
  const outcomes: Record<string, StageOutcome> = {};
  let analysis: RunAnalysis | null = null;
  for (const stage of plan.stages) {
    if (hooks.signal?.aborted) throw hooks.signal.reason ?? new Error("Run aborted");
    hooks.onStage?.(stage, "start");
    current = stage;
    const t0 = performance.now();
    let outcome: StageOutcome = "computed";
    switch (stage.kind) {
      case "augment": {
        // Fitted when a later stage reads it, or when it was chosen on its own (`selectStages`).
        if (readers.get(stage.key) || !stage.cached) {
          await provide({ ...stage.request, onProgress: progress(stage), signal: hooks.signal });
          outcome = got.get(stage.key) ?? "cached";
        } else {
          outcome = "cached";
          if (cache && !losses.has(stage.key)) {
            // Nothing reads these rows any more: only their loss curves, from the cache.
            const meta = await cache.getCorpusMeta<{ diagnostics: Record<string, unknown> }>(
              stage.key,
            );
            if (meta) record(stage.key, meta.diagnostics, stage.augment, stage.request.scope);
          }
        }
        break;
      }
      case "evaluate": {
        const evaluate = () =>
          evaluateSetting(inputs, stage.setting, {
            config: config.evaluation,
            deps: { ...plan.deps, synthetic: provide },
            onProgress: progress(stage),
            signal: hooks.signal,
          });
        let result: SettingResult;
        if (cache) {
          const path = cache.lockPath("results", stage.key);
          const once = await cache.once(
            "results",
            stage.key,
            () => cache.getJson<SettingResult>(stage.key),
            async () => {
              const made = await evaluate();
              await cache.putJson(stage.key, made);
              return made;
            },
            lockOptionsFor(path, hooks.signal),
          );
          result = once.value;
          outcome = once.outcome;
        } else {
          result = await evaluate();
        }
        if (!stage.cached) release(stage.needs);
        settings.push(result);
        break;
      }
      case "analysis": {
        const syn = new Map<number, Corpus>();
        const judged: JudgedSet[] = [];
        for (const [augment, key] of stage.needs) {
          const found = plan.stages.find((s) => s.kind === "augment" && s.key === key);
          if (found?.kind !== "augment") continue;
          const result = await provide(found.request);
          judged.push({ augment, corpus: result.corpus, diagnostics: result.diagnostics });
          const lambda = cycleganLambda(augment);
          if (lambda !== null) syn.set(lambda, result.corpus);
        }
        release(stage.needs.values());
        const source = inputs.source!;
        const quality = await runQuality(inputs.labelled, source, judged, {
          seed: config.evaluation.seed,
          perClass: config.evaluation.syntheticPerClass,
        });
        analysis = {
          table1: table1(inputs.labelled, source, syn),
          fisher: fisherOverlap(inputs.labelled, source, syn),
          fig2: fig2Data(inputs.labelled, source, syn),
          quality,
        };
        break;
      }
    }
    const seconds = (performance.now() - t0) / 1000;
    timings[stage.id] = seconds;
    outcomes[stage.id] = outcome;
    current = null;
    hooks.onStage?.(stage, "end", seconds);
    tell();
  }
  return {
    settings: withVsReal(settings, config.evaluation.seed),
    lossCurves: [...losses.values()].flat(),
    diversityCurves: [...diversity.values()].flat(),
    timings,
    outcomes,
    analysis,
  };
}
