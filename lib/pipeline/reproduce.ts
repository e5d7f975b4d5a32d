/**
 * The whole of the paper's Section 4 as one planned, cached run: every augmenter (the CycleGAN for
 * each λ_cls and the baselines) fitted per fold and on all labelled rows, within- and cross-corpus
 * evaluation of Real, Syn. and Real + Syn. per augmenter, paired tests against Real, Table 1,
 * Fisher overlap, Fig. 2, Tables 2-3, the methods side by side, the λ_cls sweep and the claims.
 *
 * `planReproduction` loads and hashes the corpora once and lists the stages; `runReproduction`
 * runs that plan; `reproducePaper` does both (what the notebooks call).
 * @module
 */
import { paperClaims } from "../analysis/claims.ts";
import { lambdaSweepRows } from "../analysis/lambda_sweep.ts";
import { methodRows } from "../analysis/methods.ts";
import { resultTable } from "../analysis/tables.ts";
import { CODE_VERSION } from "./cache.ts";
import { summarizeCorpus } from "./inputs.ts";
import { type PlanOptions, planRun, type RunPlan } from "./plan.ts";
import { type RunHooks, runPlan } from "./run.ts";
import type { ExperimentResults } from "./types.ts";

/** Options of {@linkcode planReproduction}: what to reproduce, on which corpora and backend. */
export type ReproduceOptions = Omit<PlanOptions, "analysis">;

/**
 * Plans a reproduction (every stage, with its work and whether it is cached; nothing trains).
 * @param options profile, overrides, augmenters, λ_cls sweep, corpora, backend, cache
 * @returns the plan
 */
export function planReproduction(options: ReproduceOptions): Promise<RunPlan> {
  return planRun({ ...options, analysis: true });
}

/**
 * Runs a planned reproduction and assembles its results.
 * @param plan from {@linkcode planReproduction}
 * @param hooks progress callbacks and an abort signal
 * @returns all results (Tables 1-3, Figs. 2-3, methods, sweep, claims, provenance)
 */
export async function runReproduction(
  plan: RunPlan,
  hooks: RunHooks = {},
): Promise<ExperimentResults> {
  const out = await runPlan(plan, hooks);
  const { config, inputs } = plan;
  const analysis = out.analysis ?? { table1: [], fisher: [], fig2: [], quality: null };
  const quality = analysis.quality?.records ?? [];
  const table2 = resultTable(out.settings, "within");
  const table3 = resultTable(out.settings, "cross");
  const seeds = { base: config.evaluation.seed, reps: config.evaluation.reps };
  return {
    schema: 2,
    codeVersion: CODE_VERSION,
    profile: config.profile,
    config: JSON.parse(JSON.stringify(config)),
    backend: plan.backend,
    seeds,
    timings: out.timings,
    dataHashes: inputs.hashes,
    corpora: {
      labelled: summarizeCorpus(inputs.labelled),
      test: summarizeCorpus(inputs.test),
      source: summarizeCorpus(inputs.source),
    },
    augmenters: config.augmenters,
    settings: out.settings,
    table1: analysis.table1,
    fisher: analysis.fisher,
    fig2: analysis.fig2,
    lossCurves: out.lossCurves,
    diversityCurves: out.diversityCurves,
    syntheticQuality: quality,
    qualityFigures: analysis.quality?.figures ?? null,
    table2,
    table3,
    methods: methodRows(out.settings),
    lambdaSweep: config.lambdaSweep === null
      ? null
      : lambdaSweepRows(config.lambdaSweep, analysis.table1, out.settings, quality),
    claims: paperClaims({
      table1: analysis.table1,
      table2,
      table3,
      settings: out.settings,
      seeds,
      quality,
    }),
    createdAt: new Date().toISOString(),
  };
}

/**
 * Plans and runs a reproduction, every expensive piece cached: each augmenter's synthetic corpus
 * (the CycleGAN's with checkpoints, so an interrupted run resumes) and each setting's numbers. A
 * second call with the same inputs reads everything from the cache.
 * @param options what to reproduce
 * @param hooks progress callbacks and an abort signal
 * @returns all results
 */
export async function reproducePaper(
  options: ReproduceOptions,
  hooks: RunHooks = {},
): Promise<ExperimentResults> {
  return runReproduction(await planReproduction(options), hooks);
}
