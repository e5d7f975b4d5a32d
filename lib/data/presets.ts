/**
 * Recipes for the known corpora: the three bundled ones (EmoDB, RAVDESS, LibriSpeech chunks,
 * whose labels live in the instance names) and the paper's unlabelled TEDLIUM. IEMOCAP, whose
 * labels live in separate files, is in `iemocap.ts`.
 * @module
 */

import { fileURLToPath } from "node:url";
import type { CorpusRecipe, RowInfo } from "./corpus.ts";
import { PAPER_CLASSES } from "./types.ts";

/** Key in `dropped` for ids that do not have the preset's expected form. */
export const BAD_ID = "(bad id)";

/**
 * The bundled data folder, resolved from this module (not the working directory).
 * @returns the absolute path of `<repo>/data/`
 */
export function bundledDataDir(): string {
  return fileURLToPath(new URL("../../data/", import.meta.url));
}

/** The bundled feature file of each bundled preset (file names inside {@linkcode bundledDataDir}). */
export const BUNDLED_FILES: Readonly<Record<"emodb" | "ravdess" | "librispeech", string>> = Object
  .freeze({
    emodb: "emodb.emobase2010.arff.gz",
    ravdess: "ravdess.emobase2010.arff.gz",
    librispeech: "librispeech-3s.emobase2010.arff.gz",
  });

/** EmoDB emotion letters (6th character of the name) mapped to the paper's classes. */
export const EMODB_CLASS_MAP: Readonly<Record<string, string>> = Object.freeze({
  W: "angry",
  F: "happy",
  N: "neutral",
  T: "sad",
});

/**
 * EmoDB's five "sessions" of one male and one female speaker each, mirroring IEMOCAP:
 * speaker → session.
 */
export const EMODB_SESSIONS: Readonly<Record<string, string>> = Object.freeze({
  "03": "S1",
  "08": "S1",
  "10": "S2",
  "09": "S2",
  "11": "S3",
  "13": "S3",
  "12": "S4",
  "14": "S4",
  "15": "S5",
  "16": "S5",
});

/**
 * EmoDB (`03a01Fa`: characters 1-2 speaker, 3-5 text, 6 emotion, 7 version). Emotions W, F, N,
 * T become angry, happy, neutral, sad; L, E, A are dropped and counted by letter. Sessions as
 * in {@linkcode EMODB_SESSIONS}.
 */
export const EMODB_RECIPE: CorpusRecipe = Object.freeze({
  name: "emodb",
  classes: PAPER_CLASSES,
  classMap: EMODB_CLASS_MAP,
  hasSpeakers: true,
  hasSessions: true,
  describe(id: string): RowInfo {
    const m = /^(\d\d)[a-z]\d\d([A-Z])[a-z]/.exec(id);
    if (m === null || !(m[1] in EMODB_SESSIONS)) return { label: BAD_ID };
    return { label: m[2], speaker: m[1], session: EMODB_SESSIONS[m[1]] };
  },
});

/** RAVDESS emotion codes (3rd field) mapped to the paper's classes. */
export const RAVDESS_CLASS_MAP: Readonly<Record<string, string>> = Object.freeze({
  "01": "neutral",
  "03": "happy",
  "04": "sad",
  "05": "angry",
});

/**
 * RAVDESS (`03-01-05-01-02-01-12`: modality, channel, emotion, intensity, statement,
 * repetition, actor). Emotions 01, 03, 04, 05 become neutral, happy, sad, angry; the others
 * (02 calm, 06 fearful, 07 disgust, 08 surprised) are dropped and counted by code. Speaker and
 * session are the actor (`12`).
 */
export const RAVDESS_RECIPE: CorpusRecipe = Object.freeze({
  name: "ravdess",
  classes: PAPER_CLASSES,
  classMap: RAVDESS_CLASS_MAP,
  hasSpeakers: true,
  hasSessions: true,
  describe(id: string): RowInfo {
    const m = /^\d\d-\d\d-(\d\d)-\d\d-\d\d-\d\d-(\d\d)$/.exec(id);
    if (m === null) return { label: BAD_ID };
    return { label: m[1], speaker: m[2], session: m[2] };
  },
});

function _unlabelled(name: string): CorpusRecipe {
  return Object.freeze({
    name,
    classes: [],
    classMap: {},
    hasSpeakers: true,
    hasSessions: false,
    describe: (id: string): RowInfo => ({ speaker: id.split("-", 1)[0] }),
  });
}

/** LibriSpeech 3 s chunks (`<speaker>-<chapter>-<utterance>_cNN`): unlabelled; speaker first. */
export const LIBRISPEECH_RECIPE: CorpusRecipe = _unlabelled("librispeech");

/**
 * TEDLIUM segments: unlabelled; the speaker is the id up to its first `-` (the talk, in the
 * Kaldi-style `<talk>-<start>-<end>` segment names), or the whole id.
 */
export const TEDLIUM_RECIPE: CorpusRecipe = _unlabelled("tedlium");
