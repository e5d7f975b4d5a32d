/**
 * Streaming reader for openSMILE's ARFF output (the stock emobase2010 sink): `@relation`, a
 * string `name` attribute first, numeric features, a trailing `class` attribute, `@data`, then
 * one comma-separated row per instance with values printed as `%e`. Plain or gzip.
 * @module
 */

import { _openByteSource } from "./_byte_source.ts";
import { _scanLines } from "./_line_scanner.ts";
import {
  type _Layout,
  _ROLE_CLASS,
  _ROLE_FEATURE,
  _ROLE_ID,
  _splitCells,
  _TableBuilder,
} from "./_table_builder.ts";
import { DataFileError } from "./errors.ts";
import type { FeatureTable } from "./types.ts";

/** Progress of a streaming read. */
export interface ReadProgress {
  /** Bytes of the file consumed so far (compressed bytes for gzip). */
  readonly bytesRead: number;
  /** Size of the file in bytes. */
  readonly fileBytes: number;
  /** Data rows parsed so far. */
  readonly rows: number;
}

/** Options shared by the streaming readers. */
export interface ReadOptions {
  /** Called after every chunk (about 1 MB) with the progress so far. */
  readonly onProgress?: (progress: ReadProgress) => void;
}

const UTF8 = new TextDecoder();
const NUMERIC_TYPES = new Set(["numeric", "real", "integer"]);

/**
 * Reads an openSMILE ARFF file (plain or gzip) into one row-major `Float32Array`, streaming:
 * the text is never held in memory, only about 1 MB of it at a time.
 *
 * Layout rules: the first attribute must be of type `string` (the instance name, `name` in
 * openSMILE's output); a last attribute called `class` (any type) is kept in `classValues`,
 * not in the features; every other attribute must be numeric; no name may be declared twice.
 * Blank lines and `%` comments are skipped anywhere.
 *
 * @example
 * ```ts
 * import { readArff } from "./arff_reader.ts";
 * const table = await readArff("tests/fixtures/opensmile/emobase2010.arff");
 * if (table.cols !== 1582 || table.rows !== 6) throw new Error("unexpected shape");
 * ```
 * @param path the file to read (`.arff` or `.arff.gz`; gzip is recognised by content)
 * @param options progress callback
 * @returns the table; `data` is owned by the caller
 * @throws {DataFileError} naming file and line for any malformed header or row, an attribute
 *   declared twice (naming both lines), a missing `@data`, no data rows, a NaN or infinite
 *   value, or a duplicate id
 */
export async function readArff(path: string, options: ReadOptions = {}): Promise<FeatureTable> {
  const source = await _openByteSource(path);
  try {
    const state = new _ArffState(path, source.sizeHint);
    const lines = await _scanLines(
      source,
      (buf, start, end, lineNo) => state.line(buf, start, end, lineNo),
      options.onProgress &&
        (() =>
          options.onProgress!({
            bytesRead: source.fileBytesRead,
            fileBytes: source.fileBytes,
            rows: state.rows,
          })),
    );
    return state.finish(lines);
  } finally {
    source.close();
  }
}

class _ArffState {
  readonly #file: string;
  readonly #sizeHint: number;
  #relation: string | null = null;
  readonly #attributes: { name: string; type: string; line: number }[] = [];
  #dataLine = 0;
  #builder: _TableBuilder | null = null;
  #featureNames: string[] = [];
  #featureLines: number[] = [];
  #hasClass = false;

  constructor(file: string, sizeHint: number) {
    this.#file = file;
    this.#sizeHint = sizeHint;
  }

  get rows(): number {
    return this.#builder?.rows ?? 0;
  }

  line(buf: Uint8Array, start: number, end: number, lineNo: number): void {
    let p = start;
    while (p < end && (buf[p] === 32 || buf[p] === 9)) p++;
    if (p === end || buf[p] === 37) return; // blank or % comment
    if (this.#builder !== null) {
      if (buf[p] === 123) {
        throw new DataFileError(this.#file, lineNo, "sparse ARFF rows ({...}) are not supported");
      }
      this.#builder.addRow(buf, p, end, lineNo);
      return;
    }
    this.#header(UTF8.decode(buf.subarray(p, end)).trim(), lineNo);
  }

  #header(text: string, lineNo: number): void {
    const keyword = text.split(/\s/, 1)[0].toLowerCase();
    if (keyword === "@relation") {
      this.#relation = _unquote(text.slice(9).trim());
    } else if (keyword === "@attribute") {
      const rest = text.slice(10).trim();
      const match = /^(?:'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)"|(\S+))\s+(.+)$/.exec(rest);
      if (match === null) {
        throw new DataFileError(
          this.#file,
          lineNo,
          `expected '@attribute <name> <type>', found '${text}'`,
        );
      }
      const name = (match[1] ?? match[2] ?? match[3]).replace(/\\(.)/g, "$1");
      this.#attributes.push({ name, type: match[4].trim(), line: lineNo });
    } else if (keyword === "@data") {
      this.#startData(lineNo);
    } else {
      throw new DataFileError(
        this.#file,
        lineNo,
        `expected @relation, @attribute or @data in the ARFF header, found '${_clip(text)}'`,
      );
    }
  }

  #startData(lineNo: number): void {
    const attrs = this.#attributes;
    if (attrs.length < 2) {
      throw new DataFileError(
        this.#file,
        lineNo,
        `expected a string name attribute and at least one numeric feature before @data, found ${attrs.length} attribute(s)`,
      );
    }
    if (attrs[0].type.toLowerCase() !== "string") {
      throw new DataFileError(
        this.#file,
        attrs[0].line,
        `expected the first attribute to be the string instance name, found '${
          attrs[0].name
        }' of type ${attrs[0].type}`,
      );
    }
    const declared = new Map<string, number>();
    for (const a of attrs) {
      const first = declared.get(a.name);
      if (first !== undefined) {
        throw new DataFileError(
          this.#file,
          a.line,
          `expected distinct attribute names, found '${a.name}' again (first declared on line ${first})`,
        );
      }
      declared.set(a.name, a.line);
    }
    const roles = new Uint8Array(attrs.length);
    roles[0] = _ROLE_ID;
    const last = attrs.length - 1;
    this.#hasClass = last > 1 && attrs[last].name.toLowerCase() === "class";
    for (let j = 1; j < attrs.length; j++) {
      const a = attrs[j];
      if (j === last && this.#hasClass) {
        roles[j] = _ROLE_CLASS;
        continue;
      }
      if (!NUMERIC_TYPES.has(a.type.toLowerCase())) {
        throw new DataFileError(
          this.#file,
          a.line,
          `expected a numeric attribute, found '${a.name}' of type ${a.type}`,
        );
      }
      roles[j] = _ROLE_FEATURE;
      this.#featureNames.push(a.name);
      this.#featureLines.push(a.line);
    }
    const layout: _Layout = {
      roles,
      columnNames: attrs.map((a) => a.name),
      featureNames: this.#featureNames,
      delimiter: 44,
    };
    this.#dataLine = lineNo;
    this.#builder = new _TableBuilder(this.#file, layout, this.#sizeHint);
  }

  finish(lines: number): FeatureTable {
    if (lines === 0) {
      throw new DataFileError(this.#file, 1, "expected an ARFF header, found an empty file");
    }
    if (this.#builder === null) {
      throw new DataFileError(this.#file, lines, "expected @data before the end of the file");
    }
    const built = this.#builder.finish();
    if (built.rows === 0) {
      throw new DataFileError(
        this.#file,
        this.#dataLine,
        "expected data rows after @data, found none",
      );
    }
    return {
      source: this.#file,
      relation: this.#relation,
      data: built.data,
      rows: built.rows,
      cols: this.#featureNames.length,
      ids: built.ids,
      featureNames: this.#featureNames,
      classValues: this.#hasClass ? built.classValues : null,
      featureLines: this.#featureLines,
    };
  }
}

function _unquote(text: string): string {
  const cells = _splitCells(text, "\u0000");
  return cells[0];
}

function _clip(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
