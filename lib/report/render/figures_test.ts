import assert from "node:assert/strict";
import { includes } from "./_testing.ts";
import { exampleResults } from "./_example_results.ts";
import { renderSvg } from "./figure.ts";
import {
  classBalanceFigure,
  confusionFigure,
  fig2Figure,
  lambdaSweepFigure,
  lossCurveFigure,
  lossFigures,
  settingLabel,
} from "./figures.ts";

Deno.test("fig2Figure() renders an SVG with the paper's title, axis titles and a set legend", async () => {
  const fig = fig2Figure(exampleResults().fig2);
  const svg = await renderSvg(fig.spec);
  assert.ok(svg.startsWith("<svg"));
  includes(svg, "Fig. 2: Statistical distribution");
  includes(svg, "Normalised feature value");
  includes(svg, "Feature (openSMILE emobase2010)");
  includes(svg, "Data set");
  for (const set of ["source", "target", "syn(λcls=0)", "syn(λcls=2)"]) includes(svg, set);
});

Deno.test("fig2Figure() draws error bars from mean − std to mean + std", () => {
  const fig = fig2Figure([
    { feature: "f", set: "target", lambdaCls: null, mean: 0.5, std: 0.2 },
  ]);
  const values = (fig.spec.data as { values: { lower: number; upper: number }[] }).values;
  assert.deepEqual(values[0].lower, 0.3);
  assert.deepEqual(values[0].upper, 0.7);
  assert.throws(() => fig2Figure([]), RangeError);
});

Deno.test("confusionFigure() shows every cell's proportion in the heatmap with labelled axes", async () => {
  const within = exampleResults().settings.filter((s) =>
    s.protocol === "within" && s.synthesisProtocol !== "reference"
  );
  const fig = confusionFigure(within, { protocol: "within", corpus: "emodb" });
  assert.deepEqual(fig.name, "fig3_confusion_within");
  const svg = await renderSvg(fig.spec);
  includes(svg, "Fig. 3: Averaged results on emodb");
  includes(svg, "Predicted class");
  includes(svg, "True class");
  includes(svg, "Proportion");
  includes(svg, "0.68");
  includes(svg, "Real + Syn. (λcls = 2)");
});

Deno.test("confusionFigure() rejects a matrix that does not match its classes", () => {
  const s = exampleResults().settings[0];
  assert.throws(
    () => confusionFigure([{ ...s, confusionNormalized: [[1]] }], { protocol: "within" }),
    { name: "RangeError", message: /4 × 4/ },
  );
});

Deno.test("lossCurveFigure() averages per-emotion losses into one line per family", () => {
  const fig = lossCurveFigure([
    { epoch: 0, name: "d_0", value: 1 },
    { epoch: 0, name: "d_1", value: 3 },
    { epoch: 0, name: "cls", value: 0.5 },
    { epoch: 0, name: "pre_cyc_0", value: 0.7, phase: "pretrain" },
  ], { name: "x", title: "t" });
  const values = (fig.spec.data as { values: { loss: string; value: number; epoch: number }[] })
    .values;
  const byLoss = Object.fromEntries(values.map((v) => [v.loss, v.value]));
  assert.deepEqual(byLoss["discriminators (D_i^T + D_i^S)"], 2);
  assert.deepEqual(byLoss["classification (eq. 4)"], 0.5);
  assert.deepEqual(byLoss["cycle consistency (eq. 3)"], 0.7, "pre_cyc_i is the cycle loss");
  assert.deepEqual(values[0].epoch, 1);
});

Deno.test("lossFigures() makes one figure per CycleGAN λcls from its fit on all labelled rows", async () => {
  const figs = lossFigures(exampleResults().lossCurves);
  assert.deepEqual(figs.map((f) => f.name), ["loss_lambda0", "loss_lambda2"]);
  const values = (figs[0].spec.data as { values: { value: number }[] }).values;
  assert.ok(values.every((v) => v.value !== 9), "the S1 fold's curve must not be mixed in");
  const svg = await renderSvg(figs[1].spec);
  includes(svg, "CycleGAN losses, λcls = 2");
  includes(svg, "Epoch");
  includes(svg, "pre-training (cycle loss only)");
});

Deno.test("classBalanceFigure() turns counts into shares per corpus with a labelled legend", async () => {
  const fig = classBalanceFigure([
    { corpus: "A", counts: { angry: 1, sad: 3 } },
    { corpus: "B", counts: { angry: 2, sad: 2 } },
  ], ["angry", "sad"]);
  const values = (fig.spec.data as { values: { corpus: string; share: number }[] }).values;
  assert.deepEqual(values.map((v) => v.share), [0.25, 0.75, 0.5, 0.5]);
  const svg = await renderSvg(fig.spec);
  for (const text of ["Share of utterances", "Emotion", "Corpus"]) includes(svg, text);
  assert.throws(() => classBalanceFigure([{ corpus: "C", counts: {} }], ["angry"]), RangeError);
});

Deno.test("settingLabel() names the CycleGAN in the paper's notation and other augmenters by spec", () => {
  const s = exampleResults().settings;
  assert.deepEqual(
    s.filter((x) => x.protocol === "within").map(settingLabel),
    [
      "Real",
      "Syn. (λcls = 0)",
      "Syn. (λcls = 2)",
      "Real + Syn. (λcls = 0)",
      "Real + Syn. (λcls = 2)",
      "Syn. (smote:k=5)",
      "Syn. (λcls = 0), reference protocol",
    ],
  );
});

Deno.test("lambdaSweepFigure() plots Table 1 distance and UAR against λcls", async () => {
  const fig = lambdaSweepFigure(exampleResults().lambdaSweep!);
  assert.equal(fig.name, "lambda_sweep");
  const svg = await renderSvg(fig.spec);
  for (const text of ["λcls", "Table 1: |target − syn|", "UAR %", "within, Real + Syn."]) {
    includes(svg, text);
  }
  assert.throws(() => lambdaSweepFigure([]), RangeError);
});
