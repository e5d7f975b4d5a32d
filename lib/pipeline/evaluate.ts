/**
 * One setting from names to numbers, as `deno task evaluate` runs it: a small plan (Real of the
 * protocol, the augmenter's fits, the setting), run like a reproduction, and an
 * {@linkcode EvaluationResult} with the paired comparison against Real and its provenance.
 * @module
 */
import type { TrainOn } from "../evaluation/types.ts";
import type { Protocol } from "../evaluation/types.ts";
import { CODE_VERSION } from "./cache.ts";
import { type PlanOptions, planRun, type RunPlan } from "./plan.ts";
import { type RunHooks, runPlan } from "./run.ts";
import type { EvaluationResult } from "./types.ts";

/** Options of {@linkcode planEvaluation}. */
export interface EvaluateOptions
  extends Omit<PlanOptions, "analysis" | "protocols" | "trainOn" | "augmenters" | "lambdaSweep"> {
  /** `within` or `cross`. */
  readonly protocol: Protocol;
  /** `real`, `syn` or `real+syn`. */
  readonly trainOn: TrainOn;
  /** The augmenter for `syn` and `real+syn`, `NAME[:k=v,…]` (default `cyclegan`). */
  readonly augment?: string;
}

/** The augmenter of a synthetic setting when none is named. */
export const DEFAULT_AUGMENT = "cyclegan";

/**
 * Plans one setting and its Real baseline.
 * @param options protocol, train-on setting, augmenter, corpora, profile, overrides, cache
 * @returns the plan
 */
export function planEvaluation(options: EvaluateOptions): Promise<RunPlan> {
  const { protocol, trainOn, augment, ...rest } = options;
  return planRun({
    ...rest,
    protocols: [protocol],
    trainOn: trainOn === "real" ? [] : [trainOn],
    augmenters: trainOn === "real" ? [] : [augment ?? DEFAULT_AUGMENT],
    analysis: false,
  });
}

/**
 * Runs a planned evaluation.
 * @param plan from {@linkcode planEvaluation}
 * @param hooks progress callbacks and an abort signal
 * @returns the setting, its baseline, the paired comparison and provenance
 */
export async function runEvaluation(
  plan: RunPlan,
  hooks: RunHooks = {},
): Promise<EvaluationResult> {
  const out = await runPlan(plan, hooks);
  const baseline = out.settings.find((s) => s.trainOn === "real")!;
  const setting = out.settings.find((s) => s.trainOn !== "real") ?? baseline;
  return {
    codeVersion: CODE_VERSION,
    profile: plan.config.profile,
    config: JSON.parse(JSON.stringify(plan.config)),
    backend: plan.backend,
    dataHashes: plan.inputs.hashes,
    setting,
    baseline,
    lossCurves: out.lossCurves,
    timings: out.timings,
    createdAt: new Date().toISOString(),
  };
}

/**
 * Evaluates one setting (planned and run; served from the cache when possible).
 * @param options what to evaluate
 * @param hooks progress callbacks and an abort signal
 * @returns the result
 */
export async function evaluate(
  options: EvaluateOptions,
  hooks: RunHooks = {},
): Promise<EvaluationResult> {
  return runEvaluation(await planEvaluation(options), hooks);
}
