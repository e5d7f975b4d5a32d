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
