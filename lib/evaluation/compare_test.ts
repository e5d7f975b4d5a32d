import assert from "node:assert/strict";
import { DEFAULT_CLASSIFIER } from "./classifier.ts";
import { compareSettings, pairingUnits, withVsReal } from "./compare.ts";
import type { Protocol, SettingResult, TrainOn } from "./types.ts";

function setting(
  protocol: Protocol,
  trainOn: TrainOn,
  uarPerFold: number[][],
  seeds = uarPerFold.map((row, r) => row.map((_, f) => 10 * r + f)),
): SettingResult {
  const folds = protocol === "within" ? uarPerFold[0].map((_, f) => `S${f + 1}`) : ["test"];
  return {
    protocol,
    trainOn,
    augment: trainOn === "real" ? null : "cyclegan:lambda_cls=2",
    synthesisProtocol: null,
    normalization: "per-dataset",
    classifier: DEFAULT_CLASSIFIER,
    classes: ["a", "b"],
    uarMean: 0,
    uarStd: 0,
    uarPerRep: uarPerFold.map((r) => r[0]),
    uarPerFold,
    confusion: [],
    confusionNormalized: [],
    confusionPerRep: [],
    folds,
    trainRows: [],
    testRows: [],
    selection: null,
    classifierSeeds: seeds,
    seconds: 0,
  };
}

Deno.test("pairingUnits() takes one UAR per (fold, repetition) within corpus, per repetition cross", () => {
  const u = pairingUnits(setting("within", "real", [[0.5, 0.6], [0.7, 0.8]]));
  assert.equal(u.unit, "fold × repetition");
  assert.deepEqual(u.values, [0.5, 0.6, 0.7, 0.8]);
  assert.deepEqual(u.keys, [
    "rep 1 / fold S1",
    "rep 1 / fold S2",
    "rep 2 / fold S1",
    "rep 2 / fold S2",
  ]);
  assert.equal(pairingUnits(setting("cross", "real", [[0.4], [0.5]])).unit, "repetition");
});

Deno.test("compareSettings() pairs treatment − baseline over the same seeds (hand-computed mean)", () => {
  const real = setting("within", "real", [[0.50, 0.60], [0.70, 0.80]]);
  const syn = setting("within", "syn", [[0.52, 0.61], [0.73, 0.80]]);
  const c = compareSettings(real, syn)!;
  assert.equal(c.pairs, 4);
  assert.ok(Math.abs(c.diffMean - (0.02 + 0.01 + 0.03 + 0) / 4) < 1e-12);
  assert.ok(c.ci95[0] <= c.diffMean && c.diffMean <= c.ci95[1]);
  assert.equal(c.unit, "fold × repetition");
  assert.equal(c.baseline, "real");
});

Deno.test("compareSettings() refuses settings whose classifiers do not share seeds, and skips one pair", () => {
  const real = setting("within", "real", [[0.5, 0.6]]);
  const other = setting("within", "syn", [[0.5, 0.6]], [[7, 8]]);
  assert.throws(() => compareSettings(real, other), /same folds, repetitions and classifier seeds/);
  assert.throws(
    () => compareSettings(real, setting("cross", "syn", [[0.5], [0.6]])),
    RangeError,
  );
  assert.equal(
    compareSettings(setting("cross", "real", [[0.4]]), setting("cross", "syn", [[0.5]])),
    null,
  );
});

Deno.test("withVsReal() compares every synthetic setting with Real of its own protocol", () => {
  const out = withVsReal([
    setting("within", "real", [[0.5, 0.6]]),
    setting("within", "syn", [[0.6, 0.7]]),
    setting("cross", "syn", [[0.3], [0.4]]),
  ]);
  assert.equal(out[0].vsReal, undefined);
  assert.ok(Math.abs(out[1].vsReal!.diffMean - 0.1) < 1e-12);
  assert.equal(out[2].vsReal, undefined, "no Real cross corpus to compare with");
});
