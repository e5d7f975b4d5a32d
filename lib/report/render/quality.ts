/**
 * Synthetic-data quality, rendered (issue 9): the quality table beside Table 1, a 2-D projection
 * of source, target and synthetic rows on the target's principal components, the distribution of
 * the per-feature std ratio over the 1582 features, and the trainer's diversity records per
 * epoch (the loss figure's diversity panel). A collapsed generator is visible in each: std and NN
 * ratios near 0 in the table, one tight knot per class in the projection, a distribution piled
 * up near 0, and diversity curves that fall under the 0.5 line.
 * @module
 */
import type { TopLevelSpec } from "vega-lite";
import {
  type QualityFigures,
  type QualityRecord,
  SPREAD_THRESHOLD,
} from "../../analysis/quality.ts";
import { cycleganLambda } from "../../augmentation/cyclegan.ts";
import { ALL_ROWS } from "../../evaluation/synthetic.ts";
import type { DiversityPoint } from "../../pipeline/types.ts";
import { type Figure, VEGA_LITE_SCHEMA } from "./figure.ts";
import type { Table } from "./tables.ts";

const CONFIG = {
  font: "Helvetica, Arial, sans-serif",
  title: { fontSize: 15, anchor: "start" as const, subtitleFontSize: 12 },
  axis: { titleFontSize: 12, labelFontSize: 11 },
  legend: { titleFontSize: 12, labelFontSize: 11, labelLimit: 320 },
  view: { stroke: "#ccc" },
};

/**
 * The quality table: one row per augmenter (and the two untrained references), fidelity and
 * diversity side by side, so no single number can pass for a reproduction.
 * @param records from the results' `syntheticQuality`
 * @returns the table
 */
export function qualityTable(records: readonly QualityRecord[]): Table {
  const f = (x: number | null | undefined, d = 3) =>
    x === null || x === undefined || !Number.isFinite(x) ? "–" : x.toFixed(d);
  const source = records.find((r) => r.quality.overall.sourceMeanDistance !== null)?.quality
    .overall.sourceMeanDistance;
  return {
    caption: "Synthetic-data quality against the labelled rows (all rows; mean over classes)",
    headers: [
      "Set",
      "Table 1 |target − set|",
      "Std ratio median (p10-p90)",
      "NN ratio",
      "Precision",
      "Recall",
      "Density",
      "Coverage",
      "Memorised (baseline)",
      "Cycle recon.",
    ],
    align: ["l", "r", "r", "r", "r", "r", "r", "r", "r", "r"],
    rows: records.map((r) => {
      const q = r.quality.overall;
      return [
        r.label,
        f(q.meanDistance),
        `${f(q.stdRatioMedian)} (${f(q.stdRatioP10, 2)}-${f(q.stdRatioP90, 2)})`,
        f(q.nnWithinRatio),
        f(q.precision),
        f(q.recall),
        f(q.density, 2),
        f(q.coverage),
        `${f(q.memorised, 2)} (${f(q.memorisedBaseline, 2)})`,
        f(r.quality.cycleReconstruction?.max),
      ];
    }),
    notes: [
      `The source's own Table 1 distance is ${f(source)}. A faithful copy of the target scores ` +
      "std ratio 1 and NN ratio 1; a generator collapsed to its class centroids scores both near " +
      `0 (the spread claim's threshold is ${SPREAD_THRESHOLD}), density far above 1 and high ` +
      "coverage: coverage and density alone do not catch collapse in 1582 dimensions.",
      "Every set is judged against the rows it was fitted on (the fit on all labelled rows), so " +
      "moment matching matches the class means by construction and oversampling copies rows " +
      "(memorised 1). Cycle recon.: the trainer's mean squared error of F(G(s)) and G(F(t)) over " +
      "the variance (the larger; 1.0 = no better than outputting the mean).",
      r0(records[0]?.quality.settings.space),
    ],
  };
}

function r0(space: string | undefined): string {
  return space ? `Spaces: ${space}.` : "";
}

/**
 * Source, target and synthetic rows on the target's first two principal components, one panel
 * per set (the target drawn in grey behind each), coloured by emotion.
 * @param figures the results' `qualityFigures`
 * @returns the figure (`quality_projection`)
 * @throws {RangeError} without points
 */
export function projectionFigure(figures: QualityFigures): Figure {
  if (figures.projection.length === 0) {
    throw new RangeError("Expected projected points, found none");
  }
  const sets = [...new Set(figures.projection.map((p) => p.set))].filter((s) => s !== "target");
  const target = figures.projection.filter((p) => p.set === "target");
  // Every panel shows the target rows in grey behind the set's own rows.
  const values = [
    ...sets.flatMap((panel) => target.map((p) => ({ ...p, panel, layer: "target" }))),
    ...figures.projection.filter((p) => p.set !== "target").map((p) => ({
      ...p,
      panel: p.set,
      layer: p.set,
    })),
  ];
  const pct = (x: number) => `${(100 * x).toFixed(0)} %`;
  const spec: TopLevelSpec = {
    $schema: VEGA_LITE_SCHEMA,
    title: {
      text: "Source, target and synthetic rows on the target's principal components",
      subtitle: "grey: the target rows; coloured: the set of the panel, by emotion",
    },
    config: CONFIG,
    data: { values },
    facet: { field: "panel", type: "nominal", sort: sets, title: null },
    columns: 3,
    spec: {
      width: 220,
      height: 180,
      layer: [
        {
          transform: [{ filter: "datum.layer === 'target'" }],
          mark: { type: "circle", size: 14, opacity: 0.35, color: "#999" },
          encoding: {
            x: { field: "pc1", type: "quantitative", title: `PC1 (${pct(figures.explained[0])})` },
            y: { field: "pc2", type: "quantitative", title: `PC2 (${pct(figures.explained[1])})` },
          },
        },
        {
          transform: [{ filter: "datum.layer !== 'target'" }],
          mark: { type: "circle", size: 14, opacity: 0.7 },
          encoding: {
            x: { field: "pc1", type: "quantitative" },
            y: { field: "pc2", type: "quantitative" },
            color: { field: "emotion", type: "nominal", title: "Emotion" },
          },
        },
      ],
    },
    resolve: { scale: { x: "shared", y: "shared" } },
  };
  return {
    name: "quality_projection",
    title: "Synthetic data on the target's principal components",
    caption: "PCA fitted on the labelled rows in their own z-space; at most 150 points per set " +
      "and class. A collapsed generator shows one tight knot per emotion instead of a cloud.",
    spec,
  };
}

/**
 * The distribution over features of the per-feature std ratio std_syn(f) / std_target(f) (class
 * by class, averaged over classes), one box per set, on a log scale with the target's spread (1)
 * and the collapse threshold marked.
 * @param figures the results' `qualityFigures`
 * @returns the figure (`quality_std_ratio`)
 * @throws {RangeError} without ratios
 */
export function stdRatioFigure(figures: QualityFigures): Figure {
  const values = figures.stdRatios.flatMap((s) =>
    s.values.filter((v) => v > 0 && Number.isFinite(v)).map((ratio) => ({ set: s.label, ratio }))
  );
  if (values.length === 0) throw new RangeError("Expected std ratios, found none");
  const sets = figures.stdRatios.map((s) => s.label);
  const spec: TopLevelSpec = {
    $schema: VEGA_LITE_SCHEMA,
    title: {
      text: "Spread of synthetic features: std_syn / std_target over all features",
      subtitle: `1 = the target's spread; under ${SPREAD_THRESHOLD} (dashed) counts as collapsed`,
    },
    config: CONFIG,
    width: 460,
    height: { step: 28 },
    layer: [
      {
        data: { values },
        mark: { type: "boxplot", extent: 1.5, size: 16 },
        encoding: {
          y: { field: "set", type: "nominal", sort: sets, title: null },
          x: {
            field: "ratio",
            type: "quantitative",
            title: "Per-feature std ratio (log scale)",
            scale: { type: "log" },
          },
          color: { field: "set", type: "nominal", legend: null },
        },
      },
      {
        data: { values: [{ x: 1, kind: "target" }, { x: SPREAD_THRESHOLD, kind: "threshold" }] },
        mark: { type: "rule", strokeDash: [4, 3] },
        encoding: {
          x: { field: "x", type: "quantitative" },
          color: { value: "#444" },
        },
      },
    ],
  };
  return {
    name: "quality_std_ratio",
    title: "Per-feature spread of the synthetic data",
    caption: "One box per set: the per-feature std ratio over the features (each averaged over " +
      "the four classes). Means alone (Table 1) cannot see a collapsed generator; this can.",
    spec,
  };
}

/**
 * The trainer's diversity records per epoch (std ratio, NN ratio, cycle reconstruction ratio) of
 * every CycleGAN fitted on all labelled rows (else the first fold's), one line per λ_cls.
 * @param points the results' `diversityCurves`
 * @returns the figure (`diversity_curves`), or `null` when nothing was recorded
 */
export function diversityFigure(points: readonly DiversityPoint[]): Figure | null {
  if (points.length === 0) return null;
  const models = [...new Set(points.map((p) => p.model))].sort();
  const model = models.includes(ALL_ROWS) ? ALL_ROWS : models[0];
  const values = points.filter((p) => p.model === model).flatMap((p) => {
    const l = cycleganLambda(p.augment);
    const augment = l === null ? p.augment : `λcls = ${l}`;
    const phase = p.phase === "pretrain" ? "pre-training" : "training";
    return [
      { augment, phase, epoch: p.epoch, measure: "std ratio", value: p.stdRatio },
      { augment, phase, epoch: p.epoch, measure: "NN ratio", value: p.nnRatio },
      { augment, phase, epoch: p.epoch, measure: "cycle reconstruction", value: p.cycleRecon },
    ];
  }).filter((v) => Number.isFinite(v.value));
  if (values.length === 0) return null;
  const spec: TopLevelSpec = {
    $schema: VEGA_LITE_SCHEMA,
    title: {
      text: "Diversity while training",
      subtitle: "std and NN ratio: 1 = the target's spread, near 0 = collapse; " +
        "cycle reconstruction: 1 = no better than outputting the mean",
    },
    config: CONFIG,
    data: { values },
    facet: {
      column: { field: "measure", type: "nominal", title: null },
      row: { field: "phase", type: "nominal", title: null, sort: ["pre-training", "training"] },
    },
    resolve: { scale: { x: "independent" } },
    spec: {
      width: 200,
      height: 150,
      layer: [
        {
          mark: { type: "line", point: true },
          encoding: {
            x: { field: "epoch", type: "quantitative", title: "Epoch" },
            y: { field: "value", type: "quantitative", title: null },
            color: { field: "augment", type: "nominal", title: "CycleGAN" },
          },
        },
        {
          data: { values: [{ y: SPREAD_THRESHOLD }] },
          mark: { type: "rule", strokeDash: [4, 3], color: "#999" },
          encoding: { y: { field: "y", type: "quantitative" } },
        },
      ],
    },
  };
  return {
    name: "diversity_curves",
    title: "Diversity while training",
    caption: `Measured by the trainer on a fixed sample of source rows (dropout off, as at ` +
      `generation) after every twentieth of the epochs, for the ${
        model === ALL_ROWS ? "fit on all labelled rows" : `fold without ${model}`
      }; the dashed line is the collapse threshold ${SPREAD_THRESHOLD}.`,
    spec,
  };
}
