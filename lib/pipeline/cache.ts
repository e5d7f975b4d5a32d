/**
 * The result cache: JSON results and synthetic corpora keyed by the resolved configuration, the
 * sha256 of the input data and {@linkcode CODE_VERSION}. Root: the `cacheDir` option, else
 * `$SER_CACHE_DIR`, else `<repo>/.cache`; results live in `results/`, synthetic corpora in
 * `synthetic/`, checkpoints of long augmenter fits in `checkpoints/`. Every write is atomic (temp + rename).
 * @module
 */
import { cacheRoot, sha256Hex, stableStringify, writeFileAtomic } from "../_files.ts";
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

/** JSON results and corpora stored under a cache root. */
export class ResultCache {
  /** The cache root folder. */
  readonly root: string;

  /** @param cacheDir the root (default `$SER_CACHE_DIR`, else `<repo>/.cache`) */
  constructor(cacheDir?: string) {
    this.root = cacheRoot(cacheDir);
  }

  #path(folder: string, key: string, ext: string): string {
    return `${this.root}/${folder}/${key}${ext}`;
  }

  /**
   * Reads a cached JSON result.
   * @param key from {@linkcode cacheKey}
   * @returns the value, or `null` when absent
   */
  async getJson<T>(key: string): Promise<T | null> {
    try {
      return JSON.parse(await Deno.readTextFile(this.#path("results", key, ".json"))) as T;
    } catch (e) {
      if (e instanceof Deno.errors.NotFound) return null;
      if (e instanceof SyntaxError) return null; // a damaged entry is recomputed
      throw e;
    }
  }

  /**
   * Whether a JSON result is cached (without reading it).
   * @param key from {@linkcode cacheKey}
   * @returns `true` when the entry exists
   */
  hasJson(key: string): Promise<boolean> {
    return _exists(this.#path("results", key, ".json"));
  }

  /**
   * Whether a corpus is cached (without reading it).
   * @param key from {@linkcode cacheKey}
   * @returns `true` when both of its files exist
   */
  async hasCorpus(key: string): Promise<boolean> {
    return await _exists(this.#path("synthetic", key, ".json")) &&
      await _exists(this.#path("synthetic", key, ".bin"));
  }

  /**
   * Stores a JSON result atomically.
   * @param key from {@linkcode cacheKey}
   * @param value plain data
   */
  async putJson(key: string, value: unknown): Promise<void> {
    await writeFileAtomic(this.#path("results", key, ".json"), JSON.stringify(value));
  }

  /**
   * Reads a cached corpus (features in a `.bin` file, the rest in `.json`).
   * @param key from {@linkcode cacheKey}
   * @returns the corpus and its extra metadata, or `null` when absent
   */
  async getCorpus<M>(key: string): Promise<{ corpus: Corpus; meta: M } | null> {
    let text: string, bytes: Uint8Array;
    try {
      text = await Deno.readTextFile(this.#path("synthetic", key, ".json"));
      bytes = await Deno.readFile(this.#path("synthetic", key, ".bin"));
    } catch (e) {
      if (e instanceof Deno.errors.NotFound) return null;
      throw e;
    }
    const j = JSON.parse(text);
    if (bytes.byteLength !== j.rows * j.cols * 4) return null;
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
    try {
      return JSON.parse(await Deno.readTextFile(this.#path("synthetic", key, ".json"))).meta as M;
    } catch (e) {
      if (e instanceof Deno.errors.NotFound || e instanceof SyntaxError) return null;
      throw e;
    }
  }

  /**
   * Stores a corpus atomically (the `.bin` first, then the `.json` that makes it visible).
   * @param key from {@linkcode cacheKey}
   * @param corpus the corpus
   * @param meta extra plain data kept beside it
   */
  async putCorpus(key: string, corpus: Corpus, meta: unknown): Promise<void> {
    const d = corpus.data.subarray(0, corpus.rows * corpus.cols);
    await writeFileAtomic(
      this.#path("synthetic", key, ".bin"),
      new Uint8Array(d.buffer, d.byteOffset, d.byteLength),
    );
    await writeFileAtomic(
      this.#path("synthetic", key, ".json"),
      JSON.stringify({
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
      }),
    );
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

async function _exists(path: string): Promise<boolean> {
  try {
    await Deno.stat(path);
    return true;
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return false;
    throw e;
  }
}
