/**
 * `loadCorpus`: one entry point for presets and JSON specs.
 * @module
 */

import { join } from "node:path";
import type { Corpus } from "./types.ts";
import { corpusFromTable } from "./corpus.ts";
import { readCorpusSpec } from "./corpus_spec.ts";
import { readFeatures } from "./feature_file.ts";
import type { ReadFeaturesOptions } from "./feature_file.ts";
import { iemocapRecipe, readIemocapLabels } from "./iemocap.ts";
import {
  BUNDLED_FILES,
  bundledDataDir,
  EMODB_RECIPE,
  LIBRISPEECH_RECIPE,
  RAVDESS_RECIPE,
  TEDLIUM_RECIPE,
} from "./presets.ts";

/** Tables read here are fresh and private, so a corpus may take over their data. */
const ADOPT = { adopt: true } as const;

/** The names {@linkcode loadCorpus} accepts besides a spec file. */
export const CORPUS_PRESETS = ["emodb", "ravdess", "librispeech", "iemocap", "tedlium"] as const;

/** One of {@linkcode CORPUS_PRESETS}. */
export type CorpusPreset = typeof CORPUS_PRESETS[number];

/** Options of {@linkcode loadCorpus}. */
export interface LoadCorpusOptions extends ReadFeaturesOptions {
  /**
   * The features file. Required for `iemocap` and `tedlium`; for the bundled presets it
   * replaces the bundled file (e.g. your own EmoDB extraction); ignored for a spec file.
   */
  readonly features?: string;
  /** The IEMOCAP release folder (holding `Session1` … `Session5`); required for `iemocap`. */
  readonly iemocapRoot?: string;
}

/**
 * Loads a corpus: features (through the binary cache) plus labels, speakers and sessions.
 *
 * - `emodb`, `ravdess`, `librispeech`: the bundled files in `<repo>/data/` (found from this
 *   module's location, whatever the working directory).
 * - `iemocap`: `options.features` and `options.iemocapRoot`.
 * - `tedlium`: `options.features` (unlabelled).
 * - anything else is a path to a JSON corpus spec (see `corpus_spec.ts`).
 *
 * @example
 * ```ts
 * import { loadCorpus } from "./load_corpus.ts";
 * const emodb = await loadCorpus("emodb");
 * if (emodb.rows !== 339) throw new Error("EmoDB has 339 four-class utterances");
 * ```
 * @param presetOrSpecPath a preset name or the path of a `.json` spec
 * @param options files for the licensed corpora; cache and progress settings
 * @returns the corpus (owns its arrays)
 * @throws {TypeError} when a preset lacks the files it needs
 * @throws {DataFileError} naming file and line for malformed features, labels or spec
 */
export async function loadCorpus(
  presetOrSpecPath: string,
  options: LoadCorpusOptions = {},
): Promise<Corpus> {
  if (typeof presetOrSpecPath !== "string" || presetOrSpecPath === "") {
    throw new TypeError(
      `Corpus must be one of ${CORPUS_PRESETS.join(", ")} or a spec file path, found ${
        String(presetOrSpecPath)
      }`,
    );
  }
  const bundled = (name: keyof typeof BUNDLED_FILES) =>
    options.features ?? join(bundledDataDir(), BUNDLED_FILES[name]);
  const needFeatures = (preset: string): string => {
    if (options.features === undefined) {
      throw new TypeError(
        `The ${preset} preset needs options.features (its openSMILE emobase2010 file), found none`,
      );
    }
    return options.features;
  };
  switch (presetOrSpecPath) {
    case "emodb":
      return corpusFromTable(await readFeatures(bundled("emodb"), options), EMODB_RECIPE, ADOPT);
    case "ravdess":
      return corpusFromTable(
        await readFeatures(bundled("ravdess"), options),
        RAVDESS_RECIPE,
        ADOPT,
      );
    case "librispeech":
      return corpusFromTable(
        await readFeatures(bundled("librispeech"), options),
        LIBRISPEECH_RECIPE,
        ADOPT,
      );
    case "tedlium":
      return corpusFromTable(
        await readFeatures(needFeatures("tedlium"), options),
        TEDLIUM_RECIPE,
        ADOPT,
      );
    case "iemocap": {
      const features = needFeatures("iemocap");
      if (options.iemocapRoot === undefined) {
        throw new TypeError(
          "The iemocap preset needs options.iemocapRoot (the folder holding Session1 … Session5), found none",
        );
      }
      const labels = await readIemocapLabels(options.iemocapRoot);
      return corpusFromTable(await readFeatures(features, options), iemocapRecipe(labels), ADOPT);
    }
  }
  if (!presetOrSpecPath.toLowerCase().endsWith(".json")) {
    throw new TypeError(
      `Corpus must be one of ${
        CORPUS_PRESETS.join(", ")
      } or a .json spec file, found '${presetOrSpecPath}'`,
    );
  }
  const resolved = await readCorpusSpec(presetOrSpecPath);
  const { features: _ignored, ...rest } = options;
  const table = await readFeatures(resolved.featuresPath, rest);
  resolved.checkIds(table.ids);
  return corpusFromTable(table, resolved.recipe, ADOPT);
}
