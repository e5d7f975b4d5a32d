/**
 * Pictures of synthetic data that show collapse at a glance: a 2-D projection of source, target
 * and synthetic rows on the target's first two principal components, and the distribution over
 * all features of the per-feature std ratio std_syn(f) / std_target(f).
 *
 * Space of the projection: every set z-normalised by the TARGET's per-feature mean and std (all
 * classes), so target rows spread over a few units and a collapsed synthetic set shows as one
 * tight knot per class. The principal components are fitted on the target rows only (power
 * iteration with deflation from a seeded start, so the same seed gives the same picture).
 * @module
 */
import type { Corpus } from "../data/types.ts";
import { Rng } from "../random.ts";
import { featureMoments, zNormalize } from "../training/diversity.ts";

/** One plotted point. */
export interface ProjectedPoint {
  /** Set label, e.g. `source`, `target`, `syn(λcls=0)`, `moments`. */
  readonly set: string;
  /** Class name (`all` for the unlabelled source). */
  readonly emotion: string;
  /** Coordinate on the first principal component of the target. */
  readonly pc1: number;
  /** Coordinate on the second principal component of the target. */
  readonly pc2: number;
}

/** Options of {@linkcode projectSets}. */
export interface ProjectionOptions {
  /** Most points per set and class (seeded subsample; default 150). */
  readonly maxPointsPerClass?: number;
  /** Seed of the start vectors and the subsamples (default 0). */
  readonly seed?: number;
}

function _pcs(z: Float32Array, rows: number, cols: number, count: number, rng: Rng) {
  const comps: Float64Array[] = [];
  const variances: number[] = [];
  for (let k = 0; k < count; k++) {
    let v = Float64Array.from({ length: cols }, () => rng.normal());
    let lambda = 0;
    for (let it = 0; it < 200; it++) {
      // w = Zᵀ Z v, with earlier components projected out.
      for (const c of comps) {
        let d = 0;
        for (let j = 0; j < cols; j++) d += c[j] * v[j];
        for (let j = 0; j < cols; j++) v[j] -= d * c[j];
      }
      const w = new Float64Array(cols);
      for (let r = 0; r < rows; r++) {
        const o = r * cols;
        let d = 0;
        for (let j = 0; j < cols; j++) d += z[o + j] * v[j];
        for (let j = 0; j < cols; j++) w[j] += d * z[o + j];
      }
      for (const c of comps) {
        let d = 0;
        for (let j = 0; j < cols; j++) d += c[j] * w[j];
        for (let j = 0; j < cols; j++) w[j] -= d * c[j];
      }
      let norm = 0;
      for (let j = 0; j < cols; j++) norm += w[j] * w[j];
      norm = Math.sqrt(norm);
      if (norm === 0) break;
      for (let j = 0; j < cols; j++) w[j] /= norm;
      let change = 0;
      for (let j = 0; j < cols; j++) change += Math.abs(w[j] - v[j]);
      v = w;
      const done = Math.abs(norm - lambda) <= 1e-9 * norm || change < 1e-9;
      lambda = norm;
      if (done) break;
    }
    comps.push(v);
    variances.push(lambda / Math.max(1, rows));
  }
  return { comps, variances };
}

/**
 * Projects labelled sets (and an optional unlabelled source) on the target's first two principal
 * components (see the module notes for the space).
 * @param target the real rows the synthetic sets imitate (labelled)
 * @param sets labelled sets with the target's classes and features, by label
 * @param source the unlabelled source corpus, plotted as emotion `all` (optional)
 * @param options caps and seed
 * @returns the points, and the share of the target's variance on each component
 * @throws {RangeError} when a set's features or classes differ from the target's
 */
export function projectSets(
  target: Corpus,
  sets: ReadonlyArray<{ readonly label: string; readonly corpus: Corpus }>,
  source?: Corpus,
  options: ProjectionOptions = {},
): { points: ProjectedPoint[]; explained: [number, number] } {
  if (target.labels === null) throw new TypeError(`Target corpus "${target.name}" has no labels`);
  const cols = target.cols;
  for (const s of [...sets.map((x) => x.corpus), ...(source ? [source] : [])]) {
    if (s.cols !== cols) {
      throw new RangeError(`Expected ${cols} features in "${s.name}", found ${s.cols}`);
    }
  }
  for (const { label, corpus } of sets) {
    if (corpus.labels === null || corpus.classes.join("\n") !== target.classes.join("\n")) {
      throw new RangeError(
        `Expected set "${label}" to have the classes [${target.classes}], found [${corpus.classes}]`,
      );
    }
  }
  const rng = new Rng(options.seed ?? 0);
  const cap = options.maxPointsPerClass ?? 150;
  const { mean, std } = featureMoments(target.data.subarray(0, target.rows * cols), cols);
  const zt = zNormalize(target.data.subarray(0, target.rows * cols), cols, mean, std);
  const { comps, variances } = _pcs(zt, target.rows, cols, 2, rng.fork());
  let total = 0;
  for (let j = 0; j < cols; j++) total += std[j] > 0 ? 1 : 0; // z-space: unit variance per feature
  const points: ProjectedPoint[] = [];
  const add = (set: string, c: Corpus, rows: readonly number[], emotion: string) => {
    const pick = rows.length <= cap
      ? rows
      : Array.from(rng.permutation(rows.length).slice(0, cap)).sort((a, b) => a - b).map((k) =>
        rows[k]
      );
    for (const r of pick) {
      const z = zNormalize(c.data.subarray(r * cols, (r + 1) * cols), cols, mean, std);
      let x = 0, y = 0;
      for (let j = 0; j < cols; j++) {
        x += z[j] * comps[0][j];
        y += z[j] * comps[1][j];
      }
      points.push({ set, emotion, pc1: x, pc2: y });
    }
  };
  const byClass = (c: Corpus) => {
    const out: number[][] = target.classes.map(() => []);
    c.labels!.forEach((y, r) => out[y]?.push(r));
    return out;
  };
  if (source) add("source", source, Array.from({ length: source.rows }, (_, r) => r), "all");
  byClass(target).forEach((rows, i) => add("target", target, rows, target.classes[i]));
  for (const { label, corpus } of sets) {
    byClass(corpus).forEach((rows, i) => add(label, corpus, rows, target.classes[i]));
  }
  return {
    points,
    explained: [variances[0] / Math.max(1, total), variances[1] / Math.max(1, total)],
  };
}

/**
 * The per-feature std ratio of a synthetic set, class by class and then averaged over classes
 * (the convention of Fig. 2): for each feature f, mean over classes c of
 * std(syn_c, f) / std(target_c, f). Features whose target std is 0 in some class are skipped.
 * @param target the real labelled rows
 * @param synthetic a labelled set with the target's classes
 * @returns one ratio per kept feature (the distribution the report draws)
 */
export function featureStdRatios(target: Corpus, synthetic: Corpus): Float64Array {
  if (target.labels === null || synthetic.labels === null) {
    throw new TypeError("Both sets need labels to compare spreads class by class");
  }
  const cols = target.cols;
  const moments = (c: Corpus, label: number) => {
    const rows: number[] = [];
    c.labels!.forEach((y, r) => y === label && rows.push(r));
    const data = new Float32Array(rows.length * cols);
    rows.forEach((r, k) => data.set(c.data.subarray(r * cols, (r + 1) * cols), k * cols));
    return rows.length > 0 ? featureMoments(data, cols).std : null;
  };
  const sum = new Float64Array(cols);
  const keep = new Uint8Array(cols).fill(1);
  let classes = 0;
  target.classes.forEach((_, i) => {
    const t = moments(target, i), s = moments(synthetic, i);
    if (t === null || s === null) return;
    classes++;
    for (let f = 0; f < cols; f++) {
      if (t[f] > 0) sum[f] += s[f] / t[f];
      else keep[f] = 0;
    }
  });
  const out: number[] = [];
  for (let f = 0; f < cols; f++) if (keep[f] && classes > 0) out.push(sum[f] / classes);
  return Float64Array.from(out);
}
