/**
 * One evaluation from names to numbers: load the corpora (presets or spec files), resolve the
 * configuration of a profile, evaluate one setting (served from the cache when possible), and
 * return an {@linkcode EvaluationResult} with its provenance. What `deno task evaluate` calls.
 * @module
 */
import { loadCorpus } from "../data/mod.ts";
import type { Corpus } from "../data/types.ts";
import type {
  BackendReport,
  DataHashes,
  EvaluationResult,
  ProfileName,
  Protocol,
  TrainOn,
} from "./types.ts";
import { CODE_VERSION, hashCorpus, ResultCache } from "./cache.ts";
import { type EvaluationOverrides, resolveEvaluationConfig } from "./config.ts";
import {
  evaluateSetting,
  type EvaluationDeps,
  type EvaluationInputs,
  type EvaluationProgress,
} from "./protocols.ts";

/** Options of {@linkcode evaluate}. */
export interface EvaluateOptions {
  /** `within` or `cross`. */
  readonly protocol: Protocol;
  /** `real`, `syn` or `real+syn`. */
  readonly trainOn: TrainOn;
  /** λ_cls of the synthetic data (default 0; ignored for `real`). */
  readonly lambdaCls?: number;
  /** Labelled corpus: preset, spec path, or a loaded corpus (default `emodb`). */
  readonly labelled?: string | Corpus;
  /** Cross-corpus test corpus: preset, spec path or corpus (default `ravdess`). */
  readonly test?: string | Corpus;
  /** Unlabelled source corpus: preset, spec path or corpus (default `librispeech`). */
  readonly source?: string | Corpus;
  /** Profile (default `paper`). */
  readonly profile?: ProfileName;
  /** Configuration overrides on top of the profile (reps, seed, normalization, ...). */
  readonly overrides?: EvaluationOverrides;
  /** Cache root; `false` disables the cache (default: `$SER_CACHE_DIR` or `<repo>/.cache`). */
  readonly cacheDir?: string | false;
  /** The backend in use, reported with the results (default: not recorded). */
  readonly backend?: BackendReport;
  /** Injected functions (tests). */
  readonly deps?: EvaluationDeps;
  /** Progress callback. */
  readonly onProgress?: (p: EvaluationProgress) => void;
  /** Cancellation. */
  readonly signal?: AbortSignal;
}

/**
 * Loads a corpus given by name, path or value.
 * @param c a preset name, a spec path, or a corpus
 * @returns the corpus
 */
export function resolveCorpus(c: string | Corpus): Promise<Corpus> {
  return typeof c === "string" ? loadCorpus(c) : Promise.resolve(c);
}

/**
 * Evaluates one setting.
 * @param options protocol, train-on setting, corpora, profile, overrides, cache and hooks
 * @returns the setting's numbers with configuration, backend, hashes, timings and loss curves
 */
export async function evaluate(options: EvaluateOptions): Promise<EvaluationResult> {
  const t0 = performance.now();
  const profile = options.profile ?? "paper";
  const config = resolveEvaluationConfig(profile, options.overrides ?? {});
  const usesSyn = options.trainOn !== "real";
  const labelled = await resolveCorpus(options.labelled ?? "emodb");
  const test = options.protocol === "cross"
    ? await resolveCorpus(options.test ?? "ravdess")
    : undefined;
  const source = usesSyn ? await resolveCorpus(options.source ?? "librispeech") : undefined;
  const tLoad = performance.now();
  const inputs: EvaluationInputs = { labelled, test, source };
  const cache = options.cacheDir === false ? null : new ResultCache(options.cacheDir);
  const out = await evaluateSetting(
    inputs,
    { protocol: options.protocol, trainOn: options.trainOn, lambdaCls: options.lambdaCls ?? 0 },
    { config, deps: options.deps, cache, onProgress: options.onProgress, signal: options.signal },
  );
  const dataHashes: DataHashes = {
    labelled: await hashCorpus(labelled),
    test: test ? await hashCorpus(test) : "",
    source: source ? await hashCorpus(source) : "",
  };
  return {
    codeVersion: CODE_VERSION,
    profile,
    config: JSON.parse(JSON.stringify(config)),
    backend: options.backend ?? { name: "unknown", device: "unknown", kernels: "unknown" },
    dataHashes,
    setting: out.setting,
    lossCurves: out.lossCurves,
    timings: {
      load: (tLoad - t0) / 1000,
      evaluate: (performance.now() - tLoad) / 1000,
      classifier: out.setting.seconds,
    },
    createdAt: new Date().toISOString(),
  };
}
