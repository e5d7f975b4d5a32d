/**
 * Streaming reader for openSMILE's CSV sink: `;`-delimited, a header line of column names
 * (`name;frameTime;<features>`), the instance name single-quoted (`'s01_p50_s160'`), no class
 * column. Plain or gzip.
 * @module
 */

import { _openByteSource } from "./_byte_source.ts";
import { _scanLines } from "./_line_scanner.ts";
import {
  type _Layout,
  _ROLE_CLASS,
  _ROLE_FEATURE,
  _ROLE_ID,
  _ROLE_SKIP,
  _splitCells,
  _TableBuilder,
} from "./_table_builder.ts";
import type { ReadOptions } from "./arff_reader.ts";
import { DataFileError } from "./errors.ts";
import type { FeatureTable } from "./types.ts";

/** Options of {@linkcode readOpenSmileCsv}. */
export interface CsvReadOptions extends ReadOptions {
  /** Field delimiter; openSMILE's default is `;`. */
  readonly delimiter?: string;
}

/** Columns that openSMILE's CSV sink writes besides the features; they are read and skipped. */
const SKIPPED_COLUMNS = new Set(["frametime", "frameindex"]);
const UTF8 = new TextDecoder();

/**
 * Reads an openSMILE CSV file (plain or gzip) into one row-major `Float32Array`, streaming.
 *
 * Layout rules: the first header cell must be `name` (the instance name); `frameTime` and
 * `frameIndex` columns are skipped; a last column called `class` is kept in `classValues`;
 * every other column is a feature. Blank lines are skipped.
 *
 * @example
 * ```ts
 * import { readOpenSmileCsv } from "./csv_reader.ts";
 * const table = await readOpenSmileCsv("tests/fixtures/opensmile/emobase2010.csv");
 * if (table.ids[0] !== "s01_p50_s160") throw new Error("quotes not removed");
 * ```
 * @param path the file to read (`.csv` or `.csv.gz`; gzip is recognised by content)
 * @param options delimiter and progress callback
 * @returns the table; `data` is owned by the caller
 * @throws {DataFileError} naming file and line for a header without `name` or with a column
 *   name twice, a malformed row, a NaN or infinite value, a duplicate id, or no data rows
 */
export async function readOpenSmileCsv(
  path: string,
  options: CsvReadOptions = {},
): Promise<FeatureTable> {
  const delimiter = options.delimiter ?? ";";
  if (delimiter.length !== 1 || delimiter.charCodeAt(0) > 127) {
    throw new TypeError(`CSV delimiter must be one ASCII character, found '${delimiter}'`);
  }
  const source = await _openByteSource(path);
  try {
    let builder: _TableBuilder | null = null;
    let featureNames: string[] = [];
    let hasClass = false;
    let headerLine = 0;
    const onLine = (buf: Uint8Array, start: number, end: number, lineNo: number) => {
      let p = start;
      while (p < end && (buf[p] === 32 || buf[p] === 9)) p++;
      if (p === end) return;
      if (builder !== null) {
        builder.addRow(buf, p, end, lineNo);
        return;
      }
      headerLine = lineNo;
      const names = _splitCells(UTF8.decode(buf.subarray(p, end)), delimiter);
      if (names[0] !== "name") {
        throw new DataFileError(
          path,
          lineNo,
          `expected the CSV header to start with 'name', found '${names[0].slice(0, 40)}'`,
        );
      }
      const column = new Map<string, number>();
      names.forEach((name, j) => {
        const first = column.get(name);
        if (first !== undefined) {
          throw new DataFileError(
            path,
            lineNo,
            `expected distinct column names, found '${name}' as columns ${first + 1} and ${j + 1}`,
          );
        }
        column.set(name, j);
      });
      const roles = new Uint8Array(names.length);
      roles[0] = _ROLE_ID;
      hasClass = names.length > 2 && names[names.length - 1].toLowerCase() === "class";
      featureNames = [];
      for (let j = 1; j < names.length; j++) {
        if (SKIPPED_COLUMNS.has(names[j].toLowerCase())) roles[j] = _ROLE_SKIP;
        else if (hasClass && j === names.length - 1) roles[j] = _ROLE_CLASS;
        else {
          roles[j] = _ROLE_FEATURE;
          featureNames.push(names[j]);
        }
      }
      if (featureNames.length === 0) {
        throw new DataFileError(path, lineNo, "expected feature columns after 'name', found none");
      }
      const layout: _Layout = {
        roles,
        columnNames: names,
        featureNames,
        delimiter: delimiter.charCodeAt(0),
      };
      builder = new _TableBuilder(path, layout, source.sizeHint);
    };
    const lines = await _scanLines(
      source,
      onLine,
      options.onProgress &&
        ((): void =>
          options.onProgress!({
            bytesRead: source.fileBytesRead,
            fileBytes: source.fileBytes,
            rows: (builder as _TableBuilder | null)?.rows ?? 0,
          })),
    );
    const b = builder as _TableBuilder | null;
    if (b === null) {
      throw new DataFileError(path, Math.max(1, lines), "expected a CSV header line, found none");
    }
    const built = b.finish();
    if (built.rows === 0) {
      throw new DataFileError(path, headerLine, "expected data rows after the header, found none");
    }
    return {
      source: path,
      relation: null,
      data: built.data,
      rows: built.rows,
      cols: featureNames.length,
      ids: built.ids,
      featureNames,
      classValues: hasClass ? built.classValues : null,
      featureLines: featureNames.map(() => headerLine),
    };
  } finally {
    source.close();
  }
}
