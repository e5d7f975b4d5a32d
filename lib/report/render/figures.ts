/**
 * The paper's figures as vega-lite specs: Fig. 2 (feature distributions of source, target and
 * synthetic data), Fig. 3 (row-normalised confusion matrices), the augmenters' loss curves and
 * the λ_cls sweep. Each builder takes the plain result shapes of the layers below (evaluation,
 * analysis, pipeline) and returns a {@linkcode Figure}; nothing is rendered or displayed here.
 * @module
 */
import type { TopLevelSpec } from "vega-lite";
import type { Fig2Row } from "../../analysis/fig2.ts";
import type { LambdaSweepRow } from "../../analysis/lambda_sweep.ts";
import { cycleganLambda } from "../../augmentation/cyclegan.ts";
import { ALL_ROWS } from "../../evaluation/synthetic.ts";
import type { Protocol, SettingResult } from "../../evaluation/types.ts";
import type { LossPoint } from "../../pipeline/types.ts";
import { type Figure, VEGA_LITE_SCHEMA } from "./figure.ts";

const FONT = "Helvetica, Arial, sans-serif";
const CONFIG = {
  font: FONT,
  title: { fontSize: 15, anchor: "start" as const, subtitleFontSize: 12 },
  axis: { titleFontSize: 12, labelFontSize: 11 },
  legend: { titleFontSize: 12, labelFontSize: 11, labelLimit: 320 },
  view: { stroke: "#ccc" },
};

/** Sort key of a Fig. 2 set: source, target, then synthetic sets by λ_cls. */
function setRank(row: Fig2Row): number {
  if (row.set === "source") return 0;
  if (row.set === "target") return 1;
  return 2 + (row.lambdaCls ?? 0);
}

/**
 * Fig. 2: mean (point) and standard deviation (error bar, mean ± std) of 12 representative
 * features, min-max normalised and averaged over the four classes, for the source, target and
 * synthetic sets side by side.
 * @param rows the `fig2` rows of the results (one per feature × set)
 * @returns the figure (`fig2_feature_distributions`)
 * @throws {RangeError} when `rows` is empty
 */
export function fig2Figure(rows: readonly Fig2Row[]): Figure {
  if (rows.length === 0) throw new RangeError("Expected Fig. 2 rows, found none");
  const features = [...new Set(rows.map((r) => r.feature))];
  const sets = [...new Map(
    [...rows].sort((a, b) => setRank(a) - setRank(b)).map((r) => [
      r.set,
      r,
    ]),
  ).keys()];
  const values = rows.map((r) => ({
    feature: r.feature,
    set: r.set,
    mean: r.mean,
    lower: r.mean - r.std,
    upper: r.mean + r.std,
    std: r.std,
  }));
  const title = "Fig. 2: Statistical distribution of source, synthetic and target features";
  const x = {
    field: "feature",
    type: "nominal" as const,
    sort: features,
    title: "Feature (openSMILE emobase2010)",
    axis: { labelAngle: -40, labelLimit: 400 },
  };
  const color = {
    field: "set",
    type: "nominal" as const,
    sort: sets,
    title: "Data set",
    scale: { domain: sets, range: ["#7f7f7f", "#d62728", "#1f77b4", "#ff7f0e", "#2ca02c"] },
  };
  const xOffset = { field: "set", type: "nominal" as const, sort: sets };
  const spec: TopLevelSpec = {
    $schema: VEGA_LITE_SCHEMA,
    title: {
      text: title,
      subtitle: "Mean ± standard deviation of min-max-normalised values, averaged over the classes",
    },
    config: CONFIG,
    width: 760,
    height: 300,
    data: { values },
    encoding: { x, xOffset, color },
    layer: [
      {
        mark: { type: "rule", strokeWidth: 1.5 },
        encoding: {
          y: { field: "lower", type: "quantitative", title: "Normalised feature value" },
          y2: { field: "upper" },
        },
      },
      {
        mark: { type: "point", filled: true, size: 45 },
        encoding: {
          y: { field: "mean", type: "quantitative" },
          shape: { field: "set", type: "nominal", sort: sets, title: "Data set" },
          tooltip: [
            { field: "feature" },
            { field: "set" },
            { field: "mean", format: ".3f" },
            { field: "std", format: ".3f" },
          ],
        },
      },
    ],
  };
  return {
    name: "fig2_feature_distributions",
    title,
    caption: "Mean and standard deviation (error bars) of 12 representative features for the " +
      "unlabelled source, the labelled target and the synthetic data of each λcls, after " +
      "min-max normalisation, averaged over the four emotion classes (paper Fig. 2).",
    spec,
  };
}

/**
 * Name of an augmenter in tables and figures: the paper's notation for the CycleGAN
 * (`λcls = 2`), the canonical spec for the others (`smote:k=5`).
 * @param augment canonical spec, `null` for none
 * @returns the label (empty for none)
 */
export function augmentLabel(augment: string | null): string {
  if (augment === null) return "";
  const lambda = cycleganLambda(augment);
  return lambda === null ? augment : `λcls = ${lambda}`;
}

/** Panel label of a setting in a confusion-matrix figure, e.g. `Syn. (λcls = 2)`, `Syn. (smote:k=5)`. */
export function settingLabel(setting: SettingResult): string {
  const what = setting.trainOn === "real"
    ? "Real"
    : setting.trainOn === "syn"
    ? "Syn."
    : "Real + Syn.";
  const augment = setting.augment === null ? "" : ` (${augmentLabel(setting.augment)})`;
  const reference = setting.synthesisProtocol === "reference" ? ", reference protocol" : "";
  return `${what}${augment}${reference}`;
}

/** Display order of settings in Fig. 3: real, then per λ_cls descending (as the paper: b = 2, c = 0). */
function settingRank(s: SettingResult): number {
  const what = s.trainOn === "real" ? 0 : s.trainOn === "syn" ? 1 : 2;
  const lambda = s.augment === null ? 1000 : cycleganLambda(s.augment) ?? -1000;
  const ref = s.synthesisProtocol === "reference" ? 1 : 0;
  return ref * 1e6 - lambda * 10 + what;
}

/**
 * Fig. 3: row-normalised confusion matrices (true class × predicted class, averaged over the
 * repetitions), one heatmap per setting, with the proportion printed in every cell.
 * @param settings the settings to show (usually all settings of one protocol)
 * @param options which protocol (for the title and the name) and, optionally, a name suffix
 * @returns the figure (`fig3_confusion_<protocol>[_<suffix>]`)
 * @throws {RangeError} when there is no setting to show or a matrix does not match its classes
 */
export function confusionFigure(
  settings: readonly SettingResult[],
  options: { readonly protocol: Protocol; readonly suffix?: string; readonly corpus?: string },
): Figure {
  if (settings.length === 0) throw new RangeError("Expected at least one setting, found none");
  const ordered = [...settings].sort((a, b) => settingRank(a) - settingRank(b));
  const panels = ordered.map(settingLabel);
  const values: { panel: string; truth: string; predicted: string; value: number }[] = [];
  for (const [k, s] of ordered.entries()) {
    const n = s.classes.length;
    if (s.confusionNormalized.length !== n || s.confusionNormalized.some((r) => r.length !== n)) {
      throw new RangeError(
        `Expected a ${n} × ${n} confusion matrix for ${
          panels[k]
        }, found ${s.confusionNormalized.length} rows`,
      );
    }
    s.confusionNormalized.forEach((row, i) =>
      row.forEach((value, j) =>
        values.push({ panel: panels[k], truth: s.classes[i], predicted: s.classes[j], value })
      )
    );
  }
  const classes = ordered[0].classes;
  const where = options.corpus ? ` on ${options.corpus}` : "";
  const title = options.protocol === "within"
    ? `Fig. 3: Averaged results${where} (within corpus)`
    : `Confusion matrices${where} (cross corpus)`;
  const spec: TopLevelSpec = {
    $schema: VEGA_LITE_SCHEMA,
    title: {
      text: title,
      subtitle: "Rows: true class; columns: predicted class; cells: proportion of the true class",
    },
    config: { ...CONFIG, view: { stroke: null } },
    data: { values },
    facet: {
      field: "panel",
      type: "nominal",
      sort: panels,
      title: null,
      header: { labelFontSize: 12, labelFontWeight: "bold" },
    },
    columns: Math.min(panels.length, 5),
    spec: {
      width: 150,
      height: 150,
      encoding: {
        x: {
          field: "predicted",
          type: "nominal",
          sort: [...classes],
          title: "Predicted class",
          axis: { labelAngle: -30 },
        },
        y: { field: "truth", type: "nominal", sort: [...classes], title: "True class" },
      },
      layer: [
        {
          mark: "rect",
          encoding: {
            color: {
              field: "value",
              type: "quantitative",
              title: "Proportion",
              scale: { domain: [0, 1], scheme: "blues" },
            },
          },
        },
        {
          mark: { type: "text", fontSize: 11 },
          encoding: {
            text: { field: "value", type: "quantitative", format: ".2f" },
            color: { condition: { test: "datum.value > 0.55", value: "white" }, value: "black" },
          },
        },
      ],
    },
  };
  const name = `fig3_confusion_${options.protocol}${options.suffix ? `_${options.suffix}` : ""}`;
  return {
    name,
    title,
    caption:
      "Confusion matrices, row-normalised and averaged over the repetitions, for every training " +
      "setting (paper Fig. 3: (a) real, (b) λcls = 2, (c) λcls = 0; synthetic only on the left, " +
      "real + synthetic on the right).",
    spec,
  };
}

/** A loss value at an epoch, as the trainer records it (a subset of {@linkcode LossPoint}). */
export interface LossSample {
  /** Epoch index (0-based). */
  readonly epoch: number;
  /** Loss name as recorded, e.g. `d_0`, `g_adv_1`, `cyc_2`, `cls`. */
  readonly name: string;
  /** Loss value. */
  readonly value: number;
  /** `pretrain` or `train` (default `train`). */
  readonly phase?: "pretrain" | "train";
}

const LOSS_TITLES: Readonly<Record<string, string>> = {
  d: "discriminators (D_i^T + D_i^S)",
  g_adv: "generator adversarial",
  cyc: "cycle consistency (eq. 3)",
  cls: "classification (eq. 4)",
  g_total: "generator total (eq. 5)",
};

/** Loss family of a recorded name: `cyc_2` → `cyc`, `pre_cyc_1` → `cyc` (the phase says pre-training). */
function lossFamily(name: string): string {
  return name.replace(/^pre_/, "").replace(/_\d+$/, "");
}

/**
 * Aggregates per-emotion losses into families: every `<family>_<i>` is averaged over i per
 * epoch and phase, so one line per loss family is drawn.
 */
function aggregateLosses(points: readonly LossSample[]) {
  const sums = new Map<
    string,
    { epoch: number; phase: string; loss: string; sum: number; n: number }
  >();
  for (const p of points) {
    if (!Number.isFinite(p.value)) continue;
    const family = lossFamily(p.name);
    const loss = LOSS_TITLES[family] ?? family;
    const phase = p.phase ?? "train";
    const key = `${phase}\u0000${loss}\u0000${p.epoch}`;
    const entry = sums.get(key) ?? { epoch: p.epoch + 1, phase, loss, sum: 0, n: 0 };
    entry.sum += p.value;
    entry.n += 1;
    sums.set(key, entry);
  }
  return [...sums.values()].map((e) => ({
    epoch: e.epoch,
    phase: e.phase === "pretrain" ? "pre-training (cycle loss only)" : "N-CycleGAN training",
    loss: e.loss,
    // Floor for the log scale: a loss of exactly 0 is drawn at 1e-6.
    value: Math.max(e.sum / e.n, 1e-6),
  }));
}

/**
 * Loss curves of one CycleGAN model: one line per loss family (averaged over the N emotions),
 * pre-training and main training side by side when both are present.
 * @param points recorded losses (per emotion names like `cyc_0` are averaged per epoch)
 * @param options figure name and title
 * @returns the figure
 * @throws {RangeError} when there is no finite loss value
 */
export function lossCurveFigure(
  points: readonly LossSample[],
  options: { readonly name: string; readonly title: string; readonly caption?: string },
): Figure {
  const values = aggregateLosses(points);
  if (values.length === 0) throw new RangeError("Expected loss values, found none");
  const phases = [...new Set(values.map((v) => v.phase))].sort().reverse();
  const line = {
    mark: { type: "line" as const, point: values.length < 60 },
    encoding: {
      x: {
        field: "epoch",
        type: "quantitative" as const,
        title: "Epoch",
        axis: { format: "d", tickMinStep: 1 },
      },
      y: {
        field: "value",
        type: "quantitative" as const,
        title: "Loss (mean over emotions, log scale)",
        // Log scale: spikes of an unstable run stay readable beside small losses.
        scale: { type: "log" as const },
      },
      color: { field: "loss", type: "nominal" as const, title: "Loss" },
    },
  };
  const spec: TopLevelSpec = phases.length > 1
    ? {
      $schema: VEGA_LITE_SCHEMA,
      title: options.title,
      config: CONFIG,
      data: { values },
      facet: { field: "phase", type: "nominal", sort: phases, title: null },
      resolve: { scale: { x: "independent", y: "independent" } },
      spec: { width: 320, height: 220, ...line },
    }
    : {
      $schema: VEGA_LITE_SCHEMA,
      title: { text: options.title, subtitle: phases[0] },
      config: CONFIG,
      data: { values },
      width: 420,
      height: 240,
      ...line,
    };
  return {
    name: options.name,
    title: options.title,
    caption: options.caption ??
      "Training losses per epoch, averaged over the four emotion CycleGANs.",
    spec,
  };
}

/**
 * One loss-curve figure per augmenter that recorded losses (the CycleGAN per λ_cls). For each, the
 * curves of one fit are shown: the fit on all labelled rows when present, else the first fold's.
 * @param points all recorded loss points
 * @returns one figure per augmenter, named `loss_lambda<λ>` for a CycleGAN and `loss_<spec>`
 *   otherwise, CycleGANs first in ascending λ_cls
 */
export function lossFigures(points: readonly LossPoint[]): Figure[] {
  const augments = [...new Set(points.map((p) => p.augment))].sort((a, b) =>
    (cycleganLambda(a) ?? Infinity) - (cycleganLambda(b) ?? Infinity) || a.localeCompare(b)
  );
  return augments.map((augment) => {
    const mine = points.filter((p) => p.augment === augment);
    const models = [...new Set(mine.map((p) => p.model))].sort();
    const model = models.includes(ALL_ROWS) ? ALL_ROWS : models[0];
    const which = model === ALL_ROWS
      ? "fit on the whole labelled corpus"
      : `within-corpus fold, held-out session ${model}`;
    const lambda = cycleganLambda(augment);
    return lossCurveFigure(
      mine.filter((p) => p.model === model),
      lambda === null
        ? {
          name: `loss_${augment.replace(/[^A-Za-z0-9]+/g, "_")}`,
          title: `Losses of ${augment}`,
          caption: `Losses per epoch of the ${which}.`,
        }
        : {
          name: `loss_lambda${lambda}`,
          title: `CycleGAN losses, λcls = ${lambda}`,
          caption: `Losses per epoch of the ${which}, averaged over the four emotion CycleGANs ` +
            `(λcyc = 5, λcls = ${lambda}).`,
        },
    );
  });
}

/**
 * The λ_cls sweep: Table 1 distance of the synthetic data to the target (left) and downstream UAR
 * of every protocol × train-on setting (right), against λ_cls.
 * @param rows the sweep's rows (`lambdaSweepRows`)
 * @returns the figure (`lambda_sweep`)
 * @throws {RangeError} when there are no rows
 */
export function lambdaSweepFigure(rows: readonly LambdaSweepRow[]): Figure {
  if (rows.length === 0) throw new RangeError("Expected λcls sweep rows, found none");
  const distance = rows.flatMap((r) =>
    r.table1 === null ? [] : [{ lambda: r.lambdaCls, value: r.table1 }]
  );
  const names: Record<keyof LambdaSweepRow["uar"], string> = {
    withinSyn: "within, Syn.",
    withinRealSyn: "within, Real + Syn.",
    crossSyn: "cross, Syn.",
    crossRealSyn: "cross, Real + Syn.",
  };
  const uar = rows.flatMap((r) =>
    (Object.keys(names) as (keyof typeof names)[]).flatMap((k) =>
      r.uar[k] === null ? [] : [{ lambda: r.lambdaCls, setting: names[k], value: 100 * r.uar[k]! }]
    )
  );
  const x = { field: "lambda", type: "quantitative" as const, title: "λcls" };
  const title = "λcls sweep: similarity to the target against downstream UAR";
  const spec: TopLevelSpec = {
    $schema: VEGA_LITE_SCHEMA,
    title: {
      text: title,
      subtitle: "CycleGAN on all labelled rows (Table 1); classifiers per setting",
    },
    config: CONFIG,
    hconcat: [
      {
        width: 280,
        height: 220,
        data: { values: distance },
        mark: { type: "line", point: true },
        encoding: {
          x,
          y: { field: "value", type: "quantitative", title: "Table 1: |target − syn|" },
        },
      },
      {
        width: 280,
        height: 220,
        data: { values: uar },
        mark: { type: "line", point: true },
        encoding: {
          x,
          y: { field: "value", type: "quantitative", title: "UAR %", scale: { zero: false } },
          color: { field: "setting", type: "nominal", title: "Setting" },
        },
      },
    ],
  };
  return {
    name: "lambda_sweep",
    title,
    caption: "Mean absolute difference between synthetic and target features (Table 1's measure, " +
      "lower is closer) and the mean UAR of the classifiers trained with that synthetic data, per " +
      "λcls of the CycleGAN (the paper's future work, Sec. 5).",
    spec,
  };
}

/** Class counts of one corpus, for {@linkcode classBalanceFigure}. */
export interface ClassCountsRow {
  /** Corpus label, e.g. `IEMOCAP (paper)` or `emodb (ours)`. */
  readonly corpus: string;
  /** Count per class name. */
  readonly counts: Readonly<Record<string, number>>;
}

/**
 * Class proportions of several corpora side by side (the paper's footnotes 1 and 2 as bars),
 * so the balance of our corpora can be compared with the paper's.
 * @param rows class counts per corpus
 * @param classes class names, in axis order
 * @returns the figure (`class_balance`)
 * @throws {RangeError} when a corpus has no counted rows
 */
export function classBalanceFigure(
  rows: readonly ClassCountsRow[],
  classes: readonly string[],
): Figure {
  const values = rows.flatMap((r) => {
    const total = classes.reduce((n, c) => n + (r.counts[c] ?? 0), 0);
    if (total === 0) throw new RangeError(`Expected class counts for ${r.corpus}, found none`);
    return classes.map((c) => ({
      corpus: r.corpus,
      emotion: c,
      count: r.counts[c] ?? 0,
      share: (r.counts[c] ?? 0) / total,
    }));
  });
  const corpora = rows.map((r) => r.corpus);
  const title = "Class distribution of the labelled corpora";
  const spec: TopLevelSpec = {
    $schema: VEGA_LITE_SCHEMA,
    title: { text: title, subtitle: "Share of each emotion among the four-class utterances" },
    config: CONFIG,
    width: 420,
    height: 220,
    data: { values },
    mark: "bar",
    encoding: {
      x: { field: "emotion", type: "nominal", sort: [...classes], title: "Emotion" },
      xOffset: { field: "corpus", type: "nominal", sort: corpora },
      y: {
        field: "share",
        type: "quantitative",
        title: "Share of utterances",
        axis: { format: "%" },
      },
      color: { field: "corpus", type: "nominal", sort: corpora, title: "Corpus" },
      tooltip: [{ field: "corpus" }, { field: "emotion" }, { field: "count" }, {
        field: "share",
        format: ".1%",
      }],
    },
  };
  return {
    name: "class_balance",
    title,
    caption: "Share of each emotion per corpus: the paper's corpora (from its footnotes) beside " +
      "the corpora used here.",
    spec,
  };
}
