/**
 * Seeded inverted dropout with a cheaper mask than `tf.dropout`.
 *
 * `tf.dropout(x, rate, undefined, seed)` draws one `seedrandom` number per element in
 * JavaScript and then runs four kernels (add, floor, div, mul). {@linkcode dropout} draws the
 * keep decisions from the toolkit's xoshiro128** generator (`lib/random.ts`) seeded with `seed`,
 * writes the mask `keep ? 1 / (1 - rate) : 0` directly, and runs one multiplication; the
 * gradient is `dy · mask` (TensorFlow.js's own gradient of `mul`). Same expectation and
 * variance as `tf.dropout`, a different random stream: the same seed gives the same mask on
 * every backend and in both the fast and the plain kernel paths.
 * @module
 */
import * as tf from "@tensorflow/tfjs-core";
import { Rng } from "../random.ts";

function _rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/**
 * Inverted dropout: zeroes each element with probability `rate` and scales the others by
 * `1 / (1 - rate)`.
 * @param x the activations
 * @param rate probability of dropping an element, in [0, 1)
 * @param seed seed of the mask (e.g. `rng.seed()`)
 * @returns a new tensor (the caller disposes it, or runs inside `tf.tidy`); for `rate = 0`, a
 *   clone of `x`
 * @throws {RangeError} for a rate outside [0, 1) or a seed that is not an integer
 */
export function dropout<T extends tf.Tensor>(x: T, rate: number, seed: number): T {
  return stackedDropout(x, rate, [seed]);
}

/**
 * {@linkcode dropout} of a stack of independent members in one multiplication: `x`'s first
 * dimension indexes the members, and member `k`'s block gets the mask that
 * `dropout(block, rate, seeds[k])` would give it, so a stacked network drops exactly what its
 * members trained one by one drop.
 * @param x the activations, first dimension `seeds.length`
 * @param rate probability of dropping an element, in [0, 1)
 * @param seeds one mask seed per member
 * @returns a new tensor (the caller disposes it, or runs inside `tf.tidy`); for `rate = 0`, a
 *   clone of `x`
 * @throws {RangeError} for a rate outside [0, 1), a seed that is not an integer, or a first
 *   dimension that does not divide into one block per seed
 */
export function stackedDropout<T extends tf.Tensor>(
  x: T,
  rate: number,
  seeds: readonly number[],
): T {
  if (!(rate >= 0 && rate < 1)) {
    throw new RangeError(`Dropout rate must be in [0, 1), found ${rate}`);
  }
  for (const seed of seeds) {
    if (!Number.isInteger(seed)) {
      throw new RangeError(`Dropout seed must be an integer, found ${seed}`);
    }
  }
  const n = x.size;
  if (
    seeds.length === 0 || n % seeds.length !== 0 ||
    (seeds.length > 1 && x.shape[0] !== seeds.length)
  ) {
    throw new RangeError(
      `Expected one dropout seed per member (first dimension ${x.shape[0]}), found ${seeds.length}`,
    );
  }
  if (rate === 0) return tf.clone(x);
  const mask = new Float32Array(n);
  const block = n / seeds.length;
  for (let k = 0; k < seeds.length; k++) _fillMask(mask, k * block, block, rate, seeds[k]);
  return tf.tidy(() => tf.mul(x, tf.tensor(mask, x.shape, "float32")) as T);
}

/** Writes `count` mask values from `offset`: `1 / (1 - rate)` where kept, 0 where dropped. */
function _fillMask(
  mask: Float32Array,
  offset: number,
  count: number,
  rate: number,
  seed: number,
): void {
  // xoshiro128** on local words (the same sequence as `new Rng(seed).uint32()`), inlined:
  // the mask is the hot part of dropout.
  let [s0, s1, s2, s3] = new Rng(seed).state();
  const scale = Math.fround(1 / (1 - rate));
  // keep when u ≥ rate·2^32 for u uniform on [0, 2^32): integer compare, no division
  const threshold = Math.floor(rate * 4294967296);
  const end = offset + count;
  for (let i = offset; i < end; i++) {
    const r = Math.imul(_rotl(Math.imul(s1, 5), 7), 9) >>> 0;
    const t = s1 << 9;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = _rotl(s3, 11);
    if (r >= threshold) mask[i] = scale;
  }
}
