/**
 * A fast, non-cryptographic checksum of bytes for cache entries: it detects a corrupted or
 * partly overwritten file, not a deliberate forgery. Bottom layer (imports nothing), so the
 * feature cache, the results cache, the synthetic-corpus cache and the checkpoints can share it.
 *
 * Algorithm (fixed, so stored values stay valid): the bytes are read as little-endian 32-bit
 * words on four interleaved lanes (word `i` goes to lane `i mod 4`), each lane mixed with the
 * MurmurHash3 x86_32 block step; leftover words go to lane 0, leftover bytes (fewer than 4) to
 * lane 1 as one zero-padded word; the byte length is mixed in and the lanes are chained through
 * MurmurHash3's finaliser into 64 bits, printed as 16 hexadecimal digits. Every step is a
 * bijection of the lane state, so changing any one word always changes the result; other
 * changes go unseen with a probability of at most about 2^-32 (changes confined to one lane).
 * About 2.5 GB/s on one core (60 MB in 22 ms on the project's VM).
 * @module
 */

const C1 = 0xcc9e2d51;
const C2 = 0x1b873593;
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * The checksum of some bytes (see the module documentation for the algorithm).
 *
 * @example
 * ```ts
 * import { checksum } from "./_checksum.ts";
 * const a = checksum(new Float32Array([1, 2, 3]));
 * if (a !== checksum(new Float32Array([1, 2, 3])) || a === checksum(new Float32Array([1, 2, 4]))) {
 *   throw new Error("checksum must follow the bytes");
 * }
 * ```
 * @param bytes the bytes: any typed array or `DataView` (its own bytes only), or an
 *   `ArrayBuffer`
 * @returns 16 lowercase hexadecimal digits
 * @throws {TypeError} when `bytes` is not binary data
 */
export function checksum(bytes: ArrayBufferView | ArrayBuffer): string {
  let view: Uint8Array;
  if (bytes instanceof ArrayBuffer) view = new Uint8Array(bytes);
  else if (ArrayBuffer.isView(bytes)) {
    view = new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  } else {
    throw new TypeError(`Checksum expects binary data, found ${_kind(bytes)}`);
  }
  const nWords = view.length >>> 2;
  const words = _words(view, nWords);
  let a = 0x9747b28c | 0;
  let b = 0x2545f491 | 0;
  let c = 0x6b43a9b5 | 0;
  let d = 0x1e3779b9 | 0;
  const n4 = nWords & ~3;
  let k = 0;
  for (let i = 0; i < n4; i += 4) {
    k = Math.imul(words[i], C1);
    k = (k << 15) | (k >>> 17);
    a ^= Math.imul(k, C2);
    a = (a << 13) | (a >>> 19);
    a = (Math.imul(a, 5) + 0xe6546b64) | 0;
    k = Math.imul(words[i + 1], C1);
    k = (k << 15) | (k >>> 17);
    b ^= Math.imul(k, C2);
    b = (b << 13) | (b >>> 19);
    b = (Math.imul(b, 5) + 0xe6546b64) | 0;
    k = Math.imul(words[i + 2], C1);
    k = (k << 15) | (k >>> 17);
    c ^= Math.imul(k, C2);
    c = (c << 13) | (c >>> 19);
    c = (Math.imul(c, 5) + 0xe6546b64) | 0;
    k = Math.imul(words[i + 3], C1);
    k = (k << 15) | (k >>> 17);
    d ^= Math.imul(k, C2);
    d = (d << 13) | (d >>> 19);
    d = (Math.imul(d, 5) + 0xe6546b64) | 0;
  }
  for (let i = n4; i < nWords; i++) a = _step(a, words[i]);
  const rest = view.length & 3;
  if (rest > 0) {
    let w = 0;
    for (let j = rest - 1; j >= 0; j--) w = (w << 8) | view[(nWords << 2) + j];
    b = _step(b, w);
  }
  // Chained finalisers: each lane reaches both output words through bijections.
  const x = _fmix(a ^ view.length);
  const y = _fmix(b ^ x);
  const z = _fmix(c ^ y);
  const u = _fmix(d ^ z);
  return _hex(z) + _hex(u);
}

function _words(view: Uint8Array, nWords: number): Uint32Array {
  if (LITTLE_ENDIAN && (view.byteOffset & 3) === 0) {
    return new Uint32Array(view.buffer, view.byteOffset, nWords);
  }
  if (LITTLE_ENDIAN) return new Uint32Array(view.slice(0, nWords << 2).buffer);
  const dv = new DataView(view.buffer, view.byteOffset, nWords << 2);
  const words = new Uint32Array(nWords);
  for (let i = 0; i < nWords; i++) words[i] = dv.getUint32(i << 2, true);
  return words;
}

function _step(h: number, word: number): number {
  let k = Math.imul(word, C1);
  k = (k << 15) | (k >>> 17);
  h ^= Math.imul(k, C2);
  h = (h << 13) | (h >>> 19);
  return (Math.imul(h, 5) + 0xe6546b64) | 0;
}

function _fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

function _hex(h: number): string {
  return (h >>> 0).toString(16).padStart(8, "0");
}

function _kind(x: unknown): string {
  if (x === null) return "null";
  if (typeof x === "object") return x.constructor?.name ?? "an object";
  return typeof x;
}
