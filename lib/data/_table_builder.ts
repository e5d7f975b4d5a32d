/**
 * Turns data lines (ARFF or CSV, already split) into one growing row-major `Float32Array`
 * plus ids and class values, validating every value on the way.
 * @module
 */

import { DataFileError } from "./errors.ts";
import { _scanNumber, _SCRATCH, isNonFiniteToken, parseFloatBytes } from "./float_bytes.ts";

/** What a column holds. */
export const _ROLE_FEATURE = 0;
/** The instance name (id) column. */
export const _ROLE_ID = 1;
/** The trailing `class` column: kept as text, not a feature. */
export const _ROLE_CLASS = 2;
/** A column that is read and ignored (CSV `frameTime`). */
export const _ROLE_SKIP = 3;

/** Columns of a data line, as the header declared them. */
export interface _Layout {
  /** One role per column, in file order. */
  readonly roles: Uint8Array;
  /** Column names in file order (for messages). */
  readonly columnNames: readonly string[];
  /** Names of the feature columns only. */
  readonly featureNames: readonly string[];
  /** Byte value of the delimiter (`,` or `;`). */
  readonly delimiter: number;
}

const FLOAT32_MAX = 3.4028234663852886e38;
const UTF8 = new TextDecoder();

/** Accumulates validated rows. */
export class _TableBuilder {
  readonly #file: string;
  readonly #layout: _Layout;
  readonly #cols: number;
  readonly #sizeHint: number;
  #data: Float32Array;
  #rows = 0;
  readonly #ids: string[] = [];
  readonly #classValues: string[] = [];
  readonly #seen = new Map<string, number>();

  /**
   * @param file the file name used in messages
   * @param layout the columns
   * @param sizeHint expected number of bytes of data lines, to size the buffer once
   */
  constructor(file: string, layout: _Layout, sizeHint: number) {
    this.#file = file;
    this.#layout = layout;
    this.#cols = layout.featureNames.length;
    this.#sizeHint = sizeHint;
    this.#data = new Float32Array(0);
  }

  /** Number of rows so far. */
  get rows(): number {
    return this.#rows;
  }

  #ensureRoom(lineBytes: number): void {
    const need = (this.#rows + 1) * this.#cols;
    if (need <= this.#data.length) return;
    let rowsCap = Math.ceil((this.#data.length / Math.max(1, this.#cols)) * 1.5) + 16;
    if (this.#rows === 0) {
      // First row: size from the file so that most files never reallocate.
      rowsCap = Math.max(16, Math.ceil((this.#sizeHint / (lineBytes + 1)) * 1.02) + 8);
    }
    const bigger = new Float32Array(rowsCap * this.#cols);
    bigger.set(this.#data.subarray(0, this.#rows * this.#cols));
    this.#data = bigger;
  }

  #fail(lineNo: number, detail: string): never {
    throw new DataFileError(this.#file, lineNo, detail);
  }

  #describeColumn(j: number): string {
    return `value ${j + 1} (${this.#layout.columnNames[j]})`;
  }

  /**
   * Parses one data line into the next row.
   * @throws {DataFileError} on a wrong number of values, a non-numeric, NaN or infinite value,
   *   or a duplicate id
   */
  addRow(buf: Uint8Array, start: number, end: number, lineNo: number): void {
    this.#ensureRoom(end - start);
    const roles = this.#layout.roles;
    const nCols = roles.length;
    const delim = this.#layout.delimiter;
    const data = this.#data;
    let out = this.#rows * this.#cols;
    let id = "";
    let classValue = "";
    let p = start;
    for (let j = 0; j < nCols; j++) {
      const role = roles[j];
      let q: number;
      if (role === _ROLE_FEATURE) {
        q = _scanNumber(buf, p, end, delim);
        if (q >= 0) {
          data[out++] = _SCRATCH[0];
        } else {
          q = _fieldEnd(buf, p, end, delim);
          const v = parseFloatBytes(buf, p, q);
          if (!Number.isFinite(v) || Math.abs(v) > FLOAT32_MAX) {
            this.#badValue(buf, p, q, j, lineNo);
          }
          data[out++] = v;
        }
      } else {
        const c = buf[p];
        let text: string;
        if (p < end && (c === 39 || c === 34)) {
          q = _quotedEnd(buf, p, end);
          if (q < 0) this.#fail(lineNo, `unterminated quote in ${this.#describeColumn(j)}`);
          text = _unescape(UTF8.decode(buf.subarray(p + 1, q - 1)));
          while (q < end && (buf[q] === 32 || buf[q] === 9)) q++;
          if (q < end && buf[q] !== delim) {
            this.#fail(
              lineNo,
              `expected '${String.fromCharCode(delim)}' after the quoted ${
                this.#describeColumn(j)
              }, found '${String.fromCharCode(buf[q])}'`,
            );
          }
        } else {
          q = _fieldEnd(buf, p, end, delim);
          text = role === _ROLE_SKIP ? "" : UTF8.decode(buf.subarray(p, q)).trim();
        }
        if (role === _ROLE_ID) id = text;
        else if (role === _ROLE_CLASS) classValue = text;
      }
      if (q >= end) {
        if (j < nCols - 1) {
          this.#fail(lineNo, `expected ${nCols} values, found ${j + 1}`);
        }
      } else if (j === nCols - 1) {
        let extra = 1;
        for (let k = q + 1; k < end; k++) if (buf[k] === delim) extra++;
        this.#fail(lineNo, `expected ${nCols} values, found ${nCols + extra}`);
      } else {
        p = q + 1;
      }
    }
    if (id === "") this.#fail(lineNo, "expected an instance name in the first value, found none");
    const first = this.#seen.get(id);
    if (first !== undefined) {
      this.#fail(lineNo, `duplicate id '${id}', first seen on line ${first}`);
    }
    this.#seen.set(id, lineNo);
    this.#ids.push(id);
    this.#classValues.push(classValue);
    this.#rows++;
  }

  #badValue(buf: Uint8Array, p: number, q: number, j: number, lineNo: number): never {
    const token = UTF8.decode(buf.subarray(p, q)).trim();
    const what = this.#describeColumn(j);
    if (isNonFiniteToken(buf, p, q)) {
      this.#fail(lineNo, `${what} is ${token}, expected a finite number`);
    }
    const v = parseFloatBytes(buf, p, q);
    if (!Number.isNaN(v)) {
      this.#fail(lineNo, `${what} is ${token}, outside the float32 range`);
    }
    this.#fail(lineNo, `expected a number for ${what}, found '${token}'`);
  }

  /**
   * @returns the rows read, with the data trimmed to `rows × cols` (a copy only when the buffer
   *   is more than 1/16 too big)
   */
  finish(): { data: Float32Array; rows: number; ids: string[]; classValues: string[] } {
    const used = this.#rows * this.#cols;
    let data = this.#data;
    if (data.length !== used) {
      data = data.length - used > used / 16 ? data.slice(0, used) : data.subarray(0, used);
    }
    return { data, rows: this.#rows, ids: this.#ids, classValues: this.#classValues };
  }
}

function _fieldEnd(buf: Uint8Array, p: number, end: number, delim: number): number {
  while (p < end && buf[p] !== delim) p++;
  return p;
}

/** @returns the index just past the closing quote, or -1 when the line ends first */
function _quotedEnd(buf: Uint8Array, p: number, end: number): number {
  const quote = buf[p];
  for (let k = p + 1; k < end; k++) {
    const c = buf[k];
    if (c === 92) k++;
    else if (c === quote) return k + 1;
  }
  return -1;
}

function _unescape(text: string): string {
  return text.includes("\\") ? text.replace(/\\(.)/g, "$1") : text;
}

/**
 * Splits a header line the way the data lines are split (quotes respected), for CSV headers.
 * @returns the unquoted, trimmed cells
 */
export function _splitCells(line: string, delimiter: string): string[] {
  const cells: string[] = [];
  let cur = "";
  let quote = "";
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quote !== "") {
      if (ch === "\\" && i + 1 < line.length) cur += line[++i];
      else if (ch === quote) quote = "";
      else cur += ch;
    } else if (ch === "'" || ch === '"') {
      quote = ch;
    } else if (ch === delimiter) {
      cells.push(cur.trim());
      cur = "";
    } else {
      cur += ch;
    }
  }
  cells.push(cur.trim());
  return cells;
}
