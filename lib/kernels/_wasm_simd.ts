/**
 * Three hot loops as a tiny hand-assembled WebAssembly module (128-bit SIMD, 4 lanes) that
 * imports the wasm backend's own `WebAssembly.Memory`, so it works on tensors where they lie
 * (pointers are byte offsets into that memory).
 *
 * - `adam`: the fused Adam step. Per element, in float32 with IEEE rounding after every
 *   operation, exactly the sequence of the plain path (`tf.mul`, `tf.add`, `tf.square`,
 *   `tf.sqrt`, `tf.div`, `tf.sub`): `m = m·β1 + g·(1-β1)`, `v = v·β2 + (g·g)·(1-β2)`,
 *   `w = w - (m·lr_t) / (sqrt(v) + ε)`.
 * - `leaky`: `y = max(x, α·x)`, equal to `x > 0 ? x : α·x` for 0 ≤ α ≤ 1.
 * - `leakyGrad`: `dx = x > 0 ? dy : dy·α`.
 *
 * The stock wasm kernels run leaky ReLU without SIMD and its gradient as three kernels; the
 * plain Adam step is ten kernels, each a pass over the weights.
 * @module
 */
import { section, str, uleb, vec } from "../_wasm_emit.ts";

/** The module's exports. */
export interface WasmSimd {
  /** One fused Adam pass over `n` float32 elements at byte offsets `w, g, m, v`. */
  adam(
    w: number,
    g: number,
    m: number,
    v: number,
    n: number,
    beta1: number,
    oneMinusBeta1: number,
    beta2: number,
    oneMinusBeta2: number,
    lr: number,
    eps: number,
  ): void;
  /** Leaky ReLU of `n` floats from byte offset `x` to byte offset `y`. */
  leaky(x: number, y: number, n: number, alpha: number): void;
  /** Leaky-ReLU gradient of `n` floats: `out = x > 0 ? dy : dy·α`. */
  leakyGrad(dy: number, x: number, out: number, n: number, alpha: number): void;
}

const I32 = 0x7f, F32 = 0x7d, V128 = 0x7b;
const GET = 0x20, SET = 0x21, TEE = 0x22;
const I32_CONST = 0x41, I32_ADD = 0x6a, I32_GE_U = 0x4f, I32_AND = 0x71, I32_SHL = 0x74;
const F32_CONST = 0x43, F32_GT = 0x5e, SELECT = 0x1b;
const F32_LOAD = 0x2a, F32_STORE = 0x38;
const F32_SQRT = 0x91, F32_ADD = 0x92, F32_SUB = 0x93, F32_MUL = 0x94, F32_DIV = 0x95;
const BLOCK = 0x02, LOOP = 0x03, VOID = 0x40, BR = 0x0c, BR_IF = 0x0d, END = 0x0b;
const MEM = [0x02, 0x00]; // memarg: alignment hint 2^2, offset 0
const V_LOAD = [0xfd, 0x00, ...MEM], V_STORE = [0xfd, 0x0b, ...MEM];
const F_LOAD = [F32_LOAD, ...MEM], F_STORE = [F32_STORE, ...MEM];
const F4_SPLAT = [0xfd, 0x13], F4_GT = [0xfd, 0x44], BITSELECT = [0xfd, 0x52];
const F4_SQRT = [0xfd, 0xe3, 0x01], F4_ADD = [0xfd, 0xe4, 0x01], F4_SUB = [0xfd, 0xe5, 0x01];
const F4_MUL = [0xfd, 0xe6, 0x01], F4_DIV = [0xfd, 0xe7, 0x01], F4_MAX = [0xfd, 0xe9, 0x01];
const F32_ZERO = [F32_CONST, 0, 0, 0, 0];

/**
 * A loop over byte offset `i` (local `iL`) up to `endL`, stepping `step` bytes: the SIMD part
 * first (end = (n & -4) << 2, step 16), then the scalar tail (end = n << 2, step 4).
 */
// deno-fmt-ignore
function _loops(nP: number, iL: number, endL: number, simd: number[], scalar: number[]): number[] {
  const loop = (body: number[], step: number) => [
    BLOCK, VOID, LOOP, VOID, GET, iL, GET, endL, I32_GE_U, BR_IF, 1, ...body, GET, iL, I32_CONST,
    step, I32_ADD, SET, iL, BR, 0, END, END,
  ];
  return [
    ...[GET, nP, I32_CONST, 0x7c, /* -4 */ I32_AND, I32_CONST, 2, I32_SHL, SET, endL],
    ...loop(simd, 16),
    ...[GET, nP, I32_CONST, 2, I32_SHL, SET, endL],
    ...loop(scalar, 4),
  ];
}

// deno-fmt-ignore
function _adam(): number[] {
  // Params 0 w, 1 g, 2 m, 3 v, 4 n, 5 b1, 6 c1, 7 b2, 8 c2, 9 lr, 10 eps.
  // Locals 11 i, 12 end (i32); 13..18 splats; 19 gv, 20 mv, 21 vv (v128); 22 gs, 23 ms, 24 vs.
  const at = (p: number) => [GET, p, GET, 11, I32_ADD];
  const splats: number[] = [];
  for (let k = 0; k < 6; k++) splats.push(GET, 5 + k, ...F4_SPLAT, SET, 13 + k);
  const simd = [
    ...at(1), ...V_LOAD, SET, 19, ...at(2), ...at(2), ...V_LOAD, GET, 13, ...F4_MUL, GET, 19,
    GET, 14, ...F4_MUL, ...F4_ADD, TEE, 20, ...V_STORE, ...at(3), ...at(3), ...V_LOAD, GET, 15,
    ...F4_MUL, GET, 19, GET, 19, ...F4_MUL, GET, 16, ...F4_MUL, ...F4_ADD, TEE, 21, ...V_STORE,
    ...at(0), ...at(0), ...V_LOAD, GET, 20, GET, 17, ...F4_MUL, GET, 21, ...F4_SQRT, GET, 18,
    ...F4_ADD, ...F4_DIV, ...F4_SUB, ...V_STORE,
  ];
  const scalar = [
    ...at(1), ...F_LOAD, SET, 22, ...at(2), ...at(2), ...F_LOAD, GET, 5, F32_MUL, GET, 22, GET,
    6, F32_MUL, F32_ADD, TEE, 23, ...F_STORE, ...at(3), ...at(3), ...F_LOAD, GET, 7, F32_MUL,
    GET, 22, GET, 22, F32_MUL, GET, 8, F32_MUL, F32_ADD, TEE, 24, ...F_STORE, ...at(0), ...at(0),
    ...F_LOAD, GET, 23, GET, 9, F32_MUL, GET, 24, F32_SQRT, GET, 10, F32_ADD, F32_DIV, F32_SUB,
    ...F_STORE,
  ];
  return _func([[2, I32], [9, V128], [3, F32]], [...splats, ..._loops(4, 11, 12, simd, scalar)]);
}

// deno-fmt-ignore
function _leaky(): number[] {
  // Params 0 x, 1 y, 2 n, 3 alpha. Locals 4 i, 5 end; 6 A, 7 xv (v128); 8 xs (f32).
  const at = (p: number) => [GET, p, GET, 4, I32_ADD];
  const simd = [
    ...at(1), ...at(0), ...V_LOAD, TEE, 7, GET, 7, GET, 6, ...F4_MUL, ...F4_MAX, ...V_STORE,
  ];
  const scalar = [
    ...at(1), ...at(0), ...F_LOAD, TEE, 8, GET, 8, GET, 3, F32_MUL, GET, 8, ...F32_ZERO, F32_GT,
    SELECT, ...F_STORE,
  ];
  const pre = [GET, 3, ...F4_SPLAT, SET, 6];
  return _func([[2, I32], [2, V128], [1, F32]], [...pre, ..._loops(2, 4, 5, simd, scalar)]);
}

// deno-fmt-ignore
function _leakyGrad(): number[] {
  // Params 0 dy, 1 x, 2 out, 3 n, 4 alpha. Locals 5 i, 6 end; 7 A, 8 Z, 9 dv (v128); 10 ds.
  const at = (p: number) => [GET, p, GET, 5, I32_ADD];
  const simd = [
    ...at(2), ...at(0), ...V_LOAD, TEE, 9, GET, 9, GET, 7, ...F4_MUL, ...at(1), ...V_LOAD, GET,
    8, ...F4_GT, ...BITSELECT, ...V_STORE,
  ];
  const scalar = [
    ...at(2), ...at(0), ...F_LOAD, TEE, 10, GET, 10, GET, 4, F32_MUL, ...at(1), ...F_LOAD,
    ...F32_ZERO, F32_GT, SELECT, ...F_STORE,
  ];
  const pre = [GET, 4, ...F4_SPLAT, SET, 7, ...F32_ZERO, ...F4_SPLAT, SET, 8];
  return _func([[2, I32], [3, V128], [1, F32]], [...pre, ..._loops(3, 5, 6, simd, scalar)]);
}

function _func(locals: number[][], code: number[]): number[] {
  const body = [...vec(locals.map(([count, type]) => [...uleb(count), type])), ...code, END];
  return [...uleb(body.length), ...body];
}

function _type(params: number[]): number[] {
  return [0x60, ...vec(params.map((p) => [p])), 0x00];
}

function _moduleBytes(): Uint8Array {
  const types = [
    _type([I32, I32, I32, I32, I32, F32, F32, F32, F32, F32, F32]),
    _type([I32, I32, I32, F32]),
    _type([I32, I32, I32, I32, F32]),
  ];
  const names = ["adam", "leaky", "leakyGrad"];
  return new Uint8Array([
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...section(1, vec(types)),
    ...section(2, vec([[...str("env"), ...str("memory"), 0x02, 0x00, 0x01]])),
    ...section(3, vec([[0], [1], [2]])),
    ...section(7, vec(names.map((n, i) => [...str(n), 0x00, i]))),
    ...section(10, vec([_adam(), _leaky(), _leakyGrad()])),
  ]);
}

let compiled: WebAssembly.Module | null | undefined;
const instances = new WeakMap<WebAssembly.Memory, WasmSimd>();

/**
 * The SIMD loops bound to a memory (compiled once, instantiated once per memory).
 * @param memory the wasm backend's memory (`backend.wasm.asm.memory`)
 * @returns the functions, or `undefined` when this runtime cannot compile the module
 */
export function wasmSimd(memory: WebAssembly.Memory): WasmSimd | undefined {
  const known = instances.get(memory);
  if (known) return known;
  if (compiled === undefined) {
    try {
      compiled = new WebAssembly.Module(_moduleBytes() as BufferSource);
    } catch {
      compiled = null;
    }
  }
  if (compiled === null) return undefined;
  const exports = new WebAssembly.Instance(compiled, { env: { memory } }).exports;
  const simd = exports as unknown as WasmSimd;
  instances.set(memory, simd);
  return simd;
}
