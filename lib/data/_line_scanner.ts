/**
 * Splits a byte source into lines without decoding it: each complete line is handed to a
 * callback as a `[start, end)` range of a reusable buffer (the `\n` and any `\r` excluded).
 * A partial line at the end of a chunk moves to the front of the buffer; the buffer grows only
 * when one line is longer than it.
 * @module
 */

import type { _ByteSource } from "./_byte_source.ts";

/** Called once per line; `lineNo` is 1-based. The buffer is only valid during the call. */
export type _LineHandler = (buf: Uint8Array, start: number, end: number, lineNo: number) => void;

/**
 * Feeds every line of `source` to `onLine`.
 * @param source bytes to split
 * @param onLine the per-line callback
 * @param onChunk called after each chunk with the number of lines seen so far
 * @param chunkBytes initial buffer size
 * @returns the number of lines
 */
export async function _scanLines(
  source: _ByteSource,
  onLine: _LineHandler,
  onChunk?: (lines: number) => void,
  chunkBytes = 1 << 20,
): Promise<number> {
  let buf = new Uint8Array(chunkBytes);
  let filled = 0;
  let lineNo = 0;
  for (;;) {
    if (filled === buf.length) {
      const bigger = new Uint8Array(buf.length * 2);
      bigger.set(buf);
      buf = bigger;
    }
    const n = await source.read(buf.subarray(filled));
    if (n === null) break;
    const scanFrom = filled;
    filled += n;
    const view = buf.subarray(0, filled);
    let start = 0;
    let nl = view.indexOf(10, scanFrom);
    while (nl !== -1) {
      const end = nl > start && buf[nl - 1] === 13 ? nl - 1 : nl;
      onLine(buf, start, end, ++lineNo);
      start = nl + 1;
      nl = view.indexOf(10, start);
    }
    if (start > 0) {
      buf.copyWithin(0, start, filled);
      filled -= start;
    }
    onChunk?.(lineNo);
  }
  if (filled > 0) {
    const end = buf[filled - 1] === 13 ? filled - 1 : filled;
    onLine(buf, 0, end, ++lineNo);
  }
  return lineNo;
}
