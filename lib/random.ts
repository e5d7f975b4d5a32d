/**
 * Seeded random numbers for everything in the toolkit that needs chance: shuffles, splits,
 * weight initialisation and dropout seeds. Nothing in `lib/` calls `Math.random`.
 *
 * The generator is xoshiro128** (Blackman and Vigna), 32-bit state words, so it runs at full
 * speed in JavaScript and its whole state is four numbers that a checkpoint can store.
 *
 * @example
 * ```ts
 * import { Rng } from "./random.ts";
 * const a = new Rng(42), b = new Rng(42);
 * if (a.float() !== b.float()) throw new Error("same seed must give the same numbers");
 * ```
 * @module
 */

/** The four 32-bit words of a generator's state, as stored in checkpoints. */
export type RngState = readonly [number, number, number, number];

function splitMix32(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}

/** A seeded xoshiro128** generator. Same seed, same sequence, on every platform. */
export class Rng {
  #s: Uint32Array;

  /**
   * @param seed a whole number; any 32-bit value (others are reduced modulo 2^32)
   * @throws {TypeError} when the seed is not a finite integer
   */
  constructor(seed: number) {
    if (!Number.isInteger(seed)) {
      throw new TypeError(`Seed must be an integer, found ${seed}`);
    }
    const next = splitMix32(seed);
    this.#s = new Uint32Array([next(), next(), next(), next()]);
  }

  /**
   * Rebuilds a generator from a stored state.
   * @param state four 32-bit words from {@linkcode Rng.prototype.state}
   * @returns a generator that continues exactly where the stored one stopped
   */
  static fromState(state: RngState): Rng {
    if (state.length !== 4 || state.every((w) => w === 0)) {
      throw new RangeError(`Rng state must be four words, not all zero, found [${state}]`);
    }
    const rng = new Rng(0);
    rng.#s.set(state);
    return rng;
  }

  /** @returns the current state, to be stored in a checkpoint */
  state(): RngState {
    const s = this.#s;
    return [s[0], s[1], s[2], s[3]];
  }

  /** @returns the next 32-bit unsigned integer */
  uint32(): number {
    const s = this.#s;
    const result = Math.imul(rotl(Math.imul(s[1], 5) >>> 0, 7), 9) >>> 0;
    const t = (s[1] << 9) >>> 0;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 11);
    return result;
  }

  /** @returns a float uniformly distributed in [0, 1) */
  float(): number {
    return this.uint32() / 4294967296;
  }

  /**
   * @param n exclusive upper bound, a positive integer below 2^32
   * @returns an integer uniformly distributed in [0, n), without modulo bias
   */
  int(n: number): number {
    if (!Number.isInteger(n) || n <= 0 || n > 4294967296) {
      throw new RangeError(`Rng.int() needs an integer bound in [1, 2^32], found ${n}`);
    }
    const limit = 4294967296 - (4294967296 % n);
    let x = this.uint32();
    while (x >= limit) x = this.uint32();
    return x % n;
  }

  /** @returns a standard normal sample (Box-Muller) */
  normal(): number {
    const u = 1 - this.float();
    const v = this.float();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /**
   * Shuffles in place (Fisher-Yates).
   * @param items the array to shuffle
   * @returns the same array, shuffled
   */
  shuffle<T extends { length: number; [i: number]: unknown }>(items: T): T {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const tmp = items[i];
      items[i] = items[j];
      items[j] = tmp;
    }
    return items;
  }

  /**
   * @param n how many indices
   * @returns a random permutation of 0..n-1
   */
  permutation(n: number): Int32Array {
    const p = new Int32Array(n);
    for (let i = 0; i < n; i++) p[i] = i;
    return this.shuffle(p);
  }

  /**
   * A seed for APIs that take one (such as `tf.dropout`), drawn from this generator.
   * @returns a non-negative integer below 2^31
   */
  seed(): number {
    return this.uint32() >>> 1;
  }

  /**
   * An independent child generator, so that one component's draws do not shift another's.
   * @returns a new generator seeded from this one
   */
  fork(): Rng {
    return new Rng(this.uint32() ^ Math.imul(this.uint32(), 0x27d4eb2d));
  }
}
