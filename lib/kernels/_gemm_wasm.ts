/**
 * The portable matrix product as a hand-emitted WebAssembly SIMD module (the machine code of
 * `portable_gemm.ts`).
 *
 * Layout (the classic packed GEMM of GotoBLAS/BLIS, reduced to what fits 16 SIMD registers):
 * `op(A)` (m × k) is packed into panels of {@linkcode GemmShape.mr} rows, `op(B)` (k × n) into
 * panels of {@linkcode GemmShape.nr} columns, both k-major and zero-padded, so one micro-kernel
 * serves every transpose form: the transposes are handled by the two packing routines
 * (`packCopy` reads rows, `packTrans` reads columns through 4 × 4 shuffles). The micro-kernel
 * keeps an `mr × nr` tile of C in registers and adds `a_i · b_j` for one k at a time, with
 * `f32x4.relaxed_madd` (a fused multiply-add where the CPU has one) or a multiply and an add.
 * `block` runs the micro-kernel over a range of row and column panels, in blocks of
 * {@linkcode KC} along k so that a B panel stays in the L1 cache; each block is summed from
 * zero and then added to C (blocked summation, as OpenBLAS does: a single chain along all of k
 * rounded visibly worse, see tests/speed_test.ts); C is written padded
 * (`ldc` = n rounded up to `nr`) and `unpack` copies the m × n part out, adding it to what is
 * there when `beta` is 1 (the bias of `_FusedMatMul`).
 *
 * Memories: 0 is where the operands and the result live (the wasm backend's heap, or a staging
 * memory for the cpu backend), 1 is a shared memory that holds the packed operands and the
 * padded C, the only memory the worker threads touch.
 * @module
 */
import {
  call,
  ELSE,
  END,
  F32,
  F32_ADD,
  F32_ZERO,
  f32Load,
  f32Store,
  F4_ADD,
  F4_MUL,
  F4_RELAXED_MADD,
  funcBody,
  type FuncDef,
  get,
  I32,
  i32,
  I32_ADD,
  I32_EQZ,
  I32_GE_U,
  I32_GT_U,
  I32_LT_U,
  I32_MUL,
  I32_SUB,
  IF,
  moduleBytes,
  SELECT,
  set,
  shuffleF32,
  V128,
  V_ZERO,
  vLoad,
  vLoadSplat,
  VOID,
  vStore,
  whileNot,
} from "./_wasm_emit.ts";

/** Register tile of the micro-kernel. */
export interface GemmShape {
  /** Rows of C per micro-kernel call (panel height of packed A); a multiple of 4. */
  readonly mr: number;
  /** Columns of C per micro-kernel call (panel width of packed B); a multiple of 4. */
  readonly nr: number;
  /** Use `f32x4.relaxed_madd` instead of a multiply and an add. */
  readonly fma: boolean;
}

/** Block size along k: an `nr`-wide B panel of KC rows (8 KiB for nr = 8) stays in L1. */
export const KC = 256;

/** Largest shared memory the module declares, in 64 KiB pages (2 GiB). */
export const MAX_PAGES = 32768;

/** The module's exports (all pointers are byte offsets; see the module docs for the memories). */
export interface GemmExports {
  /** `block(pa, pb, pc, k, ldcBytes, i0, i1, j0, j1)`: C panels rows [i0, i1) × cols [j0, j1). */
  block(
    pa: number,
    pb: number,
    pc: number,
    k: number,
    ldcBytes: number,
    i0: number,
    i1: number,
    j0: number,
    j1: number,
  ): void;
  /** Packs `S[p][j] = src[p·ld + j]` (memory 0), `rows × cols`, into `w`-wide panels at `dst`. */
  packCopy(src: number, ld: number, rows: number, cols: number, w: number, dst: number): void;
  /** Packs `S[p][j] = src[j·ld + p]` (memory 0), `rows × cols`, into `w`-wide panels at `dst`. */
  packTrans(src: number, ld: number, rows: number, cols: number, w: number, dst: number): void;
  /** `dst[i·n + j] = src[i·ldc + j] (+ dst[i·n + j] when beta)`, dst in memory 0. */
  unpack(dst: number, src: number, m: number, n: number, ldc: number, beta: number): void;
}

const F_MICRO = 0, F_EDGE = 1;
/** Memory indices: the shared memory is memory 0 (see gemmModuleBytes). */
const PACKED = 0, SRC = 1;
/** k steps per pass of the micro-kernel's main loop. */
const UNROLL = 4;

// deno-fmt-ignore
function _micro(s: GemmShape): FuncDef {
  // Params 0 a, 1 b, 2 c, 3 ldcB, 4 kc, 5 first. Locals 6 p, 7 crow; v128: acc, bv, av.
  const nv = s.nr / 4, A = 8, B = A + s.mr * nv, AV = B + nv;
  const acc = (r: number, v: number) => A + r * nv + v;
  // Every k block sums from zero and is then added to C (blocked summation: the rounding
  // error grows with the block length, not with k).
  const zero: number[] = [];
  const store: number[] = [...get(2), ...set(7)];
  const accumulate: number[] = [...get(2), ...set(7)];
  for (let r = 0; r < s.mr; r++) {
    for (let v = 0; v < nv; v++) {
      zero.push(...V_ZERO, ...set(acc(r, v)));
      store.push(...get(7), ...get(acc(r, v)), ...vStore(PACKED, v * 16));
      accumulate.push(
        ...get(7), ...get(7), ...vLoad(PACKED, v * 16), ...get(acc(r, v)), ...F4_ADD,
        ...vStore(PACKED, v * 16),
      );
    }
    store.push(...get(7), ...get(3), I32_ADD, ...set(7));
    accumulate.push(...get(7), ...get(3), I32_ADD, ...set(7));
  }
  // One k step at byte offsets `u` steps ahead of the pointers (folded into the memargs).
  const step = (u: number) => {
    const out: number[] = [];
    for (let v = 0; v < nv; v++) out.push(...get(1), ...vLoad(PACKED, (u * s.nr + v * 4) * 4), ...set(B + v));
    for (let r = 0; r < s.mr; r++) {
      out.push(...get(0), ...vLoadSplat(PACKED, (u * s.mr + r) * 4), ...set(AV));
      for (let v = 0; v < nv; v++) {
        out.push(
          ...(s.fma
            ? [...get(AV), ...get(B + v), ...get(acc(r, v)), ...F4_RELAXED_MADD]
            : [...get(AV), ...get(B + v), ...F4_MUL, ...get(acc(r, v)), ...F4_ADD]),
          ...set(acc(r, v)),
        );
      }
    }
    return out;
  };
  const advance = (u: number) => [
    ...get(0), ...i32(s.mr * 4 * u), I32_ADD, ...set(0),
    ...get(1), ...i32(s.nr * 4 * u), I32_ADD, ...set(1),
    ...get(6), ...i32(u), I32_ADD, ...set(6),
  ];
  const unrolled: number[] = [];
  for (let u = 0; u < UNROLL; u++) unrolled.push(...step(u));
  const code = [
    ...zero,
    ...whileNot([...get(6), ...i32(UNROLL), I32_ADD, ...get(4), I32_GT_U], [...unrolled, ...advance(UNROLL)]),
    ...whileNot([...get(6), ...get(4), I32_GE_U], [...step(0), ...advance(1)]),
    ...get(5), IF, VOID, ...store, ELSE, ...accumulate, END,
  ];
  return {
    name: "micro",
    params: [I32, I32, I32, I32, I32, I32],
    body: funcBody([[2, I32], [s.mr * nv + nv + 1, V128]], code),
  };
}

// deno-fmt-ignore
function _block(s: GemmShape): FuncDef {
  // Params 0 pa, 1 pb, 2 pc, 3 k, 4 ldcB, 5 i0, 6 i1, 7 j0, 8 j1.
  // Locals 9 p0, 10 kc, 11 first, 12 jp, 13 ip, 14 bptr, 15 rem.
  const inner = [
    // micro(pa + (ip·k + p0)·mr·4, bptr, pc + ip·mr·ldcB + jp·nr·4, ldcB, kc, first)
    ...get(0), ...get(13), ...get(3), I32_MUL, ...get(9), I32_ADD, ...i32(s.mr * 4), I32_MUL, I32_ADD,
    ...get(14),
    ...get(2), ...get(13), ...i32(s.mr), I32_MUL, ...get(4), I32_MUL, I32_ADD,
    ...get(12), ...i32(s.nr * 4), I32_MUL, I32_ADD,
    ...get(4), ...get(10), ...get(11), ...call(F_MICRO),
    ...get(13), ...i32(1), I32_ADD, ...set(13),
  ];
  const columns = [
    // bptr = pb + (jp·k + p0)·nr·4
    ...get(1), ...get(12), ...get(3), I32_MUL, ...get(9), I32_ADD, ...i32(s.nr * 4), I32_MUL,
    I32_ADD, ...set(14),
    ...get(5), ...set(13),
    ...whileNot([...get(13), ...get(6), I32_GE_U], inner),
    ...get(12), ...i32(1), I32_ADD, ...set(12),
  ];
  const kBlocks = [
    ...get(3), ...get(9), I32_SUB, ...set(15),
    ...get(15), ...i32(KC), ...get(15), ...i32(KC), I32_LT_U, SELECT, ...set(10),
    ...get(9), I32_EQZ, ...set(11),
    ...get(7), ...set(12),
    ...whileNot([...get(12), ...get(8), I32_GE_U], columns),
    ...get(9), ...i32(KC), I32_ADD, ...set(9),
  ];
  return {
    name: "block",
    params: [I32, I32, I32, I32, I32, I32, I32, I32, I32],
    body: funcBody([[7, I32]], whileNot([...get(9), ...get(3), I32_GE_U], kBlocks)),
  };
}

// deno-fmt-ignore
function _edge(): FuncDef {
  // packEdge(src, rs, cs, rows, cols, w, dst, j0, p): the panel starting at column j0, rows
  // [p, rows), element by element, zero past `cols`. S[p][j] = src[(p·rs + j·cs)·4].
  // Params 0 src, 1 rs, 2 cs, 3 rows, 4 cols, 5 w, 6 dst, 7 j0, 8 p. Locals 9 g, 10 d.
  const element = [
    ...get(10),
    ...get(7), ...get(9), I32_ADD, ...get(4), I32_LT_U,
    IF, F32,
    ...get(0), ...get(8), ...get(1), I32_MUL, ...get(7), ...get(9), I32_ADD, ...get(2), I32_MUL,
    I32_ADD, ...i32(4), I32_MUL, I32_ADD, ...f32Load(SRC),
    ELSE, ...F32_ZERO, END,
    ...f32Store(PACKED),
    ...get(10), ...i32(4), I32_ADD, ...set(10),
    ...get(9), ...i32(1), I32_ADD, ...set(9),
  ];
  const row = [
    // d = dst + (j0·rows + p·w)·4
    ...get(6), ...get(7), ...get(3), I32_MUL, ...get(8), ...get(5), I32_MUL, I32_ADD, ...i32(4),
    I32_MUL, I32_ADD, ...set(10),
    ...i32(0), ...set(9),
    ...whileNot([...get(9), ...get(5), I32_GE_U], element),
    ...get(8), ...i32(1), I32_ADD, ...set(8),
  ];
  return {
    name: "packEdge",
    params: [I32, I32, I32, I32, I32, I32, I32, I32, I32],
    body: funcBody([[2, I32]], whileNot([...get(8), ...get(3), I32_GE_U], row)),
  };
}

/** `packEdge(src, rs, cs, rows, cols, w, dst, j0, p)` from the packers' locals. */
function _callEdge(rs: number[], cs: number[], j0: number, p: number[]): number[] {
  return [
    ...get(0),
    ...rs,
    ...cs,
    ...get(2),
    ...get(3),
    ...get(4),
    ...get(5),
    ...get(j0),
    ...p,
    ...call(F_EDGE),
  ];
}

// deno-fmt-ignore
function _packCopy(): FuncDef {
  // Params 0 src, 1 ld, 2 rows, 3 cols, 4 w, 5 dst. Locals 6 j0, 7 p, 8 g, 9 s, 10 d.
  const vector = [
    ...get(10), ...get(9), ...vLoad(SRC), ...vStore(PACKED),
    ...get(10), ...i32(16), I32_ADD, ...set(10),
    ...get(9), ...i32(16), I32_ADD, ...set(9),
    ...get(8), ...i32(4), I32_ADD, ...set(8),
  ];
  const row = [
    // s = src + (p·ld + j0)·4
    ...get(0), ...get(7), ...get(1), I32_MUL, ...get(6), I32_ADD, ...i32(4), I32_MUL, I32_ADD,
    ...set(9),
    ...i32(0), ...set(8),
    ...whileNot([...get(8), ...get(4), I32_GE_U], vector),
    ...get(7), ...i32(1), I32_ADD, ...set(7),
  ];
  const panel = [
    ...get(6), ...get(4), I32_ADD, ...get(3), I32_GT_U,
    IF, VOID,
    ..._callEdge(get(1), i32(1), 6, i32(0)),
    ELSE,
    // d = dst + j0·rows·4 (panels lie back to back, rows × w each)
    ...get(5), ...get(6), ...get(2), I32_MUL, ...i32(4), I32_MUL, I32_ADD, ...set(10),
    ...i32(0), ...set(7),
    ...whileNot([...get(7), ...get(2), I32_GE_U], row),
    END,
    ...get(6), ...get(4), I32_ADD, ...set(6),
  ];
  return {
    name: "packCopy",
    params: [I32, I32, I32, I32, I32, I32],
    body: funcBody([[5, I32]], whileNot([...get(6), ...get(3), I32_GE_U], panel)),
  };
}

// deno-fmt-ignore
function _packTrans(): FuncDef {
  // Params 0 src, 1 ld, 2 rows, 3 cols, 4 w, 5 dst.
  // Locals 6 j0, 7 p, 8 g, 9 s, 10 d, 11 ldB, 12 wB; v128 13-16 r0..r3, 17-20 t0..t3.
  const R = 13, T = 17;
  const loads: number[] = [];
  for (let r = 0; r < 4; r++) {
    loads.push(...get(9), ...vLoad(SRC), ...set(R + r), ...get(9), ...get(11), I32_ADD, ...set(9));
  }
  const lo: [number, number, number, number] = [0, 4, 1, 5], hi: [number, number, number, number] = [2, 6, 3, 7];
  const front: [number, number, number, number] = [0, 1, 4, 5], back: [number, number, number, number] = [2, 3, 6, 7];
  const transpose = [
    ...get(R), ...get(R + 1), ...shuffleF32(lo), ...set(T),
    ...get(R), ...get(R + 1), ...shuffleF32(hi), ...set(T + 1),
    ...get(R + 2), ...get(R + 3), ...shuffleF32(lo), ...set(T + 2),
    ...get(R + 2), ...get(R + 3), ...shuffleF32(hi), ...set(T + 3),
  ];
  const outs: [number, number, [number, number, number, number]][] = [
    [T, T + 2, front], [T, T + 2, back], [T + 1, T + 3, front], [T + 1, T + 3, back],
  ];
  const stores: number[] = [];
  outs.forEach(([x, y, lanes], t) => {
    stores.push(...get(10), ...get(x), ...get(y), ...shuffleF32(lanes), ...vStore(PACKED));
    if (t < 3) stores.push(...get(10), ...get(12), I32_ADD, ...set(10));
  });
  const group = [
    // s = src + ((j0 + g)·ld + p)·4; d = dst + (j0·rows + p·w + g)·4
    ...get(0), ...get(6), ...get(8), I32_ADD, ...get(1), I32_MUL, ...get(7), I32_ADD, ...i32(4),
    I32_MUL, I32_ADD, ...set(9),
    ...get(5), ...get(6), ...get(2), I32_MUL, ...get(7), ...get(4), I32_MUL, I32_ADD, ...get(8),
    I32_ADD, ...i32(4), I32_MUL, I32_ADD, ...set(10),
    ...loads, ...transpose, ...stores,
    ...get(8), ...i32(4), I32_ADD, ...set(8),
  ];
  const quad = [
    ...i32(0), ...set(8),
    ...whileNot([...get(8), ...get(4), I32_GE_U], group),
    ...get(7), ...i32(4), I32_ADD, ...set(7),
  ];
  const panel = [
    ...get(6), ...get(4), I32_ADD, ...get(3), I32_GT_U,
    IF, VOID,
    ..._callEdge(i32(1), get(1), 6, i32(0)),
    ELSE,
    ...i32(0), ...set(7),
    ...whileNot([...get(7), ...i32(4), I32_ADD, ...get(2), I32_GT_U], quad),
    // the last rows % 4 rows, one element at a time
    ...get(7), ...get(2), I32_LT_U, IF, VOID, ..._callEdge(i32(1), get(1), 6, get(7)), END,
    END,
    ...get(6), ...get(4), I32_ADD, ...set(6),
  ];
  const code = [
    ...get(1), ...i32(4), I32_MUL, ...set(11),
    ...get(4), ...i32(4), I32_MUL, ...set(12),
    ...whileNot([...get(6), ...get(3), I32_GE_U], panel),
  ];
  return {
    name: "packTrans",
    params: [I32, I32, I32, I32, I32, I32],
    body: funcBody([[7, I32], [8, V128]], code),
  };
}

// deno-fmt-ignore
function _unpack(): FuncDef {
  // Params 0 dst, 1 src, 2 m, 3 n, 4 ldc, 5 beta. Locals 6 i, 7 j, 8 d, 9 s.
  const step = [
    ...get(8), ...i32(16), I32_ADD, ...set(8), ...get(9), ...i32(16), I32_ADD, ...set(9),
    ...get(7), ...i32(4), I32_ADD, ...set(7),
  ];
  const scalarStep = [
    ...get(8), ...i32(4), I32_ADD, ...set(8), ...get(9), ...i32(4), I32_ADD, ...set(9),
    ...get(7), ...i32(1), I32_ADD, ...set(7),
  ];
  const vectors = (beta: boolean) => whileNot(
    [...get(7), ...i32(4), I32_ADD, ...get(3), I32_GT_U],
    [...get(8), ...get(9), ...vLoad(PACKED), ...(beta ? [...get(8), ...vLoad(SRC), ...F4_ADD] : []),
      ...vStore(SRC), ...step],
  );
  const scalars = (beta: boolean) => whileNot(
    [...get(7), ...get(3), I32_GE_U],
    [...get(8), ...get(9), ...f32Load(PACKED), ...(beta ? [...get(8), ...f32Load(SRC), F32_ADD] : []),
      ...f32Store(SRC), ...scalarStep],
  );
  const row = [
    ...get(0), ...get(6), ...get(3), I32_MUL, ...i32(4), I32_MUL, I32_ADD, ...set(8),
    ...get(1), ...get(6), ...get(4), I32_MUL, ...i32(4), I32_MUL, I32_ADD, ...set(9),
    ...i32(0), ...set(7),
    ...get(5), IF, VOID, ...vectors(true), ...scalars(true), ELSE, ...vectors(false),
    ...scalars(false), END,
    ...get(6), ...i32(1), I32_ADD, ...set(6),
  ];
  return {
    name: "unpack",
    params: [I32, I32, I32, I32, I32, I32],
    body: funcBody([[4, I32]], whileNot([...get(6), ...get(2), I32_GE_U], row)),
  };
}

/**
 * The module's bytes for one register tile.
 * @param shape the micro-kernel's tile and whether it uses the fused multiply-add
 * @returns a WebAssembly module importing `env.m0` (plain) and `env.m1` (shared)
 * @throws {RangeError} when `mr` or `nr` is not a positive multiple of 4
 */
export function gemmModuleBytes(shape: GemmShape): Uint8Array {
  for (const [k, v] of [["mr", shape.mr], ["nr", shape.nr]] as const) {
    if (!Number.isInteger(v) || v < 4 || v % 4 !== 0) {
      throw new RangeError(`Gemm ${k} must be a positive multiple of 4, found ${v}`);
    }
  }
  return moduleBytes(
    [{ name: "m1", shared: true, maxPages: MAX_PAGES }, { name: "m0", shared: false }],
    [_micro(shape), _edge(), _block(shape), _packCopy(), _packTrans(), _unpack()],
  );
}

/** Whether this runtime validates `f32x4.relaxed_madd` (relaxed SIMD). */
export function relaxedSimdSupported(): boolean {
  try {
    return WebAssembly.validate(gemmModuleBytes({ mr: 4, nr: 8, fma: true }) as BufferSource);
  } catch {
    return false;
  }
}
