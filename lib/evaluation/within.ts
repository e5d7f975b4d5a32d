/**
 * The within-corpus protocol (paper Sec. 4.3): leave-one-session-out over the labelled corpus,
 * `reps` classifiers per fold, for train-on real, syn and real + syn.
 *
 * Leak-freedom, by construction and checkable: {@linkcode foldSynthesis} picks the rows the
 * augmenter of a fold is fitted on. With the `leak-free` synthesis protocol they are the fold's
 * training rows only (the test session's rows are not in them), and the training scalers and the
 * classifiers receive training rows only. The `reference` protocol fits one augmenter on every
 * session, test sessions included, as the authors' public script did for the CycleGAN; it exists
 * to measure that leak.
 *
 * Every classifier of every fold and repetition is trained in ONE {@linkcode TrainClassifiers}
 * call, seeded by (repetition, fold) only, so settings pair up classifier by classifier.
 * @module
 */
import { formatAugmenterSpec } from "../augmentation/augmenter.ts";
import { leaveOneSessionOut, subsetCorpus } from "../data/mod.ts";
import type { Fold } from "../data/splits.ts";
import type { Corpus } from "../data/types.ts";
import { type Dataset, normalizeSets, toDataset } from "./_datasets.ts";
import { confusionMatrix, sumMatrices, uarFromConfusion } from "./metrics.ts";
import { classifierSeed } from "./seeds.ts";
import {
  type EvaluationContext,
  evaluationDeps,
  type EvaluationInputs,
  settingAugmenter,
  settingResult,
  type SettingSpec,
  syntheticRows,
  throwIfAborted,
  trainSettingClassifiers,
} from "./setting.ts";
import { ALL_ROWS } from "./synthetic.ts";
import type { ClassifierJob } from "./train_classifiers.ts";
import type { SettingResult, SynthesisProtocol } from "./types.ts";

/** What the augmenter of one within-corpus fold is fitted on. */
export interface FoldSynthesis {
  /** The only labelled rows the augmenter may see. */
  readonly train: Corpus;
  /**
   * The name its fit is seeded and cached under: the fold's held-out session, or
   * {@linkcode ALL_ROWS} for one fit that every fold shares.
   */
  readonly scope: string;
}

/**
 * The labelled rows the augmenter of one leave-one-session-out fold is fitted on (paper Sec. 4.3).
 *
 * `leak-free` (the default): the fold's training rows only, in row order, under the scope of its
 * held-out session, so no row of the test session (no test speaker) reaches the augmenter.
 * `reference`: every labelled row, test session included, under {@linkcode ALL_ROWS}, one fit for
 * every fold, as the authors' public script trained its CycleGAN.
 *
 * @example
 * ```ts
 * import { foldSynthesis } from "./within.ts";
 * import { leaveOneSessionOut } from "../data/mod.ts";
 * const labelled = {
 *   name: "toy", data: new Float32Array([1, 2, 3, 4]), rows: 4, cols: 1,
 *   ids: ["a", "b", "c", "d"], featureNames: ["x"], classes: ["p", "q"],
 *   labels: new Int32Array([0, 1, 0, 1]), speakers: null, sessions: ["S1", "S2", "S1", "S2"],
 *   dropped: {},
 * };
 * const [fold] = leaveOneSessionOut(labelled);
 * const { train, scope } = foldSynthesis(labelled, fold, "leak-free");
 * if (scope !== "S1" || train.ids.join() !== "b,d") throw new Error("the test session leaked");
 * ```
 * @param labelled the labelled corpus, with sessions
 * @param fold one of its folds
 * @param protocol `leak-free` or `reference`
 * @returns the rows to fit on, and the fit's scope
 */
export function foldSynthesis(
  labelled: Corpus,
  fold: Fold,
  protocol: SynthesisProtocol,
): FoldSynthesis {
  // exercise leak-free-synthesis: begin
  if (protocol === "reference") return { train: labelled, scope: ALL_ROWS };
  return { train: subsetCorpus(labelled, fold.train), scope: fold.testSession };
  // exercise leak-free-synthesis: end
}

/**
 * Within-corpus leave-one-session-out evaluation of one setting.
 * @param inputs the labelled corpus (with sessions) and, for augmenters that use one, the source
 * @param spec train-on setting and augmenter
 * @param ctx configuration, dependencies, progress, cancellation
 * @returns the setting's numbers
 * @throws {RangeError} for fewer than two sessions, or synthetic rows with other classes
 * @throws {TypeError} for a synthetic setting without an augmenter
 */
export async function evaluateWithin(
  inputs: EvaluationInputs,
  spec: SettingSpec,
  ctx: EvaluationContext,
): Promise<SettingResult> {
  const t0 = performance.now();
  const deps = evaluationDeps(ctx);
  const { config } = ctx;
  const { labelled, source } = inputs;
  const augment = settingAugmenter(spec);
  const settings = config.classifiers.within[spec.trainOn];
  const folds = leaveOneSessionOut(labelled);
  if (folds.length < 2) {
    throw new RangeError(
      `Expected at least 2 sessions in "${labelled.name}" for leave-one-session-out, found ${folds.length}`,
    );
  }
  const nClasses = labelled.classes.length;
  /** The last fit, reused while the scope stays the same (`reference`: every fold). */
  let last: { scope: string; corpus: Corpus } | null = null;
  const synthetic = async (fold: Fold): Promise<Corpus> => {
    const { train, scope } = foldSynthesis(labelled, fold, config.synthesisProtocol);
    if (last?.scope !== scope) {
      const corpus = await syntheticRows(deps.synthetic, ctx, {
        spec: augment!,
        train,
        labelled,
        source,
        scope,
      });
      last = { scope, corpus };
    }
    return last.corpus;
  };

  const jobs: ClassifierJob[] = [];
  const tests: Dataset[] = [];
  const trainRows: number[] = [], testRows: number[] = [];
  for (const fold of folds) {
    throwIfAborted(ctx.signal);
    const trainC = subsetCorpus(labelled, fold.train);
    const syn = augment === null ? null : await synthetic(fold);
    const parts: { data: Dataset; role: "train" | "syn" }[] = [];
    if (spec.trainOn !== "syn") parts.push({ data: toDataset(trainC), role: "train" });
    if (syn) parts.push({ data: toDataset(syn), role: "syn" });
    const { train, evals: [test] } = normalizeSets(
      parts,
      [{ data: toDataset(subsetCorpus(labelled, fold.test)), role: "test" }],
      config.normalization,
      deps.fitScaler,
    );
    trainRows.push(train.y.length);
    testRows.push(test.y.length);
    tests.push(test);
    for (let r = 0; r < config.reps; r++) {
      jobs.push({
        ...train,
        nClasses,
        settings,
        seed: classifierSeed(config.seed, r, fold.testSession),
      });
    }
  }
  const uarPerFold = Array.from({ length: config.reps }, () => new Array<number>(folds.length));
  const confusionPerFold: number[][][][] = Array.from({ length: config.reps }, () => []);
  const classifiers = await trainSettingClassifiers(deps.trainClassifiers, jobs, ctx);
  try {
    for (const [f, fold] of folds.entries()) {
      for (let r = 0; r < config.reps; r++) {
        const test = tests[f];
        const predicted = await classifiers[f * config.reps + r].predict(test.x);
        const conf = confusionMatrix(test.y, predicted, nClasses);
        uarPerFold[r][f] = uarFromConfusion(conf);
        confusionPerFold[r][f] = conf;
        ctx.onProgress?.({
          stage: "classifier",
          done: jobs.length,
          total: jobs.length,
          message: `fold ${fold.testSession} rep ${r + 1}: UAR ${
            (uarPerFold[r][f] * 100).toFixed(1)
          } %`,
        });
      }
    }
  } finally {
    classifiers.forEach((c) => c.dispose());
  }
  return settingResult(spec, config, {
    classes: [...labelled.classes],
    settings,
    uarPerFold,
    confusionPerRep: confusionPerFold.map((fs) => sumMatrices(fs)),
    folds: folds.map((f) => f.testSession),
    trainRows,
    testRows,
    selection: null,
    classifierSeeds: Array.from(
      { length: config.reps },
      (_, r) => folds.map((f) => classifierSeed(config.seed, r, f.testSession)),
    ),
    seconds: (performance.now() - t0) / 1000,
  }, augment === null ? null : formatAugmenterSpec(augment));
}
