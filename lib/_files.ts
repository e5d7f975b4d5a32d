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

/** Who holds a lock: written into the lock file when it is taken. */
export interface LockHolder {
  /** Process id of the holder. */
  readonly pid: number;
  /** Host name of the holder (a pid means something only on its own host). */
  readonly hostname: string;
  /** When the lock was taken, ISO 8601. */
  readonly startedAt: string;
  /** Random token, so a holder never removes a lock that is no longer its own. */
  readonly token: string;
}

/** Options of {@linkcode acquireLock}. */
export interface LockOptions {
  /** Give up waiting after this many milliseconds (default 24 h): {@linkcode LockTimeoutError}. */
  readonly timeoutMs?: number;
  /** Milliseconds between two looks at a held lock (default 1000). */
  readonly pollMs?: number;
  /**
   * A lock whose file was not touched for this many milliseconds is stale and broken (default
   * 10 min). The holder touches it every `staleMs / 10` while it holds it, so a live holder's
   * lock never goes stale, on any host of a shared file system.
   */
  readonly staleMs?: number;
  /** Called once, when the lock is found held by someone else and the wait begins. */
  readonly onWait?: (holder: LockHolder | null) => void;
  /** Stops the wait (the abort reason is thrown). */
  readonly signal?: AbortSignal;
}

/** A held lock: release it when done (in a `finally`). */
export interface FileLock {
  /** The lock file. */
  readonly path: string;
  /** What the lock file says. */
  readonly holder: LockHolder;
  /** Removes the lock file (when it is still this holder's) and stops touching it. */
  release(): Promise<void>;
}

/** Waiting for a lock took longer than `timeoutMs`. */
export class LockTimeoutError extends Error {
  /** The lock file. */
  readonly path: string;
  /**
   * @param path the lock file
   * @param holder who held it last
   * @param ms how long the wait was
   */
  constructor(path: string, holder: LockHolder | null, ms: number) {
    super(
      `Expected the lock ${path} to be released within ${Math.round(ms / 1000)} s, found it ` +
        `still held${
          holder ? ` by pid ${holder.pid} on ${holder.hostname} since ${holder.startedAt}` : ""
        }; remove the file if that process is gone`,
    );
    this.name = "LockTimeoutError";
    this.path = path;
  }
}

const DEFAULT_LOCK_TIMEOUT_MS = 24 * 3600_000;
const DEFAULT_LOCK_POLL_MS = 1000;
const DEFAULT_LOCK_STALE_MS = 10 * 60_000;

function _hostname(): string {
  try {
    return Deno.hostname();
  } catch {
    return "unknown";
  }
}

/** Reads a lock file: its holder (`null` while the file is still being written) and its age. */
async function _readLock(
  path: string,
): Promise<{ holder: LockHolder | null; mtime: number } | undefined> {
  try {
    const [text, info] = await Promise.all([Deno.readTextFile(path), Deno.stat(path)]);
    let holder: LockHolder | null = null;
    try {
      const j = JSON.parse(text);
      if (typeof j?.pid === "number" && typeof j?.token === "string") holder = j;
    } catch {
      holder = null; // created, not written yet
    }
    return { holder, mtime: info.mtime?.getTime() ?? Date.now() };
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return undefined;
    throw e;
  }
}

/**
 * Whether a process is alive on this host: `/proc/<pid>` where there is one (Linux); elsewhere
 * unknown, so `true` (the lock's age decides).
 */
function _alive(pid: number): boolean {
  if (pid === Deno.pid) return true;
  try {
    Deno.statSync("/proc/self");
  } catch {
    return true; // no /proc: cannot tell
  }
  try {
    Deno.statSync(`/proc/${pid}`);
    return true;
  } catch {
    return false;
  }
}

/**
 * Whether a lock is stale: its holder is a dead process on this host, or its file was not
 * touched for `staleMs`.
 * @param lock what {@linkcode _readLock} found
 * @param staleMs the age limit
 * @returns `true` when it may be broken
 */
function _isStale(lock: { holder: LockHolder | null; mtime: number }, staleMs: number): boolean {
  if (Date.now() - lock.mtime > staleMs) return true;
  const h = lock.holder;
  return h !== null && h.hostname === _hostname() && !_alive(h.pid);
}

/**
 * Breaks a stale lock: renames it aside (atomic), and puts it back when what was renamed is not
 * the stale lock that was judged (another process took the lock in between).
 */
async function _breakLock(path: string, stale: LockHolder | null): Promise<void> {
  const aside = `${path}.${Deno.pid}.${Date.now()}.${_tmpCounter++}.stale`;
  try {
    await Deno.rename(path, aside);
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return; // someone else broke it
    throw e;
  }
  const moved = await _readLock(aside);
  const same = moved !== undefined &&
    (moved.holder === null ? stale === null : moved.holder.token === stale?.token);
  if (!same) {
    // A fresh lock: give it back unless the path was taken again meanwhile (link never clobbers).
    await Deno.link(aside, path).catch(() => {});
  }
  await Deno.remove(aside).catch(() => {});
}

/**
 * Takes `path` as a lock without waiting: an exclusive create (`createNew`, atomic on local file
 * systems and on NFS v3 and later) holding pid, host name, start time and a token. A stale lock
 * (see {@linkcode LockOptions.staleMs}; a dead pid on this host) is broken first.
 * @param path the lock file (its folder is created when missing)
 * @param options `staleMs`
 * @returns the lock, or whoever holds it (`null` when the holder is still writing the file)
 */
export async function tryLock(
  path: string,
  options: Pick<LockOptions, "staleMs"> = {},
): Promise<FileLock | { readonly heldBy: LockHolder | null }> {
  const staleMs = options.staleMs ?? DEFAULT_LOCK_STALE_MS;
  await Deno.mkdir(dirname(path), { recursive: true });
  for (let attempt = 0; attempt < 3; attempt++) {
    const holder: LockHolder = {
      pid: Deno.pid,
      hostname: _hostname(),
      startedAt: new Date().toISOString(),
      token: crypto.randomUUID(),
    };
    let file: Deno.FsFile;
    try {
      file = await Deno.open(path, { write: true, createNew: true });
    } catch (e) {
      if (!(e instanceof Deno.errors.AlreadyExists)) throw e;
      const found = await _readLock(path);
      if (found === undefined) continue; // released meanwhile: try again
      if (!_isStale(found, staleMs)) return { heldBy: found.holder };
      await _breakLock(path, found.holder);
      continue;
    }
    try {
      await writeAll(file, new TextEncoder().encode(JSON.stringify(holder)));
      await file.sync();
    } finally {
      file.close();
    }
    return _heldLock(path, holder, staleMs);
  }
  const found = await _readLock(path);
  return { heldBy: found?.holder ?? null };
}

function _heldLock(path: string, holder: LockHolder, staleMs: number): FileLock {
  // Touch the lock while it is held, so that it never looks stale from another host.
  const every = Math.max(10, Math.floor(staleMs / 10));
  const timer = setInterval(() => {
    const now = new Date();
    Deno.utime(path, now, now).catch(() => {});
  }, every);
  Deno.unrefTimer(timer);
  let released = false;
  return {
    path,
    holder,
    async release() {
      if (released) return;
      released = true;
      clearInterval(timer);
      const found = await _readLock(path);
      if (found?.holder?.token === holder.token) await Deno.remove(path).catch(() => {});
    },
  };
}

/**
 * Takes `path` as a lock, waiting while another live process holds it (see {@linkcode tryLock}):
 * polls every `pollMs`, breaks the lock once it is stale, and gives up after `timeoutMs`.
 * @param path the lock file
 * @param options timeout, poll interval, staleness, a callback when the wait begins, a signal
 * @returns the lock (release it in a `finally`)
 * @throws {LockTimeoutError} when the lock stays held for `timeoutMs`
 */
export async function acquireLock(path: string, options: LockOptions = {}): Promise<FileLock> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_LOCK_TIMEOUT_MS;
  const pollMs = options.pollMs ?? DEFAULT_LOCK_POLL_MS;
  const started = Date.now();
  let told = false;
  for (;;) {
    options.signal?.throwIfAborted();
    const got = await tryLock(path, options);
    if (!("heldBy" in got)) return got;
    if (!told) {
      told = true;
      options.onWait?.(got.heldBy);
    }
    if (Date.now() - started >= timeoutMs) throw new LockTimeoutError(path, got.heldBy, timeoutMs);
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}
