/**
 * A binary cache of parsed feature files: one file per source, holding a small JSON header
 * (ids, feature names, the source's identity, the payload's checksum) and the raw little-endian
 * `Float32Array`, so that a reload is one file read, one checksum pass and no parsing.
 *
 * **Folder**, in order of precedence: the `cacheDir` option (the features folder itself),
 * `features/` inside the `cacheRoot` option (the toolkit's cache root, what the command line's
 * `--cache DIR` names), `features/` inside `$SER_CACHE_DIR`, `<repo>/.cache/features/`.
 *
 * **Key.** The entry's file name is `<source file name>-<16 hex digits of sha-256(absolute
 * path)>.f32`. The entry is used only when all of these match what it recorded:
 * - the cache format version ({@linkcode CACHE_FORMAT_VERSION});
 * - the source's absolute path, size in bytes, modification time (ms) and inode;
 * - a content hash of the source ({@linkcode checksum} of its bytes): the whole file for a
 *   plain file of at most {@linkcode WHOLE_HASH_LIMIT} bytes; otherwise, and for every gzip
 *   file, the first and the last {@linkcode EDGE_BLOCK_BYTES} bytes. A gzip file's last bytes
 *   hold the CRC-32 and length of its (last member's) uncompressed text, so any edit of the text
 *   is seen; an edit in the middle of a large plain file that keeps its size and whose mtime is
 *   restored (`touch -r`) is not, so delete the entry (or use `cache: false`) after such an edit.
 *
 * **Integrity.** The header and the payload each carry a {@linkcode checksum}, verified on every
 * load; an entry that fails a check, is truncated or is not a cache entry is reported as a
 * problem (the loader then parses the source again, rewrites the entry and warns once). Entries
 * are written atomically (temporary file in the same folder, then rename).
 *
 * Layout (version 3): `SERFEAT3` (8 bytes), header length `L` (u32 little-endian), header
 * checksum (16 ASCII hex digits), the header JSON (`L` bytes), zero padding to a multiple of 4,
 * then `rows × cols` float32 values, little-endian, row-major.
 * @module
 */

import { basename, resolve } from "node:path";
import { Checksum, checksum } from "../_checksum.ts";
import { defaultCacheRoot, sha256Hex, withAtomicFile, writeAll } from "../_files.ts";
import type { FeatureTable } from "./types.ts";

/**
 * Bump when the layout of a cache file or the {@linkcode checksum} algorithm changes; older
 * entries are then ignored (rebuilt without a warning).
 */
export const CACHE_FORMAT_VERSION = 3;

/** Plain source files up to this size (8 MiB) are hashed whole for the cache key. */
export const WHOLE_HASH_LIMIT: number = 8 * 1024 * 1024;

/** Larger and gzip source files are keyed by a hash of this many bytes (1 MiB) at each end. */
export const EDGE_BLOCK_BYTES: number = 1024 * 1024;

const ENCODER = new TextEncoder();
const MAGIC = ENCODER.encode("SERFEAT3");
/**
 * Entries of older versions: a plain miss, not a problem (version 1 had no checksums, version
 * 2 the four-lane checksum).
 */
const LEGACY_MAGICS = ["SERFEAT\n", "SERFEAT2"].map((m) => ENCODER.encode(m));
/** The first read of an entry: the prefix and, usually, the whole header. */
const FIRST_READ_BYTES = 64 * 1024;
/** Magic, header length, header checksum. */
const PREFIX_BYTES = 8 + 4 + 16;
/** The payload is read in pieces of this size, each hashed while later ones are read. */
const READ_CHUNK_BYTES = 4 * 1024 * 1024;
/**
 * Payloads of at least this size are read by two readers at once (pieces alternate between
 * them), which halves the time spent faulting in the matrix's fresh pages where two cores are
 * free; the hash follows the pieces in order.
 */
const PARALLEL_READ_BYTES = 2 * READ_CHUNK_BYTES;
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Identity of a source file at one moment: what a cache entry must match to be used. */
export interface SourceIdentity {
  /** Absolute path. */
  readonly path: string;
  /** Size in bytes. */
  readonly size: number;
  /** Modification time in ms since the epoch, or `null` where the platform has none. */
  readonly mtimeMs: number | null;
  /** Inode number, or `null` where the platform has none. */
  readonly ino: number | null;
  /**
   * `whole:<checksum>` or `edges:<checksum of the first block><checksum of the last block>`
   * (see the module documentation); `null` for what is not a regular file (never cached).
   */
  readonly contentHash: string | null;
}

/** What {@linkcode readCacheEntry} found. */
export interface CacheLookup {
  /** The cached table, or `null` when the entry cannot be used. */
  readonly table: FeatureTable | null;
  /**
   * Why an existing entry is unusable although it should be (corrupt, truncated, not a cache
   * entry), as `expected …, found …`; `null` on a hit and on an ordinary miss (no entry, a
   * changed source, an older format).
   */
  readonly problem: string | null;
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
  readonly payloadChecksum: string;
}

/**
 * The cache folder to use.
 * @param override an explicit features folder (wins over everything)
 * @param cacheRoot the toolkit's cache root; the features folder is `<cacheRoot>/features`
 * @returns the folder, or `null` when none can be determined (no override, no root, no
 *   environment variable, and the module is not loaded from a local file)
 */
export function resolveCacheDir(override?: string, cacheRoot?: string): string | null {
  if (override !== undefined) return resolve(override);
  if (cacheRoot !== undefined) return resolve(cacheRoot, "features");
  const root = defaultCacheRoot();
  return root === null ? null : resolve(root, "features");
}

/**
 * Reads the identity of a source file: absolute path, size, mtime, inode and content hash
 * (which reads the whole file when it is a plain file of at most {@linkcode WHOLE_HASH_LIMIT}
 * bytes, else two blocks of {@linkcode EDGE_BLOCK_BYTES}).
 * @param path the source file
 * @returns its identity now
 * @throws {Deno.errors.NotFound} when the file does not exist
 * @throws {Deno.errors.IsADirectory} naming the path when it is a folder
 */
export async function sourceIdentity(path: string): Promise<SourceIdentity> {
  const abs = resolve(path);
  const info = await Deno.stat(abs);
  if (info.isDirectory) {
    throw new Deno.errors.IsADirectory(`Expected a file, found the directory '${path}'`);
  }
  return {
    path: abs,
    size: info.size,
    mtimeMs: info.mtime?.getTime() ?? null,
    ino: info.ino,
    contentHash: info.isFile ? await _contentHash(abs, info.size) : null,
  };
}

async function _contentHash(abs: string, size: number): Promise<string> {
  const file = await Deno.open(abs, { read: true });
  try {
    // One block-sized buffer for every read: fresh pages cost more to touch than to fill.
    const block = new Uint8Array(Math.min(size, EDGE_BLOCK_BYTES));
    const gotHead = await _readInto(file, block);
    const gzip = gotHead >= 2 && block[0] === 0x1f && block[1] === 0x8b;
    if (!gzip && size <= WHOLE_HASH_LIMIT) {
      const whole = new Checksum().update(block.subarray(0, gotHead));
      for (let done = gotHead; done < size;) {
        const got = await _readInto(file, block.subarray(0, Math.min(block.length, size - done)));
        if (got === 0) break;
        whole.update(block.subarray(0, got));
        done += got;
      }
      return `whole:${whole.digest()}`;
    }
    const head = checksum(block.subarray(0, gotHead));
    const tail = block.subarray(0, Math.min(EDGE_BLOCK_BYTES, size - block.length));
    await file.seek(size - tail.length, Deno.SeekMode.Start);
    const gotTail = await _readInto(file, tail);
    return `edges:${head}${checksum(tail.subarray(0, gotTail))}`;
  } finally {
    file.close();
  }
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
 * Loads a cache entry if it matches the source exactly and passes its checksums.
 * @param entry the entry's path (from {@linkcode cacheEntryPath})
 * @param identity the source's identity now
 * @param sourceName the source as the caller named it (becomes `source` of the table)
 * @returns the table (owning its `data`) on a hit; otherwise `table: null` and, when the entry
 *   exists but is damaged, the `problem` (an ordinary miss has `problem: null`)
 */
export async function readCacheEntry(
  entry: string,
  identity: SourceIdentity,
  sourceName: string,
): Promise<CacheLookup> {
  const miss: CacheLookup = { table: null, problem: null };
  const damaged = (problem: string): CacheLookup => ({ table: null, problem });
  if (!LITTLE_ENDIAN || identity.contentHash === null) return miss;
  // The small steps (open, stat, the header) are synchronous: a few microseconds each, where an
  // asynchronous round trip costs a hundred or more. Only the payload is read asynchronously.
  let file: Deno.FsFile;
  try {
    file = Deno.openSync(entry, { read: true });
  } catch {
    return miss;
  }
  try {
    const size = file.statSync().size;
    const first = new Uint8Array(Math.min(size, FIRST_READ_BYTES));
    const got = _readIntoSync(file, first);
    const prefix = first.subarray(0, PREFIX_BYTES);
    if (got >= 8 && LEGACY_MAGICS.some((m) => m.every((b, i) => first[i] === b))) return miss;
    if (got < 8 || !MAGIC.every((b, i) => first[i] === b)) {
      return damaged(
        got < 8
          ? `expected a feature cache entry of at least ${PREFIX_BYTES} bytes, found ${size}`
          : "expected a feature cache entry (starting 'SERFEAT3'), found other bytes",
      );
    }
    if (got < PREFIX_BYTES) {
      return damaged(`expected at least ${PREFIX_BYTES} bytes, found ${size} (truncated)`);
    }
    const headerLength = new DataView(first.buffer).getUint32(8, true);
    if (PREFIX_BYTES + headerLength > size) {
      return damaged(
        `expected a ${headerLength}-byte header after byte ${PREFIX_BYTES}, found ${size} bytes in all (truncated)`,
      );
    }
    let json = first.subarray(PREFIX_BYTES, Math.min(got, PREFIX_BYTES + headerLength));
    if (json.length < headerLength) {
      const whole = new Uint8Array(headerLength);
      whole.set(json);
      _readIntoSync(file, whole.subarray(json.length));
      json = whole;
    }
    const storedHeaderSum = new TextDecoder().decode(prefix.subarray(12, PREFIX_BYTES));
    const headerSum = checksum(json);
    if (headerSum !== storedHeaderSum) {
      return damaged(`expected header checksum ${storedHeaderSum}, found ${headerSum}`);
    }
    let header: _CacheHeader;
    try {
      header = JSON.parse(new TextDecoder().decode(json));
    } catch (err) {
      return damaged(`expected a JSON header, found ${(err as Error).message}`);
    }
    if (
      header.version !== CACHE_FORMAT_VERSION || header.path !== identity.path ||
      header.size !== identity.size || header.mtimeMs !== identity.mtimeMs ||
      header.ino !== identity.ino || header.contentHash !== identity.contentHash
    ) {
      return miss; // an older format or a changed source: rebuilt without a warning
    }
    const offset = _align4(PREFIX_BYTES + headerLength);
    const n = header.rows * header.cols;
    if (offset + n * 4 !== size) {
      return damaged(
        `expected ${offset + n * 4} bytes (${header.rows} × ${header.cols} values), found ${size}`,
      );
    }
    if (header.ids.length !== header.rows) {
      return damaged(`expected ${header.rows} ids, found ${header.ids.length}`);
    }
    // Read straight into the matrix's own buffer, hashing each piece while later ones are read.
    const data = new Float32Array(n);
    const hasher = new Checksum();
    const short = await _readPayload(entry, file, offset, new Uint8Array(data.buffer), hasher);
    if (short !== null) return damaged(short);
    const payloadSum = hasher.digest();
    if (payloadSum !== header.payloadChecksum) {
      return damaged(`expected payload checksum ${header.payloadChecksum}, found ${payloadSum}`);
    }
    return {
      table: {
        source: sourceName,
        relation: header.relation,
        data,
        rows: header.rows,
        cols: header.cols,
        ids: header.ids,
        featureNames: header.featureNames,
        classValues: header.classValues,
        ...(header.featureLines ? { featureLines: header.featureLines } : {}),
      },
      problem: null,
    };
  } catch (err) {
    return damaged(`expected a readable entry, found ${(err as Error).message}`);
  } finally {
    file.close();
  }
}

/**
 * Reads the payload (from byte `offset` of the entry to its end) into `into`, feeding the
 * pieces to `hasher` in order. A large payload gets a second handle on the same file (used only
 * when it is the same file: device, inode, size and mtime as `file`), and pieces alternate
 * between the two; each piece is hashed as soon as it and all before it are in.
 * @returns `null` when every byte was read, else the problem (the file shrank)
 */
async function _readPayload(
  entry: string,
  file: Deno.FsFile,
  offset: number,
  into: Uint8Array,
  hasher: Checksum,
): Promise<string | null> {
  const files = [file];
  if (into.length >= PARALLEL_READ_BYTES) {
    const second = _sameFile(entry, file);
    if (second !== null) files.push(second);
  }
  const nPieces = Math.ceil(into.length / READ_CHUNK_BYTES);
  const settle: ((problem: string | null) => void)[] = [];
  const pieces = Array.from(
    { length: nPieces },
    (_, i) => new Promise<string | null>((resolve) => (settle[i] = resolve)),
  );
  let stop = false;
  // Each reader settles its pieces in its own order and never throws; a reader stops at its
  // first problem, so every piece the hash awaits below is settled.
  const readers = files.map(async (f, r) => {
    for (let i = r; i < nPieces && !stop; i += files.length) {
      const from = i * READ_CHUNK_BYTES;
      const to = Math.min(into.length, from + READ_CHUNK_BYTES);
      try {
        if (files.length > 1 || i === 0) await f.seek(offset + from, Deno.SeekMode.Start);
        const got = await _readInto(f, into.subarray(from, to));
        if (got < to - from) {
          settle[i](`expected ${offset + into.length} bytes, found the file shorter (truncated)`);
          return;
        }
        settle[i](null);
      } catch (err) {
        settle[i](`expected a readable entry, found ${(err as Error).message}`);
        return;
      }
    }
  });
  let problem: string | null = null;
  for (let i = 0; i < nPieces && problem === null; i++) {
    problem = await pieces[i];
    if (problem === null) {
      hasher.update(into.subarray(i * READ_CHUNK_BYTES, (i + 1) * READ_CHUNK_BYTES));
    }
  }
  stop = true;
  await Promise.all(readers);
  for (const f of files.slice(1)) f.close();
  return problem;
}

/** A second handle on the file `file` was opened from, or `null` when `path` is another file. */
function _sameFile(path: string, file: Deno.FsFile): Deno.FsFile | null {
  let second: Deno.FsFile;
  try {
    second = Deno.openSync(path, { read: true });
  } catch {
    return null;
  }
  try {
    const a = file.statSync();
    const b = second.statSync();
    if (
      a.dev === b.dev && a.ino === b.ino && a.size === b.size &&
      a.mtime?.getTime() === b.mtime?.getTime()
    ) {
      return second;
    }
  } catch {
    // fall through: read with one handle
  }
  second.close();
  return null;
}

/** {@linkcode _readInto}, synchronously (for the small reads). */
function _readIntoSync(file: Deno.FsFile, into: Uint8Array): number {
  let done = 0;
  while (done < into.length) {
    const n = file.readSync(into.subarray(done));
    if (n === null) break;
    done += n;
  }
  return done;
}

/** Reads until `into` is full or the file ends; returns the number of bytes read. */
async function _readInto(file: Deno.FsFile, into: Uint8Array): Promise<number> {
  let done = 0;
  while (done < into.length) {
    const n = await file.read(into.subarray(done, Math.min(into.length, done + (1 << 26))));
    if (n === null) break;
    done += n;
  }
  return done;
}

/**
 * Writes a cache entry atomically: to a temporary file in the same folder, then renamed over
 * the entry, so a reader never sees half a file. Nothing is written for a source without a
 * content hash (not a regular file) or on a big-endian platform.
 * @param entry the entry's path
 * @param identity the source's identity when it was parsed
 * @param table the parsed table
 */
export async function writeCacheEntry(
  entry: string,
  identity: SourceIdentity,
  table: FeatureTable,
): Promise<void> {
  if (!LITTLE_ENDIAN || identity.contentHash === null) return;
  const d = table.data.subarray(0, table.rows * table.cols);
  const payload = new Uint8Array(d.buffer, d.byteOffset, d.byteLength);
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
    payloadChecksum: checksum(payload),
  };
  const json = ENCODER.encode(JSON.stringify(header));
  const offset = _align4(PREFIX_BYTES + json.length);
  const head = new Uint8Array(offset);
  head.set(MAGIC);
  new DataView(head.buffer).setUint32(8, json.length, true);
  head.set(ENCODER.encode(checksum(json)), 12);
  head.set(json, PREFIX_BYTES);
  await withAtomicFile(entry, async (file) => {
    await writeAll(file, head);
    await writeAll(file, payload);
  });
}

function _align4(n: number): number {
  return (n + 3) & ~3;
}
