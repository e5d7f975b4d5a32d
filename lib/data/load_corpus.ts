/**
 * `loadCorpus`: one entry point for presets and JSON specs.
 * @module
 */

import { dirname, join, resolve } from "node:path";
import { DataFileError } from "./errors.ts";
import type { Corpus } from "./types.ts";
import { corpusFromTable } from "./corpus.ts";
import { readCorpusSpec } from "./corpus_spec.ts";
import { readFeatures } from "./feature_file.ts";
import type { ReadFeaturesOptions } from "./feature_file.ts";
import { iemocapRecipe, readIemocapLabels } from "./iemocap.ts";
import { _readTextFile } from "./_text_file.ts";
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
 * - anything else is a path to a JSON corpus spec (see `corpus_spec.ts`), or to a preset spec
 *   `{"preset": "iemocap", "features": "…", "iemocapRoot": "…"}` that gives a preset its files
 *   from the command line (paths relative to the spec file).
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
  const presetSpec = await _readPresetSpec(presetOrSpecPath);
  if (presetSpec !== null) {
    return loadCorpus(presetSpec.preset, { ...options, ...presetSpec.files });
  }
  const resolved = await readCorpusSpec(presetOrSpecPath);
  const { features: _ignored, ...rest } = options;
  const table = await readFeatures(resolved.featuresPath, rest);
  resolved.checkIds(table.ids);
  return corpusFromTable(table, resolved.recipe, ADOPT);
}

/** Keys a preset spec may have. */
const PRESET_SPEC_KEYS = ["preset", "features", "iemocapRoot"];

/**
 * Reads `{"preset": …, "features"?: …, "iemocapRoot"?: …}`, the way to hand a preset its files
 * where only a corpus name can be given (the command line).
 * @param specPath the spec file
 * @returns the preset and its files (absolute), or `null` when the spec names no preset
 */
async function _readPresetSpec(
  specPath: string,
): Promise<{ preset: string; files: { features?: string; iemocapRoot?: string } } | null> {
  let raw: unknown;
  try {
    raw = JSON.parse(await _readTextFile(specPath, "corpus spec"));
  } catch {
    return null; // readCorpusSpec reports missing files and bad JSON with the file name
  }
  if (raw === null || typeof raw !== "object" || !("preset" in raw)) return null;
  const spec = raw as Record<string, unknown>;
  const fail = (detail: string): never => {
    throw new DataFileError(specPath, null, detail);
  };
  if (typeof spec.preset !== "string" || !CORPUS_PRESETS.includes(spec.preset as CorpusPreset)) {
    fail(
      `"preset" must be one of ${CORPUS_PRESETS.join(", ")}, found ${JSON.stringify(spec.preset)}`,
    );
  }
  const unknown = Object.keys(spec).filter((k) => !PRESET_SPEC_KEYS.includes(k));
  if (unknown.length > 0) {
    fail(`a preset spec takes only ${PRESET_SPEC_KEYS.join(", ")}, found ${unknown.join(", ")}`);
  }
  const base = dirname(resolve(specPath));
  const path = (key: "features" | "iemocapRoot"): string | undefined => {
    const value = spec[key];
    if (value === undefined) return undefined;
    if (typeof value !== "string" || value === "") {
      fail(`"${key}" must be a path, found ${JSON.stringify(value)}`);
    }
    return resolve(base, value as string);
  };
  const files = { features: path("features"), iemocapRoot: path("iemocapRoot") };
  return {
    preset: spec.preset as string,
    files: Object.fromEntries(Object.entries(files).filter(([, v]) => v !== undefined)),
  };
}
