/**
 * Every number the paper reports (Bao, Neumann, Vu, Interspeech 2019), to print beside ours:
 * Table 1 (Sec. 4.2), Table 2 (Sec. 4.3, within IEMOCAP), Table 3 (Sec. 4.4, cross MSP-IMPROV),
 * the corpus sizes and the CycleGAN settings (the classifier hyper-parameters are the defaults of
 * `lib/evaluation/config.ts`). UARs are in
 * percent as printed; Sahu et al. [11] rows are marked `reported` (numbers the paper quotes).
 * @module
 */

/** One cell of Tables 2-3: UAR in percent. */
export interface UarCell {
  /** Mean UAR in percent. */
  readonly mean: number;
  /** Standard deviation in percent, `null` when not reported. */
  readonly std: number | null;
}

/** One row of Table 2 (within) or Table 3 (cross). */
export interface ResultTableRow {
  /** Row label, e.g. `Sahu et al. [11]`, `λcls = 0`. */
  readonly label: string;
  /** `reported` (Sahu et al., as reported in the paper), `paper` (Bao et al.), `ours` (computed). */
  readonly source: "reported" | "paper" | "ours";
  /** λ_cls of the row, `null` for Sahu et al. */
  readonly lambdaCls: number | null;
  /** UAR of the Real column, `null` where the row has none. */
  readonly real: UarCell | null;
  /** UAR of the Syn. column. */
  readonly syn: UarCell | null;
  /** UAR of the Real + Syn. column. */
  readonly realSyn: UarCell | null;
}

/** Table 1: mean absolute difference of min-max-normalised feature values. */
export const PAPER_TABLE1: Readonly<{ source: number; syn: Readonly<Record<number, number>> }> =
  Object.freeze({
    /** |target - source| */
    source: 0.084,
    /** |target - syn(λ_cls)| by λ_cls */
    syn: Object.freeze({ 0: 0.013, 2: 0.049 }),
  });

/** Table 2 (within-corpus, leave-one-session-out on IEMOCAP), UAR %. */
export const PAPER_TABLE2: readonly ResultTableRow[] = Object.freeze([
  {
    label: "Sahu et al. [11]",
    source: "reported",
    lambdaCls: null,
    real: { mean: 59.42, std: null },
    syn: { mean: 34.09, std: null },
    realSyn: { mean: 60.29, std: null },
  },
  {
    label: "λcls = 0",
    source: "paper",
    lambdaCls: 0,
    real: { mean: 59.48, std: 0.71 },
    syn: { mean: 51.57, std: 0.60 },
    realSyn: { mean: 58.79, std: 0.77 },
  },
  {
    label: "λcls = 2",
    source: "paper",
    lambdaCls: 2,
    real: null,
    syn: { mean: 46.59, std: 0.75 },
    realSyn: { mean: 60.37, std: 0.70 },
  },
]);

/** Table 3 (cross-corpus: train IEMOCAP, test 70 % of MSP-IMPROV), UAR %. */
export const PAPER_TABLE3: readonly ResultTableRow[] = Object.freeze([
  {
    label: "Sahu et al. [11]",
    source: "reported",
    lambdaCls: null,
    real: { mean: 45.14, std: null },
    syn: { mean: 33.96, std: null },
    realSyn: { mean: 45.40, std: null },
  },
  {
    label: "λcls = 0",
    source: "paper",
    lambdaCls: 0,
    real: { mean: 45.58, std: 0.40 },
    syn: { mean: 39.35, std: 0.33 },
    realSyn: { mean: 42.61, std: 0.34 },
  },
  {
    label: "λcls = 2",
    source: "paper",
    lambdaCls: 2,
    real: null,
    syn: { mean: 41.58, std: 1.29 },
    realSyn: { mean: 46.52, std: 0.43 },
  },
]);

/** Corpus sizes of the paper (footnotes of Sec. 3). */
export const PAPER_CORPORA = Object.freeze({
  iemocap: Object.freeze({ angry: 1103, happy: 1636, neutral: 1708, sad: 1084, total: 5531 }),
  mspImprov: Object.freeze({ angry: 792, happy: 2644, neutral: 3477, sad: 885, total: 7798 }),
  tedlium: Object.freeze({ segments: 92973 }),
});

/** CycleGAN settings of the paper (Sec. 4.1, 4.2). */
export const PAPER_CYCLEGAN = Object.freeze({
  generator: Object.freeze([1000, 500, 1000]),
  discriminator: Object.freeze([1000, 1000]),
  classifier: Object.freeze([100, 100]),
  pretrainEpochs: 10000,
  pretrainDropout: 0.2,
  epochs: 2000,
  learningRate: 2e-4,
  lrDecay: Object.freeze({ factor: 0.8, every: 50 }),
  batchSize: 64,
  lambdaCyc: 5,
  lambdaCls: Object.freeze([0, 2]),
  devFraction: 0.3,
  reps: 5,
});
