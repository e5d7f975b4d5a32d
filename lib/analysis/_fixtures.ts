/**
 * Hand-made settings for tests of the analysis and the report: every field filled with values
 * chosen by hand, the per-fold UARs spread around the mean so paired tests have something to
 * test. Private: tests only.
 * @module
 */
import { DEFAULT_CLASSIFIER } from "../evaluation/classifier.ts";
import type { Protocol, SettingResult, SynthesisProtocol, TrainOn } from "../evaluation/types.ts";

const CLASSES = ["angry", "happy", "neutral", "sad"] as const;

/** A row-normalised 4 × 4 matrix with `diag` on the diagonal, the rest spread evenly. */
export function fixtureMatrix(diag: number): number[][] {
  const off = (1 - diag) / 3;
  return CLASSES.map((_, i) => CLASSES.map((_, j) => (i === j ? diag : off)));
}

/**
 * One setting: 2 repetitions, 5 folds within (1 cross), per-fold UARs `uarMean + offsets`, where
 * the offsets (the same for every setting, like classifiers sharing seeds) average to zero.
 * @param protocol within or cross
 * @param trainOn real, syn or real+syn
 * @param augment canonical spec, `null` for real
 * @param uarMean the mean UAR
 * @param synthesisProtocol default: leak-free for within synthetic settings
 * @returns the setting
 */
export function fixtureSetting(
  protocol: Protocol,
  trainOn: TrainOn,
  augment: string | null,
  uarMean: number,
  synthesisProtocol: SynthesisProtocol | null = trainOn === "real" || protocol === "cross"
    ? null
    : "leak-free",
): SettingResult {
  const folds = protocol === "within" ? ["S1", "S2", "S3", "S4", "S5"] : ["test"];
  const offsets = protocol === "within"
    ? [[-0.02, 0.01, 0.0, 0.02, -0.01], [0.01, -0.01, 0.02, -0.02, 0.0]]
    : [[-0.01], [0.01]];
  const uarPerFold = offsets.map((row) => row.map((o) => uarMean + o));
  return {
    protocol,
    trainOn,
    augment,
    synthesisProtocol,
    normalization: "per-dataset",
    classifier: DEFAULT_CLASSIFIER,
    classes: CLASSES,
    uarMean,
    uarStd: 0.01,
    uarPerRep: uarPerFold.map((r) => r.reduce((a, b) => a + b, 0) / r.length),
    uarPerFold,
    confusion: fixtureMatrix(uarMean).map((r) => r.map((x) => x * 20)),
    confusionNormalized: fixtureMatrix(uarMean),
    confusionPerRep: [fixtureMatrix(uarMean), fixtureMatrix(uarMean)],
    folds,
    trainRows: folds.map(() => 100),
    testRows: folds.map(() => 20),
    selection: null,
    classifierSeeds: offsets.map((row, r) => row.map((_, f) => 1000 * r + f)),
    seconds: 1,
  };
}
