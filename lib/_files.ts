/**
 * Files, private to the toolkit and at the bottom of its layers (data, training, the pipeline
 * and the report all use it): atomic writes, the cache root and content hashing, each written
 * once.
 *
 * - Atomic writes: a temporary name in the destination's folder, written, synced, then renamed
 *   over the destination; on any error the temporary file is removed, so a reader sees either
 *   the old file or the whole new one, never half of it.
 * - The cache root: `$SER_CACHE_DIR`, else `<repo>/.cache`. Results, synthetic corpora and
 *   checkpoints live in it, feature files in its `features/` folder.
 * - Hashing: sha256 of length-prefixed parts, and JSON with sorted keys for hashing plain data.
 * @module
 */
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * The default cache root: `$SER_CACHE_DIR`, else `<repo>/.cache`.
 * @returns the folder, or `null` when neither is available (no environment variable, and the
 *   toolkit is not loaded from local files)
 */
export function defaultCacheRoot(): string | null {
  let fromEnv: string | undefined;
  try {
    fromEnv = Deno.env.get("SER_CACHE_DIR");
  } catch {
    fromEnv = undefined; // no permission to read the environment: use the default
  }
  if (fromEnv) return fromEnv;
  const here = new URL("../.cache", import.meta.url);
  return here.protocol === "file:" ? fileURLToPath(here) : null;
}

/**
 * The cache root to use.
 * @param override an explicit root (wins over everything)
 * @returns `override`, else {@linkcode defaultCacheRoot}
 * @throws {Error} when there is no override and no default root
 */
export function cacheRoot(override?: string): string {
  if (override) return override;
  const root = defaultCacheRoot();
  if (root === null) {
    throw new Error(
      "Expected a cache folder (set SER_CACHE_DIR or pass one), found none: the toolkit is not " +
        "loaded from local files",
    );
  }
  return root;
}

/**
 * JSON with object keys sorted, so equal values always give equal text.
 * @example
 * ```ts
 * import { stableStringify } from "./_files.ts";
 * if (stableStringify({ b: 1, a: 2 }) !== '{"a":2,"b":1}') throw new Error("keys not sorted");
 * ```
 * @param value plain data
 * @returns canonical JSON
 */
export function stableStringify(value: unknown): string {
  return JSON.stringify(value, (_key, v) => {
    if (v && typeof v === "object" && !Array.isArray(v) && !ArrayBuffer.isView(v)) {
      return Object.fromEntries(Object.keys(v).sort().map((k) => [k, v[k]]));
    }
    return v;
  });
}

/**
 * sha256 of a sequence of strings and byte arrays, each prefixed by its length (so `"ab", "c"`
 * and `"a", "bc"` differ).
 * @param parts what to hash
 * @returns lowercase hex digest, 64 characters
 */
export async function sha256Hex(
  ...parts: readonly (string | ArrayBufferView)[]
): Promise<string> {
  const enc = new TextEncoder();
  const chunks: Uint8Array[] = [];
  for (const p of parts) {
    const bytes = typeof p === "string"
      ? enc.encode(p)
      : new Uint8Array(p.buffer, p.byteOffset, p.byteLength);
    const len = new Uint8Array(8);
    new DataView(len.buffer).setBigUint64(0, BigInt(bytes.length));
    chunks.push(len, bytes);
  }
  const all = new Uint8Array(chunks.reduce((a, c) => a + c.length, 0));
  let o = 0;
  for (const c of chunks) {
    all.set(c, o);
    o += c.length;
  }
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", all));
  return Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * Writes all of `bytes` (a file's `write` may write fewer bytes than asked).
 * @param file an open file
 * @param bytes what to write
 */
export async function writeAll(file: Deno.FsFile, bytes: Uint8Array): Promise<void> {
  let done = 0;
  while (done < bytes.length) {
    done += await file.write(bytes.subarray(done, Math.min(bytes.length, done + (1 << 24))));
  }
}

let _tmpCounter = 0;

/**
 * Writes a file atomically through a callback that streams into it: the callback writes a
 * temporary file in the destination's folder (created when missing), which is synced and renamed
 * over `path` once the callback resolves; when the callback throws, the temporary file is removed
 * and `path` is left as it was.
 * @param path destination
 * @param write writes the content into the open temporary file
 */
export async function withAtomicFile(
  path: string,
  write: (file: Deno.FsFile) => Promise<void>,
): Promise<void> {
  await Deno.mkdir(dirname(path), { recursive: true });
  const tmp = `${path}.${Deno.pid}.${Date.now()}.${_tmpCounter++}.tmp`;
  try {
    const file = await Deno.open(tmp, { write: true, create: true, truncate: true });
    try {
      await write(file);
      await file.sync();
    } finally {
      file.close();
    }
    await Deno.rename(tmp, path);
  } catch (e) {
    await Deno.remove(tmp).catch(() => {});
    throw e;
  }
}

/**
 * Writes a file atomically (see {@linkcode withAtomicFile}).
 * @param path destination (its folder is created when missing)
 * @param data text (UTF-8), bytes, or chunks of bytes written one after another
 */
export function writeFileAtomic(
  path: string,
  data: string | Uint8Array | readonly Uint8Array[],
): Promise<void> {
  const chunks = typeof data === "string"
    ? [new TextEncoder().encode(data)]
    : data instanceof Uint8Array
    ? [data]
    : data;
  return withAtomicFile(path, async (file) => {
    for (const c of chunks) await writeAll(file, c);
  });
}
