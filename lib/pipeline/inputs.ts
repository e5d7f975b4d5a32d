/**
 * The corpora of a run, loaded and hashed once: planning, the cache keys and the results'
 * provenance all read the same {@linkcode RunInputs}.
 * @module
 */
import { classCounts, loadCorpus } from "../data/mod.ts";
import type { Corpus } from "../data/types.ts";
import { hashCorpus } from "./cache.ts";
import type { CorpusSummary, DataHashes } from "./types.ts";

/** Where the corpora come from: preset names, corpus spec paths, or loaded corpora. */
export interface CorpusChoice {
  /** Labelled corpus (default `emodb`). */
  readonly labelled?: string | Corpus;
  /** Cross-corpus test corpus (default `ravdess`). */
  readonly test?: string | Corpus;
  /** Unlabelled source corpus (default `librispeech`). */
  readonly source?: string | Corpus;
}

/** The loaded corpora and their hashes. */
export interface RunInputs {
  /** The labelled corpus. */
  readonly labelled: Corpus;
  /** The cross-corpus test corpus, when the run has a cross-corpus protocol. */
  readonly test?: Corpus;
  /** The unlabelled source corpus, when the run has an augmenter. */
  readonly source?: Corpus;
  /** sha256 of each corpus (empty for one not loaded). */
  readonly hashes: DataHashes;
}

/**
 * Loads a corpus given by name, path or value.
 * @param c a preset name, a spec path, or a corpus
 * @returns the corpus
 */
export function resolveCorpus(c: string | Corpus): Promise<Corpus> {
  return typeof c === "string" ? loadCorpus(c) : Promise.resolve(c);
}

/**
 * Loads the corpora a run needs, in parallel, and hashes them.
 * @param choice the corpora
 * @param needs whether the test and source corpora are needed
 * @returns the corpora and hashes
 */
export async function loadInputs(
  choice: CorpusChoice,
  needs: { readonly test: boolean; readonly source: boolean },
): Promise<RunInputs> {
  const [labelled, test, source] = await Promise.all([
    resolveCorpus(choice.labelled ?? "emodb"),
    needs.test ? resolveCorpus(choice.test ?? "ravdess") : undefined,
    needs.source ? resolveCorpus(choice.source ?? "librispeech") : undefined,
  ]);
  const hash = (c: Corpus | undefined) => (c ? hashCorpus(c) : Promise.resolve(""));
  const [hl, ht, hs] = await Promise.all([hash(labelled), hash(test), hash(source)]);
  return { labelled, test, source, hashes: { labelled: hl, test: ht, source: hs } };
}

/**
 * One-line description of a corpus.
 * @param c a corpus, or none
 * @returns its name, rows and class counts (an empty summary for none)
 */
export function summarizeCorpus(c: Corpus | undefined): CorpusSummary {
  return c
    ? { name: c.name, utterances: c.rows, classCounts: classCounts(c) }
    : { name: "", utterances: 0, classCounts: {} };
}
