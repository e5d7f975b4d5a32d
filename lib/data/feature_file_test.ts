import assert from "node:assert/strict";
import { join } from "node:path";
import { DataFileError } from "./errors.ts";
import { cacheEntryPath, resolveCacheDir } from "./feature_cache.ts";
import { readFeatures, requireSameFeatures } from "./feature_file.ts";
import { FIXTURES, tempDir, tempFile, tinyArff } from "./_testing.ts";

async function entries(dir: string): Promise<string[]> {
  const names: string[] = [];
  try {
    for await (const e of Deno.readDir(dir)) names.push(e.name);
  } catch (err) {
    if (!(err instanceof Deno.errors.NotFound)) throw err;
  }
  return names.sort();
}

Deno.test("readFeatures() picks the CSV reader for .csv and the ARFF reader otherwise", async () => {
  const csv = await readFeatures(join(FIXTURES, "emobase2010.csv"), { cache: false });
  const arff = await readFeatures(join(FIXTURES, "emobase2010.arff"), { cache: false });
  assert.equal(csv.relation, null);
  assert.equal(arff.relation, "emobase2010_ref");
  assert.deepEqual(csv.data, arff.data);
});

Deno.test("readFeatures() cache hit returns identical data, ids, names and class values", async () => {
  const cacheDir = await tempDir();
  const src = await tempFile("f.arff", await Deno.readTextFile(join(FIXTURES, "emobase2010.arff")));
  const first = await readFeatures(src, { cacheDir });
  assert.equal((await entries(cacheDir)).length, 1);
  const entry = await cacheEntryPath(cacheDir, src);
  const before = (await Deno.stat(entry)).mtime!.getTime();
  const second = await readFeatures(src, { cacheDir });
  assert.equal((await Deno.stat(entry)).mtime!.getTime(), before, "a hit must not rewrite");
  assert.deepEqual(second.data, first.data);
  assert.deepEqual(second.ids, first.ids);
  assert.deepEqual(second.featureNames, first.featureNames);
  assert.deepEqual(second.classValues, first.classValues);
  assert.deepEqual(second.featureLines, first.featureLines);
  assert.equal(second.relation, first.relation);
  assert.equal(second.source, src);
});

Deno.test("readFeatures() cache is invalidated when the source changes", async () => {
  const cacheDir = await tempDir();
  const src = await tempFile("t.arff", tinyArff(["a,1,2,3,0"]));
  assert.deepEqual(Array.from((await readFeatures(src, { cacheDir })).data), [1, 2, 3]);
  // Same size, new content and modification time.
  await Deno.writeTextFile(src, tinyArff(["a,4,5,6,0"]));
  await Deno.utime(src, new Date(), new Date(Date.now() + 5000));
  assert.deepEqual(Array.from((await readFeatures(src, { cacheDir })).data), [4, 5, 6]);
  // And a longer file.
  await Deno.writeTextFile(src, tinyArff(["a,4,5,6,0", "b,7,8,9,0"]));
  assert.equal((await readFeatures(src, { cacheDir })).rows, 2);
  assert.equal((await entries(cacheDir)).length, 1, "one entry per source, replaced in place");
});

Deno.test("readFeatures() caches nothing from a file that failed to parse", async () => {
  const cacheDir = await tempDir();
  const src = await tempFile("bad.arff", tinyArff(["a,1,2,3,0", "b,1,2,0"]));
  await assert.rejects(readFeatures(src, { cacheDir }), DataFileError);
  assert.deepEqual(await entries(cacheDir), []);
});

Deno.test("readFeatures() leaves no temporary files in the cache folder", async () => {
  const cacheDir = await tempDir();
  await readFeatures(join(FIXTURES, "emobase2010.csv"), { cacheDir });
  const names = await entries(cacheDir);
  assert.equal(names.length, 1);
  assert.match(names[0], /^emobase2010\.csv-[0-9a-f]{16}\.f32$/);
});

Deno.test("readFeatures() ignores a corrupt cache entry and rewrites it", async () => {
  const cacheDir = await tempDir();
  const src = await tempFile("t.arff", tinyArff(["a,1,2,3,0"]));
  await readFeatures(src, { cacheDir });
  const entry = await cacheEntryPath(cacheDir, src);
  await Deno.writeFile(entry, new Uint8Array([1, 2, 3]));
  assert.deepEqual(Array.from((await readFeatures(src, { cacheDir })).data), [1, 2, 3]);
  assert.ok((await Deno.stat(entry)).size > 3);
});

Deno.test("readFeatures() with cache: false writes no cache", async () => {
  const cacheDir = await tempDir();
  await readFeatures(join(FIXTURES, "emobase2010.csv"), { cacheDir, cache: false });
  assert.deepEqual(await entries(cacheDir), []);
});

Deno.test("resolveCacheDir() prefers the option, then SER_CACHE_DIR/features, then <repo>/.cache/features", () => {
  const old = Deno.env.get("SER_CACHE_DIR");
  try {
    Deno.env.delete("SER_CACHE_DIR");
    assert.match(resolveCacheDir()!, /\.cache[\\/]features[\\/]?$/);
    Deno.env.set("SER_CACHE_DIR", "/tmp/ser-env-cache");
    assert.equal(resolveCacheDir(), "/tmp/ser-env-cache/features");
    assert.equal(resolveCacheDir("/tmp/opt"), "/tmp/opt");
  } finally {
    if (old === undefined) Deno.env.delete("SER_CACHE_DIR");
    else Deno.env.set("SER_CACHE_DIR", old);
  }
});

Deno.test("readFeatures() names a missing file", async () => {
  await assert.rejects(
    readFeatures("/nonexistent/feats.arff"),
    (e: Error) =>
      e instanceof Deno.errors.NotFound && e.message.includes("/nonexistent/feats.arff"),
  );
});

Deno.test("readFeatures() names a folder given as the feature file", async () => {
  const dir = await tempDir();
  for (const cache of [true, false]) {
    await assert.rejects(readFeatures(dir, { cache }), (e: Error) => {
      assert.ok(e instanceof Deno.errors.IsADirectory, String(e));
      assert.equal(e.message, `Expected a feature file, found the directory '${dir}'`);
      return true;
    });
  }
});

Deno.test("requireSameFeatures() accepts the ARFF and CSV fixtures", async () => {
  const a = await readFeatures(join(FIXTURES, "emobase2010.arff"), { cache: false });
  const b = await readFeatures(join(FIXTURES, "emobase2010.csv"), { cache: false });
  requireSameFeatures(a, b);
});

Deno.test("requireSameFeatures() error names both files, their header lines and the feature", async () => {
  const a = await readFeatures(await tempFile("a.arff", tinyArff(["x,1,2,3,0"])), { cache: false });
  const other = tinyArff(["x,1,2,3,0"]).replace("@attribute f2 numeric", "@attribute g2 numeric");
  const b = await readFeatures(await tempFile("b.arff", other), { cache: false });
  assert.throws(
    () => requireSameFeatures(a, b),
    (e: Error) =>
      e instanceof DataFileError &&
      /a\.arff:5: feature 2 is 'f2', but .*b\.arff:5 has 'g2'/.test(e.message),
  );
});

Deno.test("requireSameFeatures() error on a different feature count", async () => {
  const a = await readFeatures(await tempFile("a.arff", tinyArff(["x,1,2,3,0"])), { cache: false });
  const b = await readFeatures(await tempFile("b.csv", "name;f1;f2\n'x';1;2\n"), { cache: false });
  assert.throws(
    () => requireSameFeatures(a, b),
    (e: Error) =>
      /a\.arff:6: feature 3 is 'f3', but .*b\.csv:1 has nothing \(it has 2 features\)/.test(
        e.message,
      ),
  );
});
