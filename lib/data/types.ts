/**
 * The shapes every part of the toolkit passes around: a feature matrix as read from openSMILE
 * output, and a corpus (features plus what is known about each row).
 * @module
 */

/** The four emotions of the paper, in the reference code's class order (METHOD_NOTES). */
export const PAPER_CLASSES = ["angry", "happy", "neutral", "sad"] as const;

/** Rows of acoustic features with their ids, row-major in one `Float32Array`. */
export interface FeatureMatrix {
  /** Row-major values, `rows × cols`. */
  readonly data: Float32Array;
  /** Number of rows (utterances). */
  readonly rows: number;
  /** Number of features per row (1582 for emobase2010). */
  readonly cols: number;
  /** One id per row (openSMILE's instance name). */
  readonly ids: readonly string[];
  /** One name per column, in file order. */
  readonly featureNames: readonly string[];
}

/**
 * A corpus: features plus, where known, a label, speaker and session per row.
 * Labels index into `classes`; an unlabelled corpus has `labels === null` and `classes = []`.
 */
export interface Corpus extends FeatureMatrix {
  /** Short name, e.g. `emodb`. */
  readonly name: string;
  /** Class names; `labels[i]` indexes into this list. Empty when unlabelled. */
  readonly classes: readonly string[];
  /** Per-row class index, or `null` for an unlabelled corpus. */
  readonly labels: Int32Array | null;
  /** Per-row speaker id, or `null` when unknown. */
  readonly speakers: readonly string[] | null;
  /** Per-row session id, or `null` when unknown. */
  readonly sessions: readonly string[] | null;
  /** Rows dropped while loading because their label is outside the class map, by raw label. */
  readonly dropped: Readonly<Record<string, number>>;
  /** The feature file it was read from, as the caller named it (for messages); absent in memory. */
  readonly source?: string;
  /** 1-based header line of each feature in `source` (for messages); absent in memory. */
  readonly featureLines?: readonly number[];
}

/** A feature matrix as read from one openSMILE output file, with where it came from. */
export interface FeatureTable extends FeatureMatrix {
  /** The file as the caller named it (used in messages). */
  readonly source: string;
  /** The ARFF `@relation` name, or `null` for CSV. */
  readonly relation: string | null;
  /**
   * The raw value of the trailing `class` attribute per row (openSMILE's `-class` option, `0`
   * unless set), or `null` when the file has no class column. Never part of the features.
   */
  readonly classValues: readonly string[] | null;
  /**
   * 1-based line of the header that declares each feature (ARFF `@attribute` lines; the header
   * line for CSV), for messages that compare headers. Absent for tables built in memory.
   */
  readonly featureLines?: readonly number[];
}

/**
 * Something the data layer recovered from, for the caller to show: the library never prints.
 * Passed to the `onWarning` option of `readFeatures` and `loadCorpus`; the command line prints
 * `message` once on stderr.
 */
export interface DataWarning {
  /** What happened: `feature-cache-corrupt`, a cache entry failed its checks and was rebuilt. */
  readonly kind: "feature-cache-corrupt";
  /** The file at fault (the cache entry). */
  readonly file: string;
  /** The feature file that was parsed instead, as the caller named it. */
  readonly source: string;
  /** One line: `<entry>: expected …, found …; parsing <source> again`. */
  readonly message: string;
}
