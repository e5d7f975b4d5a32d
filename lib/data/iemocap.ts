/**
 * IEMOCAP labels from the corpus's own evaluation files,
 * `Session*\/dialog/EmoEvaluation/*.txt`, whose utterance lines read
 * `[6.2901 - 8.2357]<TAB>Ses01F_impro01_F000<TAB>neu<TAB>[2.5000, 2.5000, 2.5000]`.
 * Classes as in the paper: ang → angry, hap and exc → happy, neu → neutral, sad → sad; the
 * other categories (fru, sur, fea, dis, oth, xxx) are dropped and counted.
 * @module
 */

import { join } from "node:path";
import type { CorpusRecipe, RowInfo } from "./corpus.ts";
import { DataFileError } from "./errors.ts";
import { PAPER_CLASSES } from "./types.ts";

/** IEMOCAP's categorical labels mapped to the paper's classes (excited merged into happy). */
export const IEMOCAP_CLASS_MAP: Readonly<Record<string, string>> = Object.freeze({
  ang: "angry",
  hap: "happy",
  exc: "happy",
  neu: "neutral",
  sad: "sad",
});

const UTTERANCE_LINE = /^\[\s*[\d.]+\s*-\s*[\d.]+\s*\]\t(\S+)\t(\S+)\t\[/;
const IEMOCAP_ID = /^(Ses0\d)[FM]_.*_([FM])[^_]*$/;

/**
 * Reads the majority labels of every utterance from an IEMOCAP release.
 * @param root the release folder (the one holding `Session1` … `Session5`)
 * @returns raw label (`neu`, `exc`, …) by utterance id
 * @throws {Deno.errors.NotFound} when no `Session*\/dialog/EmoEvaluation/*.txt` file exists
 * @throws {DataFileError} naming file and line when an utterance id appears twice
 */
export async function readIemocapLabels(root: string): Promise<Map<string, string>> {
  const labels = new Map<string, string>();
  const where = new Map<string, string>();
  const files: string[] = [];
  for await (const session of _readDirSafe(root)) {
    if (!session.isDirectory || !/^Session\d+$/.test(session.name)) continue;
    const dir = join(root, session.name, "dialog", "EmoEvaluation");
    for await (const entry of _readDirSafe(dir)) {
      if (entry.isFile && entry.name.endsWith(".txt") && !entry.name.startsWith(".")) {
        files.push(join(dir, entry.name));
      }
    }
  }
  if (files.length === 0) {
    throw new Deno.errors.NotFound(
      `Expected IEMOCAP label files in ${root}/Session*/dialog/EmoEvaluation/*.txt, found none`,
    );
  }
  files.sort();
  for (const file of files) {
    const lines = (await Deno.readTextFile(file)).split(/\r?\n/);
    for (let i = 0; i < lines.length; i++) {
      const m = UTTERANCE_LINE.exec(lines[i]);
      if (m === null) continue;
      const [, id, label] = m;
      const first = where.get(id);
      if (first !== undefined) {
        throw new DataFileError(file, i + 1, `duplicate utterance '${id}', first seen at ${first}`);
      }
      where.set(id, `${file}:${i + 1}`);
      labels.set(id, label);
    }
  }
  return labels;
}

async function* _readDirSafe(dir: string): AsyncGenerator<Deno.DirEntry> {
  try {
    yield* Deno.readDir(dir);
  } catch (err) {
    if (!(err instanceof Deno.errors.NotFound)) throw err;
  }
}

/**
 * The IEMOCAP recipe: labels from {@linkcode readIemocapLabels}; session `Ses0N`; speaker the
 * session plus the F/M letter that starts the last part of the id (`Ses01F_impro01_M003` →
 * `Ses01M`). Feature rows without a label line are dropped under `(no label)`.
 * @param labels raw labels by utterance id
 * @returns the recipe
 */
export function iemocapRecipe(labels: ReadonlyMap<string, string>): CorpusRecipe {
  return {
    name: "iemocap",
    classes: PAPER_CLASSES,
    classMap: IEMOCAP_CLASS_MAP,
    hasSpeakers: true,
    hasSessions: true,
    describe(id: string): RowInfo {
      const m = IEMOCAP_ID.exec(id);
      if (m === null) return { label: "(bad id)" };
      return { label: labels.get(id) ?? null, speaker: m[1] + m[2], session: m[1] };
    },
  };
}
