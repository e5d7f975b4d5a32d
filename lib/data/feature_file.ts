/**
 * The entry point for feature files: picks the reader from the file name, goes through the
 * binary cache, and checks that several files share one feature set.
 * @module
 */

import { readArff } from "./arff_reader.ts";
import { readOpenSmileCsv } from "./csv_reader.ts";
import type { CsvReadOptions } from "./csv_reader.ts";
import { DataFileError } from "./errors.ts";
import {
  cacheEntryPath,
  readCacheEntry,
  resolveCacheDir,
  sourceIdentity,
  writeCacheEntry,
} from "./feature_cache.ts";
import type { DataWarning, FeatureMatrix, FeatureTable } from "./types.ts";

/** Options of {@linkcode readFeatures}. */
export interface ReadFeaturesOptions extends CsvReadOptions {
  /** File format; by default `csv` for `*.csv` and `*.csv.gz`, `arff` otherwise. */
  readonly format?: "arff" | "csv";
  /** Use the binary cache (read and write). Default `true`. */
  readonly cache?: boolean;
  /**
   * The features folder itself; wins over `cacheRoot`. Default `<cacheRoot>/features/`, else
   * `$SER_CACHE_DIR/features/`, else `<repo>/.cache/features/`.
   */
  readonly cacheDir?: string;
  /**
   * The toolkit's cache root (what `--cache DIR` names, shared with the result cache); feature
   * entries go to `<cacheRoot>/features/`. Default `$SER_CACHE_DIR`, else `<repo>/.cache`.
   */
  readonly cacheRoot?: string;
  /** Called when the cache cannot be written (read-only folder, full disk); loading goes on. */
  readonly onCacheError?: (error: Error) => void;
  /**
   * Called once per load that found a damaged cache entry (checksum mismatch, truncated, not a
   * cache entry); the source is then parsed again and the entry rewritten. The library never
   * prints: a command line shows `warning.message`.
   */
  readonly onWarning?: (warning: DataWarning) => void;
}

/**
 * Reads an openSMILE feature file (ARFF or CSV, plain or gzip), from the binary cache when the
 * file has not changed since it was last parsed (the cache key is described in
 * `feature_cache.ts`). A file that fails to parse is never cached; a damaged cache entry is
 * reported through `onWarning`, and the file is parsed again.
 *
 * @example
 * ```ts
 * import { readFeatures } from "./feature_file.ts";
 * const table = await readFeatures("tests/fixtures/opensmile/emobase2010.csv", { cache: false });
 * if (table.featureNames[0] !== "pcm_loudness_sma_maxPos") throw new Error("wrong header");
 * ```
 * @param path the feature file
 * @param options format, cache and progress settings
 * @returns the table; its `data` is owned by the caller and may be a view into a larger buffer
 * @throws {Deno.errors.NotFound} when the file does not exist
 * @throws {Deno.errors.IsADirectory} naming the path when it is a folder
 * @throws {DataFileError} naming file and line when the file is malformed
 */
export async function readFeatures(
  path: string,
  options: ReadFeaturesOptions = {},
): Promise<FeatureTable> {
  if (typeof path !== "string" || path === "") {
    throw new TypeError(`Feature file path must be a non-empty string, found ${String(path)}`);
  }
  const format = options.format ?? (/\.csv(\.gz)?$/i.test(path) ? "csv" : "arff");
  if (format !== "arff" && format !== "csv") {
    throw new RangeError(`Feature file format must be 'arff' or 'csv', found '${format}'`);
  }
  let identity;
  try {
    identity = await sourceIdentity(path);
  } catch (err) {
    if (err instanceof Deno.errors.NotFound) {
      throw new Deno.errors.NotFound(`Feature file '${path}' does not exist`);
    }
    if (err instanceof Deno.errors.IsADirectory) {
      throw new Deno.errors.IsADirectory(`Expected a feature file, found the directory '${path}'`);
    }
    throw err;
  }
  const dir = options.cache === false || identity.contentHash === null
    ? null
    : resolveCacheDir(options.cacheDir, options.cacheRoot);
  const entry = dir === null ? null : await cacheEntryPath(dir, identity.path);
  if (entry !== null) {
    const lookup = await readCacheEntry(entry, identity, path);
    if (lookup.table !== null) return lookup.table;
    if (lookup.problem !== null) {
      options.onWarning?.({
        kind: "feature-cache-corrupt",
        file: entry,
        source: path,
        message: `${entry}: ${lookup.problem}; parsing ${path} again`,
      });
    }
  }
  const table = format === "csv"
    ? await readOpenSmileCsv(path, options)
    : await readArff(path, options);
  if (entry !== null) {
    try {
      const after = await Deno.stat(identity.path);
      // Cache only what was parsed from a file that did not change while it was read.
      if (
        after.size === identity.size && (after.mtime?.getTime() ?? null) === identity.mtimeMs &&
        after.ino === identity.ino
      ) {
        await writeCacheEntry(entry, identity, table);
      }
    } catch (err) {
      options.onCacheError?.(err instanceof Error ? err : new Error(String(err)));
    }
  }
  return table;
}

/**
 * Checks that two feature matrices have the same features in the same order, e.g. a labelled
 * corpus and the unlabelled source that a CycleGAN maps between.
 *
 * @example
 * ```ts
 * import { requireSameFeatures } from "./feature_file.ts";
 * const a = { data: new Float32Array(0), rows: 0, cols: 1, ids: [], featureNames: ["f0"] };
 * requireSameFeatures(a, { ...a }); // same names: no error
 * ```
 * @param a one matrix (a {@linkcode FeatureTable} names its file and header lines)
 * @param b the other
 * @throws {DataFileError} naming both files (and header lines) and the first feature that
 *   differs
 */
export function requireSameFeatures(
  a: FeatureMatrix | FeatureTable,
  b: FeatureMatrix | FeatureTable,
): void {
  const na = a.featureNames;
  const nb = b.featureNames;
  const n = Math.min(na.length, nb.length);
  let k = 0;
  while (k < n && na[k] === nb[k]) k++;
  if (k === na.length && k === nb.length) return;
  const where = (t: FeatureMatrix | FeatureTable, fallback: string): [string, number | null] => {
    const source = "source" in t && typeof t.source === "string" ? t.source : fallback;
    const lines = "featureLines" in t ? t.featureLines : undefined;
    const line = lines && lines.length > 0 ? lines[Math.min(k, lines.length - 1)] : null;
    return [source, line];
  };
  const [fa, la] = where(a, "first matrix");
  const [fb, lb] = where(b, "second matrix");
  const at = (f: string, l: number | null) => (l === null ? f : `${f}:${l}`);
  const describe = (names: readonly string[]) =>
    k < names.length ? `'${names[k]}'` : `nothing (it has ${names.length} features)`;
  throw new DataFileError(
    fa,
    la,
    `feature ${k + 1} is ${describe(na)}, but ${at(fb, lb)} has ${
      describe(nb)
    }; the two files must share features (${na.length} and ${nb.length} features)`,
  );
}
