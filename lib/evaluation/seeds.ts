/**
 * Every seed of an evaluation, derived from the base seed and named parts, in one place. A seed
 * depends only on what it is for and where it is used, never on the setting being evaluated:
 * the classifier of (repetition r, fold f) gets the same seed under Real, Syn., Real + Syn. and
 * every augmenter, so two settings can be compared pair by pair (`compare.ts`).
 *
 * | seed | parts | used by |
 * |---|---|---|
 * | {@linkcode classifierSeed} | base, `classifier`, repetition, fold | classifier weights, shuffles, dropout |
 * | {@linkcode augmenterSeed} | base, `augmenter`, scope (held-out session, or `all`) | `Augmenter.fit` and `generate` |
 * | {@linkcode devSplitSeed} | base, `dev-split` | the cross-corpus development/test split |
 * | {@linkcode pairedTestSeed} | base, `paired-test` | the paired test's resampling |
 *
 * The augmenter seed does not depend on the augmenter either: the CycleGANs of λ_cls = 0 and 2
 * start from the same weights, as in the paper's design.
 * @module
 */

/** The largest base seed: seeds are unsigned 32-bit integers. */
export const MAX_SEED = 0xffffffff;

/**
 * Checks a base seed.
 * @param seed the base seed
 * @returns the seed
 * @throws {RangeError} unless it is an integer in [0, 2^32 − 1]
 */
export function checkSeed(seed: number): number {
  if (!Number.isSafeInteger(seed) || seed < 0 || seed > MAX_SEED) {
    throw new RangeError(`Expected a seed in [0, ${MAX_SEED}], found ${seed}`);
  }
  return seed;
}

function _mix(h: number): number {
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/**
 * A seed derived from a base seed and named parts: a 32-bit mix of the base and every character
 * of every part (a seed mixer, not a content hash). Different parts give unrelated seeds; the same
 * parts always give the same seed.
 * @example
 * ```ts
 * import { deriveSeed } from "./seeds.ts";
 * if (deriveSeed(0, "a", 1) !== deriveSeed(0, "a", 1)) throw new Error("not deterministic");
 * if (deriveSeed(0, "a", 1) === deriveSeed(0, "a", 2)) throw new Error("parts ignored");
 * ```
 * @param base the base seed
 * @param parts names and numbers, in order
 * @returns a seed in [0, 2^31)
 */
export function deriveSeed(base: number, ...parts: readonly (string | number)[]): number {
  let h = _mix(checkSeed(base) ^ 0x9e3779b9);
  for (const part of parts) {
    const text = `${typeof part}:${part}`;
    for (let i = 0; i < text.length; i++) h = _mix(h ^ text.charCodeAt(i)) + 0x9e3779b9 | 0;
    h = _mix(h ^ 0x1f);
  }
  return h >>> 1;
}

/**
 * Seed of the classifier of one repetition and fold; the same for every setting.
 * @param base the base seed
 * @param repetition 0-based repetition
 * @param fold the fold's name (within: the held-out session; cross: `test`)
 * @returns the seed
 */
export function classifierSeed(base: number, repetition: number, fold: string): number {
  return deriveSeed(base, "classifier", repetition, fold);
}

/**
 * Seed of an augmenter's fit (and its `generate` calls).
 * @param base the base seed
 * @param scope where it is fitted: the held-out session of a within-corpus fold, or
 *   `all` for every labelled row (cross corpus, and the within reference protocol)
 * @returns the seed
 */
export function augmenterSeed(base: number, scope: string): number {
  return deriveSeed(base, "augmenter", scope);
}

/**
 * Seed of the cross-corpus development/test split.
 * @param base the base seed
 * @returns the seed
 */
export function devSplitSeed(base: number): number {
  return deriveSeed(base, "dev-split");
}

/**
 * Seed of the paired test's resampling.
 * @param base the base seed
 * @returns the seed
 */
export function pairedTestSeed(base: number): number {
  return deriveSeed(base, "paired-test");
}
