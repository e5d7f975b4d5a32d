/**
 * The cross-corpus protocol (paper Sec. 4.4): train on the whole labelled corpus (plus synthetic
 * rows of an augmenter fitted once on every labelled row), split the test corpus 30 % development /
 * 70 % test per class, select on the development split, report on the test split.
 *
 * Model selection: the development split selects the classifier's EPOCH COUNT among
 * `candidateEpochs(epochs, devEpochFactors)` (default: ½×, 1×, 2× the paper's count), by the mean
 * development UAR over repetitions (ties: the count nearest the paper's, then the smaller). Each
 * repetition trains once up to the largest candidate and predicts dev and test at every
 * candidate (per-epoch callbacks of the batch training); the reported UAR is the test UAR at the
 * selected count. Test rows never influence the selection.
 * @module
 */
import { formatAugmenterSpec } from "../augmentation/augmenter.ts";
import { stratifiedSplit, subsetCorpus } from "../data/mod.ts";
import type { Corpus } from "../data/types.ts";
import { Rng } from "../random.ts";
import { checkSameClasses, type Dataset, normalizeSets, toDataset } from "./_datasets.ts";
import { candidateEpochs, type EvaluationConfig } from "./config.ts";
import { confusionMatrix, uarFromConfusion } from "./metrics.ts";
import { classifierSeed, devSplitSeed } from "./seeds.ts";
import {
  type EvaluationContext,
  evaluationDeps,
  type EvaluationInputs,
  settingAugmenter,
  settingResult,
  type SettingSpec,
  syntheticRows,
  trainSettingClassifiers,
} from "./setting.ts";
import { ALL_ROWS } from "./synthetic.ts";
import type { ClassifierJob } from "./train_classifiers.ts";
import type { DevSelection, SettingResult } from "./types.ts";

/** The fold name of the cross-corpus protocol (one train/test split). */
export const CROSS_FOLD = "test";

/**
 * The development/test split of the cross-corpus test corpus (stratified, seeded).
 * @param test the test corpus
 * @param config the configuration (seed, devFraction)
 * @returns dev and test row indices, disjoint, covering every row
 */
export function crossSplit(
  test: Corpus,
  config: Pick<EvaluationConfig, "seed" | "devFraction">,
): { dev: Int32Array; test: Int32Array } {
  if (test.labels === null) throw new TypeError(`Test corpus "${test.name}" has no labels`);
  return stratifiedSplit(test.labels, config.devFraction, new Rng(devSplitSeed(config.seed)));
}

/**
 * The development selection: the candidate with the highest mean development UAR; ties go to the
 * count nearest the setting's own, then to the smaller.
 * @param candidates candidate epoch counts, ascending
 * @param devUar per repetition, the development UAR at every candidate
 * @param epochs the setting's own epoch count
 * @returns what was selected
 */
export function selectEpochs(
  candidates: readonly number[],
  devUar: readonly (readonly number[])[],
  epochs: number,
): DevSelection {
  const meanDev = candidates.map((_, k) =>
    devUar.reduce((a, row) => a + row[k], 0) / devUar.length
  );
  let best = 0;
  for (let k = 1; k < candidates.length; k++) {
    const d = meanDev[k] - meanDev[best];
    const closer = Math.abs(candidates[k] - epochs) < Math.abs(candidates[best] - epochs);
    if (d > 1e-12 || (Math.abs(d) <= 1e-12 && closer)) best = k;
  }
  return {
    what: "classifier epoch count, by mean development UAR over repetitions",
    candidates,
    devUar: meanDev,
    selected: candidates[best],
  };
}

/**
 * Cross-corpus evaluation of one setting.
 * @param inputs labelled, test and (for augmenters that use one) source corpora
 * @param spec train-on setting and augmenter
 * @param ctx configuration, dependencies, progress, cancellation
 * @returns the setting's numbers, with what the development split selected
 * @throws {TypeError} without a test corpus, or for a synthetic setting without an augmenter
 */
export async function evaluateCross(
  inputs: EvaluationInputs,
  spec: SettingSpec,
  ctx: EvaluationContext,
): Promise<SettingResult> {
  const t0 = performance.now();
  const deps = evaluationDeps(ctx);
  const { config } = ctx;
  const { labelled, source, test: testCorpus } = inputs;
  if (!testCorpus) throw new TypeError("The cross-corpus protocol needs a test corpus");
  checkSameClasses(labelled, testCorpus);
  const augment = settingAugmenter(spec);
  const settings = config.classifiers.cross[spec.trainOn];
  const nClasses = labelled.classes.length;
  const split = crossSplit(testCorpus, config);
  let syn: Corpus | null = null;
  if (augment !== null) {
    syn = await syntheticRows(deps.synthetic, ctx, {
      spec: augment,
      train: labelled,
      labelled,
      source,
      scope: ALL_ROWS,
    });
  }
  const parts: { data: Dataset; role: "train" | "syn" }[] = [];
  if (spec.trainOn !== "syn") parts.push({ data: toDataset(labelled), role: "train" });
  if (syn) parts.push({ data: toDataset(syn), role: "syn" });
  const { train, evals: [dev, test] } = normalizeSets(
    parts,
    [
      { data: toDataset(subsetCorpus(testCorpus, split.dev)), role: "dev" },
      { data: toDataset(subsetCorpus(testCorpus, split.test)), role: "test" },
    ],
    config.normalization,
    deps.fitScaler,
  );
  const candidates = candidateEpochs(settings.epochs, config.devEpochFactors);
  const maxEpochs = candidates[candidates.length - 1];
  // [rep][candidate]
  const devUar: number[][] = Array.from({ length: config.reps }, () => []);
  const testConf: number[][][][] = Array.from({ length: config.reps }, () => []);
  const jobs: ClassifierJob[] = Array.from({ length: config.reps }, (_, r) => ({
    ...train,
    nClasses,
    settings: { ...settings, epochs: maxEpochs },
    seed: classifierSeed(config.seed, r, CROSS_FOLD),
    onEpoch: async (epoch, model) => {
      if (!candidates.includes(epoch)) return;
      const d = confusionMatrix(dev.y, await model.predict(dev.x), nClasses);
      devUar[r].push(uarFromConfusion(d));
      testConf[r].push(confusionMatrix(test.y, await model.predict(test.x), nClasses));
    },
  }));
  const classifiers = await trainSettingClassifiers(deps.trainClassifiers, jobs, ctx);
  classifiers.forEach((c) => c.dispose());
  for (const row of devUar) {
    if (row.length !== candidates.length) {
      throw new Error(
        `Expected predictions at ${candidates.length} candidate epochs, found ${row.length}`,
      );
    }
  }
  const selection = selectEpochs(candidates, devUar, settings.epochs);
  const best = candidates.indexOf(selection.selected);
  const confusionPerRep = testConf.map((row) => row[best]);
  return settingResult(spec, config, {
    classes: [...labelled.classes],
    settings: { ...settings, epochs: selection.selected },
    uarPerFold: confusionPerRep.map((c) => [uarFromConfusion(c)]),
    confusionPerRep,
    folds: [CROSS_FOLD],
    trainRows: [train.y.length],
    testRows: [test.y.length],
    selection,
    classifierSeeds: jobs.map((j) => [j.seed]),
    seconds: (performance.now() - t0) / 1000,
  }, augment === null ? null : formatAugmenterSpec(augment));
}
