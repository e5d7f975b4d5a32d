/**
 * Whether a difference between two settings is real: every classifier of one setting has a twin
 * in the other, trained from the same seed on the same fold (`seeds.ts`), so the two settings'
 * UARs pair up and a paired test (`paired.ts`) says how sure the difference is.
 *
 * The unit of pairing is one classifier: (fold, repetition) within corpus (5 folds × 5
 * repetitions = 25 pairs in the paper's design), one repetition cross corpus (5 pairs).
 * @module
 */
import { pairedComparison } from "./paired.ts";
import { pairedTestSeed } from "./seeds.ts";
import type { PairedResult, PairingUnit, SettingResult } from "./types.ts";

/** The fewest pairs a comparison is made from. */
export const MIN_PAIRS = 2;

/** The paired values of a setting: one UAR per unit, and the unit's key. */
export interface PairingUnits {
  /** What one value is. */
  readonly unit: PairingUnit;
  /** One UAR per unit, repetition-major. */
  readonly values: number[];
  /** `rep <r> / fold <f>` per value, same order. */
  readonly keys: string[];
  /** The classifier seed of every unit, same order. */
  readonly seeds: number[];
}

/**
 * The paired values of a setting.
 * @param s a setting
 * @returns its UARs per (fold, repetition) within corpus, per repetition cross corpus
 */
export function pairingUnits(s: SettingResult): PairingUnits {
  const values: number[] = [], keys: string[] = [], seeds: number[] = [];
  s.uarPerFold.forEach((folds, r) =>
    folds.forEach((u, f) => {
      values.push(u);
      keys.push(`rep ${r + 1} / fold ${s.folds[f]}`);
      seeds.push(s.classifierSeeds[r][f]);
    })
  );
  return {
    unit: s.protocol === "within" ? "fold × repetition" : "repetition",
    values,
    keys,
    seeds,
  };
}

/**
 * Compares two settings of one protocol pair by pair (treatment − baseline).
 * @param baseline e.g. Real
 * @param treatment e.g. Real + Syn. with the CycleGAN
 * @param seed base seed of the test's resampling
 * @returns the paired test, its unit and the baseline's name; `null` with fewer than
 *   {@linkcode MIN_PAIRS} pairs (one repetition cross corpus), which no test can judge
 * @throws {RangeError} when the settings do not pair: other protocol, folds or classifier seeds
 */
export function compareSettings(
  baseline: SettingResult,
  treatment: SettingResult,
  seed = 0,
): PairedResult | null {
  const a = pairingUnits(baseline), b = pairingUnits(treatment);
  if (
    baseline.protocol !== treatment.protocol || a.keys.join("\n") !== b.keys.join("\n") ||
    a.seeds.join() !== b.seeds.join()
  ) {
    throw new RangeError(
      `Expected two settings of one protocol with the same folds, repetitions and classifier ` +
        `seeds, found ${baseline.protocol} (${a.values.length} classifiers) and ` +
        `${treatment.protocol} (${b.values.length} classifiers)`,
    );
  }
  if (a.values.length < MIN_PAIRS) return null;
  return {
    ...pairedComparison(a.values, b.values, { seed: pairedTestSeed(seed) }),
    unit: a.unit,
    baseline: baseline.augment === null
      ? baseline.trainOn
      : `${baseline.trainOn} ${baseline.augment}`,
  };
}

/**
 * Every setting with its paired comparison with Real of the same protocol (`vsReal`); Real itself,
 * settings of a protocol without Real and settings with fewer than {@linkcode MIN_PAIRS} pairs are
 * returned as they are.
 * @param settings evaluated settings
 * @param seed base seed of the test's resampling
 * @returns the same settings, in order, compared
 */
export function withVsReal(settings: readonly SettingResult[], seed = 0): SettingResult[] {
  return settings.map((s) => {
    if (s.trainOn === "real") return s;
    const real = settings.find((r) => r.protocol === s.protocol && r.trainOn === "real");
    const vsReal = real ? compareSettings(real, s, seed) : null;
    return vsReal ? { ...s, vsReal } : s;
  });
}
