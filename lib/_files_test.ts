import assert from "node:assert/strict";
import {
  acquireLock,
  cacheRoot,
  defaultCacheRoot,
  type LockHolder,
  LockTimeoutError,
  sha256Hex,
  stableStringify,
  tryLock,
  withAtomicFile,
  writeFileAtomic,
} from "./_files.ts";

Deno.test("stableStringify() ignores key order at every depth", () => {
  assert.equal(
    stableStringify({ b: 1, a: { d: 2, c: [3, { f: 1, e: 2 }] } }),
    '{"a":{"c":[3,{"e":2,"f":1}],"d":2},"b":1}',
  );
});

Deno.test("sha256Hex() length-prefixes its parts and hashes text as its UTF-8 bytes", async () => {
  assert.notEqual(await sha256Hex("ab", "c"), await sha256Hex("a", "bc"));
  assert.equal(await sha256Hex("x"), await sha256Hex(new TextEncoder().encode("x")));
  assert.match(await sha256Hex(new Float32Array([1, 2])), /^[0-9a-f]{64}$/);
});

Deno.test("writeFileAtomic() writes text, bytes and chunks and creates the folder", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await writeFileAtomic(`${dir}/a/b.txt`, "hello");
    assert.equal(await Deno.readTextFile(`${dir}/a/b.txt`), "hello");
    await writeFileAtomic(`${dir}/a/b.txt`, [new Uint8Array([104, 105]), new Uint8Array([33])]);
    assert.equal(await Deno.readTextFile(`${dir}/a/b.txt`), "hi!");
    assert.deepEqual([...Deno.readDirSync(`${dir}/a`)].map((e) => e.name), ["b.txt"]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("withAtomicFile() leaves the old file and no temporary file when the writer throws", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await writeFileAtomic(`${dir}/f.txt`, "old");
    await assert.rejects(
      withAtomicFile(`${dir}/f.txt`, async (file) => {
        await file.write(new TextEncoder().encode("half"));
        throw new Error("disk full");
      }),
      /disk full/,
    );
    assert.equal(await Deno.readTextFile(`${dir}/f.txt`), "old");
    assert.deepEqual([...Deno.readDirSync(dir)].map((e) => e.name), ["f.txt"]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("cacheRoot() prefers the override, then SER_CACHE_DIR, then <repo>/.cache", () => {
  const old = Deno.env.get("SER_CACHE_DIR");
  try {
    Deno.env.delete("SER_CACHE_DIR");
    assert.match(defaultCacheRoot()!, /[\\/]\.cache$/);
    Deno.env.set("SER_CACHE_DIR", "/tmp/ser-root");
    assert.equal(cacheRoot(), "/tmp/ser-root");
    assert.equal(cacheRoot("/tmp/explicit"), "/tmp/explicit");
  } finally {
    if (old === undefined) Deno.env.delete("SER_CACHE_DIR");
    else Deno.env.set("SER_CACHE_DIR", old);
  }
});

/** A pid that is not running on this host: a finished child's. */
async function deadPid(): Promise<number> {
  const child = new Deno.Command(Deno.execPath(), { args: ["--version"], stdout: "null" }).spawn();
  await child.status;
  return child.pid;
}

function lockFile(path: string, holder: Partial<LockHolder>): void {
  Deno.writeTextFileSync(
    path,
    JSON.stringify({ startedAt: new Date().toISOString(), token: "t", ...holder }),
  );
}

Deno.test("tryLock() is exclusive, holds pid, host and start time, and release() frees it", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const path = `${dir}/sub/e.lock`;
    const first = await tryLock(path);
    assert.ok(!("heldBy" in first));
    const written = JSON.parse(Deno.readTextFileSync(path));
    assert.equal(written.pid, Deno.pid);
    assert.equal(written.hostname, Deno.hostname());
    assert.ok(!Number.isNaN(Date.parse(written.startedAt)));
    const second = await tryLock(path);
    assert.ok("heldBy" in second && second.heldBy?.token === first.holder.token);
    await first.release();
    await assert.rejects(() => Deno.stat(path), Deno.errors.NotFound);
    const third = await tryLock(path);
    assert.ok(!("heldBy" in third));
    await third.release();
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("acquireLock() waits for the holder's release, and times out on a live holder", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const path = `${dir}/e.lock`;
    const held = await tryLock(path);
    assert.ok(!("heldBy" in held));
    let waitedFor: LockHolder | null = null;
    const waiting = acquireLock(path, { pollMs: 10, onWait: (h) => (waitedFor = h) });
    await new Promise((r) => setTimeout(r, 50));
    await held.release();
    const next = await waiting;
    assert.equal((waitedFor as LockHolder | null)?.token, held.holder.token);
    await assert.rejects(
      () => acquireLock(path, { pollMs: 10, timeoutMs: 50 }),
      (e: Error) => e instanceof LockTimeoutError && e.message.includes(`pid ${Deno.pid}`),
    );
    await next.release();
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a stale lock is broken: a dead pid on this host, or a file untouched for staleMs", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const path = `${dir}/e.lock`;
    lockFile(path, { pid: await deadPid(), hostname: Deno.hostname() });
    const a = await tryLock(path);
    assert.ok(!("heldBy" in a), "dead pid on this host");
    await a.release();
    // Another host's lock: its pid means nothing here; only its age counts.
    lockFile(path, { pid: 1, hostname: "elsewhere.invalid" });
    assert.ok("heldBy" in await tryLock(path, { staleMs: 60_000 }), "fresh: kept");
    const old = new Date(Date.now() - 120_000);
    Deno.utimeSync(path, old, old);
    const b = await tryLock(path, { staleMs: 60_000 });
    assert.ok(!("heldBy" in b), "untouched for two minutes: broken");
    await b.release();
    const names = [...Deno.readDirSync(dir)].map((e) => e.name);
    assert.deepEqual(names, [], "nothing left aside");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a held lock is touched, so it never goes stale while its holder lives", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const path = `${dir}/e.lock`;
    const held = await tryLock(path, { staleMs: 200 });
    assert.ok(!("heldBy" in held));
    await new Promise((r) => setTimeout(r, 500));
    assert.ok("heldBy" in await tryLock(path, { staleMs: 200 }));
    await held.release();
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
