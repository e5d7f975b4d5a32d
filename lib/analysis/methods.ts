/**
 * The methods side by side: for every augmenter, its UAR within and cross corpus, trained on
 * synthetic rows only and on real + synthetic rows, each with the paired comparison against Real
 * of the same protocol (same folds, repetitions and classifier seeds).
 * @module
 */
import type { PairedResult, Protocol, SettingResult, TrainOn } from "../evaluation/types.ts";

/** One cell of the methods table. */
export interface MethodCell {
  /** Mean UAR over repetitions (fraction). */
  readonly uarMean: number;
  /** Standard deviation of the per-repetition UARs. */
  readonly uarStd: number;
  /** The paired comparison with Real, when Real of this protocol was evaluated. */
  readonly vsReal: PairedResult | null;
}

/** The columns of the methods table, in order. */
export const METHOD_COLUMNS: readonly {
  readonly protocol: Protocol;
  readonly trainOn: Exclude<TrainOn, "real">;
}[] = Object.freeze([
  { protocol: "within", trainOn: "syn" },
  { protocol: "within", trainOn: "real+syn" },
  { protocol: "cross", trainOn: "syn" },
  { protocol: "cross", trainOn: "real+syn" },
]);

/** One augmenter's row. */
export interface MethodRow {
  /** The augmenter, canonical spec. */
  readonly augment: string;
  /** One cell per {@linkcode METHOD_COLUMNS} entry, `null` where it was not evaluated. */
  readonly cells: readonly (MethodCell | null)[];
}

/** Real's UAR per protocol, the reference row of the table. */
export interface RealRow {
  /** Within corpus, `null` when not evaluated. */
  readonly within: Pick<MethodCell, "uarMean" | "uarStd"> | null;
  /** Cross corpus, `null` when not evaluated. */
  readonly cross: Pick<MethodCell, "uarMean" | "uarStd"> | null;
}

/**
 * One row per augmenter, in the order they first appear in `settings` (the within reference
 * protocol's settings are left out: they measure a leak, not a method).
 * @param settings evaluated settings, with `vsReal`
 * @returns the rows
 */
export function methodRows(settings: readonly SettingResult[]): MethodRow[] {
  const shown = settings.filter((s) => s.augment !== null && s.synthesisProtocol !== "reference");
  const names = [...new Set(shown.map((s) => s.augment!))];
  return names.map((augment) => ({
    augment,
    cells: METHOD_COLUMNS.map(({ protocol, trainOn }) => {
      const s = shown.find((x) =>
        x.augment === augment && x.protocol === protocol && x.trainOn === trainOn
      );
      return s ? { uarMean: s.uarMean, uarStd: s.uarStd, vsReal: s.vsReal ?? null } : null;
    }),
  }));
}

/**
 * Real's UAR per protocol.
 * @param settings evaluated settings
 * @returns the Real row
 */
export function realRow(settings: readonly SettingResult[]): RealRow {
  const pick = (protocol: Protocol) => {
    const s = settings.find((x) => x.protocol === protocol && x.trainOn === "real");
    return s ? { uarMean: s.uarMean, uarStd: s.uarStd } : null;
  };
  return { within: pick("within"), cross: pick("cross") };
}
