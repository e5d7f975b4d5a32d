/**
 * Assertion helpers shared by the renderer tests.
 * @module
 */
import assert from "node:assert/strict";

/**
 * Asserts that `text` contains `part`, showing the start of `text` when it does not.
 * @param text the text searched
 * @param part the expected substring
 */
export function includes(text: string, part: string): void {
  assert.ok(text.includes(part), `expected ${JSON.stringify(part)} in ${text.slice(0, 300)}…`);
}
