import assert from "node:assert/strict";
import type { Corpus } from "../data/types.ts";
import { cacheKey, hashCorpus, ResultCache } from "./cache.ts";

const corpus: Corpus = {
  name: "c",
  data: new Float32Array([1, 2, 3, 4]),
  rows: 2,
  cols: 2,
  ids: ["a", "b"],
  featureNames: ["f0", "f1"],
  classes: ["x", "y"],
  labels: new Int32Array([0, 1]),
  speakers: null,
  sessions: null,
  dropped: {},
};

Deno.test("cacheKey() changes with the configuration and hashCorpus() with the data", async () => {
  assert.equal(await cacheKey("k", { a: 1, b: 2 }), await cacheKey("k", { b: 2, a: 1 }));
  assert.notEqual(await cacheKey("k", { a: 1 }), await cacheKey("k", { a: 2 }));
  const other = { ...corpus, data: new Float32Array([1, 2, 3, 5]) };
  assert.notEqual(await hashCorpus(corpus), await hashCorpus(other));
  assert.match(await hashCorpus(corpus), /^[0-9a-f]{64}$/);
});

Deno.test("ResultCache round-trips JSON and corpora and leaves no temporary files", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const cache = new ResultCache(dir);
    assert.equal(await cache.getJson("k1"), null);
    await cache.putJson("k1", { uar: 0.5, per: [1, 2] });
    assert.deepEqual(await cache.getJson("k1"), { uar: 0.5, per: [1, 2] });
    await cache.putCorpus("k2", corpus, { note: 1 });
    const hit = await cache.getCorpus<{ note: number }>("k2");
    assert.deepEqual(hit!.meta, { note: 1 });
    assert.deepEqual(hit!.corpus.data, corpus.data);
    assert.deepEqual(hit!.corpus.labels, corpus.labels);
    assert.deepEqual(hit!.corpus.ids, corpus.ids);
    const names: string[] = [];
    for (const sub of ["results", "synthetic"]) {
      for await (const e of Deno.readDir(`${dir}/${sub}`)) names.push(e.name);
    }
    assert.deepEqual(names.filter((n) => n.endsWith(".tmp")), []);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("ResultCache: an edited or unparsable JSON result is ignored and warned about once", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const warnings: string[] = [];
    const cache = new ResultCache(dir, { onWarning: (w) => warnings.push(w) });
    await cache.putJson("k", { uar: 0.7083 });
    const path = `${dir}/results/k.json`;
    const text = Deno.readTextFileSync(path);
    Deno.writeTextFileSync(path, text.replace("0.7083", "0.4688")); // valid JSON, wrong number
    assert.equal(await cache.getJson("k"), null);
    assert.equal(await cache.hasJson("k"), false);
    assert.equal(warnings.length, 1, "once per entry");
    assert.match(warnings[0], /results\/k\.json: expected sha256 \w+…, found \w+…; .*recomputed$/);
    Deno.writeTextFileSync(`${dir}/results/cut.json`, text.slice(0, 20));
    assert.equal(await cache.getJson("cut"), null);
    assert.match(warnings[1], /cut\.json: expected JSON, found text that does not parse/);
    await cache.putJson("k", { uar: 0.7083 }); // recomputed and stored again: intact
    assert.deepEqual(await cache.getJson("k"), { uar: 0.7083 });
    // An entry written before checksums is read as it is.
    Deno.writeTextFileSync(`${dir}/results/old.json`, JSON.stringify({ uar: 0.5 }));
    assert.deepEqual(await cache.getJson("old"), { uar: 0.5 });
    assert.equal(warnings.length, 2);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("ResultCache: a synthetic corpus with overwritten features or metadata is not served", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const warnings: string[] = [];
    const cache = new ResultCache(dir, { onWarning: (w) => warnings.push(w) });
    await cache.putCorpus("c", corpus, { note: 1 });
    const bin = `${dir}/synthetic/c.bin`;
    const bytes = Deno.readFileSync(bin);
    bytes.fill(0xff, 4, 8); // same size, header kept
    Deno.writeFileSync(bin, bytes);
    assert.equal(await cache.getCorpus("c"), null);
    assert.equal(await cache.getCorpus("c"), null);
    assert.equal(warnings.length, 1);
    assert.match(warnings[0], /c\.bin: expected sha256/);
    await cache.putCorpus("c", corpus, { note: 1 });
    assert.deepEqual((await cache.getCorpus("c"))!.corpus.data, corpus.data);
    const meta = `${dir}/synthetic/c.json`;
    Deno.writeTextFileSync(meta, Deno.readTextFileSync(meta).replace('"note":1', '"note":2'));
    assert.equal(await cache.hasCorpus("c"), false);
    assert.equal(await cache.getCorpusMeta("c"), null);
    assert.match(warnings[1], /c\.json: expected sha256/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("ResultCache.once() computes an entry once: a second caller waits for the lock, then reads it", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const cache = new ResultCache(dir);
    let made = 0;
    let waits = 0;
    const get = () =>
      cache.once(
        "results",
        "k",
        () => cache.getJson<{ n: number }>("k"),
        async () => {
          made++;
          await new Promise((r) => setTimeout(r, 100));
          const value = { n: made };
          await cache.putJson("k", value);
          return value;
        },
        { pollMs: 10, onWait: () => waits++ },
      );
    const [a, b] = await Promise.all([get(), get()]);
    assert.equal(made, 1);
    assert.equal(waits, 1);
    assert.deepEqual([a.outcome, b.outcome].sort(), ["computed", "waited"]);
    assert.deepEqual([a.value, b.value], [{ n: 1 }, { n: 1 }]);
    assert.equal((await get()).outcome, "cached");
    assert.deepEqual([...Deno.readDirSync(`${dir}/results`)].map((e) => e.name), ["k.json"]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("ResultCache.once() releases the lock when the computation throws", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const cache = new ResultCache(dir);
    await assert.rejects(
      () =>
        cache.once("synthetic", "k", () => Promise.resolve(null), () => {
          throw new Error("boom");
        }),
      /boom/,
    );
    await assert.rejects(() => Deno.stat(cache.lockPath("synthetic", "k")), Deno.errors.NotFound);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
