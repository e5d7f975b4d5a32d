/**
 * The plan of a run as typed stages: fitting an augmenter for one scope (`augment`), evaluating
 * one setting (`evaluate`), and the analysis of the paper's Sec. 4.2 (`analysis`). Each stage says
 * its work and whether the cache already holds its result; stages carry what they run on as
 * fields (protocol, train-on, augmenter, scope), so nothing parses stage ids.
 *
 * Order: Real per protocol first (the baseline of every paired comparison), then per augmenter its
 * fits and its settings, then the analysis, so the synthetic corpora of one augmenter are held in
 * memory only while its settings run.
 * @module
 */
import { type AugmenterSpec, parseAugmenterSpec } from "../augmentation/augmenter.ts";
import { createAugmenter } from "../augmentation/registry.ts";
import { fitWork } from "../augmentation/work.ts";
import type { BackendInfo } from "../backend.ts";
import {
  classCounts,
  classMismatchProblems,
  classProblems,
  type DataProblem,
  type DataProblemKind,
  foldProblems,
  leaveOneSessionOut,
  sessionProblems,
  subsetCorpus,
} from "../data/mod.ts";
import type { Corpus } from "../data/types.ts";
import { candidateEpochs } from "../evaluation/config.ts";
import { augmenterSeed } from "../evaluation/seeds.ts";
import type { EvaluationDeps, SettingSpec } from "../evaluation/setting.ts";
import { ALL_ROWS, type SyntheticRequest } from "../evaluation/synthetic.ts";
import type { ClassifierSettings, Protocol } from "../evaluation/types.ts";
import { cacheKey, hashCorpus, ResultCache } from "./cache.ts";
import { augmenterContext, resolveRunConfig, type RunConfig, type RunSettings } from "./config.ts";
import { type CorpusChoice, loadInputs, type RunInputs } from "./inputs.ts";

/** What every stage has. */
export interface StageBase {
  /** Stable id, unique in the plan (timings are keyed by it; never parsed). */
  readonly id: string;
  /** What the stage does, in words. */
  readonly title: string;
  /** Units of work (see `unit`). */
  readonly units: number;
  /** What one unit is, singular: `iteration` (CycleGAN), `step`, `batch` (classifier). */
  readonly unit: string;
  /** Whether the stage costs nothing: its result is cached, or nothing still needs it. */
  readonly cached: boolean;
}

/** Fits one augmenter on the rows of one scope and generates its synthetic rows. */
export interface AugmentStage extends StageBase {
  /** The kind. */
  readonly kind: "augment";
  /** The augmenter, canonical spec text. */
  readonly augment: string;
  /** The request the evaluation will make for these rows (same key). */
  readonly request: SyntheticRequest;
  /** Cache key of the synthetic corpus. */
  readonly key: string;
}

/** Evaluates one setting. */
export interface EvaluateStage extends StageBase {
  /** The kind. */
  readonly kind: "evaluate";
  /** Protocol, train-on and augmenter. */
  readonly setting: SettingSpec;
  /** The augmenter, canonical spec text; `null` for Real. */
  readonly augment: string | null;
  /** The classifier of the setting (its cost per batch). */
  readonly classifier: ClassifierSettings;
  /** Cache key of the setting's result. */
  readonly key: string;
  /** Keys of the synthetic corpora the setting reads. */
  readonly needs: readonly string[];
}

/**
 * Table 1, Fisher overlap and Fig. 2 from the CycleGANs on all labelled rows, and the
 * synthetic-data quality of every augmenter's all-rows corpus.
 */
export interface AnalysisStage extends StageBase {
  /** The kind. */
  readonly kind: "analysis";
  /** The all-rows corpora it reads, by canonical augmenter spec: cache keys. */
  readonly needs: ReadonlyMap<string, string>;
}

/** One stage of a run. */
export type Stage = AugmentStage | EvaluateStage | AnalysisStage;

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
  /** A warning for the user (e.g. collapsing generators); shown once per stage. */
  readonly warning?: string;
}

/** Options of {@linkcode planRun}. */
export interface PlanOptions extends RunSettings, CorpusChoice {
  /** The backend in use, chosen once by the caller (`initBackend`). */
  readonly backend: BackendInfo;
  /** Cache root; `false` disables the cache (default: `$SER_CACHE_DIR` or `<repo>/.cache`). */
  readonly cacheDir?: string | false;
  /** Whether to plan the analysis stage (Table 1, Fisher, Fig. 2). */
  readonly analysis?: boolean;
  /** Injected evaluation functions (tests): every fit and classifier goes through them. */
  readonly deps?: Partial<EvaluationDeps>;
}

/**
 * A problem found while planning: the run would fail or give a wrong number, so
 * {@linkcode runPlan} refuses to start it (`--dry-run` lists them all). The data checks of
 * `lib/data/validate.ts`, plus a source corpus with fewer rows than the synthetic rows per class.
 */
export interface PlanProblem {
  /** What is wrong. */
  readonly kind: DataProblemKind | "too-few-source-rows";
  /** The corpus concerned (its `name`). */
  readonly corpus: string;
  /** One line for the user. */
  readonly message: string;
}

/** Every problem of a plan, thrown by {@linkcode assertRunnable} before the first training step. */
export class PlanProblemsError extends RangeError {
  /** The problems, in the order found. */
  readonly problems: readonly PlanProblem[];
  /** @param problems at least one */
  constructor(problems: readonly PlanProblem[]) {
    const more = problems.length - 1;
    super(
      problems[0].message +
        (more > 0 ? ` (and ${more} more problem${more > 1 ? "s" : ""})` : ""),
    );
    this.name = "PlanProblemsError";
    this.problems = problems;
  }
}

/** A planned run: configuration, corpora (loaded once), stages, cache, backend. */
export interface RunPlan {
  /** The resolved configuration. */
  readonly config: RunConfig;
  /** The corpora and their hashes. */
  readonly inputs: RunInputs;
  /** Stages in execution order. */
  readonly stages: readonly Stage[];
  /** The cache, or `null` when disabled. */
  readonly cache: ResultCache | null;
  /** The backend in use. */
  readonly backend: BackendInfo;
  /** Injected evaluation functions. */
  readonly deps?: Partial<EvaluationDeps>;
  /** What would make the run fail or mislead: it does not start while there is one. */
  readonly problems: readonly PlanProblem[];
  /**
   * Things the user should know that do not stop the run: a damaged feature-cache or result-cache
   * entry, rebuilt. The cache adds to it while the plan runs; `runPlan` reports each one once.
   */
  readonly warnings: readonly string[];
}

/**
 * Throws every problem of a plan at once, before anything is trained.
 * @param plan from {@linkcode planRun}
 * @throws {PlanProblemsError} when the plan has problems: the message is the first one's
 */
export function assertRunnable(plan: Pick<RunPlan, "problems">): void {
  if (plan.problems.length > 0) throw new PlanProblemsError(plan.problems);
}

/**
 * The problems of a run on its corpora, before anything trains: the labelled corpus's classes;
 * under the within-corpus protocol its sessions and every fold's training classes; under the
 * cross-corpus protocol the test corpus's classes; for every augmenter that transforms source
 * rows (the CycleGAN), enough source rows for the synthetic rows per class asked for.
 * (Feature names are matched when the corpora load, see `loadInputs`.)
 * @param config the run configuration
 * @param inputs the loaded corpora
 * @param synthetic whether the run fits augmenters
 * @returns the problems, empty when the run can start
 */
export function planProblems(
  config: RunConfig,
  inputs: RunInputs,
  synthetic: boolean,
): PlanProblem[] {
  const { labelled, test, source } = inputs;
  const found: (DataProblem | PlanProblem)[] = [...classProblems(labelled)];
  if (config.protocols.includes("within")) {
    const sessions = sessionProblems(labelled);
    found.push(...sessions);
    if (sessions.length === 0 && labelled.labels !== null) found.push(...foldProblems(labelled));
  }
  if (config.protocols.includes("cross") && test) {
    if (test.labels !== null) found.push(...classProblems(test));
    found.push(...classMismatchProblems(labelled, test));
  }
  if (synthetic && source) {
    const e = config.evaluation;
    const context = augmenterContext(config);
    const asked = [e.syntheticPerClass, e.cyclegan.syntheticPerClass ?? null]
      .filter((n): n is number => n !== null);
    const perClass = asked.length === 0 ? 0 : Math.max(...asked);
    const users = config.augmenters.filter((a) => createAugmenter(a, context).usesSource);
    if (users.length > 0 && source.rows < perClass) {
      found.push({
        kind: "too-few-source-rows",
        corpus: source.name,
        message: `Source corpus "${source.name}": expected at least ${perClass} rows (the ` +
          `synthetic rows per class of profile ${config.profile}, for ${users.join(", ")}), ` +
          `found ${source.rows}`,
      });
    }
  }
  return found.map((p) => ({ kind: p.kind, corpus: p.corpus, message: p.message }));
}

/**
 * The cache key of a synthetic corpus: the augmenter (canonical spec and the run's augmenter
 * context, i.e. the CycleGAN settings), the rows it sees, the source, the seed and the amount.
 * @param request what is asked for
 * @param config the run configuration
 * @returns the key
 */
export async function syntheticKey(request: SyntheticRequest, config: RunConfig): Promise<string> {
  return cacheKey("synthetic", {
    spec: request.spec,
    context: augmenterContext(config),
    seed: request.seed,
    perClass: request.perClass,
    train: await hashCorpus(request.train),
    source: request.source ? await hashCorpus(request.source) : null,
  });
}

/**
 * The cache key of one evaluated setting: everything that can change its numbers.
 * @param spec protocol, train-on setting, augmenter
 * @param config the run configuration
 * @param inputs the corpora's hashes
 * @returns the key
 */
export function settingKey(
  spec: SettingSpec,
  config: RunConfig,
  inputs: RunInputs,
): Promise<string> {
  const e = config.evaluation;
  const usesSyn = spec.trainOn !== "real";
  return cacheKey("setting", {
    protocol: spec.protocol,
    trainOn: spec.trainOn,
    augment: usesSyn ? spec.augment : null,
    context: usesSyn ? augmenterContext(config) : null,
    syntheticPerClass: usesSyn ? e.syntheticPerClass : null,
    classifier: e.classifiers[spec.protocol][spec.trainOn],
    normalization: e.normalization,
    reps: e.reps,
    seed: e.seed,
    devFraction: spec.protocol === "cross" ? e.devFraction : null,
    devEpochFactors: spec.protocol === "cross" ? e.devEpochFactors : null,
    synthesisProtocol: spec.protocol === "within" && usesSyn ? e.synthesisProtocol : null,
    labelled: inputs.hashes.labelled,
    test: spec.protocol === "cross" ? inputs.hashes.test : null,
    source: usesSyn ? inputs.hashes.source : null,
  });
}

function _batches(rows: number, batchSize: number): number {
  return Math.max(1, Math.floor(rows / Math.min(batchSize, Math.max(1, rows))));
}

const WORDS: Readonly<Record<Protocol, string>> = { within: "Within", cross: "Cross" };

/**
 * Plans a run: resolves the configuration, loads and hashes the corpora once, and lists the stages
 * with their work and whether they are cached, and finds every problem that would stop the run
 * (`problems`, see {@linkcode planProblems}). Nothing is trained.
 * @param options what to run, on which corpora, backend and cache
 * @returns the plan
 * @throws {RangeError} for corpora whose feature names cannot be matched (see `loadInputs`)
 */
export async function planRun(options: PlanOptions): Promise<RunPlan> {
  const config = resolveRunConfig(options);
  const e = config.evaluation;
  const context = augmenterContext(config);
  const synthetic = config.augmenters.length > 0 && config.trainOn.length > 0;
  const warnings: string[] = [];
  const inputs = await loadInputs(options, {
    test: config.protocols.includes("cross"),
    source: synthetic || Boolean(options.analysis),
  }, { cacheDir: options.cacheDir, onWarning: (w) => warnings.push(w) });
  const problems = planProblems(config, inputs, synthetic);
  const cache = options.cacheDir === false
    ? null
    : new ResultCache(options.cacheDir, { onWarning: (w) => warnings.push(w) });
  const { labelled, source } = inputs;
  // Without two sessions there are no folds: the within stages are listed with no work, and the
  // problem stops the run.
  const folds = sessionProblems(labelled).length === 0 ? leaveOneSessionOut(labelled) : [];
  const nClasses = labelled.classes.length;
  const stages: Stage[] = [];
  const needed = new Map<string, boolean>(); // synthetic key → some uncached stage reads it

  const evaluateStage = async (setting: SettingSpec, augment: string | null, needs: string[]) => {
    const classifier = e.classifiers[setting.protocol][setting.trainOn];
    const key = await settingKey(setting, config, inputs);
    const cached = cache ? await cache.hasJson(key) : false;
    if (!cached) needs.forEach((k) => needed.set(k, true));
    const perClass = (train: Corpus) => {
      if (setting.trainOn === "real" || setting.augment === null) return 0;
      const a = createAugmenter(setting.augment, context);
      const counts = Object.values(classCounts(train));
      const natural = a.usesSource && source
        ? source.rows
        : counts.reduce((x, y) => x + y, 0) / counts.length;
      return e.syntheticPerClass ?? natural;
    };
    const rows = (train: Corpus) =>
      (setting.trainOn === "syn" ? 0 : train.rows) + nClasses * perClass(train);
    const units = setting.protocol === "within"
      ? folds.reduce(
        (a, f) =>
          a + _batches(rows(subsetCorpus(labelled, f.train)), classifier.batchSize) *
            classifier.epochs,
        0,
      ) * e.reps
      : _batches(rows(labelled), classifier.batchSize) *
        Math.max(...candidateEpochs(classifier.epochs, e.devEpochFactors)) * e.reps;
    stages.push({
      kind: "evaluate",
      id: `evaluate:${setting.protocol}:${setting.trainOn}${augment ? `:${augment}` : ""}`,
      title: `${WORDS[setting.protocol]} corpus, train on ${setting.trainOn}` +
        (augment ? ` (${augment})` : ""),
      units,
      unit: "batch",
      cached,
      setting,
      augment,
      classifier,
      key,
      needs,
    });
  };

  for (const protocol of config.protocols) {
    await evaluateStage({ protocol, trainOn: "real", augment: null }, null, []);
  }
  const analysisNeeds = new Map<string, string>();
  if (synthetic) {
    for (const augment of config.augmenters) {
      const spec: AugmenterSpec = parseAugmenterSpec(augment);
      const withinScopes = config.protocols.includes("within")
        ? (e.synthesisProtocol === "leak-free" ? folds.map((f) => f.testSession) : [ALL_ROWS])
        : [];
      const scopes = new Set(withinScopes);
      if (config.protocols.includes("cross") || options.analysis) scopes.add(ALL_ROWS);
      const keys = new Map<string, string>();
      const probe = createAugmenter(spec, context);
      for (const scope of scopes) {
        const fold = folds.find((f) => f.testSession === scope);
        const train = scope === ALL_ROWS ? labelled : subsetCorpus(labelled, fold!.train);
        const request: SyntheticRequest = {
          spec,
          train,
          source,
          scope,
          seed: augmenterSeed(e.seed, scope),
          perClass: e.syntheticPerClass,
        };
        const key = await syntheticKey(request, config);
        keys.set(scope, key);
        const work = fitWork(probe, {
          classRows: labelled.classes.map((c) => classCounts(train)[c] ?? 0),
          cols: labelled.cols,
          sourceRows: probe.usesSource && source ? source.rows : 0,
        });
        const stage: AugmentStage = {
          kind: "augment",
          id: `augment:${augment}:${scope}`,
          title: `${augment}, ${
            scope === ALL_ROWS ? "all labelled sessions" : `fold without ${scope}`
          }`,
          units: work.units,
          unit: work.unit,
          cached: cache ? await cache.hasCorpus(key) : false,
          augment,
          request,
          key,
        };
        stages.push(stage);
      }
      if (options.analysis) {
        analysisNeeds.set(augment, keys.get(ALL_ROWS)!);
        needed.set(keys.get(ALL_ROWS)!, true);
      }
      for (const protocol of config.protocols) {
        const needs = protocol === "within" ? withinScopes : [ALL_ROWS];
        for (const trainOn of config.trainOn) {
          await evaluateStage(
            { protocol, trainOn, augment: spec },
            augment,
            needs.map((s) => keys.get(s)!),
          );
        }
      }
    }
  }
  if (options.analysis) {
    stages.push({
      kind: "analysis",
      id: "analysis",
      title: "Table 1, Fisher overlap, Fig. 2, synthetic-data quality",
      units: 1,
      unit: "step",
      cached: false,
      needs: analysisNeeds,
    });
  }
  // A fit whose every reader is cached costs nothing: it is skipped.
  const final = stages.map((s) =>
    s.kind === "augment" && !needed.get(s.key) ? { ...s, cached: true } : s
  );
  return {
    config,
    inputs,
    stages: final,
    cache,
    backend: options.backend,
    deps: options.deps,
    problems,
    warnings,
  };
}

/**
 * The part of a plan that the synthetic-data quality needs: the analysis stage and the fits on all
 * labelled rows it reads (`deno task quality`). Fits found in the cache are read, not refitted.
 * @param plan a plan with an analysis stage
 * @returns the same plan with only those stages
 * @throws {RangeError} when the plan has no analysis stage
 */
export function analysisOnly(plan: RunPlan): RunPlan {
  const analysis = plan.stages.find((s) => s.kind === "analysis");
  if (analysis?.kind !== "analysis") {
    throw new RangeError("Expected a plan with an analysis stage, found none");
  }
  const keys = new Set(analysis.needs.values());
  const fits = plan.stages.filter((s) => s.kind === "augment" && keys.has(s.key));
  return selectStages(plan, [...fits.map((s) => s.id), analysis.id]);
}

/** Stage ids that are not in a plan (`selectStages`). */
export class UnknownStageError extends RangeError {
  /** The ids not found. */
  readonly ids: readonly string[];
  /**
   * @param ids the ids not found, at least one
   * @param known the plan's ids
   */
  constructor(ids: readonly string[], known: readonly string[]) {
    super(
      `Expected stage ids of this plan, found ${ids.map((id) => `"${id}"`).join(", ")} ` +
        `(the plan's ${known.length} stages: ${known.slice(0, 3).join(", ")}` +
        `${known.length > 3 ? ", …" : ""})`,
    );
    this.name = "UnknownStageError";
    this.ids = ids;
  }
}

/**
 * Reads stage ids given as text, each a comma-separated list (`--stage a,b --stage c`). Stage ids
 * may hold commas themselves (an augmenter with several parameters, `augment:x:a=1,b=2:S1`), so a
 * list is split at every comma except one followed by a parameter (`name=`).
 * @param texts the lists
 * @returns the ids in order, without blanks
 */
export function parseStageIds(texts: readonly string[]): string[] {
  return texts.flatMap((t) => t.split(/,(?!\s*[A-Za-z_][\w.-]*=)/))
    .map((id) => id.trim())
    .filter((id) => id !== "");
}

/**
 * The part of a plan that one process runs (`deno task reproduce --stage ID`): the chosen stages
 * only, in plan order. An `evaluate` stage still gets the synthetic corpora it reads, from the
 * cache or by fitting them itself (and caching them); a chosen `augment` stage is fitted and
 * cached even when no chosen stage reads it. Run it with `runPlan`: its results go to the cache,
 * where a later full run (or another process) finds them.
 * @param plan from {@linkcode planRun}
 * @param ids stage ids of the plan (see {@linkcode parseStageIds}); repeats are ignored
 * @returns the plan with only those stages
 * @throws {UnknownStageError} naming every id that is not a stage of the plan
 * @throws {RangeError} when no id is given
 */
export function selectStages(plan: RunPlan, ids: readonly string[]): RunPlan {
  if (ids.length === 0) throw new RangeError("Expected at least one stage id, found none");
  const known = plan.stages.map((s) => s.id);
  const unknown = [...new Set(ids.filter((id) => !known.includes(id)))];
  if (unknown.length > 0) throw new UnknownStageError(unknown, known);
  const chosen = new Set(ids);
  return { ...plan, stages: plan.stages.filter((s) => chosen.has(s.id)) };
}

/**
 * The stage list of a plan, for scripts (`deno task reproduce --list-stages`): one line per stage,
 * tab-separated: id, `cached` or `pending`, title. The analysis is never cached: the final run
 * assembles it.
 * @param plan from {@linkcode planRun}
 * @returns the lines, joined
 */
export function formatStageList(plan: Pick<RunPlan, "stages">): string {
  return plan.stages.map((s) => `${s.id}\t${s.cached ? "cached" : "pending"}\t${s.title}`)
    .join("\n");
}
