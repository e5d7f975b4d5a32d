/**
 * A small, hand-made `ExperimentResults` for the renderer tests: every field filled with
 * values chosen by hand (not computed), so tests can assert exact table text and figure data.
 * @module
 */
import { DEFAULT_CLASSIFIER } from "../../evaluation/classifier.ts";
import { PAPER_TABLE2, PAPER_TABLE3 } from "../../analysis/paper.ts";
import type { Fig2Row } from "../../analysis/fig2.ts";
import type { ResultTableRow } from "../../analysis/paper.ts";
import { ALL_ROWS_MODEL } from "../../evaluation/types.ts";
import type {
  ExperimentResults,
  LossPoint,
  SettingResult,
  TrainOn,
} from "../../evaluation/types.ts";

const CLASSES = ["angry", "happy", "neutral", "sad"] as const;

/** A row-normalised 4 × 4 matrix with `diag` on the diagonal, the rest spread evenly. */
function matrix(diag: number): number[][] {
  const off = (1 - diag) / 3;
  return CLASSES.map((_, i) => CLASSES.map((_, j) => (i === j ? diag : off)));
}

function setting(
  protocol: "within" | "cross",
  trainOn: TrainOn,
  lambdaCls: number | null,
  uarMean: number,
  synthesisProtocol: "leak-free" | "reference" | null = trainOn === "real" || protocol === "cross"
    ? null
    : "leak-free",
): SettingResult {
  return {
    protocol,
    trainOn,
    lambdaCls,
    synthesisProtocol,
    normalization: "per-dataset",
    classifier: DEFAULT_CLASSIFIER,
    classes: CLASSES,
    uarMean,
    uarStd: 0.01,
    uarPerRep: [uarMean - 0.01, uarMean + 0.01],
    uarPerFold: [[uarMean], [uarMean]],
    confusion: matrix(uarMean).map((r) => r.map((x) => x * 20)),
    confusionNormalized: matrix(uarMean),
    confusionPerRep: [matrix(uarMean), matrix(uarMean)],
    folds: protocol === "within" ? ["S1", "S2", "S3", "S4", "S5"] : ["test"],
    trainRows: [100],
    testRows: [20],
    selection: null,
    seeds: [1, 2],
    seconds: 1,
  };
}

const FIG2_FEATURES = [
  "pcm_loudness_sma_amean",
  "pcm_loudness_sma_stddev",
  "jitterLocal_sma_amean",
];

/**
 * Builds the example results. Ours: within real 68.00, syn 40.00 / 35.00, real+syn 66.00 / 69.00
 * (λcls 0 / 2); cross real 37.00, syn 30.00 / 32.00, real+syn 36.00 / 38.00. Table 1 ours:
 * source 0.100, syn(0) 0.020, syn(2) 0.050. The within settings include a reference-protocol
 * syn λcls = 0 at 45.00 (5 points above its leak-free twin).
 * @returns the results
 */
export function exampleResults(): ExperimentResults {
  const settings = [
    setting("within", "real", null, 0.68),
    setting("within", "syn", 0, 0.40),
    setting("within", "syn", 2, 0.35),
    setting("within", "real+syn", 0, 0.66),
    setting("within", "real+syn", 2, 0.69),
    setting("within", "syn", 0, 0.45, "reference"),
    setting("cross", "real", null, 0.37),
    setting("cross", "syn", 0, 0.30),
    setting("cross", "syn", 2, 0.32),
    setting("cross", "real+syn", 0, 0.36),
    setting("cross", "real+syn", 2, 0.38),
  ];
  const fig2: Fig2Row[] = FIG2_FEATURES.flatMap((feature, k) =>
    (["source", "target", "syn(λcls=0)", "syn(λcls=2)"] as const).map((set, s) => ({
      feature,
      set,
      lambdaCls: s < 2 ? null : s === 2 ? 0 : 2,
      mean: 0.2 + 0.1 * k + 0.05 * s,
      std: 0.1,
    }))
  );
  const lossCurves: LossPoint[] = [0, 2].flatMap((lambdaCls) =>
    [0, 1, 2].flatMap((epoch) => [
      {
        lambdaCls,
        model: ALL_ROWS_MODEL,
        phase: "pretrain" as const,
        epoch,
        name: "cyc_0",
        value: 1 / (epoch + 1),
      },
      { lambdaCls, model: ALL_ROWS_MODEL, phase: "train" as const, epoch, name: "d_0", value: 1.4 },
      { lambdaCls, model: ALL_ROWS_MODEL, phase: "train" as const, epoch, name: "d_1", value: 1.2 },
      {
        lambdaCls,
        model: ALL_ROWS_MODEL,
        phase: "train" as const,
        epoch,
        name: "cyc_0",
        value: 0.5 - 0.1 * epoch,
      },
      { lambdaCls, model: "S1", phase: "train" as const, epoch, name: "cyc_0", value: 9 },
    ])
  );
  const ours = (within: boolean): ResultTableRow[] => {
    const s = settings.filter((x) =>
      x.protocol === (within ? "within" : "cross") && x.synthesisProtocol !== "reference"
    );
    const pick = (trainOn: TrainOn, lambda: number | null) => {
      const found = s.find((x) => x.trainOn === trainOn && x.lambdaCls === lambda)!;
      return { mean: 100 * found.uarMean, std: 100 * found.uarStd };
    };
    return [0, 2].map((lambda) => ({
      label: `λcls = ${lambda}`,
      source: "ours" as const,
      lambdaCls: lambda,
      real: lambda === 0 ? pick("real", null) : null,
      syn: pick("syn", lambda),
      realSyn: pick("real+syn", lambda),
    }));
  };
  const interpretation =
    "Mean over the 1582 features of |mean_target(f) − mean_X(f)|, per class, " +
    "averaged over the classes.";
  return {
    schema: 1,
    codeVersion: "test-1",
    profile: "quick",
    config: { profile: "quick", seed: 0 },
    backend: { name: "cpu", device: "CPU (2 cores)", kernels: "builtin" },
    seeds: { base: 0, reps: [1, 2] },
    timings: { "cyclegan:lambda=0": 12.5, "evaluate:within": 3 },
    dataHashes: { labelled: "aa", test: "bb", source: "cc" },
    corpora: {
      labelled: {
        name: "emodb",
        utterances: 339,
        classCounts: { angry: 127, happy: 71, neutral: 79, sad: 62 },
      },
      test: {
        name: "ravdess",
        utterances: 672,
        classCounts: { angry: 192, happy: 192, neutral: 96, sad: 192 },
      },
      source: { name: "librispeech-3s", utterances: 1302, classCounts: {} },
    },
    settings,
    table1: [
      {
        set: "source",
        label: "|target − source|",
        lambdaCls: null,
        meanAbsDiff: 0.1,
        perClass: { angry: 0.1, happy: 0.1, neutral: 0.1, sad: 0.1 },
        paper: 0.084,
        interpretation,
      },
      {
        set: "syn",
        label: "|target − syn(λcls=0)|",
        lambdaCls: 0,
        meanAbsDiff: 0.02,
        perClass: { angry: 0.02, happy: 0.02, neutral: 0.02, sad: 0.02 },
        paper: 0.013,
        interpretation,
      },
      {
        set: "syn",
        label: "|target − syn(λcls=2)|",
        lambdaCls: 2,
        meanAbsDiff: 0.05,
        perClass: { angry: 0.05, happy: 0.05, neutral: 0.05, sad: 0.05 },
        paper: 0.049,
        interpretation,
      },
    ],
    fisher: [],
    fig2,
    lossCurves,
    table2: [...PAPER_TABLE2, ...ours(true)],
    table3: [...PAPER_TABLE3, ...ours(false)],
    createdAt: "2026-11-24T06:00:00.000Z",
  };
}
