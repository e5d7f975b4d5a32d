/**
 * The trainer's eyes on collapse: at chosen epochs, G_i (dropout off, as at generation time) is
 * applied to a fixed sample of source rows and compared with the real rows of emotion i, and
 * both cycles are run on real rows. A generator that maps every source row to (nearly) the class
 * mean shows a std ratio and a nearest-neighbour ratio near 0 and a cycle reconstruction ratio
 * near 1, while its losses look fine.
 * @module
 */
import * as tf from "@tensorflow/tfjs-core";
import type { NCycleGanModel } from "../models/ncyclegan.ts";
import { Rng } from "../random.ts";
import type { TrainingPhase } from "./checkpoint.ts";
import { nnWithinRatio, quantiles, reconstructionRatio, stdRatios } from "./diversity.ts";

/**
 * The std ratio under which a record carries a warning: synthetic rows with less than half the
 * target's per-feature spread (the first round's collapsed generators sat at 0.03-0.07; a
 * faithful copy is at 1).
 */
export const COLLAPSE_STD_RATIO = 0.5;

/** Diversity of one emotion's generator at one epoch. */
export interface ClassDiversity {
  /** Median over features of std(G_i(s)) / std(t_i). */
  readonly stdRatio: number;
  /** Within-set nearest-neighbour distance ratio of G_i(s) against t_i (see diversity.ts). */
  readonly nnRatio: number;
  /** Mean squared error of F_i(G_i(s)) over the source sample's mean per-feature variance. */
  readonly sourceCycle: number;
  /** Mean squared error of G_i(F_i(t)) over the class rows' mean per-feature variance. */
  readonly targetCycle: number;
}

/** One diversity record of the epoch history. */
export interface DiversityRecord {
  /** `pretrain` or `train`. */
  readonly phase: TrainingPhase;
  /** Epochs completed in that phase when measured. */
  readonly epoch: number;
  /** Mean over emotions of the per-class std ratio median. */
  readonly stdRatio: number;
  /** Mean over emotions of the NN ratio. */
  readonly nnRatio: number;
  /** Mean over emotions of the larger of the two cycle reconstruction ratios (1.0 = the mean). */
  readonly cycleRecon: number;
  /** Per emotion, in class order. */
  readonly perClass: readonly ClassDiversity[];
}

/** The fixed rows a monitor measures on (chosen once per run, independent of training). */
export interface MonitorSample {
  /** Features per row. */
  readonly cols: number;
  /** Source rows, row-major. */
  readonly source: Float32Array;
  /** The real rows of each emotion, row-major. */
  readonly targets: readonly Float32Array[];
}

/**
 * Picks the monitor's rows: up to `maxRows` source rows (a seeded draw independent of the
 * training generator, so monitoring never changes training) and every row of each emotion.
 * @param cols features per row
 * @param source scaled source rows
 * @param targets scaled rows of each emotion
 * @param maxRows most source rows to use (default 256)
 * @returns the sample
 */
export function monitorSample(
  cols: number,
  source: Float32Array,
  targets: readonly Float32Array[],
  maxRows = 256,
): MonitorSample {
  const n = source.length / cols;
  const k = Math.min(n, maxRows);
  const rows = new Rng(0x6d6f6e).permutation(n).slice(0, k).sort();
  const picked = new Float32Array(k * cols);
  rows.forEach((r, i) => picked.set(source.subarray(r * cols, (r + 1) * cols), i * cols));
  return { cols, source: picked, targets };
}

async function _apply(
  net: { apply(x: tf.Tensor2D, rng: null): tf.Tensor2D },
  data: Float32Array,
  cols: number,
): Promise<Float32Array> {
  const out = tf.tidy(() => net.apply(tf.tensor2d(data, [data.length / cols, cols]), null));
  try {
    return (await out.data()) as Float32Array;
  } finally {
    out.dispose();
  }
}

/**
 * Measures every emotion's generator on the sample (dropout off; no variable changes).
 * @param model the model being trained
 * @param sample the monitor's rows
 * @param phase the phase, for the record
 * @param epoch epochs completed in that phase
 * @returns the record
 */
export async function measureDiversity(
  model: NCycleGanModel,
  sample: MonitorSample,
  phase: TrainingPhase,
  epoch: number,
): Promise<DiversityRecord> {
  const { cols } = sample;
  const perClass: ClassDiversity[] = [];
  for (const [i, gan] of model.gans.entries()) {
    const t = sample.targets[i];
    const gs = await _apply(gan.g, sample.source, cols);
    const fgs = await _apply(gan.f, gs, cols);
    const ft = await _apply(gan.f, t, cols);
    const gft = await _apply(gan.g, ft, cols);
    const ratios = stdRatios(gs, t, cols);
    perClass.push({
      stdRatio: ratios.length > 0 ? quantiles(ratios).median : NaN,
      nnRatio: t.length / cols >= 2 ? nnWithinRatio(gs, t, cols, new Rng(0x6e6e + i)) : NaN,
      sourceCycle: reconstructionRatio(sample.source, fgs, cols),
      targetCycle: reconstructionRatio(t, gft, cols),
    });
  }
  const mean = (f: (c: ClassDiversity) => number) =>
    perClass.reduce((a, c) => a + f(c), 0) / perClass.length;
  return {
    phase,
    epoch,
    stdRatio: mean((c) => c.stdRatio),
    nnRatio: mean((c) => c.nnRatio),
    cycleRecon: mean((c) => Math.max(c.sourceCycle, c.targetCycle)),
    perClass,
  };
}

/**
 * The warning a record carries, if any.
 * @param record a diversity record
 * @returns a one-line warning when the std ratio is under {@linkcode COLLAPSE_STD_RATIO}, else
 *   `null`
 */
export function collapseWarning(record: DiversityRecord): string | null {
  if (!(record.stdRatio < COLLAPSE_STD_RATIO)) return null;
  return `generators may be collapsing: synthetic spread is ${
    (100 * record.stdRatio).toFixed(0)
  } % of the target's (std ratio ${record.stdRatio.toFixed(3)} < ${COLLAPSE_STD_RATIO}), ` +
    `NN ratio ${record.nnRatio.toFixed(3)}, cycle reconstruction ${
      record.cycleRecon.toFixed(3)
    } of the variance`;
}
