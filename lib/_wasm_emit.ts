/**
 * A tiny WebAssembly binary emitter for hand-assembled modules: encodings of numbers, vectors,
 * sections, function types and bodies, and the opcodes the checksum's SIMD loop needs. Private
 * to the bottom layer (imports nothing); the kernels' emitters (`kernels/_wasm_emit.ts`,
 * `kernels/_wasm_simd.ts`) build on its numbers, vectors and sections.
 * @module
 */

/** Value types. */
export const I32 = 0x7f, V128 = 0x7b;
/** Locals and control. */
export const GET = 0x20, SET = 0x21, TEE = 0x22;
export const BLOCK = 0x02, LOOP = 0x03, VOID = 0x40, BR = 0x0c, BR_IF = 0x0d, END = 0x0b;
/** Scalar i32. */
export const I32_CONST = 0x41, I32_ADD = 0x6a, I32_GE_U = 0x4f;
/** SIMD (128-bit) opcodes, each with its 0xfd prefix; loads and stores without a memarg. */
export const V128_LOAD = [0xfd, 0x00], V128_STORE = [0xfd, 0x0b];
export const V128_OR = [0xfd, 0x50], V128_XOR = [0xfd, 0x51];
export const I32X4_SPLAT = [0xfd, 0x11];
export const I32X4_SHL = [0xfd, 0xab, 0x01], I32X4_SHR_U = [0xfd, 0xad, 0x01];
export const I32X4_ADD = [0xfd, 0xae, 0x01], I32X4_MUL = [0xfd, 0xb5, 0x01];

/**
 * Unsigned LEB128.
 * @param n a non-negative integer below 2^32
 * @returns its bytes
 */
export function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n !== 0) b |= 0x80;
    out.push(b);
  } while (n !== 0);
  return out;
}

/**
 * Signed LEB128 (for `i32.const`).
 * @param n an integer in the i32 range
 * @returns its bytes
 */
export function sleb(n: number): number[] {
  const out: number[] = [];
  n |= 0;
  for (;;) {
    const b = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (b & 0x40) === 0) || (n === -1 && (b & 0x40) !== 0)) {
      out.push(b);
      return out;
    }
    out.push(b | 0x80);
  }
}

/**
 * A vector: its length, then the items.
 * @param items encoded items
 * @returns the bytes
 */
export function vec(items: number[][]): number[] {
  return [...uleb(items.length), ...items.flat()];
}

/**
 * A section.
 * @param id section id (1 type, 2 import, 3 function, 7 export, 10 code)
 * @param body its contents
 * @returns the bytes
 */
export function section(id: number, body: number[]): number[] {
  return [id, ...uleb(body.length), ...body];
}

/**
 * A name.
 * @param s ASCII text
 * @returns the bytes
 */
export function str(s: string): number[] {
  return [...uleb(s.length), ...new TextEncoder().encode(s)];
}

/**
 * A function type without results.
 * @param params parameter value types
 * @returns the bytes
 */
export function funcType(params: number[]): number[] {
  return [0x60, ...vec(params.map((p) => [p])), 0x00];
}

/**
 * A function body.
 * @param locals `[count, type]` runs of locals after the parameters
 * @param code the instructions (without the final `end`)
 * @returns the bytes, length-prefixed
 */
export function func(locals: number[][], code: number[]): number[] {
  const body = [...vec(locals.map(([count, type]) => [...uleb(count), type])), ...code, END];
  return [...uleb(body.length), ...body];
}

/**
 * A whole module that imports `env.memory` (at least `pages` pages of 64 KiB) and exports
 * each function under its name.
 * @param pages minimum memory size in pages
 * @param fns name, parameter types and body of each function
 * @returns the module's bytes
 */
export function moduleBytes(
  pages: number,
  fns: readonly { name: string; params: number[]; body: number[] }[],
): Uint8Array {
  return new Uint8Array([
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...section(1, vec(fns.map((f) => funcType(f.params)))),
    ...section(2, vec([[...str("env"), ...str("memory"), 0x02, 0x00, ...uleb(pages)]])),
    ...section(3, vec(fns.map((_, i) => uleb(i)))),
    ...section(7, vec(fns.map((f, i) => [...str(f.name), 0x00, ...uleb(i)]))),
    ...section(10, vec(fns.map((f) => f.body))),
  ]);
}
