/**
 * One setting under its protocol: {@linkcode evaluateSetting} sends a within-corpus setting to
 * `within.ts` and a cross-corpus one to `cross.ts`.
 * @module
 */
import { evaluateCross } from "./cross.ts";
import type { EvaluationContext, EvaluationInputs, SettingSpec } from "./setting.ts";
import type { SettingResult } from "./types.ts";
import { evaluateWithin } from "./within.ts";

/**
 * Evaluates one setting (no cache: the pipeline caches whole settings).
 * @param inputs the corpora
 * @param spec protocol, train-on setting and augmenter
 * @param ctx configuration, dependencies, progress, cancellation
 * @returns the setting's numbers
 */
export function evaluateSetting(
  inputs: EvaluationInputs,
  spec: SettingSpec,
  ctx: EvaluationContext,
): Promise<SettingResult> {
  return spec.protocol === "within"
    ? evaluateWithin(inputs, spec, ctx)
    : evaluateCross(inputs, spec, ctx);
}
