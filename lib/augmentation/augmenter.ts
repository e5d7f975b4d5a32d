/**
 * The augmentation seam: every way of making extra training rows (the paper's CycleGAN, and the
 * simple baselines every SER toolkit offers) has the same shape, after imbalanced-learn's samplers
 * and scikit-learn's estimators. Settings go to the constructor; {@linkcode Augmenter.fit} learns
 * from the training rows of ONE fold (plus the unlabelled source where the method uses one);
 * {@linkcode Augmenter.generate} returns a labelled corpus. Deterministic from the fit seed; no
 * file or console I/O (a CycleGAN may write checkpoints only where its caller names a folder).
 *
 * Adding a method is adding a file that implements {@linkcode Augmenter}, plus one line in the
 * registry (`registry.ts`).
 * @module
 */
import type { Corpus } from "../data/types.ts";

/** A setting value of an augmenter: plain JSON, so settings can be part of a cache key. */
export type AugmenterParam = number | string | boolean;

/** Progress of a long fit (the CycleGAN's epochs) or of generation. */
export interface AugmenterProgress {
  /** What runs, e.g. `pretrain`, `train`, `generate`. */
  readonly phase: string;
  /** Units done. */
  readonly done: number;
  /** Units in total. */
  readonly total: number;
  /** Details, e.g. the epoch's losses; never printed by lib. */
  readonly message?: string;
  /** A warning for the user (e.g. collapsing generators); the CLI shows it once per stage. */
  readonly warning?: string;
}

/** What {@linkcode Augmenter.fit} receives besides the training rows. */
export interface FitContext {
  /** Seed of every random choice of the fit and of the later `generate` calls. */
  readonly seed: number;
  /** The unlabelled source corpus, required when `usesSource` is true, ignored otherwise. */
  readonly source?: Corpus;
  /** Progress (long fits only). */
  readonly onProgress?: (progress: AugmenterProgress) => void;
  /** Cancels a long fit; the call rejects with the signal's reason. */
  readonly signal?: AbortSignal;
  /** Folder for checkpoints of a long fit (resumable); none are written without it. */
  readonly checkpointDir?: string;
}

/**
 * A data-augmentation method. The constructor stores settings only; `fit` learns and returns
 * `this`; `generate` throws a clear error before `fit`.
 */
export interface Augmenter {
  /** Registry name, e.g. `cyclegan`, `smote`. */
  readonly name: string;
  /** The resolved settings (every field, defaults included): plain JSON, part of cache keys. */
  readonly params: Readonly<Record<string, AugmenterParam>>;
  /** Whether `fit` needs the unlabelled source corpus (CycleGAN, moments). */
  readonly usesSource: boolean;
  /** Whether `fit` has run. */
  readonly fitted: boolean;
  /**
   * Learns from the training rows of one fold. Only these rows (and the source) may influence
   * anything the augmenter produces.
   * @param train labelled training rows of one fold (every class present)
   * @param context seed, source corpus, progress, cancellation
   * @returns this augmenter, fitted
   */
  fit(train: Corpus, context: FitContext): Promise<this>;
  /**
   * Generates synthetic rows, class by class (all rows of class 0 first), labelled with the
   * training corpus's classes and feature names, in its feature units. Same fit seed and same
   * `perClass` give the same rows.
   * @param perClass rows per class; `null` is the method's natural amount (the CycleGAN: every
   *   source row for every class; the others: as many rows as the class has)
   * @returns a labelled corpus, ids `<origin>_<method>_<class>_<k>` or the method's own scheme
   */
  generate(perClass: number | null): Promise<Corpus>;
  /** Method-specific records for the report (e.g. the CycleGAN's loss histories), plain JSON. */
  diagnostics(): Readonly<Record<string, unknown>>;
}

/** Builds an augmenter from settings given as `key=value` pairs (strings are parsed per field). */
export type AugmenterFactory = (params: Readonly<Record<string, AugmenterParam>>) => Augmenter;

/** An augmenter named on a command line: `smote`, `noise:sigma=0.1`, `cyclegan:lambda_cls=2`. */
export interface AugmenterSpec {
  /** Registry name. */
  readonly name: string;
  /** Settings as given (before the factory resolves defaults). */
  readonly params: Readonly<Record<string, AugmenterParam>>;
}

/**
 * Parses `NAME[:key=value,key=value]`. Numbers and `true`/`false` become numbers and booleans.
 * @example
 * ```ts
 * import { parseAugmenterSpec } from "./augmenter.ts";
 * const s = parseAugmenterSpec("noise:sigma=0.1");
 * if (s.name !== "noise" || s.params.sigma !== 0.1) throw new Error("unexpected");
 * ```
 * @param text the spec
 * @returns name and settings
 * @throws {RangeError} for an empty name or a setting without `=`
 */
export function parseAugmenterSpec(text: string): AugmenterSpec {
  const trimmed = text.trim();
  const colon = trimmed.indexOf(":");
  const name = (colon < 0 ? trimmed : trimmed.slice(0, colon)).trim();
  if (!/^[a-z][a-z0-9_-]*$/.test(name)) {
    throw new RangeError(
      `Expected an augmenter name like "smote" or "noise:sigma=0.1", found "${text}"`,
    );
  }
  const params: Record<string, AugmenterParam> = {};
  if (colon >= 0) {
    for (const part of trimmed.slice(colon + 1).split(",")) {
      const eq = part.indexOf("=");
      if (eq <= 0) {
        throw new RangeError(`Expected key=value in augmenter "${name}", found "${part}"`);
      }
      const key = part.slice(0, eq).trim();
      const raw = part.slice(eq + 1).trim();
      if (key in params) throw new RangeError(`Setting "${key}" is given twice in "${text}"`);
      const n = Number(raw);
      params[key] = raw === "true"
        ? true
        : raw === "false"
        ? false
        : raw !== "" && Number.isFinite(n)
        ? n
        : raw;
    }
  }
  return { name, params };
}

/**
 * The canonical text of a spec: name, then settings sorted by key (what reports and caches show).
 * @param spec name and settings
 * @returns e.g. `noise:sigma=0.1`
 */
export function formatAugmenterSpec(spec: AugmenterSpec): string {
  const keys = Object.keys(spec.params).sort();
  return keys.length === 0
    ? spec.name
    : `${spec.name}:${keys.map((k) => `${k}=${spec.params[k]}`).join(",")}`;
}
