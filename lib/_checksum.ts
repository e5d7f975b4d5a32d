/**
 * A fast, non-cryptographic checksum of bytes for cache entries: it detects a corrupted or
 * partly overwritten file, not a deliberate forgery. Bottom layer (imports only its private
 * wasm emitter), so the feature cache, the results cache, the synthetic-corpus cache and the
 * checkpoints can share it.
 *
 * Algorithm (fixed, so stored values stay valid): the bytes are read as little-endian 32-bit
 * words on four interleaved lanes (word `i` goes to lane `i mod 4`), each lane mixed with the
 * MurmurHash3 x86_32 block step; leftover words go to lane 0, leftover bytes (fewer than 4) to
 * lane 1 as one zero-padded word; the byte length is mixed in and the lanes are chained through
 * MurmurHash3's finaliser into 64 bits, printed as 16 hexadecimal digits. Every step is a
 * bijection of the lane state, so changing any one word always changes the result; other
 * changes go unseen with a probability of at most about 2^-32 (changes confined to one lane).
 *
 * Two implementations give the identical value: a hand-assembled WebAssembly module that runs
 * the four lanes as one 128-bit SIMD vector (about 5 GB/s on the project's VM, including the
 * copy of each 64 KiB piece into its memory), used for pieces of at least
 * {@linkcode SIMD_MIN_BYTES} whenever the runtime compiles it, and plain JavaScript (about
 * 2.5 GB/s), used otherwise and on request.
 * @module
 */

import {
  BLOCK,
  BR,
  BR_IF,
  END,
  func,
  GET,
  I32,
  I32_ADD,
  I32_CONST,
  I32_GE_U,
  I32X4_ADD,
  I32X4_MUL,
  I32X4_SHL,
  I32X4_SHR_U,
  I32X4_SPLAT,
  LOOP,
  moduleBytes,
  SET,
  sleb,
  TEE,
  V128,
  V128_LOAD,
  V128_OR,
  V128_STORE,
  V128_XOR,
  VOID,
} from "./_wasm_emit.ts";

/** Whole 16-byte blocks of at least this many bytes in one piece go to the SIMD module. */
export const SIMD_MIN_BYTES = 1024;

/** Options of {@linkcode Checksum}. */
export interface ChecksumOptions {
  /**
   * Use the WebAssembly SIMD module where the runtime compiles it (default `true`); `false`
   * forces the JavaScript path (same value, slower), for tests and comparisons.
   */
  readonly simd?: boolean;
}

const C1 = 0xcc9e2d51;
const C2 = 0x1b873593;
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * An incremental {@linkcode checksum}: feeding the bytes in any number of pieces gives the same
 * value as one call on all of them, so a file can be hashed while it is read.
 *
 * @example
 * ```ts
 * import { Checksum, checksum } from "./_checksum.ts";
 * const bytes = new Uint8Array([1, 2, 3, 4, 5, 6, 7]);
 * const pieces = new Checksum().update(bytes.subarray(0, 3)).update(bytes.subarray(3)).digest();
 * if (pieces !== checksum(bytes)) throw new Error("pieces must not matter");
 * ```
 */
export class Checksum {
  readonly #simd: boolean;
  #a = 0x9747b28c | 0;
  #b = 0x2545f491 | 0;
  #c = 0x6b43a9b5 | 0;
  #d = 0x1e3779b9 | 0;
  #length = 0;
  /** Bytes of an unfinished 16-byte block (one word per lane). */
  readonly #pending = new Uint8Array(16);
  #pendingLength = 0;

  /**
   * A hasher with nothing added yet.
   * @param options `simd: false` forces the JavaScript path (the value is the same)
   */
  constructor(options: ChecksumOptions = {}) {
    this.#simd = options.simd ?? true;
  }

  /**
   * Adds bytes.
   * @param bytes the next bytes: any typed array or `DataView` (its own bytes only), or an
   *   `ArrayBuffer`
   * @returns this hasher
   * @throws {TypeError} when `bytes` is not binary data
   */
  update(bytes: ArrayBufferView | ArrayBuffer): this {
    let view = _bytes(bytes);
    this.#length += view.length;
    if (this.#pendingLength > 0) {
      const take = Math.min(16 - this.#pendingLength, view.length);
      this.#pending.set(view.subarray(0, take), this.#pendingLength);
      this.#pendingLength += take;
      view = view.subarray(take);
      if (this.#pendingLength < 16) return this;
      this.#blocks(this.#pending);
      this.#pendingLength = 0;
    }
    const whole = view.length & ~15;
    if (whole > 0) this.#blocks(view.subarray(0, whole));
    this.#pending.set(view.subarray(whole));
    this.#pendingLength = view.length - whole;
    return this;
  }

  /**
   * The checksum of everything added so far; the hasher can go on taking bytes.
   * @returns 16 lowercase hexadecimal digits
   */
  digest(): string {
    let a = this.#a;
    let b = this.#b;
    const tail = this.#pending.subarray(0, this.#pendingLength);
    const nWords = tail.length >>> 2;
    const words = _words(tail, nWords);
    for (let i = 0; i < nWords; i++) a = _step(a, words[i]);
    const rest = tail.length & 3;
    if (rest > 0) {
      let w = 0;
      for (let j = rest - 1; j >= 0; j--) w = (w << 8) | tail[(nWords << 2) + j];
      b = _step(b, w);
    }
    // Chained finalisers: each lane reaches both output words through bijections. The length
    // is mixed in modulo 2^32 (lengths up to 4 GB are told apart exactly).
    const x = _fmix(a ^ this.#length);
    const y = _fmix(b ^ x);
    const z = _fmix(this.#c ^ y);
    const u = _fmix(this.#d ^ z);
    return _hex(z) + _hex(u);
  }

  /** Mixes in whole 16-byte blocks (`bytes.length` is a multiple of 16). */
  #blocks(bytes: Uint8Array): void {
    const simd = this.#simd && bytes.length >= SIMD_MIN_BYTES ? _simdModule() : null;
    if (simd) {
      const state = simd.state;
      state[0] = this.#a;
      state[1] = this.#b;
      state[2] = this.#c;
      state[3] = this.#d;
      for (let from = 0; from < bytes.length; from += SIMD_PIECE_BYTES) {
        const piece = bytes.subarray(from, from + SIMD_PIECE_BYTES);
        simd.scratch.set(piece);
        simd.blocks(0, piece.length, SIMD_PIECE_BYTES);
      }
      this.#a = state[0];
      this.#b = state[1];
      this.#c = state[2];
      this.#d = state[3];
      return;
    }
    const words = _words(bytes, bytes.length >>> 2);
    let a = this.#a;
    let b = this.#b;
    let c = this.#c;
    let d = this.#d;
    let k = 0;
    for (let i = 0; i < words.length; i += 4) {
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
    this.#a = a;
    this.#b = b;
    this.#c = c;
    this.#d = d;
  }
}

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
  return new Checksum().update(bytes).digest();
}

/**
 * Whether this runtime runs the SIMD module (WebAssembly with 128-bit SIMD); when it does not,
 * every checksum takes the JavaScript path, with the same values.
 * @returns `true` when pieces of at least {@linkcode SIMD_MIN_BYTES} are hashed with SIMD
 */
export function checksumSimdAvailable(): boolean {
  return _simdModule() !== null;
}

/** Bytes copied into the module's memory and hashed per call. */
const SIMD_PIECE_BYTES = 64 * 1024;

interface _SimdModule {
  /** `blocks(from, end, state)`: mixes the 16-byte blocks at byte offsets `[from, end)`. */
  readonly blocks: (from: number, end: number, state: number) => void;
  /** The first {@linkcode SIMD_PIECE_BYTES} bytes of the memory. */
  readonly scratch: Uint8Array;
  /** The four lanes, right after the scratch bytes. */
  readonly state: Int32Array;
}

let _simd: _SimdModule | null | undefined;

function _simdModule(): _SimdModule | null {
  if (_simd !== undefined) return _simd;
  try {
    const pages = SIMD_PIECE_BYTES / 65536 + 1;
    const memory = new WebAssembly.Memory({ initial: pages, maximum: pages });
    const bytes = moduleBytes(pages, [{
      name: "blocks",
      params: [I32, I32, I32],
      body: _simdBlocks(),
    }]);
    const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes as BufferSource), {
      env: { memory },
    });
    _simd = {
      blocks: instance.exports.blocks as _SimdModule["blocks"],
      scratch: new Uint8Array(memory.buffer, 0, SIMD_PIECE_BYTES),
      state: new Int32Array(memory.buffer, SIMD_PIECE_BYTES, 4),
    };
  } catch {
    _simd = null; // no WebAssembly or no SIMD: the JavaScript path
  }
  return _simd;
}

/**
 * The body of `blocks(from, end, state)`: the four lanes as one i32x4 vector `h`, loaded from
 * and stored back to byte offset `state`; per 16-byte block `k`, exactly the JavaScript steps
 * `k = rotl(k·C1, 15)·C2; h = rotl(h ^ k, 13)·5 + 0xe6546b64` on each lane.
 */
// deno-fmt-ignore
function _simdBlocks(): number[] {
  // Params 0 from, 1 end, 2 state (i32). Locals 3 h, 4 k, 5 C1, 6 C2, 7 five, 8 add (v128).
  const mem = [0x04, 0x00]; // memarg: alignment hint 2^4, offset 0
  const splat = (value: number, local: number) => [I32_CONST, ...sleb(value), ...I32X4_SPLAT, SET, local];
  const rotl = (local: number, r: number) => [
    TEE, local, I32_CONST, r, ...I32X4_SHL, GET, local, I32_CONST, 32 - r, ...I32X4_SHR_U, ...V128_OR,
  ];
  const code = [
    ...splat(C1, 5), ...splat(C2, 6), ...splat(5, 7), ...splat(0xe6546b64, 8),
    GET, 2, ...V128_LOAD, ...mem, SET, 3,
    BLOCK, VOID, LOOP, VOID, GET, 0, GET, 1, I32_GE_U, BR_IF, 1,
    GET, 0, ...V128_LOAD, ...mem, GET, 5, ...I32X4_MUL, ...rotl(4, 15), GET, 6, ...I32X4_MUL,
    GET, 3, ...V128_XOR, ...rotl(3, 13), GET, 7, ...I32X4_MUL, GET, 8, ...I32X4_ADD, SET, 3,
    GET, 0, I32_CONST, 16, I32_ADD, SET, 0, BR, 0, END, END,
    GET, 2, GET, 3, ...V128_STORE, ...mem,
  ];
  return func([[6, V128]], code);
}

function _bytes(bytes: ArrayBufferView | ArrayBuffer): Uint8Array {
  if (bytes instanceof ArrayBuffer) return new Uint8Array(bytes);
  if (ArrayBuffer.isView(bytes)) {
    return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
  throw new TypeError(`Checksum expects binary data, found ${_kind(bytes)}`);
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
