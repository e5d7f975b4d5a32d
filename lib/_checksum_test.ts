import assert from "node:assert/strict";
import { Checksum, checksum } from "./_checksum.ts";

Deno.test("checksum() gives 16 hex digits and the same value for the same bytes", () => {
  const bytes = new Uint8Array(1001).map((_, i) => (i * 37) & 255);
  const a = checksum(bytes);
  assert.match(a, /^[0-9a-f]{16}$/);
  assert.equal(checksum(bytes.slice()), a);
  assert.equal(checksum(bytes.buffer), a);
});

Deno.test("checksum() changes when any single byte changes, at every position", () => {
  const bytes = new Uint8Array(37).map((_, i) => i);
  const seen = new Set([checksum(bytes)]);
  for (let i = 0; i < bytes.length; i++) {
    const changed = bytes.slice();
    changed[i] ^= 0x80;
    seen.add(checksum(changed));
  }
  assert.equal(seen.size, bytes.length + 1);
});

Deno.test("checksum() tells apart lengths, trailing zeros and swapped words", () => {
  const values = [
    new Uint8Array(0),
    new Uint8Array(1),
    new Uint8Array(4),
    new Uint8Array(5),
    new Uint8Array(16),
    new Uint8Array(new Uint32Array([1, 2, 3, 4]).buffer),
    new Uint8Array(new Uint32Array([2, 1, 3, 4]).buffer),
    new Uint8Array(new Uint32Array([1, 2, 3, 4, 0]).buffer),
  ];
  assert.equal(new Set(values.map(checksum)).size, values.length);
});

Deno.test("checksum() catches two sign flips that cancel in a plain xor-multiply hash", () => {
  const x = new Float32Array([1, 2, 3, 4, 5, 6, 7, 8]);
  const y = x.slice();
  y[1] = -y[1];
  y[5] = -y[5];
  assert.notEqual(checksum(y), checksum(x));
});

Deno.test("checksum() reads only the view's own bytes, aligned or not", () => {
  const buffer = new Uint8Array(64).map((_, i) => i * 7);
  for (const offset of [0, 1, 2, 3, 4]) {
    const view = buffer.subarray(offset, offset + 29);
    assert.equal(checksum(view), checksum(view.slice()), `offset ${offset}`);
    assert.equal(checksum(new DataView(buffer.buffer, offset, 29)), checksum(view.slice()));
  }
});

Deno.test("checksum() refuses what is not binary data", () => {
  assert.throws(() => checksum("abc" as unknown as ArrayBuffer), {
    name: "TypeError",
    message: "Checksum expects binary data, found string",
  });
});

Deno.test("Checksum gives the one-shot value whatever the pieces", () => {
  const bytes = new Uint8Array(203).map((_, i) => (i * 101 + 7) & 255);
  const whole = checksum(bytes);
  for (const cuts of [[0], [1], [3, 4, 5], [15, 16, 17], [7, 30, 31, 100, 199], [16, 32, 48]]) {
    const h = new Checksum();
    let from = 0;
    for (const to of [...cuts, bytes.length]) {
      h.update(bytes.subarray(from, to));
      from = to;
    }
    assert.equal(h.digest(), whole, `cuts ${cuts}`);
  }
});

Deno.test("Checksum.digest() leaves the hasher usable", () => {
  const h = new Checksum().update(new Uint8Array([1, 2, 3]));
  assert.equal(h.digest(), checksum(new Uint8Array([1, 2, 3])));
  h.update(new Uint8Array([4]));
  assert.equal(h.digest(), checksum(new Uint8Array([1, 2, 3, 4])));
});
