/**
 * A fast, non-cryptographic checksum of bytes for cache entries: it detects a corrupted or
 * partly overwritten file, not a deliberate forgery. Bottom layer (imports only its private
 * wasm emitter), so the feature cache, the results cache, the synthetic-corpus cache and the
 * checkpoints can share it.
 *
 * Algorithm (fixed, so stored values stay valid): the bytes are read as little-endian 32-bit
 * words on sixteen interleaved lanes (word `i` goes to lane `i mod 16`), each lane mixed with
 * the MurmurHash3 x86_32 block step; leftover bytes (fewer than 4) go, as one zero-padded word,
 * to the lane the next word would have gone to. The byte length is mixed in and the lanes are
 * chained through MurmurHash3's finaliser; the last two values (64 bits) are printed as 16
 * hexadecimal digits. Every step is a bijection of the lane state, so changing any one word
 * always changes the result, whatever the change (a sign flip, a 0xFF fill); other changes go
 * unseen with a probability of at most about 2^-32 (changes confined to one lane, which takes
 * every sixteenth word).
 *
 * Two implementations give the identical value: a hand-assembled WebAssembly module that runs
 * the sixteen lanes as four 128-bit SIMD vectors (about 5 GB/s on the project's VM, including
 * the copy of each 64 KiB piece into its memory; 12 GB/s on bytes already there), used for
 * runs of at least {@linkcode SIMD_MIN_BYTES} whenever the runtime compiles it, and plain
 * JavaScript, used otherwise and on request (`new Checksum({ simd: false })`).
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

/** Runs of whole 64-byte blocks of at least this many bytes go to the SIMD module. */
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
/** Lanes, and bytes per block (one word per lane). */
const LANES = 16;
const BLOCK_BYTES = 4 * LANES;
/** The lanes' starting values (MurmurHash3 seed words, fixed). */
const SEEDS: readonly number[] = Array.from(
  { length: LANES },
  (_, l) => _fmix((0x9747b28c + Math.imul(l, 0x9e3779b9)) | 0) | 0,
);
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
  readonly #lanes = Int32Array.from(SEEDS);
  #length = 0;
  /** Bytes of an unfinished block. */
  readonly #pending = new Uint8Array(BLOCK_BYTES);
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
      const take = Math.min(BLOCK_BYTES - this.#pendingLength, view.length);
      this.#pending.set(view.subarray(0, take), this.#pendingLength);
      this.#pendingLength += take;
      view = view.subarray(take);
      if (this.#pendingLength < BLOCK_BYTES) return this;
      this.#blocks(this.#pending);
      this.#pendingLength = 0;
    }
    const whole = view.length - view.length % BLOCK_BYTES;
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
    const lanes = this.#lanes.slice();
    const tail = this.#pending.subarray(0, this.#pendingLength);
    const nWords = tail.length >>> 2;
    const words = _words(tail, nWords);
    for (let l = 0; l < nWords; l++) lanes[l] = _step(lanes[l], words[l]);
    const rest = tail.length & 3;
    if (rest > 0) {
      let w = 0;
      for (let j = rest - 1; j >= 0; j--) w = (w << 8) | tail[(nWords << 2) + j];
      lanes[nWords] = _step(lanes[nWords], w);
    }
    // Chained finalisers: every lane reaches the last two values through bijections. The
    // length is mixed in modulo 2^32 (lengths up to 4 GB are told apart exactly).
    let x = this.#length % 0x100000000;
    let prev = 0;
    for (let l = 0; l < LANES; l++) {
      prev = x;
      x = _fmix(lanes[l] ^ x);
    }
    return _hex(prev) + _hex(x);
  }

  /** Mixes in whole blocks (`bytes.length` is a multiple of {@linkcode BLOCK_BYTES}). */
  #blocks(bytes: Uint8Array): void {
    const simd = this.#simd && bytes.length >= SIMD_MIN_BYTES ? _simdModule() : null;
    if (simd) {
      simd.state.set(this.#lanes);
      for (let from = 0; from < bytes.length; from += SIMD_PIECE_BYTES) {
        const piece = bytes.subarray(from, from + SIMD_PIECE_BYTES);
        simd.scratch.set(piece);
        simd.blocks(0, piece.length, SIMD_PIECE_BYTES);
      }
      this.#lanes.set(simd.state);
      return;
    }
    const words = _words(bytes, bytes.length >>> 2);
    for (let from = 0; from < words.length; from += JS_PIECE_WORDS) {
      this.#jsBlocks(words.subarray(from, from + JS_PIECE_WORDS));
    }
  }

  /** The JavaScript path: four lanes at a time in locals, one pass over `words` per group. */
  #jsBlocks(words: Uint32Array): void {
    const lanes = this.#lanes;
    for (let g = 0; g < LANES; g += 4) {
      let a = lanes[g];
      let b = lanes[g + 1];
      let c = lanes[g + 2];
      let d = lanes[g + 3];
      let k = 0;
      for (let i = g; i < words.length; i += LANES) {
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
      lanes[g] = a;
      lanes[g + 1] = b;
      lanes[g + 2] = c;
      lanes[g + 3] = d;
    }
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

/** Words per JavaScript piece (16 KiB: the four passes over it stay in the L1 cache). */
const JS_PIECE_WORDS = 4096;

/** Bytes copied into the module's memory and hashed per call. */
const SIMD_PIECE_BYTES = 64 * 1024;

interface _SimdModule {
  /** `blocks(from, end, state)`: mixes the 16-byte blocks at byte offsets `[from, end)`. */
  readonly blocks: (from: number, end: number, state: number) => void;
  /** The first {@linkcode SIMD_PIECE_BYTES} bytes of the memory. */
  readonly scratch: Uint8Array;
  /** The sixteen lanes, right after the scratch bytes. */
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
      state: new Int32Array(memory.buffer, SIMD_PIECE_BYTES, LANES),
    };
  } catch {
    _simd = null; // no WebAssembly or no SIMD: the JavaScript path
  }
  return _simd;
}

/**
 * The body of `blocks(from, end, state)`: the sixteen lanes as four i32x4 vectors `h0..h3`,
 * loaded from and stored back to byte offset `state`; per 64-byte block, vector `j` takes the
 * words at bytes `16j..16j+15` and applies exactly the JavaScript steps on each lane:
 * `k = rotl(w·C1, 15)·C2; h = rotl(h ^ k, 13)·5 + 0xe6546b64`. The four chains are independent,
 * so the multiplications of one overlap with those of the others.
 */
// deno-fmt-ignore
function _simdBlocks(): number[] {
  // Params 0 from, 1 end, 2 state (i32). Locals 3..6 h0..h3, 7 k, 8 C1, 9 C2, 10 five, 11 add.
  const H = 3, K = 7, M1 = 8, M2 = 9, FIVE = 10, ADD = 11;
  const mem = (offset: number) => [0x04, offset]; // memarg: alignment hint 2^4, offset
  const splat = (value: number, local: number) => [I32_CONST, ...sleb(value), ...I32X4_SPLAT, SET, local];
  const rotl = (local: number, r: number) => [
    TEE, local, I32_CONST, r, ...I32X4_SHL, GET, local, I32_CONST, 32 - r, ...I32X4_SHR_U, ...V128_OR,
  ];
  const code = [...splat(C1, M1), ...splat(C2, M2), ...splat(5, FIVE), ...splat(0xe6546b64, ADD)];
  for (let j = 0; j < 4; j++) code.push(GET, 2, ...V128_LOAD, ...mem(16 * j), SET, H + j);
  code.push(BLOCK, VOID, LOOP, VOID, GET, 0, GET, 1, I32_GE_U, BR_IF, 1);
  for (let j = 0; j < 4; j++) {
    code.push(
      GET, 0, ...V128_LOAD, ...mem(16 * j), GET, M1, ...I32X4_MUL, ...rotl(K, 15), GET, M2, ...I32X4_MUL,
      GET, H + j, ...V128_XOR, ...rotl(H + j, 13), GET, FIVE, ...I32X4_MUL, GET, ADD, ...I32X4_ADD, SET, H + j,
    );
  }
  code.push(GET, 0, I32_CONST, ...sleb(BLOCK_BYTES), I32_ADD, SET, 0, BR, 0, END, END);
  for (let j = 0; j < 4; j++) code.push(GET, 2, GET, H + j, ...V128_STORE, ...mem(16 * j));
  return func([[9, V128]], code);
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
