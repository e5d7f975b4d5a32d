import assert from "node:assert/strict";
import { Rng } from "../random.ts";
import { PARALLEL_MIN_FLOPS, portableSgemm, startPortableGemm } from "./portable_gemm.ts";

function rand(n: number, rng: Rng): Float32Array {
  const v = new Float32Array(n);
  for (let i = 0; i < n; i++) v[i] = 2 * rng.float() - 1;
  return v;
}

/** `op(A)·op(B) (+ C)` in float64, element by element. */
function reference(
  ta: boolean,
  tb: boolean,
  m: number,
  n: number,
  k: number,
  a: Float32Array,
  b: Float32Array,
  c: Float32Array | null,
): Float64Array {
  const out = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = c ? c[i * n + j] : 0;
      for (let p = 0; p < k; p++) {
        s += (ta ? a[p * m + i] : a[i * k + p]) * (tb ? b[j * k + p] : b[p * n + j]);
      }
      out[i * n + j] = s;
    }
  }
  return out;
}

/** Float32 products of length k: error below about k·ε times the sum of |terms|. */
function assertClose(got: Float32Array, want: Float64Array, k: number, label: string) {
  let worst = 0;
  for (let i = 0; i < want.length; i++) {
    worst = Math.max(worst, Math.abs(got[i] - want[i]) / (1 + Math.abs(want[i])));
  }
  assert.ok(worst <= k * 1.2e-7 + 1e-6, `${label}: max relative difference ${worst}`);
}

// m × n × k, with odd sizes that leave partial 4-row and 8-column panels, k below and above the
// 256-deep k block, and sizes above PARALLEL_MIN_FLOPS so that the worker threads take part.
const SIZES: [number, number, number][] = [
  [1, 1, 1],
  [3, 5, 2],
  [4, 8, 4],
  [5, 9, 7],
  [17, 33, 255],
  [7, 3, 517],
  [65, 71, 257],
  [130, 61, 301],
];

Deno.test("portableSgemm() equals the float64 product for every transpose form and odd sizes", async () => {
  await startPortableGemm();
  const sgemm = portableSgemm()!;
  const rng = new Rng(17);
  assert.ok(SIZES.some(([m, n, k]) => 2 * m * n * k >= PARALLEL_MIN_FLOPS));
  for (const [m, n, k] of SIZES) {
    for (const ta of [false, true]) {
      for (const tb of [false, true]) {
        const a = rand(m * k, rng), b = rand(k * n, rng), c0 = rand(m * n, rng);
        for (const beta of [0, 1]) {
          const c = c0.slice();
          sgemm(ta, tb, m, n, k, 1, a, b, beta, c);
          const want = reference(ta, tb, m, n, k, a, b, beta ? c0 : null);
          assertClose(c, want, k, `${m}x${n}x${k} transA=${ta} transB=${tb} beta=${beta}`);
        }
      }
    }
  }
});

Deno.test("portableSgemm() on a wasm memory reads and writes the operands in place", async () => {
  await startPortableGemm();
  const memory = new WebAssembly.Memory({ initial: 4 });
  const sgemm = portableSgemm(memory)!;
  const rng = new Rng(5);
  const [m, n, k] = [70, 45, 301];
  const heap = new Float32Array(memory.buffer);
  const a = heap.subarray(8, 8 + m * k), b = heap.subarray(m * k + 16, m * k + 16 + k * n);
  const c = heap.subarray(m * k + k * n + 32, m * k + k * n + 32 + m * n);
  a.set(rand(m * k, rng));
  b.set(rand(k * n, rng));
  const guard = heap[m * k + k * n + 32 + m * n];
  sgemm(false, true, m, n, k, 1, a, b, 0, c);
  assertClose(c, reference(false, true, m, n, k, a, b, null), k, "in place");
  assert.equal(heap[m * k + k * n + 32 + m * n], guard, "nothing written past C");
  assert.throws(
    () => sgemm(false, false, 1, 1, 1, 1, new Float32Array(1), b, 0, c),
    RangeError,
  );
});

Deno.test("portableSgemm() gives bit-identical results on every call, whoever computes a tile", async () => {
  const info = await startPortableGemm();
  assert.ok(info.threads >= 1);
  const sgemm = portableSgemm()!;
  const rng = new Rng(9);
  const [m, n, k] = [96, 200, 300];
  const a = rand(m * k, rng), b = rand(k * n, rng);
  const first = new Float32Array(m * n);
  sgemm(true, false, m, n, k, 1, a, b, 0, first);
  for (let r = 0; r < 5; r++) {
    const again = new Float32Array(m * n);
    sgemm(true, false, m, n, k, 1, a, b, 0, again);
    assert.deepStrictEqual(again, first);
  }
});

Deno.test("portableSgemm() handles empty shapes and rejects alpha other than 1", () => {
  const sgemm = portableSgemm()!;
  const c = new Float32Array([5, 5]);
  sgemm(false, false, 1, 2, 0, 1, new Float32Array(0), new Float32Array(0), 0, c);
  assert.deepStrictEqual(Array.from(c), [0, 0]);
  sgemm(false, false, 0, 2, 3, 1, new Float32Array(0), new Float32Array(6), 0, c);
  assert.throws(
    () => sgemm(false, false, 1, 1, 1, 2, new Float32Array(1), new Float32Array(1), 0, c),
    RangeError,
  );
});
