/**
 * A minimal WebAssembly binary emitter for the hand-written kernels (`_gemm_wasm.ts`): LEB128
 * numbers, sections, function bodies with typed locals, and the few instructions the kernels
 * use, including SIMD (128-bit), relaxed SIMD (`f32x4.relaxed_madd`), multiple memories
 * (a memory index in every load and store) and bulk memory.
 *
 * Every instruction helper returns its bytes, so a function body reads as a list:
 * `[...get(a), ...get(b), I32_ADD, ...set(c)]`.
 * @module
 */

// The LEB128 numbers and vectors are shared with the checksum module below this layer.
import { sleb, uleb, vec } from "../_wasm_emit.ts";

export { sleb, uleb, vec };

/** Value types. */
export const I32 = 0x7f, F32 = 0x7d, V128 = 0x7b;

/** Control and plain numeric opcodes (one byte each). */
export const BLOCK = 0x02,
  LOOP = 0x03,
  IF = 0x04,
  ELSE = 0x05,
  END = 0x0b,
  BR = 0x0c,
  BR_IF = 0x0d,
  CALL = 0x10,
  VOID = 0x40,
  I32_EQZ = 0x45,
  I32_LT_U = 0x49,
  I32_GT_U = 0x4b,
  I32_GE_U = 0x4f,
  I32_ADD = 0x6a,
  I32_SUB = 0x6b,
  I32_MUL = 0x6c,
  I32_AND = 0x71,
  I32_SHL = 0x74,
  F32_ADD = 0x92,
  SELECT = 0x1b;

/**
 * A name (UTF-8 with its length).
 * @param s the name
 * @returns the bytes
 */
export function name(s: string): number[] {
  const bytes = [...new TextEncoder().encode(s)];
  return [...uleb(bytes.length), ...bytes];
}

/** `local.get i`. @param i local index @returns the bytes */
export const get = (i: number): number[] => [0x20, ...uleb(i)];
/** `local.set i`. @param i local index @returns the bytes */
export const set = (i: number): number[] => [0x21, ...uleb(i)];
/** `local.tee i`. @param i local index @returns the bytes */
export const tee = (i: number): number[] => [0x22, ...uleb(i)];
/** `i32.const n`. @param n the constant @returns the bytes */
export const i32 = (n: number): number[] => [0x41, ...sleb(n)];
/** `call f`. @param f function index @returns the bytes */
export const call = (f: number): number[] => [CALL, ...uleb(f)];

/** Memory argument: alignment (log2), memory index (multi-memory flag when not 0), offset. */
function _memarg(align: number, mem: number, offset: number): number[] {
  return mem === 0 ? [align, ...uleb(offset)] : [align | 0x40, ...uleb(mem), ...uleb(offset)];
}

/** `f32.load` from memory `mem`. @param mem memory index @param offset byte offset @returns bytes */
export const f32Load = (mem: number, offset = 0): number[] => [0x2a, ..._memarg(2, mem, offset)];
/** `f32.store` to memory `mem`. @param mem memory index @param offset byte offset @returns bytes */
export const f32Store = (mem: number, offset = 0): number[] => [0x38, ..._memarg(2, mem, offset)];
/** `f32.const 0`. */
export const F32_ZERO: readonly number[] = [0x43, 0, 0, 0, 0];

/** `v128.load` (alignment hint 4 bytes). @param mem memory @param offset bytes @returns bytes */
export const vLoad = (mem: number, offset = 0): number[] => [
  0xfd,
  0x00,
  ..._memarg(2, mem, offset),
];
/** `v128.store`. @param mem memory @param offset bytes @returns bytes */
export const vStore = (mem: number, offset = 0): number[] => [
  0xfd,
  0x0b,
  ..._memarg(2, mem, offset),
];
/** `v128.load32_splat`. @param mem memory @param offset bytes @returns bytes */
export const vLoadSplat = (mem: number, offset = 0): number[] => [
  0xfd,
  0x09,
  ..._memarg(2, mem, offset),
];
/** `v128.const 0`. */
export const V_ZERO: readonly number[] = [0xfd, 0x0c, ...new Array(16).fill(0)];
/** `f32x4.add`. */
export const F4_ADD: readonly number[] = [0xfd, 0xe4, 0x01];
/** `f32x4.mul`. */
export const F4_MUL: readonly number[] = [0xfd, 0xe6, 0x01];
/** `f32x4.relaxed_madd` (a·b + c, fused where the CPU has FMA). */
export const F4_RELAXED_MADD: readonly number[] = [0xfd, ...uleb(0x105)];

/**
 * `i8x16.shuffle` of two f32x4 vectors by float lane (0-3 first operand, 4-7 second).
 * @param lanes four float lanes
 * @returns the bytes
 */
export function shuffleF32(lanes: readonly [number, number, number, number]): number[] {
  return [0xfd, 0x0d, ...lanes.flatMap((l) => [4 * l, 4 * l + 1, 4 * l + 2, 4 * l + 3])];
}

/**
 * A function body: locals grouped by type, the code, `end`.
 * @param locals `[count, type]` pairs, in index order after the parameters
 * @param code the instructions
 * @returns the encoded body with its size
 */
export function funcBody(locals: [number, number][], code: number[]): number[] {
  const body = [...vec(locals.map(([count, type]) => [...uleb(count), type])), ...code, END];
  return [...uleb(body.length), ...body];
}

/**
 * `block … end` around a `loop` that runs while `cond` is false at the top of each pass:
 * `body` then `br 0` back to the top. Inside `body`, `br 1` continues and `br 2` breaks.
 * @param exitWhen instructions leaving an i32: non-zero ends the loop
 * @param body the loop body
 * @returns the bytes
 */
export function whileNot(exitWhen: number[], body: number[]): number[] {
  return [BLOCK, VOID, LOOP, VOID, ...exitWhen, BR_IF, 1, ...body, BR, 0, END, END];
}

/** A function of a module. */
export interface FuncDef {
  /** Exported name. */
  readonly name: string;
  /** Parameter types. */
  readonly params: readonly number[];
  /** Encoded body from {@linkcode funcBody}. */
  readonly body: number[];
}

/** A memory import: `env.<name>`. */
export interface MemoryImport {
  /** Import name under `env`. */
  readonly name: string;
  /** Shared memories need a maximum (pages). */
  readonly shared: boolean;
  /** Maximum in 64 KiB pages (required when shared). */
  readonly maxPages?: number;
}

function _section(id: number, body: number[]): number[] {
  return [id, ...uleb(body.length), ...body];
}

/**
 * A module of void functions (all exported) that imports its memories from `env`.
 * @param memories memory imports, in memory-index order
 * @param funcs the functions, in function-index order
 * @returns the module's bytes
 */
export function moduleBytes(
  memories: readonly MemoryImport[],
  funcs: readonly FuncDef[],
): Uint8Array {
  const types = funcs.map((f) => [0x60, ...vec(f.params.map((p) => [p])), 0x00]);
  const imports = memories.map((m) => [
    ...name("env"),
    ...name(m.name),
    0x02,
    ...(m.shared ? [0x03, 1, ...uleb(m.maxPages ?? 1)] : [0x00, 0]),
  ]);
  return new Uint8Array([
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ..._section(1, vec(types)),
    ..._section(2, vec(imports)),
    ..._section(3, vec(funcs.map((_, i) => uleb(i)))),
    ..._section(7, vec(funcs.map((f, i) => [...name(f.name), 0x00, ...uleb(i)]))),
    ..._section(10, vec(funcs.map((f) => f.body))),
  ]);
}
