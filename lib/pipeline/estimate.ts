/**
 * How long a plan will take, from a short warm-up on the backend in use: each long-fitting
 * augmenter times one unit of its own work (`FitWork.measureUnitSeconds`: for the CycleGAN, main
 * N-CycleGAN iterations of the run's networks), and the classifier times two batches of the plan's
 * largest network, from which a cost per multiply-accumulate prices every setting's batches.
 * @module
 */
import { createAugmenter } from "../augmentation/registry.ts";
import { hasFitWork } from "../augmentation/work.ts";
import { SerClassifier } from "../evaluation/classifier.ts";
import type { ClassifierSettings } from "../evaluation/types.ts";
import { Rng } from "../random.ts";
import { augmenterContext } from "./config.ts";
import { assertRunnable, type RunPlan } from "./plan.ts";

/** Measured costs from the warm-up. */
export interface WarmupRates {
  /** Seconds of one unit of work, by augmenter (canonical spec); absent ones are quick fits. */
  readonly augmentUnit: Readonly<Record<string, number>>;
  /** Seconds per multiply-accumulate of one classifier training batch (forward pass MACs). */
  readonly classifierSecondsPerMac: number;
  /** Seconds of a quick augmenter's fit (one step, not measured). */
  readonly quickFitSeconds: number;
  /** Seconds of one analysis step. */
  readonly stepSeconds: number;
}

/** Rates of a plan whose every stage is cached: nothing to measure. */
export const NO_WARMUP: WarmupRates = Object.freeze({
  augmentUnit: Object.freeze({}),
  classifierSecondsPerMac: 0,
  quickFitSeconds: 0.2,
  stepSeconds: 2,
});

/** Classifier hyper-parameters that set the cost of a batch. */
export type ClassifierShape = Pick<
  ClassifierSettings,
  "hiddenUnits" | "hiddenLayers" | "batchSize"
>;

/**
 * Forward-pass multiply-accumulates of one classifier batch: batch × (in·h + (L−1)·h² + h·N).
 * @param s the classifier's units, layers and batch size
 * @param inputs input features (1582)
 * @param classes output classes (4)
 * @returns the count
 */
export function classifierBatchMacs(s: ClassifierShape, inputs = 1582, classes = 4): number {
  const h = s.hiddenUnits;
  return s.batchSize * (inputs * h + (s.hiddenLayers - 1) * h * h + h * classes);
}

/**
 * Whether a plan has work to measure (a stage that is not cached, other than the analysis).
 * @param plan the plan
 * @returns `true` when a warm-up is worth its seconds
 */
export function needsWarmup(plan: Pick<RunPlan, "stages">): boolean {
  return plan.stages.some((s) => !s.cached && s.kind !== "analysis");
}

/**
 * Measures the warm-up on the current backend: one unit of every uncached long-fitting augmenter,
 * and two batches of the plan's largest classifier.
 * @param plan the plan
 * @returns the measured rates
 * @throws {PlanProblemsError} when the plan has problems (nothing is measured)
 */
export async function measureWarmup(plan: RunPlan): Promise<WarmupRates> {
  assertRunnable(plan);
  const { labelled } = plan.inputs;
  const shape = {
    classRows: labelled.classes.map(() => 0),
    cols: labelled.cols,
    sourceRows: plan.inputs.source?.rows ?? 0,
  };
  const augmentUnit: Record<string, number> = {};
  for (const s of plan.stages) {
    if (s.kind !== "augment" || s.cached || s.augment in augmentUnit) continue;
    const a = createAugmenter(s.request.spec, augmenterContext(plan.config));
    if (hasFitWork(a)) augmentUnit[s.augment] = await a.measureUnitSeconds(shape);
  }
  const settings = plan.stages.flatMap((s) => (s.kind === "evaluate" ? [s.classifier] : []));
  let classifierSecondsPerMac = 0;
  if (settings.length > 0) {
    const largest = settings.reduce((a, b) =>
      classifierBatchMacs(b, labelled.cols) > classifierBatchMacs(a, labelled.cols) ? b : a
    );
    const rows = 2 * largest.batchSize, n = Math.max(2, labelled.classes.length);
    const rng = new Rng(2);
    const x = {
      data: Float32Array.from({ length: rows * labelled.cols }, () => rng.float()),
      rows,
      cols: labelled.cols,
    };
    const clf = new SerClassifier({ ...largest, epochs: 1 });
    const t0 = performance.now();
    await clf.fit(x, Int32Array.from({ length: rows }, (_, i) => i % n), n, { rng });
    const batchSeconds = (performance.now() - t0) / 1000 / 2;
    clf.dispose();
    classifierSecondsPerMac = batchSeconds / classifierBatchMacs(largest, labelled.cols, n);
  }
  return { ...NO_WARMUP, augmentUnit, classifierSecondsPerMac };
}

/**
 * Estimated seconds of every stage (cached stages take ~0): augment stages at their augmenter's
 * measured unit cost (a quick augmenter one step), evaluation stages at the measured cost per
 * multiply-accumulate times their classifier's size, the analysis one step.
 * @param plan the plan (only its stages and the labelled corpus's shape are read)
 * @param rates the warm-up's measurements
 * @returns seconds per stage, in plan order
 */
export function estimateStages(
  plan: Pick<RunPlan, "stages"> & { readonly inputs?: RunPlan["inputs"] },
  rates: WarmupRates,
): number[] {
  const cols = plan.inputs?.labelled.cols ?? 1582;
  const classes = plan.inputs?.labelled.classes.length ?? 4;
  return plan.stages.map((s) => {
    if (s.cached) return 0;
    switch (s.kind) {
      case "augment":
        return s.units * (rates.augmentUnit[s.augment] ?? rates.quickFitSeconds);
      case "evaluate":
        return s.units * rates.classifierSecondsPerMac *
          classifierBatchMacs(s.classifier, cols, classes);
      case "analysis":
        return s.units * rates.stepSeconds;
    }
  });
}
