/**
 * The result cache: JSON results and synthetic corpora keyed by the resolved configuration, the
 * sha256 of the input data and {@linkcode CODE_VERSION}. Root: the `cacheDir` option, else
 * `$SER_CACHE_DIR`, else `<repo>/.cache`; results live in `results/`, synthetic corpora in
 * `synthetic/`, checkpoints of long augmenter fits in `checkpoints/`. Every write is atomic (temp + rename).
 *
 * Checksums: a JSON result is stored as `{"sha256": …, "value": …}` with the sha256 of the
 * value's JSON text; a synthetic corpus's `.json` holds the sha256 of its `.bin` payload and is
 * itself stored that way. Every read verifies them: an entry that fails (edited, truncated,
 * overwritten, not JSON) is treated as absent, so its work is done again, and the cache's
 * `onWarning` is told once per entry. Entries written before checksums existed are read
 * unverified.
 *
 * Concurrent writers (several processes, on one host or on a cluster's shared file system, see
 * `deno task reproduce --stage`): a missing entry is computed under a lock of its own,
 * `<entry>.lock` beside it (see {@linkcode ResultCache.once}). A second process that needs the
 * same entry waits for the lock and then reads what the first wrote instead of computing it
 * again; a reader never sees half an entry, since every file is written atomically and a corpus
 * becomes visible only when its `.json`, written after its `.bin`, is.
 * @module
 */
import {
  acquireLock,
  cacheRoot,
  type LockOptions,
  sha256Hex,
  stableStringify,
  writeFileAtomic,
} from "../_files.ts";
import type { Corpus } from "../data/types.ts";

/**
 * Version of the evaluation code. Part of every cache key: bump it whenever a change would alter
 * any cached number.
 */
export const CODE_VERSION = "evaluation-3";

/**
 * sha256 of everything in a corpus that can change a result: features, ids, feature names,
 * classes, labels, speakers and sessions.
 * @param corpus the corpus
 * @returns lowercase hex digest
 */
export function hashCorpus(corpus: Corpus): Promise<string> {
  // Corpora are never mutated in place, so a digest is computed once per object.
  let h = _corpusHashes.get(corpus);
  if (h === undefined) {
    h = _hashCorpus(corpus);
    _corpusHashes.set(corpus, h);
  }
  return h;
}

const _corpusHashes = new WeakMap<Corpus, Promise<string>>();

function _hashCorpus(corpus: Corpus): Promise<string> {
  return sha256Hex(
    corpus.name,
    `${corpus.rows}x${corpus.cols}`,
    corpus.data.subarray(0, corpus.rows * corpus.cols),
    corpus.ids.join("\n"),
    corpus.featureNames.join("\n"),
    corpus.classes.join("\n"),
    corpus.labels ?? "",
    corpus.speakers?.join("\n") ?? "",
    corpus.sessions?.join("\n") ?? "",
  );
}

/**
 * The cache key of a piece of work.
 * @param kind what is cached, e.g. `setting` or `synthetic`
 * @param key plain data identifying the work (configuration, data hashes, ...)
 * @returns a hex digest that also covers {@linkcode CODE_VERSION}
 */
export function cacheKey(kind: string, key: unknown): Promise<string> {
  return sha256Hex(CODE_VERSION, kind, stableStringify(key));
}

/** Options of {@linkcode ResultCache}. */
export interface ResultCacheOptions {
  /** Told once per damaged entry (the entry is then recomputed); the library never prints. */
  readonly onWarning?: (message: string) => void;
}

/** The cache folders whose entries {@linkcode ResultCache.once} locks. */
export type CacheFolder = "results" | "synthetic" | "checkpoints";

/** How {@linkcode ResultCache.once} got its value. */
export type OnceOutcome =
  /** Found in the cache at once. */
  | "cached"
  /** Computed here (and stored by `make`). */
  | "computed"
  /** Computed by another process (this one waited for its lock, or just missed it), then read. */
  | "waited";

/** JSON results and corpora stored under a cache root. */
export class ResultCache {
  /** The cache root folder. */
  readonly root: string;
  readonly #onWarning?: (message: string) => void;
  readonly #warned = new Set<string>();

  /**
   * @param cacheDir the root (default `$SER_CACHE_DIR`, else `<repo>/.cache`)
   * @param options where warnings about damaged entries go
   */
  constructor(cacheDir?: string, options: ResultCacheOptions = {}) {
    this.root = cacheRoot(cacheDir);
    this.#onWarning = options.onWarning;
  }

  #path(folder: string, key: string, ext: string): string {
    return `${this.root}/${folder}/${key}${ext}`;
  }

  #damaged(path: string, detail: string): null {
    if (!this.#warned.has(path)) {
      this.#warned.add(path);
      this.#onWarning?.(`${path}: expected ${detail}; the cache entry is ignored and recomputed`);
    }
    return null;
  }

  /**
   * Reads a checksummed JSON file (see the module notes).
   * @returns the value; `undefined` when absent; `null` when damaged (warned)
   */
  async #readChecked(path: string): Promise<unknown> {
    let text: string;
    try {
      text = await Deno.readTextFile(path);
    } catch (e) {
      if (e instanceof Deno.errors.NotFound) return undefined;
      throw e;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      return this.#damaged(path, "JSON, found text that does not parse");
    }
    if (!_isWrapped(parsed)) return parsed; // written before checksums: read unverified
    const found = await sha256Hex(JSON.stringify(parsed.value));
    if (found !== parsed.sha256) {
      return this.#damaged(
        path,
        `sha256 ${parsed.sha256.slice(0, 12)}…, found ${found.slice(0, 12)}…`,
      );
    }
    return parsed.value;
  }

  async #writeChecked(path: string, value: unknown): Promise<void> {
    const text = JSON.stringify(value);
    const sha256 = await sha256Hex(text);
    await writeFileAtomic(path, `{"sha256":${JSON.stringify(sha256)},"value":${text}}`);
  }

  /**
   * Reads a cached JSON result, verifying its checksum.
   * @param key from {@linkcode cacheKey}
   * @returns the value, or `null` when absent or damaged (warned once)
   */
  async getJson<T>(key: string): Promise<T | null> {
    const v = await this.#readChecked(this.#path("results", key, ".json"));
    return v === undefined || v === null ? null : v as T;
  }

  /**
   * Whether a JSON result is cached and intact (reads and verifies it; results are small).
   * @param key from {@linkcode cacheKey}
   * @returns `true` when the entry exists and passes its checksum
   */
  async hasJson(key: string): Promise<boolean> {
    return (await this.getJson(key)) !== null;
  }

  /**
   * Whether a corpus is cached: both files exist and the metadata passes its checksum (the
   * features are verified when read, by {@linkcode getCorpus}).
   * @param key from {@linkcode cacheKey}
   * @returns `true` when both of its files exist
   */
  async hasCorpus(key: string): Promise<boolean> {
    if (!(await _exists(this.#path("synthetic", key, ".bin")))) return false;
    const j = await this.#readChecked(this.#path("synthetic", key, ".json"));
    return j !== undefined && j !== null;
  }

  /**
   * Stores a JSON result atomically, with its checksum.
   * @param key from {@linkcode cacheKey}
   * @param value plain data
   */
  async putJson(key: string, value: unknown): Promise<void> {
    await this.#writeChecked(this.#path("results", key, ".json"), value);
  }

  /**
   * Reads a cached corpus (features in a `.bin` file, the rest in `.json`), verifying both.
   * @param key from {@linkcode cacheKey}
   * @returns the corpus and its extra metadata, or `null` when absent or damaged (warned once)
   */
  async getCorpus<M>(key: string): Promise<{ corpus: Corpus; meta: M } | null> {
    const binPath = this.#path("synthetic", key, ".bin");
    // deno-lint-ignore no-explicit-any
    const j = await this.#readChecked(this.#path("synthetic", key, ".json")) as any;
    if (j === undefined || j === null) return null;
    let bytes: Uint8Array;
    try {
      bytes = await Deno.readFile(binPath);
    } catch (e) {
      if (e instanceof Deno.errors.NotFound) return null;
      throw e;
    }
    if (bytes.byteLength !== j.rows * j.cols * 4) {
      return this.#damaged(binPath, `${j.rows * j.cols * 4} bytes, found ${bytes.byteLength}`);
    }
    if (typeof j.binSha256 === "string") {
      const found = await sha256Hex(bytes);
      if (found !== j.binSha256) {
        return this.#damaged(
          binPath,
          `sha256 ${j.binSha256.slice(0, 12)}…, found ${found.slice(0, 12)}…`,
        );
      }
    }
    const data = new Float32Array(bytes.buffer, bytes.byteOffset, j.rows * j.cols).slice();
    const corpus: Corpus = {
      name: j.name,
      data,
      rows: j.rows,
      cols: j.cols,
      ids: j.ids,
      featureNames: j.featureNames,
      classes: j.classes,
      labels: j.labels === null ? null : Int32Array.from(j.labels),
      speakers: j.speakers,
      sessions: j.sessions,
      dropped: j.dropped,
    };
    return { corpus, meta: j.meta as M };
  }

  /**
   * Reads only the metadata kept beside a cached corpus (not its features).
   * @param key from {@linkcode cacheKey}
   * @returns the metadata, or `null` when absent or damaged
   */
  async getCorpusMeta<M>(key: string): Promise<M | null> {
    const j = await this.#readChecked(this.#path("synthetic", key, ".json"));
    return j === undefined || j === null ? null : (j as { meta: M }).meta;
  }

  /**
   * Stores a corpus atomically (the `.bin` first, then the `.json` that makes it visible).
   * @param key from {@linkcode cacheKey}
   * @param corpus the corpus
   * @param meta extra plain data kept beside it
   */
  async putCorpus(key: string, corpus: Corpus, meta: unknown): Promise<void> {
    const d = corpus.data.subarray(0, corpus.rows * corpus.cols);
    const bytes = new Uint8Array(d.buffer, d.byteOffset, d.byteLength);
    await writeFileAtomic(this.#path("synthetic", key, ".bin"), bytes);
    await this.#writeChecked(
      this.#path("synthetic", key, ".json"),
      {
        binSha256: await sha256Hex(bytes),
        name: corpus.name,
        rows: corpus.rows,
        cols: corpus.cols,
        ids: corpus.ids,
        featureNames: corpus.featureNames,
        classes: corpus.classes,
        labels: corpus.labels === null ? null : Array.from(corpus.labels),
        speakers: corpus.speakers,
        sessions: corpus.sessions,
        dropped: corpus.dropped,
        meta,
      },
    );
  }

  /**
   * The lock file of one entry: `<folder>/<key>.lock`.
   * @param folder the entry's folder
   * @param key from {@linkcode cacheKey}
   * @returns its path
   */
  lockPath(folder: CacheFolder, key: string): string {
    return this.#path(folder, key, ".lock");
  }

  /**
   * Gets an entry, computing it at most once across processes: reads it; when absent, takes its
   * lock (waiting while another process holds it, see `acquireLock`), reads it again (the other
   * process may have written it meanwhile) and only then calls `make`, which computes and stores
   * it, before releasing the lock.
   * @param folder the entry's folder (names its lock)
   * @param key from {@linkcode cacheKey}
   * @param read reads the entry: `null` when absent or damaged
   * @param make computes the entry and stores it
   * @param options how long to wait, a callback when the wait begins, a signal
   * @returns the value and how it was got
   * @throws {LockTimeoutError} when the lock stays held past the timeout
   */
  async once<T>(
    folder: CacheFolder,
    key: string,
    read: () => Promise<T | null>,
    make: () => Promise<T>,
    options: LockOptions = {},
  ): Promise<{ value: T; outcome: OnceOutcome }> {
    const found = await read();
    if (found !== null) return { value: found, outcome: "cached" };
    const lock = await acquireLock(this.lockPath(folder, key), options);
    try {
      // Another process may have written it between the first read and the lock.
      const again = await read();
      if (again !== null) return { value: again, outcome: "waited" };
      return { value: await make(), outcome: "computed" };
    } finally {
      await lock.release();
    }
  }

  /**
   * A checkpoint folder for one long augmenter fit (a CycleGAN).
   * @param key from {@linkcode cacheKey}
   * @returns the folder path (not created)
   */
  checkpointDir(key: string): string {
    return `${this.root}/checkpoints/${key}`;
  }
}

function _isWrapped(v: unknown): v is { sha256: string; value: unknown } {
  if (v === null || typeof v !== "object" || Array.isArray(v)) return false;
  const keys = Object.keys(v);
  return keys.length === 2 && typeof (v as { sha256?: unknown }).sha256 === "string" &&
    keys.includes("value");
}

async function _exists(path: string): Promise<boolean> {
  try {
    await Deno.stat(path);
    return true;
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return false;
    throw e;
  }
}
