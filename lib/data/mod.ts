/**
 * The data layer: openSMILE readers (ARFF, CSV, plain or gzip) with a binary cache, corpora and
 * their presets, scalers, splits and one-line summaries.
 *
 * @example
 * ```ts
 * import { corpusSummary, loadCorpus } from "./mod.ts";
 * const emodb = await loadCorpus("emodb");
 * corpusSummary(emodb); // "emodb: 339 utterances (angry 127, happy 71, neutral 79, sad 62), ..."
 * ```
 * @module
 */
export * from "./types.ts";
export { DataFileError } from "./errors.ts";
export { isNonFiniteToken, parseFloatBytes } from "./float_bytes.ts";
export { readArff } from "./arff_reader.ts";
export type { ReadOptions, ReadProgress } from "./arff_reader.ts";
export { readOpenSmileCsv } from "./csv_reader.ts";
export type { CsvReadOptions } from "./csv_reader.ts";
export { readFeatures, requireSameFeatures } from "./feature_file.ts";
export { alignFeatures } from "./align.ts";
export type { ReadFeaturesOptions } from "./feature_file.ts";
export {
  CACHE_FORMAT_VERSION,
  cacheEntryPath,
  EDGE_BLOCK_BYTES,
  readCacheEntry,
  resolveCacheDir,
  sourceIdentity,
  WHOLE_HASH_LIMIT,
  writeCacheEntry,
} from "./feature_cache.ts";
export type { CacheLookup, SourceIdentity } from "./feature_cache.ts";
export { classCounts, corpusFromTable, NO_LABEL, subsetCorpus } from "./corpus.ts";
export type { CorpusRecipe, RowInfo } from "./corpus.ts";
export {
  BAD_ID,
  BUNDLED_FILES,
  bundledDataDir,
  EMODB_CLASS_MAP,
  EMODB_RECIPE,
  EMODB_SESSIONS,
  LIBRISPEECH_RECIPE,
  RAVDESS_CLASS_MAP,
  RAVDESS_RECIPE,
  TEDLIUM_RECIPE,
} from "./presets.ts";
export { IEMOCAP_CLASS_MAP, iemocapRecipe, readIemocapLabels } from "./iemocap.ts";
export { readCorpusSpec } from "./corpus_spec.ts";
export type { CorpusSpec, ResolvedCorpusSpec } from "./corpus_spec.ts";
export { CORPUS_PRESETS, loadCorpus } from "./load_corpus.ts";
export type { CorpusPreset, LoadCorpusOptions } from "./load_corpus.ts";
export { MIN_MAX_DEFAULTS, MinMaxScaler, STANDARD_DEFAULTS, StandardScaler } from "./scalers.ts";
export type {
  MinMaxLearned,
  MinMaxScalerSettings,
  ScalerJson,
  StandardLearned,
  StandardScalerSettings,
} from "./scalers.ts";
export { DEV_FRACTION, leaveOneSessionOut, stratifiedSplit } from "./splits.ts";
export type { Fold } from "./splits.ts";
export { corpusStats, corpusSummary } from "./summary.ts";
export {
  classMismatchProblems,
  classProblems,
  crossCorpusProblems,
  featureProblems,
  foldProblems,
  sessionProblems,
  withinCorpusProblems,
} from "./validate.ts";
export type { DataProblem, DataProblemKind } from "./validate.ts";
export type { CorpusStats } from "./summary.ts";
