/**
 * A decimal number parser that reads ASCII bytes in place, so that the feature readers never
 * build a string per value. It gives exactly `Number.parseFloat`'s result: the common case
 * (at most 15 significant digits and a decimal exponent within ±22, which covers openSMILE's
 * `%e` output) is one exact multiplication or division (Clinger's fast path, correctly
 * rounded); everything else falls back to the built-in parser.
 * @module
 */

const POW10 = new Float64Array(23);
for (let i = 0, p = 1; i < 23; i++, p *= 10) POW10[i] = p;

const LATIN1 = new TextDecoder("latin1");
const NUMBER_SYNTAX = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const NONFINITE_SYNTAX = /^[+-]?(?:nan|inf|infinity|1\.#inf|1\.#ind|1\.#qnan)$/i;

/**
 * Parses the decimal number in `buf[start, end)`: optional sign, digits with an optional
 * point, optional exponent (`4.358974e-01`, `-3`, `1E+00`, `.5`). Surrounding spaces and tabs
 * are allowed.
 *
 * @example
 * ```ts
 * import { parseFloatBytes } from "./float_bytes.ts";
 * const bytes = new TextEncoder().encode("x,-1.25e+01,y");
 * if (parseFloatBytes(bytes, 2, 11) !== -12.5) throw new Error("wrong value");
 * ```
 * @param buf bytes holding the number
 * @param start index of its first byte
 * @param end index one past its last byte
 * @returns the value; `NaN` when the bytes are not a number (see {@linkcode isNonFiniteToken}
 *   to tell the text `nan` or `inf` from other garbage); `NaN` or `±Infinity` for `nan`/`inf`
 */
export function parseFloatBytes(buf: Uint8Array, start: number, end: number): number {
  return _scanNumber(buf, start, end, -1) === end ? _SCRATCH[0] : _slowParse(buf, start, end);
}

/** Where {@linkcode _scanNumber} leaves its value. */
export const _SCRATCH = new Float64Array(1);

/**
 * The fast path on its own, for the row parsers: reads a number starting at `start` and stops
 * at `delim` or `end`.
 * @returns the index of the delimiter (or `end`) that closes the number, with the value in
 *   `_SCRATCH[0]`; `-1` when the fast path cannot decide (the caller then finds the field's end
 *   and calls {@linkcode parseFloatBytes})
 */
export function _scanNumber(buf: Uint8Array, start: number, end: number, delim: number): number {
  let p = start;
  let neg = false;
  const c = p < end ? buf[p] : 0;
  if (c === 45) {
    neg = true;
    p++;
  } else if (c === 43) {
    p++;
  }
  let mantissa = 0;
  let digits = 0;
  let exp10 = 0;
  let sawDigit = false;
  while (p < end) {
    const d = buf[p] - 48;
    if (d < 0 || d > 9) break;
    sawDigit = true;
    if (mantissa !== 0 || d !== 0) {
      mantissa = mantissa * 10 + d;
      digits++;
    }
    p++;
  }
  if (p < end && buf[p] === 46) {
    p++;
    while (p < end) {
      const d = buf[p] - 48;
      if (d < 0 || d > 9) break;
      sawDigit = true;
      if (mantissa !== 0 || d !== 0) {
        mantissa = mantissa * 10 + d;
        digits++;
      }
      exp10--;
      p++;
    }
  }
  if (!sawDigit) return -1;
  if (p < end && (buf[p] | 32) === 101) {
    p++;
    let eneg = false;
    if (p < end && (buf[p] === 45 || buf[p] === 43)) {
      eneg = buf[p] === 45;
      p++;
    }
    let e = 0;
    let sawExp = false;
    while (p < end) {
      const d = buf[p] - 48;
      if (d < 0 || d > 9) break;
      sawExp = true;
      if (e < 100000) e = e * 10 + d;
      p++;
    }
    if (!sawExp) return -1;
    exp10 += eneg ? -e : e;
  }
  if ((p !== end && buf[p] !== delim) || digits > 15 || exp10 > 22 || exp10 < -22) return -1;
  const v = exp10 === 0 ? mantissa : exp10 > 0 ? mantissa * POW10[exp10] : mantissa / POW10[-exp10];
  _SCRATCH[0] = neg ? -v : v;
  return p;
}

function _slowParse(buf: Uint8Array, start: number, end: number): number {
  const text = LATIN1.decode(buf.subarray(start, end)).trim();
  if (NUMBER_SYNTAX.test(text)) return Number(text);
  if (NONFINITE_SYNTAX.test(text)) {
    const t = text.toLowerCase();
    if (t.includes("inf") && !t.includes("ind")) return t.startsWith("-") ? -Infinity : Infinity;
  }
  return NaN;
}

/**
 * Tells whether `buf[start, end)` spells a non-finite value as C's `printf` writes it
 * (`nan`, `-nan`, `inf`, `-inf`, `infinity`, or MSVC's `1.#INF`), ignoring case and spaces.
 * @param buf bytes holding the token
 * @param start index of its first byte
 * @param end index one past its last byte
 * @returns `true` for a NaN or infinity token
 */
export function isNonFiniteToken(buf: Uint8Array, start: number, end: number): boolean {
  return NONFINITE_SYNTAX.test(LATIN1.decode(buf.subarray(start, end)).trim());
}
