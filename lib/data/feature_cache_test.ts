import assert from "node:assert/strict";
import { join } from "node:path";
import { cacheEntryPath, EDGE_BLOCK_BYTES, WHOLE_HASH_LIMIT } from "./feature_cache.ts";
import { readFeatures } from "./feature_file.ts";
import type { DataWarning } from "./types.ts";
import { FIXTURES, gzip, tempDir, tempFile, tinyArff } from "./_testing.ts";

/** Loads `src` through the cache in `cacheDir`, collecting warnings. */
async function load(src: string, cacheDir: string) {
  const warnings: DataWarning[] = [];
  const table = await readFeatures(src, { cacheDir, onWarning: (w) => warnings.push(w) });
  return { table, warnings };
}

/** A cached copy of the ARFF fixture: its source, the cache folder, the entry, the parse. */
async function cachedFixture() {
  const cacheDir = await tempDir();
  const src = await tempFile("f.arff", await Deno.readTextFile(join(FIXTURES, "emobase2010.arff")));
  const first = await load(src, cacheDir);
  assert.deepEqual(first.warnings, []);
  return { src, cacheDir, entry: await cacheEntryPath(cacheDir, src), parsed: first.table };
}

/** Overwrites `bytes.length` bytes of a file at `offset`, keeping its size. */
async function overwrite(path: string, offset: number, bytes: Uint8Array): Promise<void> {
  const file = await Deno.open(path, { write: true });
  try {
    await file.seek(offset, Deno.SeekMode.Start);
    await file.write(bytes);
  } finally {
    file.close();
  }
}

Deno.test("readFeatures() re-parses and warns once when part of a cached matrix is overwritten", async () => {
  const { src, cacheDir, entry, parsed } = await cachedFixture();
  const size = (await Deno.stat(entry)).size;
  // Two plausible floats in place of the last two values: size and header unchanged.
  await overwrite(entry, size - 8, new Uint8Array(new Float32Array([0.5, -2]).buffer));
  assert.equal((await Deno.stat(entry)).size, size);
  const second = await load(src, cacheDir);
  assert.deepEqual(second.table.data, parsed.data);
  assert.equal(second.warnings.length, 1);
  const w = second.warnings[0];
  assert.equal(w.kind, "feature-cache-corrupt");
  assert.equal(w.file, entry);
  assert.equal(w.source, src);
  assert.match(
    w.message,
    new RegExp(
      `^${RegExp.escape(entry)}: expected payload checksum [0-9a-f]{16}, found [0-9a-f]{16}; ` +
        `parsing ${RegExp.escape(src)} again$`,
    ),
  );
  const third = await load(src, cacheDir);
  assert.deepEqual(third.warnings, [], "the rewritten entry is a clean hit");
  assert.deepEqual(third.table.data, parsed.data);
});

Deno.test("readFeatures() re-parses and warns when cached values are overwritten with 0xFF", async () => {
  const { src, cacheDir, entry, parsed } = await cachedFixture();
  const size = (await Deno.stat(entry)).size;
  const n = parsed.rows * parsed.cols * 4;
  await overwrite(entry, size - n, new Uint8Array(n).fill(0xff));
  const second = await load(src, cacheDir);
  assert.ok(second.table.data.every(Number.isFinite), "no NaN served from the cache");
  assert.deepEqual(second.table.data, parsed.data);
  assert.equal(second.warnings.length, 1);
  assert.match(second.warnings[0].message, /: expected payload checksum /);
});

Deno.test("readFeatures() rebuilds a truncated cache entry and says so", async () => {
  const { src, cacheDir, entry, parsed } = await cachedFixture();
  const size = (await Deno.stat(entry)).size;
  await Deno.truncate(entry, size - 4);
  const second = await load(src, cacheDir);
  assert.deepEqual(second.table.data, parsed.data);
  assert.equal(second.warnings.length, 1);
  assert.match(
    second.warnings[0].message,
    new RegExp(
      `: expected ${size} bytes \\(${parsed.rows} × 1582 values\\), found ${size - 4}; parsing `,
    ),
  );
  assert.equal((await Deno.stat(entry)).size, size, "rewritten whole");
  await Deno.truncate(entry, 20);
  assert.match(
    (await load(src, cacheDir)).warnings[0].message,
    /: expected at least 28 bytes, found 20 \(truncated\); parsing /,
  );
});

Deno.test("readFeatures() re-parses when the cached header is edited into other valid JSON", async () => {
  const { src, cacheDir, entry, parsed } = await cachedFixture();
  const bytes = await Deno.readFile(entry);
  const text = new TextDecoder().decode(bytes.subarray(0, 4096));
  const at = text.indexOf(parsed.ids[0]);
  assert.ok(at > 0);
  bytes[at] = bytes[at] === 0x78 ? 0x79 : 0x78; // one letter of the first id
  await Deno.writeFile(entry, bytes);
  const second = await load(src, cacheDir);
  assert.deepEqual(second.table.ids, parsed.ids);
  assert.match(second.warnings[0].message, /: expected header checksum [0-9a-f]{16}, found /);
});

Deno.test("readFeatures() warns about a file in the cache's place that is not an entry", async () => {
  const { src, cacheDir, entry, parsed } = await cachedFixture();
  await Deno.writeFile(entry, new Uint8Array(64).fill(0xff));
  const second = await load(src, cacheDir);
  assert.deepEqual(second.table.data, parsed.data);
  assert.match(
    second.warnings[0].message,
    /: expected a feature cache entry \(starting 'SERFEAT3'\), found other bytes; parsing /,
  );
});

Deno.test("readFeatures() rebuilds an entry of an older format without a warning", async () => {
  for (const magic of ["SERFEAT\n", "SERFEAT2"]) {
    const { src, cacheDir, entry, parsed } = await cachedFixture();
    const bytes = await Deno.readFile(entry);
    bytes.set(new TextEncoder().encode(magic));
    await Deno.writeFile(entry, bytes);
    const second = await load(src, cacheDir);
    assert.deepEqual(second.warnings, [], JSON.stringify(magic));
    assert.deepEqual(second.table.data, parsed.data);
    const third = await Deno.readFile(entry);
    assert.equal(new TextDecoder().decode(third.subarray(0, 8)), "SERFEAT3", "rewritten");
  }
});

Deno.test("readFeatures() sees an edit whose size and mtime were restored (touch -r)", async () => {
  const cacheDir = await tempDir();
  const src = await tempFile("t.arff", tinyArff(["a,1,2,3,0"]));
  const before = await Deno.stat(src);
  assert.deepEqual(Array.from((await load(src, cacheDir)).table.data), [1, 2, 3]);
  await Deno.writeTextFile(src, tinyArff(["a,1,2,4,0"])); // same size, same inode
  await Deno.utime(src, before.atime!, before.mtime!);
  const after = await Deno.stat(src);
  assert.equal(after.mtime!.getTime(), before.mtime!.getTime());
  assert.equal(after.ino, before.ino);
  const second = await load(src, cacheDir);
  assert.deepEqual(Array.from(second.table.data), [1, 2, 4]);
  assert.deepEqual(second.warnings, [], "a changed source is a plain miss");
});

Deno.test("readFeatures() sees such an edit near the end of a large plain file and in a gzip file", async () => {
  const cacheDir = await tempDir();
  const row = (i: number, v: number) => `r${String(i).padStart(7, "0")},1.5,2.5,${v}.5,0`;
  const count = Math.ceil((WHOLE_HASH_LIMIT + 2 * EDGE_BLOCK_BYTES) / row(0, 3).length);
  const rows = Array.from({ length: count }, (_, i) => row(i, 3));
  const src = await tempFile("big.arff", tinyArff(rows));
  assert.ok((await Deno.stat(src)).size > WHOLE_HASH_LIMIT, "takes the head-and-tail path");
  const before = await Deno.stat(src);
  assert.equal((await load(src, cacheDir)).table.data.at(-1), 3.5);
  rows[count - 1] = row(count - 1, 4);
  await Deno.writeTextFile(src, tinyArff(rows));
  await Deno.utime(src, before.atime!, before.mtime!);
  assert.equal((await load(src, cacheDir)).table.data.at(-1), 4.5);

  const text = (v: number) => new TextEncoder().encode(tinyArff(["a,1,2,3,0", `b,7,8,${v},0`]));
  const gz = await tempFile("t.arff.gz", await gzip(text(9)));
  const gzBefore = await Deno.stat(gz);
  assert.equal((await load(gz, cacheDir)).table.data.at(-1), 9);
  const edited = await gzip(text(6));
  assert.equal(edited.length, gzBefore.size, "the same compressed size");
  await Deno.writeFile(gz, edited);
  await Deno.utime(gz, gzBefore.atime!, gzBefore.mtime!);
  assert.equal((await load(gz, cacheDir)).table.data.at(-1), 6);
});

Deno.test("readFeatures() puts entries in <cacheRoot>/features, and cacheDir wins over it", async () => {
  const root = await tempDir();
  const src = await tempFile("t.arff", tinyArff(["a,1,2,3,0"]));
  await readFeatures(src, { cacheRoot: root });
  const names = [...Deno.readDirSync(join(root, "features"))].map((e) => e.name);
  assert.equal(names.length, 1);
  assert.match(names[0], /^t\.arff-[0-9a-f]{16}\.f32$/);
  const dir = await tempDir();
  await readFeatures(src, { cacheRoot: root, cacheDir: dir });
  assert.equal([...Deno.readDirSync(dir)].length, 1);
});
