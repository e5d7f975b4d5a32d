/**
 * A small, hand-made `ExperimentResults` for the renderer tests: every field filled with values
 * chosen by hand (not computed, except the rows that the analysis derives from them), so tests can
 * assert exact table text and figure data.
 * @module
 */
import { fixtureSetting as setting } from "../../analysis/_fixtures.ts";
import { paperClaims } from "../../analysis/claims.ts";
import type { Fig2Row } from "../../analysis/fig2.ts";
import { lambdaSweepRows } from "../../analysis/lambda_sweep.ts";
import { methodRows } from "../../analysis/methods.ts";
import type { Table1Row } from "../../analysis/table1.ts";
import { resultTable } from "../../analysis/tables.ts";
import { withVsReal } from "../../evaluation/compare.ts";
import { ALL_ROWS } from "../../evaluation/synthetic.ts";
import type { QualityMetrics } from "../../analysis/synthetic_quality.ts";
import {
  isReference,
  qualityLabel,
  type QualityRecord,
  REFERENCE_MOMENTS,
  REFERENCE_SOURCE,
} from "../../analysis/quality.ts";
import type { DiversityPoint, ExperimentResults, LossPoint } from "../../pipeline/types.ts";

const C0 = "cyclegan:lambda_cls=0", C2 = "cyclegan:lambda_cls=2";

const FIG2_FEATURES = [
  "pcm_loudness_sma_amean",
  "pcm_loudness_sma_stddev",
  "jitterLocal_sma_amean",
];

/** Hand-made quality numbers: Table 1 distance, std ratio median, NN ratio, density. */
function metrics(meanDistance: number, std: number, nn: number, density: number): QualityMetrics {
  return {
    meanDistance,
    sourceMeanDistance: 0.1,
    stdRatioMedian: std,
    stdRatioP10: std * 0.6,
    stdRatioP90: std * 1.4,
    precision: 0.5,
    recall: std > 0.5 ? 0.4 : 0.01,
    density,
    coverage: 0.9,
    nnWithinRatio: nn,
    memorised: 0,
    memorisedBaseline: 0.02,
    twoSampleAccuracy: null,
    twoSampleTargetAccuracy: null,
    twoSampleSyntheticAccuracy: null,
  };
}

function record(augment: string, lambdaCls: number | null, m: QualityMetrics): QualityRecord {
  const reference = isReference(augment);
  return {
    augment,
    label: qualityLabel(augment),
    lambdaCls,
    reference,
    quality: {
      overall: m,
      perClass: { angry: m, happy: m, neutral: m, sad: m },
      rows: {},
      cycleReconstruction: reference ? null : { source: 0.05, target: 0.06, max: 0.06 },
      settings: { k: 5, maxRowsPerClass: 300, seed: 0, space: "z-space" },
    },
  };
}

/**
 * Synthetic-data quality of the example: the references, a collapsed λcls = 0 generator (std
 * ratio 0.04) and a healthy λcls = 2 one (1.05), so the spread claim fails for one and holds for
 * the other.
 */
const QUALITY: readonly QualityRecord[] = [
  record(REFERENCE_SOURCE, null, metrics(0.1, 1.2, 1.3, 0.01)),
  record(REFERENCE_MOMENTS, null, metrics(0, 1, 1.1, 0.8)),
  record(C0, 0, metrics(0.02, 0.04, 0.02, 16.9)),
  record(C2, 2, metrics(0.05, 1.05, 1.1, 0.9)),
];

const DIVERSITY: readonly DiversityPoint[] = [0, 50, 100].flatMap((epoch) =>
  [C0, C2].map((augment) => ({
    augment,
    model: ALL_ROWS,
    phase: "train" as const,
    epoch,
    stdRatio: augment === C0 ? 1 - epoch / 105 : 1,
    nnRatio: augment === C0 ? 1 - epoch / 110 : 1.1,
    cycleRecon: 0.05,
  }))
);

/**
 * Builds the example results. Ours: within real 68.00, syn 40.00 / 35.00, real+syn 66.00 / 69.00
 * (λcls 0 / 2), SMOTE syn 50.00; cross real 37.00, syn 30.00 / 32.00, real+syn 36.00 / 38.00.
 * Table 1 ours: source 0.100, syn(0) 0.020, syn(2) 0.050. The within settings include a
 * reference-protocol syn λcls = 0 at 45.00 (5 points above its leak-free twin).
 * @returns the results
 */
export function exampleResults(): ExperimentResults {
  const settings = withVsReal([
    setting("within", "real", null, 0.68),
    setting("within", "syn", C0, 0.40),
    setting("within", "syn", C2, 0.35),
    setting("within", "real+syn", C0, 0.66),
    setting("within", "real+syn", C2, 0.69),
    setting("within", "syn", "smote:k=5", 0.50),
    setting("within", "syn", C0, 0.45, "reference"),
    setting("cross", "real", null, 0.37),
    setting("cross", "syn", C0, 0.30),
    setting("cross", "syn", C2, 0.32),
    setting("cross", "real+syn", C0, 0.36),
    setting("cross", "real+syn", C2, 0.38),
  ]);
  const fig2: Fig2Row[] = FIG2_FEATURES.flatMap((feature, k) =>
    (["source", "target", "syn(λcls=0)", "syn(λcls=2)"] as const).map((set, s) => ({
      feature,
      set,
      lambdaCls: s < 2 ? null : s === 2 ? 0 : 2,
      mean: 0.2 + 0.1 * k + 0.05 * s,
      std: 0.1,
    }))
  );
  const lossCurves: LossPoint[] = [C0, C2].flatMap((augment) =>
    [0, 1, 2].flatMap((epoch) => [
      {
        augment,
        model: ALL_ROWS,
        phase: "pretrain" as const,
        epoch,
        name: "cyc_0",
        value: 1 / (epoch + 1),
      },
      { augment, model: ALL_ROWS, phase: "train" as const, epoch, name: "d_0", value: 1.4 },
      { augment, model: ALL_ROWS, phase: "train" as const, epoch, name: "d_1", value: 1.2 },
      {
        augment,
        model: ALL_ROWS,
        phase: "train" as const,
        epoch,
        name: "cyc_0",
        value: 0.5 - 0.1 * epoch,
      },
      { augment, model: "S1", phase: "train" as const, epoch, name: "cyc_0", value: 9 },
    ])
  );
  const interpretation =
    "Mean over the 1582 features of |mean_target(f) − mean_X(f)|, per class, " +
    "averaged over the classes.";
  const table1: Table1Row[] = [
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
  ];
  const table2 = resultTable(settings, "within");
  const table3 = resultTable(settings, "cross");
  return {
    schema: 2,
    codeVersion: "test-1",
    profile: "quick",
    config: { profile: "quick", seed: 0 },
    backend: {
      name: "cpu",
      device: "CPU (2 cores)",
      kernels: "builtin",
      kernelAdvice: { summary: "Matrix products: the backend's built-in kernels" },
    },
    seeds: { base: 0, reps: 2 },
    timings: { "augment:cyclegan:lambda_cls=0:all": 12.5, "evaluate:within:real": 3 },
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
    augmenters: [C0, C2, "smote:k=5"],
    settings,
    table1,
    fisher: [],
    fig2,
    lossCurves,
    diversityCurves: DIVERSITY,
    syntheticQuality: QUALITY,
    qualityFigures: {
      projection: [
        { set: "target", emotion: "angry", pc1: 1, pc2: 0 },
        { set: "target", emotion: "sad", pc1: -1, pc2: 0.5 },
        { set: "syn(λcls=0)", emotion: "angry", pc1: 0.9, pc2: 0 },
        { set: "syn(λcls=2)", emotion: "sad", pc1: -0.8, pc2: 0.4 },
      ],
      explained: [0.3, 0.1],
      stdRatios: QUALITY.map((r) => ({
        label: r.label,
        values: [0.6, 1, 1.4].map((f) => f * r.quality.overall.stdRatioMedian),
      })),
    },
    table2,
    table3,
    methods: methodRows(settings),
    lambdaSweep: lambdaSweepRows([0, 2], table1, settings, QUALITY),
    claims: paperClaims({ table1, table2, table3, settings, quality: QUALITY }),
    createdAt: "2026-11-24T06:00:00.000Z",
  };
}
