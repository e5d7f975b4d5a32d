/**
 * A binary cache of parsed feature files: one file per source, holding a small JSON header
 * (ids, feature names, the source's identity) and the raw little-endian `Float32Array`, so that
 * a reload is one file read and no parsing.
 *
 * The cache folder is, in order of precedence: the `cacheDir` option, `features/` inside the
 * `SER_CACHE_DIR` environment variable (the toolkit's cache root, shared with the result cache),
 * `<repo>/.cache/features/`. Entries are keyed by the source's absolute
 * path; an entry is used only when the source's size, modification time and inode and the
 * cache format version all match, and it is written atomically (temporary file, then rename).
 * @module
 */

import { basename, resolve } from "node:path";
import { defaultCacheRoot, sha256Hex, withAtomicFile, writeAll } from "../_files.ts";
import type { FeatureTable } from "./types.ts";

/** Bump when the layout of a cache file changes; older entries are then ignored. */
export const CACHE_FORMAT_VERSION = 1;

const MAGIC = new TextEncoder().encode("SERFEAT\n");
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Identity of a source file at one moment. */
export interface SourceIdentity {
  /** Absolute path. */
  readonly path: string;
  /** Size in bytes. */
  readonly size: number;
  /** Modification time in ms since the epoch, or `null` where the platform has none. */
  readonly mtimeMs: number | null;
  /** Inode number, or `null` where the platform has none. */
  readonly ino: number | null;
}

interface _CacheHeader extends SourceIdentity {
  readonly version: number;
  readonly rows: number;
  readonly cols: number;
  readonly relation: string | null;
  readonly ids: readonly string[];
  readonly featureNames: readonly string[];
  readonly classValues: readonly string[] | null;
  readonly featureLines: readonly number[] | null;
}

/**
 * The cache folder to use.
 * @param override an explicit folder (wins over everything)
 * @returns the folder, or `null` when none can be determined (no override, no environment
 *   variable, and the module is not loaded from a local file)
 */
export function resolveCacheDir(override?: string): string | null {
  if (override !== undefined) return resolve(override);
  const root = defaultCacheRoot();
  return root === null ? null : resolve(root, "features");
}

/**
 * Reads the identity (absolute path, size, mtime, inode) of a source file.
 * @param path the source file
 * @returns its identity now
 */
export async function sourceIdentity(path: string): Promise<SourceIdentity> {
  const abs = resolve(path);
  const info = await Deno.stat(abs);
  return { path: abs, size: info.size, mtimeMs: info.mtime?.getTime() ?? null, ino: info.ino };
}

/**
 * Where the cache entry of a source lives.
 * @param dir the cache folder
 * @param absPath the source's absolute path
 * @returns the entry's path: `<dir>/<source file name>-<16 hex digits of sha256Hex(path)>.f32`
 */
export async function cacheEntryPath(dir: string, absPath: string): Promise<string> {
  const hex = (await sha256Hex(absPath)).slice(0, 16);
  const stem = basename(absPath).replace(/[^A-Za-z0-9._-]/g, "_").slice(0, 80);
  return resolve(dir, `${stem}-${hex}.f32`);
}

/**
 * Loads a cache entry if it matches the source exactly.
 * @param entry the entry's path (from {@linkcode cacheEntryPath})
 * @param identity the source's identity now
 * @param sourceName the source as the caller named it (becomes `source` of the table)
 * @returns the table (owning its `data`), or `null` on a miss, a stale entry or an unreadable
 *   one
 */
export async function readCacheEntry(
  entry: string,
  identity: SourceIdentity,
  sourceName: string,
): Promise<FeatureTable | null> {
  if (!LITTLE_ENDIAN) return null;
  let file: Deno.FsFile;
  try {
    file = await Deno.open(entry, { read: true });
  } catch {
    return null;
  }
  try {
    const size = (await file.stat()).size;
    const head = new Uint8Array(12);
    if (size < 12 || !(await _readFull(file, head)) || !MAGIC.every((b, i) => head[i] === b)) {
      return null;
    }
    const headerLength = new DataView(head.buffer).getUint32(8, true);
    if (12 + headerLength > size) return null;
    const json = new Uint8Array(headerLength);
    if (!(await _readFull(file, json))) return null;
    let header: _CacheHeader;
    try {
      header = JSON.parse(new TextDecoder().decode(json));
    } catch {
      return null;
    }
    if (
      header.version !== CACHE_FORMAT_VERSION || header.path !== identity.path ||
      header.size !== identity.size || header.mtimeMs !== identity.mtimeMs ||
      header.ino !== identity.ino
    ) {
      return null;
    }
    const offset = _align4(12 + headerLength);
    const n = header.rows * header.cols;
    if (offset + n * 4 !== size || header.ids.length !== header.rows) return null;
    await file.seek(offset, Deno.SeekMode.Start);
    // Read straight into the matrix's own buffer: no intermediate copy.
    const data = new Float32Array(n);
    if (!(await _readFull(file, new Uint8Array(data.buffer)))) return null;
    return {
      source: sourceName,
      relation: header.relation,
      data,
      rows: header.rows,
      cols: header.cols,
      ids: header.ids,
      featureNames: header.featureNames,
      classValues: header.classValues,
      ...(header.featureLines ? { featureLines: header.featureLines } : {}),
    };
  } catch {
    return null;
  } finally {
    file.close();
  }
}

async function _readFull(file: Deno.FsFile, into: Uint8Array): Promise<boolean> {
  let done = 0;
  while (done < into.length) {
    const n = await file.read(into.subarray(done, Math.min(into.length, done + (1 << 26))));
    if (n === null) return false;
    done += n;
  }
  return true;
}

/**
 * Writes a cache entry atomically: to a temporary file in the same folder, then renamed over
 * the entry, so a reader never sees half a file.
 * @param entry the entry's path
 * @param identity the source's identity when it was parsed
 * @param table the parsed table
 */
export async function writeCacheEntry(
  entry: string,
  identity: SourceIdentity,
  table: FeatureTable,
): Promise<void> {
  if (!LITTLE_ENDIAN) return;
  const header: _CacheHeader = {
    version: CACHE_FORMAT_VERSION,
    ...identity,
    rows: table.rows,
    cols: table.cols,
    relation: table.relation,
    ids: table.ids,
    featureNames: table.featureNames,
    classValues: table.classValues,
    featureLines: table.featureLines ?? null,
  };
  const json = new TextEncoder().encode(JSON.stringify(header));
  const offset = _align4(12 + json.length);
  const head = new Uint8Array(offset);
  head.set(MAGIC);
  new DataView(head.buffer).setUint32(8, json.length, true);
  head.set(json, 12);
  const d = table.data.subarray(0, table.rows * table.cols);
  await withAtomicFile(entry, async (file) => {
    await writeAll(file, head);
    await writeAll(file, new Uint8Array(d.buffer, d.byteOffset, d.byteLength));
  });
}

function _align4(n: number): number {
  return (n + 3) & ~3;
}
