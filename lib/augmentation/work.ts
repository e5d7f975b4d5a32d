/**
 * What a long fit costs, for planning: an augmenter whose `fit` takes minutes (the CycleGAN)
 * implements {@linkcode FitWork} beside {@linkcode Augmenter}, so a plan can count its work and a
 * warm-up can time one unit of it without knowing which method it is. Augmenters without it fit in
 * a moment (one `step`).
 * @module
 */
import type { Augmenter } from "./augmenter.ts";

/** The shape of the data a fit will see, as far as its cost depends on it. */
export interface FitShape {
  /** Training rows per class, in class order. */
  readonly classRows: readonly number[];
  /** Features per row. */
  readonly cols: number;
  /** Rows of the unlabelled source corpus (0 when the method uses none). */
  readonly sourceRows: number;
}

/** Work of one fit: how many units, and what a unit is. */
export interface WorkEstimate {
  /** Units of work. */
  readonly units: number;
  /** What one unit is, singular (e.g. `iteration`, `step`). */
  readonly unit: string;
}

/** Implemented by augmenters whose fit is long enough to plan for. */
export interface FitWork {
  /**
   * The work of one fit on data of this shape.
   * @param shape rows per class, features, source rows
   * @returns units and unit
   */
  fitWork(shape: FitShape): WorkEstimate;
  /**
   * Times one unit of work on the current backend (a short warm-up).
   * @param shape features per row and classes, as in the run
   * @returns seconds per unit
   */
  measureUnitSeconds(shape: FitShape): Promise<number>;
}

/**
 * Whether an augmenter can say what its fit costs.
 * @param a an augmenter
 * @returns `true` when it implements {@linkcode FitWork}
 */
export function hasFitWork(a: Augmenter): a is Augmenter & FitWork {
  const w = a as Partial<FitWork>;
  return typeof w.fitWork === "function" && typeof w.measureUnitSeconds === "function";
}

/**
 * The work of fitting an augmenter: its own estimate, or one `step` for a quick method.
 * @param a an augmenter
 * @param shape the data of the fit
 * @returns units and unit
 */
export function fitWork(a: Augmenter, shape: FitShape): WorkEstimate {
  return hasFitWork(a) ? a.fitWork(shape) : { units: 1, unit: "step" };
}
