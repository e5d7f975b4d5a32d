/**
 * Where the protocols get synthetic rows from: a {@linkcode SyntheticProvider} receives the rows an
 * augmenter may see (one fold's training rows, or every labelled row) and returns its synthetic
 * corpus. The default, {@linkcode augmenterProvider}, builds the augmenter from the registry, fits
 * it and generates; the pipeline wraps it to hand on corpora it already has in memory (and to cache
 * them), and a leak test wraps it to record what each `fit` saw.
 * @module
 */
import type { Augmenter, AugmenterProgress, AugmenterSpec } from "../augmentation/augmenter.ts";
import { type AugmenterContext, createAugmenter } from "../augmentation/registry.ts";
import type { Corpus } from "../data/types.ts";

/** The scope name of an augmenter fitted on every labelled row (cross corpus, within reference). */
export const ALL_ROWS = "all";

/** What a protocol asks a {@linkcode SyntheticProvider} for. */
export interface SyntheticRequest {
  /** The augmenter, resolved (`resolveAugmenterSpec`). */
  readonly spec: AugmenterSpec;
  /** The only labelled rows the augmenter may see. */
  readonly train: Corpus;
  /** The unlabelled source corpus (handed to augmenters that use one). */
  readonly source?: Corpus;
  /** Where it is fitted: the held-out session of a fold, or {@linkcode ALL_ROWS}. */
  readonly scope: string;
  /** The fit seed (`seeds.ts` `augmenterSeed`). */
  readonly seed: number;
  /** Rows per class to generate; `null` for the method's natural amount. */
  readonly perClass: number | null;
  /** Progress of a long fit. */
  readonly onProgress?: (progress: AugmenterProgress) => void;
  /** Cancellation. */
  readonly signal?: AbortSignal;
}

/** A provider's answer. */
export interface SyntheticResult {
  /** The synthetic corpus (classes and features of `train`). */
  readonly corpus: Corpus;
  /** The augmenter's diagnostics (plain JSON, e.g. the CycleGAN's loss curves). */
  readonly diagnostics: Readonly<Record<string, unknown>>;
}

/** Turns a request into synthetic rows. */
export type SyntheticProvider = (request: SyntheticRequest) => Promise<SyntheticResult>;

/**
 * Fits a fresh augmenter per request and generates.
 * @param create builds an unfitted augmenter from a spec (default: the registry with `context`)
 * @param context the run's context for the registry (the profile's CycleGAN settings)
 * @param checkpointDir folder for the checkpoints of a request's fit (none by default)
 * @returns the provider
 */
export function augmenterProvider(
  create?: (spec: AugmenterSpec) => Augmenter,
  context: AugmenterContext = {},
  checkpointDir?: (request: SyntheticRequest) => string | undefined | Promise<string | undefined>,
): SyntheticProvider {
  const make = create ?? ((spec: AugmenterSpec) => createAugmenter(spec, context));
  return async (request) => {
    const augmenter = make(request.spec);
    await augmenter.fit(request.train, {
      seed: request.seed,
      source: augmenter.usesSource ? request.source : undefined,
      onProgress: request.onProgress,
      signal: request.signal,
      checkpointDir: await checkpointDir?.(request),
    });
    const corpus = await augmenter.generate(request.perClass);
    return { corpus, diagnostics: augmenter.diagnostics() };
  };
}
