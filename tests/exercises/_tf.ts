/**
 * Shared by the exercise tests: the CPU backend, reading a scalar, comparing numbers.
 * @module
 */
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";

/** Selects TensorFlow.js's plain CPU backend (the same numbers on every machine). */
export async function cpu(): Promise<void> {
  await tf.setBackend("cpu");
  await tf.ready();
}

/**
 * A 2-D float tensor from nested arrays.
 * @param rows the values, row by row
 * @returns the tensor; the caller disposes it
 */
export function m(rows: number[][]): tf.Tensor2D {
  return tf.tensor2d(rows);
}

/**
 * The value of a scalar tensor, which it then disposes.
 * @param t a scalar (or a one-element tensor)
 * @returns its value
 */
export function value(t: tf.Tensor): number {
  assert.equal(t.size, 1, `expected a scalar, found a tensor of shape [${t.shape}]`);
  const v = t.dataSync()[0];
  t.dispose();
  return v;
}

/**
 * Asserts that two numbers agree to a relative and absolute tolerance.
 * @param actual what the code computed
 * @param expected the value by hand
 * @param what what is compared, for the message
 * @param tolerance the largest difference allowed (default 1e-5)
 */
export function near(actual: number, expected: number, what: string, tolerance = 1e-5): void {
  assert.ok(
    Math.abs(actual - expected) <= tolerance * Math.max(1, Math.abs(expected)),
    `${what}: expected ${expected}, found ${actual}`,
  );
}

/** Binary cross-entropy of probability σ(x) against target z, the naive way, in float64. */
export function naiveBce(x: number, z: number): number {
  const p = 1 / (1 + Math.exp(-x));
  return -(z * Math.log(p) + (1 - z) * Math.log(1 - p));
}

/**
 * Asserts that `fn` leaves no tensor behind besides the one it returns (which it disposes).
 * @param fn builds and returns a tensor from tensors that exist before the call
 */
export function assertNoLeak(fn: () => tf.Tensor): void {
  const before = tf.memory().numTensors;
  fn().dispose();
  assert.equal(tf.memory().numTensors, before, "the function left intermediate tensors behind");
}

export { tf };
