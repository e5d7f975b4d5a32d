/**
 * Generation of synthetic feature vectors (paper Sec. 4.2, METHOD_NOTES "Data handling"): G_i,
 * with dropout off, applied to the source rows for every emotion i, in chunks so that a large
 * source (4 × 92,973 rows in the paper) never has to sit on the device at once.
 * @module
 */
import * as tf from "@tensorflow/tfjs-core";
import type { NCycleGanModel } from "../models/ncyclegan.ts";
import type { Rng } from "../random.ts";

/** Default rows per generation chunk. */
export const DEFAULT_GENERATION_CHUNK_ROWS = 4096;

/** Options of {@linkcode generateRows}. */
export interface GenerateOptions {
  /** Rows sent through G_i at once (default 4096). */
  readonly chunkRows?: number;
  /**
   * Rows per emotion: `null` or absent takes every source row for every emotion; a number k takes
   * k source rows per emotion, drawn without replacement with `rng` (a separate draw per emotion).
   */
  readonly perClass?: number | null;
  /** Generator for the subsampling (required when `perClass` is set). */
  readonly rng?: Rng;
  /** Stops between chunks; the call rejects with the signal's reason. */
  readonly signal?: AbortSignal;
  /** Called after each chunk with rows done and rows in total. */
  readonly onChunk?: (done: number, total: number) => void;
}

/** Generated rows, emotion by emotion (all rows of emotion 0 first). */
export interface GeneratedRows {
  /** Row-major values in the target corpus's scaled units, `rows × cols`. */
  readonly data: Float32Array;
  /** Number of rows. */
  readonly rows: number;
  /** Features per row. */
  readonly cols: number;
  /** For each row, the source row it was generated from. */
  readonly sourceRow: Int32Array;
  /** For each row, its emotion i (the G_i that generated it). */
  readonly label: Int32Array;
}

/**
 * Applies G_i (dropout off) to source rows for every emotion i, chunk by chunk.
 * @param model the trained model
 * @param source scaled source rows, row-major, `n × model.inputDim`
 * @param options chunk size, balanced subsampling, cancellation and progress
 * @returns the generated rows with their source row and emotion
 * @throws {RangeError} for a bad chunk size, a `perClass` above the number of source rows, or
 *   source data of the wrong width
 */
export async function generateRows(
  model: NCycleGanModel,
  source: Float32Array,
  options: GenerateOptions = {},
): Promise<GeneratedRows> {
  const cols = model.inputDim;
  if (source.length % cols !== 0) {
    throw new RangeError(
      `Source data must hold whole rows of ${cols} values, found ${source.length} values`,
    );
  }
  const n = source.length / cols;
  const chunkRows = options.chunkRows ?? DEFAULT_GENERATION_CHUNK_ROWS;
  if (!Number.isInteger(chunkRows) || chunkRows < 1) {
    throw new RangeError(`Chunk size must be a positive integer, found ${chunkRows}`);
  }
  const perClass = options.perClass ?? null;
  if (perClass !== null) {
    if (!Number.isInteger(perClass) || perClass < 1 || perClass > n) {
      throw new RangeError(
        `Rows per class must be an integer in [1, ${n}] (the number of source rows), found ${perClass}`,
      );
    }
    if (options.rng === undefined) {
      throw new TypeError("Balanced subsampling (perClass) needs a seeded rng, found none");
    }
  }
  const selections: Int32Array[] = [];
  for (let i = 0; i < model.numClasses; i++) {
    if (perClass === null) {
      selections.push(Int32Array.from({ length: n }, (_, r) => r));
    } else {
      selections.push(options.rng!.permutation(n).slice(0, perClass).sort());
    }
  }
  const total = selections.reduce((a, s) => a + s.length, 0);
  const data = new Float32Array(total * cols);
  const sourceRow = new Int32Array(total);
  const label = new Int32Array(total);
  let done = 0;
  for (let i = 0; i < model.numClasses; i++) {
    const rows = selections[i];
    const g = model.gans[i].g;
    for (let start = 0; start < rows.length; start += chunkRows) {
      if (options.signal?.aborted) {
        throw options.signal.reason ?? new DOMException("Generation was aborted", "AbortError");
      }
      const count = Math.min(chunkRows, rows.length - start);
      const chunk = new Float32Array(count * cols);
      for (let k = 0; k < count; k++) {
        const r = rows[start + k];
        chunk.set(source.subarray(r * cols, (r + 1) * cols), k * cols);
        sourceRow[done + k] = r;
        label[done + k] = i;
      }
      const out = tf.tidy(() => g.apply(tf.tensor2d(chunk, [count, cols]), null));
      try {
        data.set((await out.data()) as Float32Array, done * cols);
      } finally {
        out.dispose();
      }
      done += count;
      options.onChunk?.(done, total);
    }
  }
  return { data, rows: total, cols, sourceRow, label };
}
