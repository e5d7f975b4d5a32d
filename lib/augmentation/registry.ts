/**
 * Augmenters found by name: one line per method in {@linkcode AUGMENTERS}. Adding a method is
 * adding its file (a class implementing `Augmenter` and a factory `createX(params)`) and one line
 * here; nothing else in the toolkit names methods.
 *
 * A spec names a method and its settings: `smote`, `noise:sigma=0.1`, `cyclegan:lambda_cls=2`
 * (`parseAugmenterSpec`). {@linkcode resolveAugmenterSpec} fills in every default, which gives the
 * canonical name a setting is reported and cached under.
 * @module
 */
import type { CycleGanConfig } from "../models/config.ts";
import {
  type Augmenter,
  type AugmenterParam,
  type AugmenterSpec,
  formatAugmenterSpec,
  parseAugmenterSpec,
} from "./augmenter.ts";
import { createCycleGan } from "./cyclegan.ts";
import { createOversample } from "./oversample.ts";
import { createNoise } from "./noise.ts";
import { createSmote } from "./smote.ts";
import { createMixup } from "./mixup.ts";
import { createMoments } from "./moments.ts";

/** What a run hands every factory besides the spec's own settings. */
export interface AugmenterContext {
  /** The profile's CycleGAN overrides (used by `cyclegan`). */
  readonly cyclegan?: Readonly<Partial<CycleGanConfig>>;
}

/** A registry entry: builds an unfitted augmenter from settings and the run's context. */
export type RegistryEntry = (
  params: Readonly<Record<string, AugmenterParam>>,
  context: AugmenterContext,
) => Augmenter;

/** Every augmenter by name, one line each. */
export const AUGMENTERS: Readonly<Record<string, RegistryEntry>> = Object.freeze({
  cyclegan: (params, context) => createCycleGan(params, context.cyclegan),
  oversample: (params) => createOversample(params),
  noise: (params) => createNoise(params),
  smote: (params) => createSmote(params),
  mixup: (params) => createMixup(params),
  moments: (params) => createMoments(params),
});

/**
 * The registered names.
 * @returns names in registry order
 */
export function augmenterNames(): string[] {
  return Object.keys(AUGMENTERS);
}

/**
 * Builds an augmenter from a spec.
 * @example
 * ```ts
 * import { createAugmenter } from "./registry.ts";
 * const a = createAugmenter("cyclegan:lambda_cls=0");
 * if (a.name !== "cyclegan" || a.params.lambda_cls !== 0 || a.fitted) throw new Error("unexpected");
 * ```
 * @param spec a spec or its text
 * @param context the run's context (the profile's CycleGAN settings)
 * @returns an unfitted augmenter
 * @throws {RangeError} for an unknown name (the message lists the known ones); whatever the
 *   factory throws for bad settings
 */
export function createAugmenter(
  spec: AugmenterSpec | string,
  context: AugmenterContext = {},
): Augmenter {
  const s = typeof spec === "string" ? parseAugmenterSpec(spec) : spec;
  const entry = Object.hasOwn(AUGMENTERS, s.name) ? AUGMENTERS[s.name] : undefined;
  if (entry === undefined) {
    throw new RangeError(
      `Unknown augmenter "${s.name}", expected one of ${augmenterNames().join(", ")}`,
    );
  }
  return entry(s.params, context);
}

/**
 * A spec with every setting resolved (defaults filled in), so that equal methods get equal names.
 * @param spec a spec or its text
 * @param context the run's context
 * @returns name and resolved settings
 */
export function resolveAugmenterSpec(
  spec: AugmenterSpec | string,
  context: AugmenterContext = {},
): AugmenterSpec {
  const a = createAugmenter(spec, context);
  return { name: a.name, params: { ...a.params } };
}

/**
 * The canonical text of a spec: resolved, settings sorted.
 * @param spec a spec or its text
 * @param context the run's context
 * @returns e.g. `cyclegan:lambda_cls=2`
 */
export function canonicalAugmenterSpec(
  spec: AugmenterSpec | string,
  context: AugmenterContext = {},
): string {
  return formatAugmenterSpec(resolveAugmenterSpec(spec, context));
}
