/**
 * The quality of a synthetic set against the real target rows it imitates (issue 9, section 1):
 * fidelity and diversity together, per emotion class and overall, so that a generator that
 * collapses to its class centroids can never pass as a reproduction.
 *
 * Inputs: the synthetic corpus (labelled with the target's classes, in the target's feature
 * units), the real target rows (the fold's training rows of the labelled corpus) and, where there
 * is one, the unlabelled source corpus. Synthetic class c is compared with target class c.
 *
 * Spaces (stated once, used throughout):
 * - Table 1's mean distances: min-max features, target and synthetic scaled by the TARGET's
 *   min/max (over all its rows), the source by its own min/max (as Table 1 does).
 * - Std ratios: raw units (a ratio of stds is invariant to any per-feature affine scaling).
 * - Every k-nearest-neighbour metric (precision, recall, density, coverage, memorisation, the
 *   within-set NN ratio, the two-sample test): the z-space of the target CLASS, i.e. both sets
 *   z-normalised by the per-feature mean and population std of that class's target rows (the
 *   space of `nnWithinRatio` in `lib/training/diversity.ts`), features constant in the target
 *   class left out (they have no scale to measure against); Euclidean distance; k = 5 by default.
 *
 * Caps: the k-NN metrics use at most `maxRowsPerClass` rows (default 1000) of each set per
 * class, drawn without replacement (seeded), so the paper's 93k-row synthetic sets stay
 * tractable (three distance matrices of at most 1000 × 1000 per class). Means and std ratios use
 * every row.
 *
 * THE TRAP, and why several metrics are reported together: in 1582 dimensions a point mass at
 * the class mean lies inside every target row's 5-NN ball (a row is about √d·σ from the mean
 * but about √(2d)·σ from its neighbours), so it scores coverage 1.0 and precision 1.0. Coverage
 * and precision alone therefore do not catch collapse. Its tells are density far above 1 (every
 * synthetic row sits in every ball: density ≈ n_target / k), recall near 0, std ratio and
 * within-set NN ratio near 0, and a two-sample test whose synthetic-side accuracy is 1 while the
 * real side is near 0 (overall accuracy can look like 0.5). Memorisation cannot tell a centroid
 * from a copy either (the mean is inside every target row's 1-NN ball too): read it beside the
 * within-set NN ratio (a copy has ratio 1, a centroid 0).
 *
 * What a fresh sample of the target's own law scores (measured on Gaussian data, 200-1582
 * dimensions, 200 rows per class): std ratio and NN ratio 1.00, density ≈ 1, coverage ≈ 0.97
 * (1 − 2^−k), two-sample accuracy ≈ 0.5, memorisation ≈ its leave-one-out baseline (≈ 0.35),
 * but precision and recall only ≈ 0.65-0.75: in high dimensions many rows lie in no other row's
 * k-NN ball (hubness), so k-NN precision and recall of 1 are reached only by copies. In 10
 * dimensions the same test gives ≈ 0.9.
 * @module
 */
import type { Corpus } from "../data/types.ts";
import { MinMaxScaler } from "../data/scalers.ts";
import { createMoments } from "../augmentation/moments.ts";
import { Rng } from "../random.ts";
import { featureMoments, quantiles, squaredDistances, stdRatios } from "../training/diversity.ts";

/** The trainer's cycle reconstruction ratios (`reconstructionRatio` of diversity.ts). */
export interface CycleReconstruction {
  /** Mean squared error of F(G(s)) over the mean per-feature variance of S (1.0 = the mean). */
  readonly source: number;
  /** Mean squared error of G(F(t)) over the mean per-feature variance of T (1.0 = the mean). */
  readonly target: number;
}

/** Options of {@linkcode syntheticQuality}. */
export interface SyntheticQualityOptions {
  /** The unlabelled source corpus, for the source's Table 1 distance beside the synthetic's. */
  readonly source?: Corpus;
  /** Seed of the subsampling (caps, equal-size samples); default 0. */
  readonly seed?: number;
  /** Neighbours of the k-NN metrics; default 5 (Kynkäänniemi et al. 2019; Naeem et al. 2020). */
  readonly k?: number;
  /** Rows of each set per class used by the k-NN metrics; default 1000. */
  readonly maxRowsPerClass?: number;
  /** The trainer's cycle reconstruction ratios, reported as given (and their larger). */
  readonly cycleReconstruction?: CycleReconstruction;
  /** Run the leave-one-out 1-NN two-sample test; default true. */
  readonly twoSampleTest?: boolean;
}

/** Defaults of {@linkcode SyntheticQualityOptions}. */
export const SYNTHETIC_QUALITY_DEFAULTS = Object.freeze({
  seed: 0,
  k: 5,
  maxRowsPerClass: 1000,
  twoSampleTest: true,
});

/** The quality numbers of one class (or, in `overall`, their mean over the classes). */
export interface QualityMetrics {
  /**
   * Table 1's distance: mean over features of |mean_target(f) − mean_syn(f)|, both scaled by
   * the target's min/max. 0 = same means.
   */
  readonly meanDistance: number;
  /**
   * The source's Table 1 distance: mean over features of |mean_target(f) − mean_source(f)|,
   * target scaled by its own min/max, the source (all rows) by its own. `null` without a source.
   */
  readonly sourceMeanDistance: number | null;
  /** Median of std_syn(f) / std_target(f) over the features (1 = same spread, 0 = collapse). */
  readonly stdRatioMedian: number;
  /** 10th percentile of the per-feature std ratio. */
  readonly stdRatioP10: number;
  /** 90th percentile of the per-feature std ratio. */
  readonly stdRatioP90: number;
  /**
   * Precision (Kynkäänniemi et al. 2019): share of synthetic rows inside the union of the
   * target rows' k-NN balls (fidelity; 1 for a copy, near 0 for a shifted copy).
   */
  readonly precision: number;
  /**
   * Recall (Kynkäänniemi et al. 2019): share of target rows inside the union of the synthetic
   * rows' k-NN balls (diversity; 0 for a point mass).
   */
  readonly recall: number;
  /**
   * Density (Naeem et al. 2020): the mean over synthetic rows of the number of target k-NN balls
   * containing them, over k (≈ 1 for the same law; far above 1 for a collapsed set).
   */
  readonly density: number;
  /**
   * Coverage (Naeem et al. 2020): share of target rows whose k-NN ball contains at least one
   * synthetic row (≈ 1 − 2^−k for the same law; high for a point mass too: see the module doc).
   */
  readonly coverage: number;
  /**
   * Within-set NN ratio: median distance from a synthetic row to its nearest other synthetic row
   * over the same median for target rows, equal-size samples (1 = same spacing, 0 = collapse).
   * When the target's own median is 0 (duplicated rows): 1 if the synthetic's is 0 too, else
   * `Number.MAX_VALUE` (so the value stays JSON).
   */
  readonly nnWithinRatio: number;
  /**
   * Memorisation: share of synthetic rows closer to some target row than that row's own
   * nearest other target row (1 for a copy, and for a point mass at the mean: see the module doc).
   */
  readonly memorised: number;
  /**
   * What `memorised` is for a fresh sample of the target's own law: the share of target rows
   * that lie closer to some other target row than its nearest remaining neighbour (leave one
   * out). High-dimensional data gives well under 1; a value of `memorised` far above this means
   * copying.
   */
  readonly memorisedBaseline: number;
  /**
   * Two-sample test: leave-one-out 1-NN accuracy of telling target from synthetic on equal-size
   * samples (0.5 = indistinguishable, 1 = separable, below 0.5 = copies). `null` when not run.
   */
  readonly twoSampleAccuracy: number | null;
  /** The two-sample test's accuracy on the target rows alone (near 0 for copies and collapse). */
  readonly twoSampleTargetAccuracy: number | null;
  /** The two-sample test's accuracy on the synthetic rows alone (1 for a collapsed set). */
  readonly twoSampleSyntheticAccuracy: number | null;
}

/** Sizes behind one class's numbers. */
export interface ClassRows {
  /** Synthetic rows of the class. */
  readonly synthetic: number;
  /** Target rows of the class. */
  readonly target: number;
  /** Synthetic rows used by the k-NN metrics (after the cap). */
  readonly syntheticUsed: number;
  /** Target rows used by the k-NN metrics (after the cap). */
  readonly targetUsed: number;
  /** Equal-size sample of the within-set NN ratio and the two-sample test, per set. */
  readonly equalSize: number;
  /** Features of the k-NN space (those not constant in the target class). */
  readonly features: number;
}

/** The output of {@linkcode syntheticQuality}: plain JSON-serialisable numbers. */
export interface SyntheticQuality {
  /** Every metric averaged over the classes (equal weight per class). */
  readonly overall: QualityMetrics;
  /** The metrics per class name. */
  readonly perClass: Readonly<Record<string, QualityMetrics>>;
  /** Row counts per class name. */
  readonly rows: Readonly<Record<string, ClassRows>>;
  /** The trainer's cycle reconstruction ratios and their larger, or `null` when not given. */
  readonly cycleReconstruction:
    | { readonly source: number; readonly target: number; readonly max: number }
    | null;
  /** The resolved settings and the spaces, for the report. */
  readonly settings: {
    readonly k: number;
    readonly maxRowsPerClass: number;
    readonly seed: number;
    readonly space: string;
  };
}

const SPACE = "k-NN metrics: z-space of each target class (its mean and std; constant features " +
  "dropped), Euclidean; mean distances: min-max by the target's (source: its own) min/max";

function _checkLabelled(c: Corpus, what: string): Int32Array {
  if (c.labels === null) throw new TypeError(`The ${what} corpus "${c.name}" has no labels`);
  if (c.data.length !== c.rows * c.cols) {
    throw new RangeError(
      `The ${what} corpus "${c.name}" should hold ${c.rows} × ${c.cols} values, found ${c.data.length}`,
    );
  }
  return c.labels;
}

function _rowsOfClass(labels: Int32Array, classes: number): number[][] {
  const out: number[][] = Array.from({ length: classes }, () => []);
  labels.forEach((y, r) => {
    if (y >= 0 && y < classes) out[y].push(r);
  });
  return out;
}

function _gather(data: Float32Array, cols: number, rows: ArrayLike<number>): Float32Array {
  const out = new Float32Array(rows.length * cols);
  for (let k = 0; k < rows.length; k++) {
    out.set(data.subarray(rows[k] * cols, (rows[k] + 1) * cols), k * cols);
  }
  return out;
}

function _cap(rows: number[], cap: number, rng: Rng): number[] {
  if (rows.length <= cap) return rows;
  const pick = Array.from(rng.permutation(rows.length).subarray(0, cap)).sort((a, b) => a - b);
  return pick.map((i) => rows[i]);
}

/** Z-normalised rows on the kept features only. */
function _zKept(
  data: Float32Array,
  cols: number,
  rows: readonly number[],
  keep: Int32Array,
  mean: Float64Array,
  std: Float64Array,
): Float32Array {
  const w = keep.length, out = new Float32Array(rows.length * w);
  rows.forEach((r, k) => {
    const o = r * cols;
    for (let j = 0; j < w; j++) {
      const f = keep[j];
      out[k * w + j] = (data[o + f] - mean[f]) / std[f];
    }
  });
  return out;
}

/** Per row of a square matrix: the k-th smallest entry off the diagonal, and the smallest two. */
function _withinRadii(
  d2: Float64Array,
  n: number,
  k: number,
): { kth: Float64Array; first: Float64Array; nearest: Int32Array; second: Float64Array } {
  const kth = new Float64Array(n), first = new Float64Array(n), second = new Float64Array(n);
  const nearest = new Int32Array(n);
  const buf = new Float64Array(n - 1);
  for (let i = 0; i < n; i++) {
    let m = 0, best = Infinity, next = Infinity, arg = -1;
    for (let j = 0; j < n; j++) {
      if (j === i) continue;
      const v = d2[i * n + j];
      buf[m++] = v;
      if (v < best) {
        next = best;
        best = v;
        arg = j;
      } else if (v < next) next = v;
    }
    buf.sort();
    kth[i] = buf[k - 1];
    first[i] = best;
    second[i] = next;
    nearest[i] = arg;
  }
  return { kth, first, nearest, second };
}

/** Median 1-NN distance within a subset of a square matrix's rows. */
function _medianNn(d2: Float64Array, n: number, subset: readonly number[]): number {
  const out = new Float64Array(subset.length);
  subset.forEach((i, a) => {
    let best = Infinity;
    for (const j of subset) if (j !== i && d2[i * n + j] < best) best = d2[i * n + j];
    out[a] = Math.sqrt(best);
  });
  return quantiles(out).median;
}

function _subset(n: number, m: number, rng: Rng): number[] {
  if (m >= n) return Array.from({ length: n }, (_, i) => i);
  return Array.from(rng.permutation(n).subarray(0, m)).sort((a, b) => a - b);
}

interface _KnnMetrics {
  precision: number;
  recall: number;
  density: number;
  coverage: number;
  memorised: number;
  memorisedBaseline: number;
  nnWithinRatio: number;
  twoSampleAccuracy: number | null;
  twoSampleTargetAccuracy: number | null;
  twoSampleSyntheticAccuracy: number | null;
  equalSize: number;
}

/**
 * The k-NN metrics of one class from its three distance matrices (computed once).
 * @param dss synthetic × synthetic squared distances
 * @param dtt target × target squared distances
 * @param dst synthetic × target squared distances
 * @param ns synthetic rows
 * @param nt target rows
 * @param k neighbours
 * @param rng generator of the equal-size samples
 * @param twoSample whether to run the two-sample test
 * @returns the metrics
 */
function _knnMetrics(
  dss: Float64Array,
  dtt: Float64Array,
  dst: Float64Array,
  ns: number,
  nt: number,
  k: number,
  rng: Rng,
  twoSample: boolean,
): _KnnMetrics {
  const t = _withinRadii(dtt, nt, k), s = _withinRadii(dss, ns, k);
  let precise = 0, memorised = 0, inBalls = 0;
  const covered = new Uint8Array(nt), recalled = new Uint8Array(nt);
  for (let j = 0; j < ns; j++) {
    let inAny = false, mem = false;
    const o = j * nt;
    for (let i = 0; i < nt; i++) {
      const d = dst[o + i];
      if (d < t.kth[i]) {
        inAny = true;
        inBalls++;
        covered[i] = 1;
      }
      if (d < t.first[i]) mem = true;
      if (d < s.kth[j]) recalled[i] = 1;
    }
    if (inAny) precise++;
    if (mem) memorised++;
  }
  // Leave-one-out baseline: target row i is inside row a's 1-NN ball computed without i iff i
  // is a's strict nearest neighbour (d1 < d2).
  const inside = new Uint8Array(nt);
  for (let a = 0; a < nt; a++) if (t.first[a] < t.second[a]) inside[t.nearest[a]] = 1;
  const sum = (x: Uint8Array) => x.reduce((acc, v) => acc + v, 0);

  const m = Math.min(ns, nt);
  const ss = _subset(ns, m, rng), ts = _subset(nt, m, rng);
  const dtMed = _medianNn(dtt, nt, ts), dsMed = _medianNn(dss, ns, ss);
  const nnWithinRatio = dtMed > 0 ? dsMed / dtMed : (dsMed > 0 ? Number.MAX_VALUE : 1);

  let twoSampleAccuracy: number | null = null, tAcc: number | null = null;
  let sAcc: number | null = null;
  if (twoSample) {
    let okS = 0, okT = 0;
    for (const j of ss) {
      let same = Infinity, other = Infinity;
      for (const j2 of ss) if (j2 !== j && dss[j * ns + j2] < same) same = dss[j * ns + j2];
      for (const i of ts) if (dst[j * nt + i] < other) other = dst[j * nt + i];
      if (same < other) okS++;
    }
    for (const i of ts) {
      let same = Infinity, other = Infinity;
      for (const i2 of ts) if (i2 !== i && dtt[i * nt + i2] < same) same = dtt[i * nt + i2];
      for (const j of ss) if (dst[j * nt + i] < other) other = dst[j * nt + i];
      if (same < other) okT++;
    }
    sAcc = okS / m;
    tAcc = okT / m;
    twoSampleAccuracy = (okS + okT) / (2 * m);
  }
  return {
    precision: precise / ns,
    recall: sum(recalled) / nt,
    density: inBalls / (k * ns),
    coverage: sum(covered) / nt,
    memorised: memorised / ns,
    memorisedBaseline: sum(inside) / nt,
    nnWithinRatio,
    twoSampleAccuracy,
    twoSampleTargetAccuracy: tAcc,
    twoSampleSyntheticAccuracy: sAcc,
    equalSize: m,
  };
}

function _scaledMeans(
  mean: Float64Array,
  scaler: MinMaxScaler,
): Float64Array {
  const { dataMin, dataMax } = scaler.learned!;
  return mean.map((v, f) => {
    const range = dataMax[f] - dataMin[f];
    return (v - dataMin[f]) / (range > 0 ? range : 1);
  });
}

function _meanAbsDiff(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let f = 0; f < a.length; f++) s += Math.abs(a[f] - b[f]);
  return s / a.length;
}

/**
 * Fidelity and diversity of a synthetic set against the target rows it imitates, per class and
 * overall (the mean over classes). Spaces, caps and the coverage/density trap: see the module
 * documentation.
 * @example
 * ```ts
 * import { syntheticQuality } from "./synthetic_quality.ts";
 * import { Rng } from "../random.ts";
 * const rng = new Rng(1), rows = 40, cols = 8;
 * const data = Float32Array.from({ length: rows * cols }, () => rng.normal());
 * const target = {
 *   name: "t", data, rows, cols, ids: Array.from({ length: rows }, (_, i) => `t${i}`),
 *   featureNames: Array.from({ length: cols }, (_, f) => `f${f}`), classes: ["a"],
 *   labels: new Int32Array(rows), speakers: null, sessions: null, dropped: {},
 * };
 * const q = syntheticQuality(target, target);
 * if (q.overall.precision !== 1 || q.overall.memorised !== 1) throw new Error("a copy");
 * ```
 * @param synthetic generated rows, labelled with the target's classes, in the target's units
 * @param target the real rows they imitate (the fold's training rows), every class present
 * @param options source corpus, seed, k, the per-class cap, the trainer's cycle ratios
 * @returns per-class and overall metrics, row counts, cycle ratios and the settings used
 * @throws {TypeError} for an unlabelled corpus; {RangeError} for other classes or features, a
 *   class with k or fewer rows in either set, or options out of range
 */
export function syntheticQuality(
  synthetic: Corpus,
  target: Corpus,
  options: SyntheticQualityOptions = {},
): SyntheticQuality {
  const o = { ...SYNTHETIC_QUALITY_DEFAULTS, ...options };
  if (!Number.isInteger(o.k) || o.k < 1) {
    throw new RangeError(`k must be a positive integer, found ${o.k}`);
  }
  if (!Number.isInteger(o.maxRowsPerClass) || o.maxRowsPerClass <= o.k) {
    throw new RangeError(
      `maxRowsPerClass must be an integer above k = ${o.k}, found ${o.maxRowsPerClass}`,
    );
  }
  if (!Number.isInteger(o.seed)) throw new RangeError(`Seed must be an integer, found ${o.seed}`);
  const ty = _checkLabelled(target, "target"), sy = _checkLabelled(synthetic, "synthetic");
  if (synthetic.classes.join("\u0000") !== target.classes.join("\u0000")) {
    throw new RangeError(
      `Expected the synthetic classes to be the target's [${target.classes}], found [${synthetic.classes}]`,
    );
  }
  if (synthetic.cols !== target.cols) {
    throw new RangeError(
      `Expected ${target.cols} features in "${synthetic.name}" like "${target.name}", found ${synthetic.cols}`,
    );
  }
  const source = o.source;
  if (source !== undefined && source.cols !== target.cols) {
    throw new RangeError(
      `Expected ${target.cols} features in source "${source.name}" like "${target.name}", found ${source.cols}`,
    );
  }
  const cols = target.cols, classes = target.classes, k = o.k;
  const tRows = _rowsOfClass(ty, classes.length), sRows = _rowsOfClass(sy, classes.length);
  classes.forEach((c, i) => {
    if (tRows[i].length <= k || sRows[i].length <= k) {
      throw new RangeError(
        `Class "${c}" needs more than k = ${k} rows in both sets, found ${
          sRows[i].length
        } synthetic and ${tRows[i].length} target rows`,
      );
    }
  });

  const targetScaler = new MinMaxScaler().fit(target.data, cols);
  const sourceScaledMean = source === undefined ? null : _scaledMeans(
    featureMoments(source.data, cols).mean,
    new MinMaxScaler().fit(source.data, cols),
  );
  const root = new Rng(o.seed);
  const perClass: Record<string, QualityMetrics> = {};
  const rows: Record<string, ClassRows> = {};
  classes.forEach((name, c) => {
    const rng = root.fork();
    const tAll = _gather(target.data, cols, tRows[c]);
    const sAll = _gather(synthetic.data, cols, sRows[c]);
    const tm = featureMoments(tAll, cols), sm = featureMoments(sAll, cols);
    const tScaled = _scaledMeans(tm.mean, targetScaler);
    const ratios = stdRatios(sAll, tAll, cols);
    if (ratios.length === 0) {
      throw new RangeError(`Every feature is constant in the target rows of class "${name}"`);
    }
    const q = quantiles(ratios);
    const keep = Int32Array.from(
      Array.from(tm.std.keys()).filter((f) => tm.std[f] > 1e-12),
    );
    const tUse = _cap(tRows[c], o.maxRowsPerClass, rng);
    const sUse = _cap(sRows[c], o.maxRowsPerClass, rng);
    const tz = _zKept(target.data, cols, tUse, keep, tm.mean, tm.std);
    const sz = _zKept(synthetic.data, cols, sUse, keep, tm.mean, tm.std);
    const w = keep.length;
    const knn = _knnMetrics(
      squaredDistances(sz, sz, w),
      squaredDistances(tz, tz, w),
      squaredDistances(sz, tz, w),
      sUse.length,
      tUse.length,
      k,
      rng,
      o.twoSampleTest,
    );
    const { equalSize, ...metrics } = knn;
    perClass[name] = {
      meanDistance: _meanAbsDiff(tScaled, _scaledMeans(sm.mean, targetScaler)),
      sourceMeanDistance: sourceScaledMean === null
        ? null
        : _meanAbsDiff(tScaled, sourceScaledMean),
      stdRatioMedian: q.median,
      stdRatioP10: q.p10,
      stdRatioP90: q.p90,
      ...metrics,
    };
    rows[name] = {
      synthetic: sRows[c].length,
      target: tRows[c].length,
      syntheticUsed: sUse.length,
      targetUsed: tUse.length,
      equalSize,
      features: w,
    };
  });

  const list = classes.map((c) => perClass[c]);
  const avg = (pick: (m: QualityMetrics) => number | null): number | null => {
    const v = list.map(pick);
    return v.some((x) => x === null) ? null : (v as number[]).reduce((a, b) => a + b, 0) / v.length;
  };
  const num = (pick: (m: QualityMetrics) => number) => avg(pick)!;
  const overall: QualityMetrics = {
    meanDistance: num((m) => m.meanDistance),
    sourceMeanDistance: avg((m) => m.sourceMeanDistance),
    stdRatioMedian: num((m) => m.stdRatioMedian),
    stdRatioP10: num((m) => m.stdRatioP10),
    stdRatioP90: num((m) => m.stdRatioP90),
    precision: num((m) => m.precision),
    recall: num((m) => m.recall),
    density: num((m) => m.density),
    coverage: num((m) => m.coverage),
    nnWithinRatio: num((m) => m.nnWithinRatio),
    memorised: num((m) => m.memorised),
    memorisedBaseline: num((m) => m.memorisedBaseline),
    twoSampleAccuracy: avg((m) => m.twoSampleAccuracy),
    twoSampleTargetAccuracy: avg((m) => m.twoSampleTargetAccuracy),
    twoSampleSyntheticAccuracy: avg((m) => m.twoSampleSyntheticAccuracy),
  };
  const cr = o.cycleReconstruction;
  return {
    overall,
    perClass,
    rows,
    cycleReconstruction: cr === undefined
      ? null
      : { source: cr.source, target: cr.target, max: Math.max(cr.source, cr.target) },
    settings: { k, maxRowsPerClass: o.maxRowsPerClass, seed: o.seed, space: SPACE },
  };
}

/** The two untrained references of {@linkcode untrainedReferences}. */
export interface UntrainedReferences {
  /** The source rows themselves, labelled as each class in turn (ids `<id>_source_<class>_<k>`). */
  readonly sourceAsClass: Corpus;
  /** The source rows mapped to each class's mean and std (the `moments` augmenter). */
  readonly moments: Corpus;
}

/**
 * The two untrained references the quality table shows beside every generator: the source rows
 * themselves labelled as each class (what the generator starts from), and per-class moment
 * matching of the same source rows (what a learned transfer must beat).
 * @param train the fold's labelled training rows (the target)
 * @param source the unlabelled source corpus
 * @param options `seed` of the row draws; `perClass` source rows per class (drawn without
 *   replacement; default `null`: every source row, as the CycleGAN generates)
 * @returns both references as labelled corpora with the target's classes and feature names
 * @throws {RangeError} for a `perClass` above the source's rows or mismatched features
 */
export async function untrainedReferences(
  train: Corpus,
  source: Corpus,
  options: { readonly seed: number; readonly perClass?: number | null },
): Promise<UntrainedReferences> {
  const perClass = options.perClass ?? null;
  const moments = await (await createMoments().fit(train, { seed: options.seed, source }))
    .generate(perClass);
  const root = new Rng(options.seed);
  const picks = train.classes.map(() => {
    const rng = root.fork();
    return perClass === null
      ? Array.from({ length: source.rows }, (_, i) => i)
      : Array.from(rng.permutation(source.rows).subarray(0, perClass));
  });
  const rows = picks.reduce((s, p) => s + p.length, 0);
  const data = new Float32Array(rows * source.cols), labels = new Int32Array(rows);
  const ids: string[] = [];
  let r = 0;
  picks.forEach((p, c) => {
    p.forEach((s, k) => {
      data.set(source.data.subarray(s * source.cols, (s + 1) * source.cols), r * source.cols);
      labels[r++] = c;
      ids.push(`${source.ids[s]}_source_${train.classes[c]}_${k}`);
    });
  });
  return {
    sourceAsClass: {
      name: `${source.name}_as_class`,
      data,
      rows,
      cols: source.cols,
      ids,
      featureNames: train.featureNames,
      classes: train.classes,
      labels,
      speakers: null,
      sessions: null,
      dropped: {},
    },
    moments,
  };
}
