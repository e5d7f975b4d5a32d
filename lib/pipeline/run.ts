/**
 * Runs a plan, stage by stage. Stages talk in memory: the synthetic corpus an `augment` stage fits
 * is held and handed to every `evaluate` stage that reads it (and to the analysis), then released
 * after its last reader; with no cache at all, every (augmenter, scope) is still fitted exactly
 * once. The cache only saves work: a synthetic corpus or a setting found there is not recomputed,
 * and long fits keep resumable checkpoints there.
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
}

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
  const fit: SyntheticProvider = plan.deps?.synthetic ??
    augmenterProvider(
      undefined,
      context,
      cache ? async (r) => cache.checkpointDir(await syntheticKey(r, config)) : undefined,
    );
  // Readers still to run per synthetic key; a corpus is dropped after its last reader.
  const readers = new Map<string, number>();
  for (const s of plan.stages) {
    if (s.kind === "evaluate" && !s.cached) {
      s.needs.forEach((k) => readers.set(k, (readers.get(k) ?? 0) + 1));
    }
    if (s.kind === "analysis") s.needs.forEach((k) => readers.set(k, (readers.get(k) ?? 0) + 1));
  }
  const held = new Map<string, SyntheticResult>();
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
    let result: SyntheticResult | null = null;
    if (cache) {
      const hit = await cache.getCorpus<{ diagnostics: Record<string, unknown> }>(key);
      if (hit) result = { corpus: hit.corpus, diagnostics: hit.meta.diagnostics };
    }
    if (result === null) {
      result = await fit(request);
      if (cache) await cache.putCorpus(key, result.corpus, { diagnostics: result.diagnostics });
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
  let analysis: RunAnalysis | null = null;
  for (const stage of plan.stages) {
    if (hooks.signal?.aborted) throw hooks.signal.reason ?? new Error("Run aborted");
    hooks.onStage?.(stage, "start");
    const t0 = performance.now();
    switch (stage.kind) {
      case "augment": {
        if (readers.get(stage.key)) {
          await provide({ ...stage.request, onProgress: progress(stage), signal: hooks.signal });
        } else if (cache && !losses.has(stage.key)) {
          // Nothing reads these rows any more: only their loss curves, from the cache.
          const meta = await cache.getCorpusMeta<{ diagnostics: Record<string, unknown> }>(
            stage.key,
          );
          if (meta) record(stage.key, meta.diagnostics, stage.augment, stage.request.scope);
        }
        break;
      }
      case "evaluate": {
        let result = cache && stage.cached ? await cache.getJson<SettingResult>(stage.key) : null;
        if (result === null) {
          result = await evaluateSetting(inputs, stage.setting, {
            config: config.evaluation,
            deps: { ...plan.deps, synthetic: provide },
            onProgress: progress(stage),
            signal: hooks.signal,
          });
          if (cache) await cache.putJson(stage.key, result);
          release(stage.needs);
        }
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
    hooks.onStage?.(stage, "end", seconds);
    tell();
  }
  return {
    settings: withVsReal(settings, config.evaluation.seed),
    lossCurves: [...losses.values()].flat(),
    diversityCurves: [...diversity.values()].flat(),
    timings,
    analysis,
  };
}
