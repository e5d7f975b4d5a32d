/**
 * One Adam step for one variable, TensorFlow 1.x semantics (the reference implementation ran on
 * TF 1.10): `lr_t = lr · sqrt(1 - β2^t) / (1 - β1^t)`, `w -= lr_t · m / (sqrt(v) + ε)`, ε = 1e-8.
 *
 * Two paths, same numbers:
 * - plain ({@linkcode adamUpdatePlain}): about ten stock ops, each a pass over the weights
 *   plus a new buffer, then `assign`;
 * - fused (used by {@linkcode adamUpdate} when fast kernels are installed on the `wasm` or `cpu`
 *   backend): one pass over `w, g, m, v` that updates the three buffers in place.
 *
 * In place is safe only when nothing else can observe the buffers, so the fused path runs only
 * when `variable`, `m` and `v` each hold the only reference to their data (backend reference
 * count 1: no clone, reshape or the tensor a variable was created from still shares it) and all
 * four are float32 of equal size; otherwise the plain path runs. (A registered kernel with three
 * outputs would be safe always, but would allocate three weight-sized buffers per step and make
 * the heap hold old and new weights at once: ~650 MB more at paper size.)
 *
 * The fused loop rounds every intermediate to float32 (`Math.fround`) in the same order as the
 * plain ops, so on the wasm and cpu backends both paths give bit-identical results; a test checks it.
 * @module
 */
import * as tf from "@tensorflow/tfjs-core";
import { hostStorage } from "./_storage.ts";
import { fusedAdamEnabled } from "./registry.ts";
import { wasmSimd } from "./_wasm_simd.ts";

/** Hyper-parameters of one Adam step. */
export interface AdamStep {
  /** Base learning rate (before bias correction). */
  readonly learningRate: number;
  /** Decay of the first moment, 0.9 by default. */
  readonly beta1: number;
  /** Decay of the second moment, 0.999 by default. */
  readonly beta2: number;
  /** ε added to sqrt(v), 1e-8 as in TensorFlow 1.x. */
  readonly epsilon: number;
  /** 1-based step count t, used for bias correction. */
  readonly step: number;
}

function _lrT(h: AdamStep): number {
  return h.learningRate * Math.sqrt(1 - h.beta2 ** h.step) / (1 - h.beta1 ** h.step);
}

/**
 * Applies one Adam step to `variable`, updating the moment estimates `m` and `v` in place.
 * Uses the fused single-pass step when fast kernels are installed on the active backend and
 * the buffers are unshared (see the module docs), the plain composed ops otherwise.
 * @param variable the weights to update
 * @param grad the gradient of the loss with respect to `variable` (not disposed here)
 * @param m first-moment accumulator, same shape as `variable`
 * @param v second-moment accumulator, same shape as `variable`
 * @param h the step's hyper-parameters
 */
export function adamUpdate(
  variable: tf.Variable,
  grad: tf.Tensor,
  m: tf.Variable,
  v: tf.Variable,
  h: AdamStep,
): void {
  if (_adamFused(variable, grad, m, v, h)) counts.fused++;
  else {
    counts.plain++;
    adamUpdatePlain(variable, grad, m, v, h);
  }
}

const counts = { fused: 0, plain: 0 };

/**
 * How many {@linkcode adamUpdate} calls took each path since the last reset: a benchmark or test
 * can check that training really runs the fused step (a variable whose buffer is shared, e.g.
 * by the tensor it was created from, takes the plain path until its first update).
 * @param reset set the counts back to zero after reading them
 * @returns the counts
 */
export function adamPathCounts(reset = false): { fused: number; plain: number } {
  const out = { ...counts };
  if (reset) counts.fused = counts.plain = 0;
  return out;
}

/**
 * The plain path of {@linkcode adamUpdate}: stock TensorFlow.js ops and `assign`, on any
 * backend. Kept public as the reference the fused step is tested against.
 * @param variable the weights to update
 * @param grad the gradient of the loss with respect to `variable` (not disposed here)
 * @param m first-moment accumulator, same shape as `variable`
 * @param v second-moment accumulator, same shape as `variable`
 * @param h the step's hyper-parameters
 */
export function adamUpdatePlain(
  variable: tf.Variable,
  grad: tf.Tensor,
  m: tf.Variable,
  v: tf.Variable,
  h: AdamStep,
): void {
  const lrT = _lrT(h);
  tf.tidy(() => {
    const mNew = tf.add(tf.mul(m, h.beta1), tf.mul(grad, 1 - h.beta1));
    const vNew = tf.add(tf.mul(v, h.beta2), tf.mul(tf.square(grad), 1 - h.beta2));
    m.assign(mNew);
    v.assign(vNew);
    variable.assign(tf.sub(variable, tf.div(tf.mul(mNew, lrT), tf.add(tf.sqrt(vNew), h.epsilon))));
  });
}

/** @returns true when the fused step ran, false when the caller must use the plain path */
function _adamFused(
  variable: tf.Variable,
  grad: tf.Tensor,
  m: tf.Variable,
  v: tf.Variable,
  h: AdamStep,
): boolean {
  const name = tf.getBackend();
  if (!fusedAdamEnabled(name)) return false;
  const storage = hostStorage(name, tf.backend());
  if (!storage) return false;
  const n = variable.size;
  if (grad.size !== n || m.size !== n || v.size !== n) return false;
  if (storage.refCount(variable) !== 1 || storage.refCount(m) !== 1 || storage.refCount(v) !== 1) {
    return false;
  }
  if (variable.dataId === m.dataId || variable.dataId === v.dataId || m.dataId === v.dataId) {
    return false;
  }
  const f = Math.fround;
  const b1 = f(h.beta1), c1 = f(1 - h.beta1), b2 = f(h.beta2), c2 = f(1 - h.beta2);
  const lr = f(_lrT(h)), eps = f(h.epsilon);
  if (storage.memory && storage.byteOffset) {
    const simd = wasmSimd(storage.memory);
    const ow = storage.byteOffset(variable), og = storage.byteOffset(grad);
    const om = storage.byteOffset(m), ov = storage.byteOffset(v);
    if (simd && ow !== undefined && og !== undefined && om !== undefined && ov !== undefined) {
      simd.adam(ow, og, om, ov, n, b1, c1, b2, c2, lr, eps);
      return true;
    }
  }
  const w = storage.view(variable), g = storage.view(grad);
  const mm = storage.view(m), vv = storage.view(v);
  if (!w || !g || !mm || !vv) return false;
  for (let i = 0; i < n; i++) {
    const gi = g[i];
    const mi = f(f(mm[i] * b1) + f(gi * c1));
    const vi = f(f(vv[i] * b2) + f(f(gi * gi) * c2));
    mm[i] = mi;
    vv[i] = vi;
    w[i] = f(w[i] - f(f(mi * lr) / f(f(Math.sqrt(vi)) + eps)));
  }
  return true;
}
