/**
 * Fig. 2 (paper Sec. 4.2): mean and standard deviation of 12 representative features in the
 * source, target and synthetic sets, min-max normalised, averaged over the four classes.
 * @module
 */
import type { Corpus } from "../data/types.ts";

import { groupStats, rowsByClass, scaleSets } from "./_stats.ts";

/** One bar of Fig. 2: mean and std of one feature in one set, averaged over classes. */
export interface Fig2Row {
  /** openSMILE feature name, e.g. `pcm_loudness_sma_amean`. */
  readonly feature: string;
  /** Set label: `source`, `target`, `syn(λcls=0)`, `syn(λcls=2)`. */
  readonly set: string;
  /** λ_cls for synthetic sets, `null` otherwise. */
  readonly lambdaCls: number | null;
  /** Mean of the min-max-normalised feature, averaged over classes. */
  readonly mean: number;
  /** Standard deviation of the min-max-normalised feature, averaged over classes. */
  readonly std: number;
}

/** The 12 features of Fig. 2 (METHOD_NOTES), in the paper's order. */
export const FIG2_FEATURES: readonly string[] = Object.freeze([
  "pcm_loudness_sma_amean",
  "pcm_loudness_sma_stddev",
  "pcm_fftMag_mfcc_sma[4]_amean",
  "pcm_fftMag_mfcc_sma[4]_stddev",
  "logMelFreqBand_sma[0]_amean",
  "logMelFreqBand_sma[0]_stddev",
  "voicingFinalUnclipped_sma_amean",
  "voicingFinalUnclipped_sma_stddev",
  "jitterLocal_sma_amean",
  "jitterLocal_sma_stddev",
  "shimmerLocal_sma_amean",
  "shimmerLocal_sma_stddev",
]);

/**
 * Fig. 2 data. Target and synthetic sets: the per-class mean and standard deviation of each
 * feature, averaged over classes. The source has no classes: its mean and standard deviation over
 * all rows.
 * @param target the labelled corpus
 * @param source the unlabelled source corpus
 * @param syn synthetic corpora by λ_cls
 * @param features feature names (default {@linkcode FIG2_FEATURES})
 * @returns one row per feature and set (sets: source, target, syn(λcls=…) ascending)
 * @throws {RangeError} when a feature is not in the corpus
 */
export function fig2Data(
  target: Corpus,
  source: Corpus,
  syn: ReadonlyMap<number, Corpus>,
  features: readonly string[] = FIG2_FEATURES,
): Fig2Row[] {
  const idx = features.map((f) => {
    const k = target.featureNames.indexOf(f);
    if (k < 0) {
      throw new RangeError(`Expected feature "${f}" in corpus "${target.name}", found none`);
    }
    return k;
  });
  const scaled = scaleSets(target, source, syn);
  const cols = target.cols;
  const classAveraged = (data: Float32Array, corpus: Corpus) => {
    const stats = rowsByClass(corpus).filter((r) => r.length > 0).map((r) =>
      groupStats(data, cols, r)
    );
    return idx.map((k) => ({
      mean: stats.reduce((a, s) => a + s.mean[k], 0) / stats.length,
      std: stats.reduce((a, s) => a + Math.sqrt(s.variance[k]), 0) / stats.length,
    }));
  };
  const src = groupStats(scaled.source, cols);
  const sets: [string, number | null, { mean: number; std: number }[]][] = [
    ["source", null, idx.map((k) => ({ mean: src.mean[k], std: Math.sqrt(src.variance[k]) }))],
    ["target", null, classAveraged(scaled.target, target)],
  ];
  for (const lambda of [...syn.keys()].sort((a, b) => a - b)) {
    sets.push([
      `syn(λcls=${lambda})`,
      lambda,
      classAveraged(scaled.syn.get(lambda)!, syn.get(lambda)!),
    ]);
  }
  const rows: Fig2Row[] = [];
  features.forEach((feature, j) => {
    for (const [set, lambdaCls, values] of sets) {
      rows.push({ feature, set, lambdaCls, mean: values[j].mean, std: values[j].std });
    }
  });
  return rows;
}
