/**
 * The corpora of a run, loaded and hashed once: planning, the cache keys and the results'
 * provenance all read the same {@linkcode RunInputs}. Every corpus that meets the labelled one
 * (the cross-corpus test corpus, the source corpus) is matched to it by feature name with
 * `alignFeatures`: reordered when it has the same features in another order, refused with the
 * first differing name otherwise. Columns are never matched by position alone.
 * @module
 */
import { alignFeatures } from "../data/align.ts";
import { classCounts, loadCorpus, type LoadCorpusOptions } from "../data/mod.ts";
import type { Corpus, DataWarning } from "../data/types.ts";
import { hashCorpus } from "./cache.ts";
import type { CorpusSummary, DataHashes } from "./types.ts";

/** Where the corpora come from: preset names, corpus spec paths, or loaded corpora. */
export interface CorpusChoice {
  /** Labelled corpus (default `emodb`). */
  readonly labelled?: string | Corpus;
  /** Cross-corpus test corpus (default `ravdess`). */
  readonly test?: string | Corpus;
  /** Unlabelled source corpus (default `librispeech`). */
  readonly source?: string | Corpus;
}

/** The loaded corpora and their hashes. */
export interface RunInputs {
  /** The labelled corpus. */
  readonly labelled: Corpus;
  /** The cross-corpus test corpus, when the run has a cross-corpus protocol. */
  readonly test?: Corpus;
  /** The unlabelled source corpus, when the run has an augmenter. */
  readonly source?: Corpus;
  /** sha256 of each corpus (empty for one not loaded). */
  readonly hashes: DataHashes;
}

/** Where feature files are cached while the corpora load, and how their warnings come back. */
export interface LoadInputsOptions {
  /**
   * The cache root (`--cache DIR`): feature files are cached in its `features/` folder; `false`
   * reads every feature file without the cache (`--no-cache`). Default `$SER_CACHE_DIR` or
   * `<repo>/.cache`.
   */
  readonly cacheDir?: string | false;
  /** Called for a damaged feature cache entry (rebuilt) or one that could not be written. */
  readonly onWarning?: (message: string) => void;
}

/**
 * Loads a corpus given by name, path or value.
 * @param c a preset name, a spec path, or a corpus
 * @param options feature-cache settings for a corpus loaded from files
 * @returns the corpus
 */
export function resolveCorpus(
  c: string | Corpus,
  options: LoadCorpusOptions = {},
): Promise<Corpus> {
  return typeof c === "string" ? loadCorpus(c, options) : Promise.resolve(c);
}

/**
 * Loads the corpora a run needs, in parallel, matches the test and source corpora to the
 * labelled one by feature name, and hashes them (after matching, so a file with its columns in
 * another order has the same hash and the same cache keys as the original).
 * @param choice the corpora
 * @param needs whether the test and source corpora are needed
 * @param options the feature cache's root and a warning callback
 * @returns the corpora (test and source in the labelled corpus's feature order) and hashes
 * @throws {RangeError} when the test or source corpus lacks a feature of the labelled corpus or
 *   has one it lacks: the message names the first such feature
 */
export async function loadInputs(
  choice: CorpusChoice,
  needs: { readonly test: boolean; readonly source: boolean },
  options: LoadInputsOptions = {},
): Promise<RunInputs> {
  const warn = options.onWarning;
  const load: LoadCorpusOptions = {
    ...(typeof options.cacheDir === "string" ? { cacheRoot: options.cacheDir } : {}),
    cache: options.cacheDir !== false,
    ...(warn
      ? {
        onWarning: (w: DataWarning) => warn(w.message),
        onCacheError: (e: Error) => warn(`feature cache not written: ${e.message}`),
      }
      : {}),
  };
  const [labelled, rawTest, rawSource] = await Promise.all([
    resolveCorpus(choice.labelled ?? "emodb", load),
    needs.test ? resolveCorpus(choice.test ?? "ravdess", load) : undefined,
    needs.source ? resolveCorpus(choice.source ?? "librispeech", load) : undefined,
  ]);
  const test = rawTest && alignFeatures(labelled, rawTest);
  const source = rawSource && alignFeatures(labelled, rawSource);
  const hash = (c: Corpus | undefined) => (c ? hashCorpus(c) : Promise.resolve(""));
  const [hl, ht, hs] = await Promise.all([hash(labelled), hash(test), hash(source)]);
  return { labelled, test, source, hashes: { labelled: hl, test: ht, source: hs } };
}

/**
 * One-line description of a corpus.
 * @param c a corpus, or none
 * @returns its name, rows and class counts (an empty summary for none)
 */
export function summarizeCorpus(c: Corpus | undefined): CorpusSummary {
  return c
    ? { name: c.name, utterances: c.rows, classCounts: classCounts(c) }
    : { name: "", utterances: 0, classCounts: {} };
}
