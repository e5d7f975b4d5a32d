import assert from "node:assert/strict";
import {
  cacheRoot,
  defaultCacheRoot,
  sha256Hex,
  stableStringify,
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
