/**
 * The portable matrix product: a WebAssembly SIMD GEMM (`_gemm_wasm.ts`) run on every core by
 * worker threads over one shared memory, for machines without a CBLAS library. It implements
 * the same {@linkcode Sgemm} contract as the native path, so `matmul.ts` registers it the same
 * way (`BatchMatMul`, `_FusedMatMul` of the wasm and cpu backends).
 *
 * One call: the calling thread packs `op(A)` and `op(B)` from where they lie (the wasm
 * backend's heap, or a staging memory for the cpu backend's arrays) into the shared memory,
 * publishes a job (C split into tiles, claimed one at a time with a compare-and-swap, so a
 * thread the OS has descheduled holds back at most one tile), computes tiles itself, waits
 * for the last one (`Atomics.wait`, no spinning) and copies the result out. Products below
 * {@linkcode PARALLEL_MIN_FLOPS} run on the calling thread alone: waking a worker costs about
 * 10 µs. Which thread computes which tile does not change the numbers: each element of C is
 * summed in the same order whatever the schedule, so results are deterministic.
 *
 * Workers are `node:worker_threads` workers from source text (no file to locate, works in a
 * bundle), unreferenced so they never keep a process alive; they sleep in `Atomics.wait`
 * between products. Without worker support, or with `SER_KERNEL_THREADS=1`, everything runs
 * on the calling thread.
 * @module
 */
import type { Sgemm } from "./blas.ts";
import {
  type GemmExports,
  gemmModuleBytes,
  MAX_PAGES,
  relaxedSimdSupported,
} from "./_gemm_wasm.ts";

/** Register tile: 4 rows × 8 columns (8 accumulators of 4 lanes). */
const MR = 4, NR = 8;

/** Below this many floating-point operations (2·m·n·k) a product runs on one thread. */
export const PARALLEL_MIN_FLOPS = 2_000_000;

/** Slots of the control block (Int32 indices at byte 0 of the shared memory). */
const SLOT = Object.freeze({
  seq: 0,
  next: 1,
  done: 2,
  tasks: 3,
  pa: 4,
  pb: 5,
  pc: 6,
  k: 7,
  ldcB: 8,
  mPanels: 9,
  nPanels: 10,
  tileM: 11,
  tileN: 12,
  gridN: 13,
  error: 14,
});
const CONTROL_BYTES = 256;

/** What the portable path runs on, for reports. */
export interface PortableInfo {
  /** Threads that compute a large product (the calling thread included). */
  readonly threads: number;
  /** Whether the micro-kernel uses `f32x4.relaxed_madd` (fused multiply-add). */
  readonly fma: boolean;
}

/**
 * Claims and computes tiles of job `gen` until none is left. Runs on the calling thread and,
 * as source text, in every worker: it may use nothing but its parameters.
 */
function _work(
  ctl: Int32Array,
  ex: GemmExports,
  gen: number,
  S: typeof SLOT,
): void {
  for (;;) {
    const v = Atomics.load(ctl, S.next);
    if ((v >>> 16) !== gen) return;
    const idx = v & 0xffff;
    const tasks = Atomics.load(ctl, S.tasks);
    if (idx >= tasks) return;
    if (Atomics.compareExchange(ctl, S.next, v, v + 1) !== v) continue;
    const gridN = Atomics.load(ctl, S.gridN);
    const tm = Atomics.load(ctl, S.tileM), tn = Atomics.load(ctl, S.tileN);
    const ti = Math.floor(idx / gridN), tj = idx - ti * gridN;
    const i0 = ti * tm, j0 = tj * tn;
    try {
      ex.block(
        Atomics.load(ctl, S.pa),
        Atomics.load(ctl, S.pb),
        Atomics.load(ctl, S.pc),
        Atomics.load(ctl, S.k),
        Atomics.load(ctl, S.ldcB),
        i0,
        Math.min(Atomics.load(ctl, S.mPanels), i0 + tm),
        j0,
        Math.min(Atomics.load(ctl, S.nPanels), j0 + tn),
      );
    } catch {
      Atomics.store(ctl, S.error, 1);
    }
    if (Atomics.add(ctl, S.done, 1) + 1 === tasks) Atomics.notify(ctl, S.done);
  }
}

/** The worker's source: instantiate on the shared memory, then sleep until a job comes. */
function _workerSource(): string {
  return `"use strict";
const { parentPort } = require("node:worker_threads");
const _work = ${_work.toString()};
parentPort.once("message", ({ module, memory, slots }) => {
  const m0 = new WebAssembly.Memory({ initial: 0 });
  const ex = new WebAssembly.Instance(module, { env: { m0, m1: memory } }).exports;
  const ctl = new Int32Array(memory.buffer, 0, ${CONTROL_BYTES / 4});
  let seen = Atomics.load(ctl, slots.seq);
  parentPort.postMessage("ready");
  for (;;) {
    Atomics.wait(ctl, slots.seq, seen);
    seen = Atomics.load(ctl, slots.seq);
    _work(ctl, ex, seen, slots);
  }
});
`;
}

interface Pool {
  readonly module: WebAssembly.Module;
  readonly memory: WebAssembly.Memory;
  readonly ctl: Int32Array;
  readonly fma: boolean;
  workers: number;
  gen: number;
}

let pool: Pool | null | undefined;

function _threads(): number {
  let env: string | undefined;
  try {
    env = Deno.env.get("SER_KERNEL_THREADS");
  } catch {
    env = undefined;
  }
  const n = env === undefined ? navigator.hardwareConcurrency : Number(env);
  return Number.isInteger(n) && n >= 1 ? Math.min(n, 64) : 1;
}

async function _spawn(p: Pool, count: number): Promise<number> {
  let Worker: typeof import("node:worker_threads").Worker;
  try {
    ({ Worker } = await import("node:worker_threads"));
  } catch {
    return 0;
  }
  const source = _workerSource();
  const started = Array.from({ length: count }, () =>
    new Promise<boolean>((resolve) => {
      try {
        const w = new Worker(source, { eval: true });
        // Referenced until it is ready (so that awaiting the start keeps the event loop
        // alive), then unreferenced: an idle worker never keeps the process running.
        w.once("message", () => {
          w.unref();
          resolve(true);
        });
        w.once("error", () => resolve(false));
        w.postMessage({ module: p.module, memory: p.memory, slots: SLOT });
      } catch {
        resolve(false);
      }
    }));
  return (await Promise.all(started)).filter(Boolean).length;
}

function _pool(): Pool | null {
  if (pool !== undefined) return pool;
  try {
    const fma = relaxedSimdSupported();
    const module = new WebAssembly.Module(gemmModuleBytes({ mr: MR, nr: NR, fma }) as BufferSource);
    const memory = new WebAssembly.Memory({ initial: 1, maximum: MAX_PAGES, shared: true });
    const ctl = new Int32Array(memory.buffer, 0, CONTROL_BYTES / 4);
    pool = { module, memory, ctl, fma, workers: 0, gen: 0 };
  } catch {
    pool = null;
  }
  return pool;
}

/**
 * Starts the worker threads (once per process; later calls return at once). The product works
 * before they are up, on the calling thread; `initBackend` awaits this so that measurements
 * start with every thread ready.
 * @returns the threads a large product runs on, and whether the kernel uses FMA
 */
export async function startPortableGemm(): Promise<PortableInfo> {
  const p = _pool();
  if (!p) return { threads: 1, fma: false };
  if (!starting) {
    const want = _threads() - 1;
    starting = want > 0 ? _spawn(p, want).then((n) => void (p.workers = n)) : Promise.resolve();
  }
  await starting;
  return { threads: p.workers + 1, fma: p.fma };
}
let starting: Promise<void> | undefined;

/**
 * Whether this runtime can run the portable product (WebAssembly SIMD and shared memory).
 * @returns true when the module compiles and a shared memory can be made
 */
export function portableGemmAvailable(): boolean {
  return _pool() !== null;
}

const instances = new WeakMap<WebAssembly.Memory, GemmExports>();

function _instance(p: Pool, memory0: WebAssembly.Memory): GemmExports {
  let ex = instances.get(memory0);
  if (!ex) {
    ex = new WebAssembly.Instance(p.module, { env: { m0: memory0, m1: p.memory } })
      .exports as unknown as GemmExports;
    instances.set(memory0, ex);
  }
  return ex;
}

function _ensure(memory: WebAssembly.Memory, bytes: number): void {
  const have = memory.buffer.byteLength;
  if (have < bytes) memory.grow(Math.ceil((bytes - have) / 65536));
}

const _up = (x: number, to: number) => Math.ceil(x / to) * to;

/** Picks the tile grid: about 4 tiles per thread, tiles of at most 64 × 128. */
function _tiles(mPanels: number, nPanels: number, threads: number): [number, number] {
  let tm = Math.min(mPanels, 16), tn = Math.min(nPanels, 16);
  const count = () => Math.ceil(mPanels / tm) * Math.ceil(nPanels / tn);
  while (count() < 4 * threads && (tm > 1 || tn > 1)) {
    if (tm * MR >= tn * NR && tm > 1) tm = Math.ceil(tm / 2);
    else if (tn > 1) tn = Math.ceil(tn / 2);
    else tm = Math.ceil(tm / 2);
  }
  while (count() > 0xffff) {
    tm *= 2;
    tn *= 2;
  }
  return [tm, tn];
}

/**
 * The portable product for operands that lie in `memory0` (the wasm backend's heap), or in
 * ordinary arrays when `memory0` is omitted (the cpu backend: operands are staged).
 *
 * Contract as {@linkcode Sgemm}, with `alpha = 1` and `beta` 0 or 1 (all `matmul.ts` needs).
 * @param memory0 the memory every view passed to the returned function lies in
 * @returns the product, or `undefined` when {@linkcode portableGemmAvailable} is false
 */
export function portableSgemm(memory0?: WebAssembly.Memory): Sgemm | undefined {
  const p = _pool();
  if (!p) return undefined;
  const staging = memory0 ?? new WebAssembly.Memory({ initial: 1 });
  return (transA, transB, m, n, k, alpha, a, b, beta, c) => {
    if (alpha !== 1 || (beta !== 0 && beta !== 1)) {
      throw new RangeError(`Portable sgemm needs alpha 1 and beta 0 or 1, found ${alpha}, ${beta}`);
    }
    if (m === 0 || n === 0) return;
    if (k === 0) {
      if (beta === 0) c.fill(0);
      return;
    }
    let oa: number, ob: number, oc: number;
    if (memory0) {
      const buf = memory0.buffer;
      if (a.buffer !== buf || b.buffer !== buf || c.buffer !== buf) {
        throw new RangeError("Portable sgemm: operands must lie in the memory it was made for");
      }
      oa = a.byteOffset, ob = b.byteOffset, oc = c.byteOffset;
    } else {
      oa = 0, ob = _up(a.length * 4, 16), oc = ob + _up(b.length * 4, 16);
      _ensure(staging, oc + c.length * 4);
      const heap = new Float32Array(staging.buffer);
      heap.set(a, oa / 4);
      heap.set(b, ob / 4);
      if (beta === 1) heap.set(c, oc / 4);
    }
    const mPanels = Math.ceil(m / MR), nPanels = Math.ceil(n / NR);
    const pa = CONTROL_BYTES, pb = pa + mPanels * MR * k * 4, pc = pb + nPanels * NR * k * 4;
    const ldc = nPanels * NR;
    _ensure(p.memory, pc + mPanels * MR * ldc * 4);
    const ex = _instance(p, staging);
    // op(A) is packed as op(A)ᵀ (k × m) in MR-wide panels; op(B) (k × n) in NR-wide panels.
    if (transA) ex.packCopy(oa, m, k, m, MR, pa);
    else ex.packTrans(oa, k, k, m, MR, pa);
    if (transB) ex.packTrans(ob, k, k, n, NR, pb);
    else ex.packCopy(ob, n, k, n, NR, pb);
    if (p.workers === 0 || 2 * m * n * k < PARALLEL_MIN_FLOPS) {
      ex.block(pa, pb, pc, k, ldc * 4, 0, mPanels, 0, nPanels);
    } else {
      _parallel(p, ex, pa, pb, pc, k, ldc, mPanels, nPanels);
    }
    ex.unpack(oc, pc, m, n, ldc, beta);
    if (!memory0) c.set(new Float32Array(staging.buffer, oc, c.length));
  };
}

function _parallel(
  p: Pool,
  ex: GemmExports,
  pa: number,
  pb: number,
  pc: number,
  k: number,
  ldc: number,
  mPanels: number,
  nPanels: number,
): void {
  const ctl = p.ctl;
  const [tm, tn] = _tiles(mPanels, nPanels, p.workers + 1);
  const gridN = Math.ceil(nPanels / tn);
  const tasks = Math.ceil(mPanels / tm) * gridN;
  // Close the previous job's counter before its parameters are overwritten (see _work).
  Atomics.store(ctl, SLOT.next, 0);
  const params: [number, number][] = [
    [SLOT.tasks, tasks],
    [SLOT.pa, pa],
    [SLOT.pb, pb],
    [SLOT.pc, pc],
    [SLOT.k, k],
    [SLOT.ldcB, ldc * 4],
    [SLOT.mPanels, mPanels],
    [SLOT.nPanels, nPanels],
    [SLOT.tileM, tm],
    [SLOT.tileN, tn],
    [SLOT.gridN, gridN],
    [SLOT.done, 0],
    [SLOT.error, 0],
  ];
  for (const [slot, value] of params) Atomics.store(ctl, slot, value);
  p.gen = p.gen % 0x7fff + 1;
  Atomics.store(ctl, SLOT.next, p.gen << 16);
  Atomics.store(ctl, SLOT.seq, p.gen);
  Atomics.notify(ctl, SLOT.seq, p.workers);
  _work(ctl, ex, p.gen, SLOT);
  for (;;) {
    const done = Atomics.load(ctl, SLOT.done);
    if (done >= tasks) break;
    Atomics.wait(ctl, SLOT.done, done, 1000);
  }
  if (Atomics.load(ctl, SLOT.error) !== 0) {
    throw new Error("Portable sgemm: a worker thread failed while computing a tile");
  }
}
