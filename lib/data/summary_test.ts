import assert from "node:assert/strict";
import { loadCorpus } from "./load_corpus.ts";
import { corpusStats, corpusSummary } from "./summary.ts";

Deno.test("corpusSummary() describes EmoDB like the paper's footnotes", async () => {
  assert.equal(
    corpusSummary(await loadCorpus("emodb")),
    "emodb: 339 utterances (angry 127, happy 71, neutral 79, sad 62), 10 speakers, 5 sessions; " +
      "dropped: 196 (L 81, A 69, E 46)",
  );
});

Deno.test("corpusSummary() describes an unlabelled corpus with thousands separators", async () => {
  assert.equal(
    corpusSummary(await loadCorpus("librispeech")),
    "librispeech: 1,302 utterances (unlabelled), 261 speakers",
  );
});

Deno.test("corpusStats() has the JSON keys of deno task corpus --json", async () => {
  const s = corpusStats(await loadCorpus("ravdess"));
  assert.deepEqual(Object.keys(s), [
    "name",
    "utterances",
    "features",
    "classes",
    "class_counts",
    "speakers",
    "sessions",
    "dropped",
  ]);
  assert.equal(s.utterances, 672);
  assert.equal(s.features, 1582);
  assert.deepEqual(s.class_counts, { angry: 192, happy: 192, neutral: 96, sad: 192 });
  assert.equal(s.speakers, 24);
  assert.equal(s.sessions, 24);
});
