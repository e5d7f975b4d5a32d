/**
 * Learning-rate schedule and epoch batching (paper Sec. 4.1, METHOD_NOTES "Optimisation").
 * @module
 */
import type { CycleGanConfig } from "../models/config.ts";
import type { Rng } from "../random.ts";

/**
 * Learning rate of main-training epoch `epoch` (0-based), Sec. 4.1:
 * lr · factor^floor(epoch / every), i.e. 2e-4 · 0.8^floor(epoch / 50) in the paper.
 * @param config the resolved configuration
 * @param epoch 0-based epoch index
 * @returns the learning rate for that epoch
 */
export function learningRateAt(config: CycleGanConfig, epoch: number): number {
  if (!Number.isInteger(epoch) || epoch < 0) {
    throw new RangeError(`Epoch must be a non-negative integer, found ${epoch}`);
  }
  return config.learningRate * config.lrDecayFactor ** Math.floor(epoch / config.lrDecayEvery);
}

/**
 * Iterations in one epoch: max(1, min over streams of floor(n / batch)). The `max(1, …)` keeps
 * training possible when a class has fewer rows than the batch size (the bundled EmoDB has 62 sad
 * rows); such a stream is then cycled to fill its batch (see {@linkcode batchRows}).
 * @param streamRows rows per stream
 * @param batchSize rows per batch
 * @returns the number of iterations per epoch
 */
export function iterationsPerEpoch(streamRows: readonly number[], batchSize: number): number {
  if (streamRows.length === 0) throw new RangeError("Expected at least one stream, found none");
  for (const n of streamRows) {
    if (!Number.isInteger(n) || n < 1) {
      throw new RangeError(`Every stream needs at least one row, found ${n}`);
    }
  }
  return Math.max(1, Math.min(...streamRows.map((n) => Math.floor(n / batchSize))));
}

/**
 * One fresh shuffle per stream for a new epoch, drawn in stream order.
 * @param streamRows rows per stream
 * @param rng the generator
 * @returns one permutation per stream
 */
export function shuffleStreams(streamRows: readonly number[], rng: Rng): Int32Array[] {
  return streamRows.map((n) => rng.permutation(n));
}

/**
 * Row indices of batch `iteration` of a shuffled stream: positions
 * `iteration · batch … iteration · batch + batch − 1` of the shuffled order, taken modulo the
 * stream length, so a stream shorter than the batch repeats its shuffled order.
 * @param order the stream's shuffled row order for this epoch
 * @param iteration 0-based iteration within the epoch
 * @param batchSize rows per batch
 * @returns `batchSize` row indices into the stream
 */
export function batchRows(order: Int32Array, iteration: number, batchSize: number): Int32Array {
  const out = new Int32Array(batchSize);
  const n = order.length;
  const start = iteration * batchSize;
  for (let r = 0; r < batchSize; r++) out[r] = order[(start + r) % n];
  return out;
}
