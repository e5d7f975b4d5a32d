/**
 * What a run evaluates, resolved once: the evaluation configuration of a profile, the augmenters
 * (canonical specs), the protocols and train-on settings, and the λ_cls sweep. A setting is
 * (protocol, train-on, augmenter); Real is always evaluated per protocol, as the baseline every
 * other setting is paired with. Adding a method to a run is adding its spec.
 * @module
 */
import { parseAugmenterSpec } from "../augmentation/augmenter.ts";
import { CYCLEGAN } from "../augmentation/cyclegan.ts";
import {
  type AugmenterContext,
  augmenterNames,
  canonicalAugmenterSpec,
} from "../augmentation/registry.ts";
import {
  type EvaluationConfig,
  type EvaluationOverrides,
  type ProfileName,
  resolveEvaluationConfig,
} from "../evaluation/config.ts";
import type { Protocol, TrainOn } from "../evaluation/types.ts";

/** Train-on settings that use an augmenter. */
export type SyntheticTrainOn = Exclude<TrainOn, "real">;

/**
 * The augmenters of a reproduction by default: the paper's two CycleGANs (λ_cls 0 and 2, Sec.
 * 4.2), the baselines every augmentation must beat, and `moments`, the CycleGAN's untrained twin
 * (the same source rows mapped to each class's mean and std): it answers whether learning the
 * transfer adds anything, and on the bundled corpora it scores higher than the CycleGAN (README).
 * Mixup stays opt-in (`--augmenters`). A name not (yet) in the registry is left out, so a baseline
 * joins the default run when its registry line lands.
 */
export const DEFAULT_AUGMENTERS: readonly string[] = Object.freeze([
  "cyclegan:lambda_cls=0",
  "cyclegan:lambda_cls=2",
  "oversample",
  "noise",
  "smote",
  "moments",
]);

/** A run's settings before resolution (what the command line and the notebooks give). */
export interface RunSettings {
  /** Profile: `quick` (default) or `paper`. */
  readonly profile?: ProfileName;
  /** Overrides of the profile's evaluation configuration (seed, reps, synthesis protocol, ...). */
  readonly overrides?: EvaluationOverrides;
  /** Augmenter specs (default {@linkcode DEFAULT_AUGMENTERS}, those registered). */
  readonly augmenters?: readonly string[];
  /** λ_cls values to sweep: one CycleGAN spec each, replacing the default CycleGANs. */
  readonly lambdaSweep?: readonly number[];
  /** Protocols (default both). */
  readonly protocols?: readonly Protocol[];
  /** Train-on settings that use an augmenter (default both; Real always runs). */
  readonly trainOn?: readonly SyntheticTrainOn[];
}

/** A resolved run: everything that decides which settings are evaluated and how. */
export interface RunConfig {
  /** Profile name. */
  readonly profile: ProfileName;
  /** The resolved evaluation configuration. */
  readonly evaluation: EvaluationConfig;
  /** Augmenters, canonical specs (every setting resolved), no duplicates, in run order. */
  readonly augmenters: readonly string[];
  /** Protocols. */
  readonly protocols: readonly Protocol[];
  /** Train-on settings that use an augmenter. */
  readonly trainOn: readonly SyntheticTrainOn[];
  /** The swept λ_cls values, `null` when no sweep was asked for. */
  readonly lambdaSweep: readonly number[] | null;
}

/**
 * The augmenter context of a run: what the registry hands every factory.
 * @param config the run configuration
 * @returns the profile's CycleGAN settings
 */
export function augmenterContext(config: Pick<RunConfig, "evaluation">): AugmenterContext {
  return { cyclegan: config.evaluation.cyclegan };
}

/**
 * Resolves a run's settings: the profile's configuration with the overrides, the augmenter specs
 * (a sweep replaces the default CycleGANs and joins any others), every spec resolved.
 * @param settings profile, overrides, augmenters, sweep, protocols, train-on settings
 * @returns the frozen run configuration
 * @throws {RangeError} for an unknown augmenter, protocol or train-on setting, a bad λ_cls or an
 *   empty list; what the evaluation configuration throws for its fields
 */
export function resolveRunConfig(settings: RunSettings = {}): RunConfig {
  const profile = settings.profile ?? "quick";
  const evaluation = resolveEvaluationConfig(profile, settings.overrides ?? {});
  const context: AugmenterContext = { cyclegan: evaluation.cyclegan };
  const registered = new Set(augmenterNames());
  let specs = settings.augmenters ??
    DEFAULT_AUGMENTERS.filter((s) => registered.has(parseAugmenterSpec(s).name));
  const sweep = settings.lambdaSweep ?? null;
  if (sweep !== null) {
    if (sweep.length === 0 || !sweep.every((l) => Number.isFinite(l) && l >= 0)) {
      throw new RangeError(`Expected λ_cls values ≥ 0 to sweep, found [${sweep}]`);
    }
    const swept = sweep.map((l) => `${CYCLEGAN}:lambda_cls=${l}`);
    specs = settings.augmenters === undefined
      ? [...swept, ...specs.filter((s) => parseAugmenterSpec(s).name !== CYCLEGAN)]
      : [...specs, ...swept];
  }
  const augmenters = [...new Set(specs.map((s) => canonicalAugmenterSpec(s, context)))];
  const protocols: Protocol[] = [...new Set(settings.protocols ?? ["within", "cross"] as const)];
  for (const p of protocols) {
    if (p !== "within" && p !== "cross") {
      throw new RangeError(`Expected protocol within or cross, found "${p}"`);
    }
  }
  const trainOn: SyntheticTrainOn[] = [
    ...new Set(settings.trainOn ?? ["syn", "real+syn"] as const),
  ];
  for (const t of trainOn) {
    if (t !== "syn" && t !== "real+syn") {
      throw new RangeError(`Expected train-on syn or real+syn, found "${t}"`);
    }
  }
  if (protocols.length === 0) throw new RangeError("Expected at least one protocol, found none");
  return Object.freeze({
    profile,
    evaluation,
    augmenters: Object.freeze(augmenters),
    protocols: Object.freeze(protocols),
    trainOn: Object.freeze(trainOn),
    lambdaSweep: sweep === null ? null : Object.freeze([...new Set(sweep)].sort((a, b) => a - b)),
  });
}
