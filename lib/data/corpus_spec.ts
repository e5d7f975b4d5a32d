/**
 * A generic corpus described by a small JSON file, for corpora without a preset (MSP-IMPROV,
 * your own recordings). See the README section "Bring your own corpus" for the schema.
 *
 * ```json
 * {
 *   "name": "msp-improv",
 *   "features": "msp-improv.emobase2010.arff.gz",
 *   "labelsCsv": "msp-improv.labels.csv",
 *   "classMap": { "A": "angry", "H": "happy", "N": "neutral", "S": "sad" },
 *   "classes": ["angry", "happy", "neutral", "sad"]
 * }
 * ```
 * @module
 */

import { parse } from "csv-parse/sync";
import { basename, dirname, resolve } from "node:path";
import type { CorpusRecipe, RowInfo } from "./corpus.ts";
import { NO_LABEL } from "./corpus.ts";
import { DataFileError } from "./errors.ts";
import { _readTextFile } from "./_text_file.ts";

/** The JSON spec of a generic corpus, as written in the file. */
export interface CorpusSpec {
  /** Corpus name; default: the spec file's name without `.json`. */
  readonly name?: string;
  /** openSMILE features (ARFF or CSV, plain or gzip), relative to the spec file. */
  readonly features: string;
  /**
   * Regular expression (JavaScript syntax) matched against each id; its named groups `label`,
   * `speaker` and `session` (any subset) give the row's raw label, speaker and session.
   */
  readonly idPattern?: string;
  /** Labels CSV `id,label[,speaker][,session]`, relative to the spec file; wins over idPattern. */
  readonly labelsCsv?: string;
  /** Raw label → class name; several raw labels may map to one class. Required with labels. */
  readonly classMap?: Readonly<Record<string, string>>;
  /** Class names in index order; default: classMap's values in order of first appearance. */
  readonly classes?: readonly string[];
  /** Speaker → session, for corpora whose sessions are groups of speakers. */
  readonly sessionBySpeaker?: Readonly<Record<string, string>>;
}

/** A spec read from disk, with its paths made absolute and its labels CSV loaded. */
export interface ResolvedCorpusSpec {
  /** The spec as written. */
  readonly spec: CorpusSpec;
  /** The spec file. */
  readonly specPath: string;
  /** Absolute path of the features file. */
  readonly featuresPath: string;
  /** The recipe that turns the features into a corpus. */
  readonly recipe: CorpusRecipe;
  /**
   * Checks the labels CSV against the feature ids once they are known.
   * @throws {DataFileError} when the CSV names ids that are not in the features (lists a few)
   */
  readonly checkIds: (ids: readonly string[]) => void;
}

const KNOWN_KEYS = new Set([
  "name",
  "features",
  "idPattern",
  "labelsCsv",
  "classMap",
  "classes",
  "sessionBySpeaker",
  "$schema",
  "description",
]);

interface _CsvRow {
  label: string;
  speaker: string | null;
  session: string | null;
}

/**
 * Reads and validates a corpus spec file, and loads its labels CSV if it has one.
 * @param specPath the JSON file
 * @returns the resolved spec and its recipe
 * @throws {DataFileError} naming the spec (or labels CSV) file for any invalid field or row
 *   (a labels row with more values than the header, or than `id,label,speaker,session`)
 * @throws {Deno.errors.NotFound} naming the spec or labels CSV when it does not exist
 * @throws {Deno.errors.IsADirectory} naming the path when either is a folder
 */
export async function readCorpusSpec(specPath: string): Promise<ResolvedCorpusSpec> {
  const text = await _readTextFile(specPath, "corpus spec");
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new DataFileError(specPath, null, `expected JSON, found a syntax error: ${_msg(err)}`);
  }
  const spec = _validate(specPath, raw);
  const base = dirname(resolve(specPath));
  const fail = (detail: string): never => {
    throw new DataFileError(specPath, null, detail);
  };
  let pattern: RegExp | null = null;
  if (spec.idPattern !== undefined) {
    try {
      pattern = new RegExp(spec.idPattern);
    } catch (err) {
      fail(`"idPattern" is not a valid regular expression: ${_msg(err)}`);
    }
  }
  const groups = pattern === null ? new Set<string>() : _namedGroups(spec.idPattern!);
  for (const g of groups) {
    if (!["label", "speaker", "session"].includes(g)) {
      fail(`"idPattern" group '${g}' is not one of label, speaker, session`);
    }
  }
  const csvPath = spec.labelsCsv === undefined ? null : resolve(base, spec.labelsCsv);
  const csv = csvPath === null ? null : await _readLabelsCsv(csvPath, spec.labelsCsv!);
  const labelled = csv !== null || groups.has("label");
  if (labelled && spec.classMap === undefined) {
    fail(`expected "classMap" because the spec has labels, found none`);
  }
  if (!labelled && (spec.classMap !== undefined || spec.classes !== undefined)) {
    fail(`"classMap" and "classes" need labels: add "labelsCsv" or a label group in "idPattern"`);
  }
  const classMap = spec.classMap ?? {};
  const classes = spec.classes ?? [...new Set(Object.values(classMap))];
  for (const [k, v] of Object.entries(classMap)) {
    if (!classes.includes(v)) {
      fail(`"classMap" sends '${k}' to '${v}', which is not in "classes" [${classes.join(", ")}]`);
    }
  }
  if (new Set(classes).size !== classes.length) fail(`"classes" has duplicates`);
  const csvHas = (key: "speaker" | "session") =>
    csv !== null && [...csv.rows.values()].some((r) => r[key] !== null);
  const hasSpeakers = groups.has("speaker") || csvHas("speaker");
  const sessionBySpeaker = spec.sessionBySpeaker;
  if (sessionBySpeaker !== undefined && !hasSpeakers) {
    fail(`"sessionBySpeaker" needs speakers: a speaker group in "idPattern" or a CSV column`);
  }
  const hasSessions = groups.has("session") || csvHas("session") || sessionBySpeaker !== undefined;
  const name = spec.name ?? basename(specPath).replace(/\.json$/i, "");
  const recipe: CorpusRecipe = {
    name,
    classes: labelled ? classes : [],
    classMap,
    hasSpeakers,
    hasSessions,
    missingLabelKey: NO_LABEL,
    describe(id: string): RowInfo {
      const m = pattern === null ? null : pattern.exec(id);
      const g = m?.groups ?? {};
      const row = csv?.rows.get(id);
      const speaker = row?.speaker ?? g.speaker ?? null;
      let session: string | null = row?.session ?? g.session ?? null;
      if (session === null && sessionBySpeaker !== undefined && speaker !== null) {
        session = Object.hasOwn(sessionBySpeaker, speaker) ? sessionBySpeaker[speaker] : null;
      }
      const label = csv !== null ? (row?.label ?? null) : (g.label ?? null);
      if (!labelled && pattern !== null && m === null) {
        throw new DataFileError(specPath, null, `id '${id}' does not match "idPattern"`);
      }
      if (labelled && label !== null && (hasSpeakers && speaker === null)) {
        return { label: `(no speaker)` };
      }
      if (labelled && label !== null && (hasSessions && session === null)) {
        return { label: `(no session)` };
      }
      return { label, speaker, session };
    },
  };
  const checkIds = (ids: readonly string[]): void => {
    if (csv === null) return;
    const known = new Set(ids);
    const missing = [...csv.rows.keys()].filter((id) => !known.has(id));
    if (missing.length > 0) {
      const first = missing[0];
      throw new DataFileError(
        csvPath!,
        csv.lines.get(first) ?? null,
        `${missing.length} id(s) are not in the features file ${spec.features}: ${
          missing.slice(0, 5).map((m) => `'${m}'`).join(", ")
        }${missing.length > 5 ? ", ..." : ""}`,
      );
    }
  };
  return { spec, specPath, featuresPath: resolve(base, spec.features), recipe, checkIds };
}

function _validate(file: string, raw: unknown): CorpusSpec {
  const fail = (detail: string): never => {
    throw new DataFileError(file, null, detail);
  };
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    return fail(`expected a JSON object, found ${Array.isArray(raw) ? "an array" : typeof raw}`);
  }
  const o = raw as Record<string, unknown>;
  for (const k of Object.keys(o)) {
    if (!KNOWN_KEYS.has(k)) {
      fail(`unknown key "${k}"; expected one of ${[...KNOWN_KEYS].join(", ")}`);
    }
  }
  const str = (k: string, required: boolean) => {
    if (o[k] === undefined) {
      if (required) fail(`expected "${k}" (a string), found none`);
      return;
    }
    if (typeof o[k] !== "string" || o[k] === "") {
      fail(`expected "${k}" to be a non-empty string, found ${JSON.stringify(o[k])}`);
    }
  };
  str("features", true);
  str("name", false);
  str("idPattern", false);
  str("labelsCsv", false);
  for (const k of ["classMap", "sessionBySpeaker"]) {
    const v = o[k];
    if (v === undefined) continue;
    if (typeof v !== "object" || v === null || Array.isArray(v)) {
      fail(`expected "${k}" to be an object of strings, found ${JSON.stringify(v)}`);
    }
    for (const [kk, vv] of Object.entries(v as object)) {
      if (typeof vv !== "string" || vv === "") {
        fail(`expected "${k}"."${kk}" to be a non-empty string, found ${JSON.stringify(vv)}`);
      }
    }
  }
  if (o.classes !== undefined) {
    if (
      !Array.isArray(o.classes) || o.classes.length === 0 ||
      !o.classes.every((c) => typeof c === "string" && c !== "")
    ) {
      fail(
        `expected "classes" to be a non-empty array of strings, found ${JSON.stringify(o.classes)}`,
      );
    }
  }
  return o as unknown as CorpusSpec;
}

function _namedGroups(source: string): Set<string> {
  return new Set([...source.matchAll(/\(\?<([A-Za-z_$][\w$]*)>/g)].map((m) => m[1]));
}

async function _readLabelsCsv(
  path: string,
  shownAs: string,
): Promise<{ rows: Map<string, _CsvRow>; lines: Map<string, number> }> {
  const text = await _readTextFile(path, "labels CSV", shownAs);
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, {
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
      trim: true,
      bom: true,
    }) as unknown as { record: string[]; info: { lines: number } }[];
  } catch (err) {
    const line = (err as { lines?: number }).lines ?? null;
    throw new DataFileError(path, line, `expected CSV, found an error: ${_msg(err)}`);
  }
  let col = { id: 0, label: 1, speaker: 2, session: 3 };
  let start = 0;
  let columns = "id,label,speaker,session";
  let width = 4;
  if (records.length > 0 && records[0].record[0]?.toLowerCase() === "id") {
    const header = records[0].record.map((h) => h.toLowerCase());
    columns = records[0].record.join(",");
    width = header.length;
    const at = (name: string) => header.indexOf(name);
    if (at("label") < 0) {
      throw new DataFileError(
        path,
        records[0].info.lines,
        `expected a 'label' column in the header`,
      );
    }
    col = { id: 0, label: at("label"), speaker: at("speaker"), session: at("session") };
    start = 1;
  }
  const rows = new Map<string, _CsvRow>();
  const lines = new Map<string, number>();
  for (let r = start; r < records.length; r++) {
    const { record, info } = records[r];
    if (record.length < 2) {
      throw new DataFileError(
        path,
        info.lines,
        `expected id,label[,speaker][,session], found ${record.length} value(s)`,
      );
    }
    if (record.length > width) {
      throw new DataFileError(
        path,
        info.lines,
        `expected at most ${width} values (${columns}), found ${record.length}`,
      );
    }
    const id = record[col.id];
    if (id === "") throw new DataFileError(path, info.lines, "expected an id, found an empty cell");
    const first = lines.get(id);
    if (first !== undefined) {
      throw new DataFileError(
        path,
        info.lines,
        `duplicate id '${id}', first seen on line ${first}`,
      );
    }
    const cell = (
      k: number,
    ) => (k >= 0 && k < record.length && record[k] !== "" ? record[k] : null);
    rows.set(id, {
      label: record[col.label] || "(empty)",
      speaker: cell(col.speaker),
      session: cell(col.session),
    });
    lines.set(id, info.lines);
  }
  if (rows.size === 0) throw new DataFileError(path, null, "expected label rows, found none");
  return { rows, lines };
}

function _msg(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
