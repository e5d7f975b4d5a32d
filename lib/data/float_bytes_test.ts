import assert from "node:assert/strict";
import { Rng } from "../random.ts";
import { isNonFiniteToken, parseFloatBytes } from "./float_bytes.ts";

const enc = new TextEncoder();
const parse = (s: string) => {
  const b = enc.encode(s);
  return parseFloatBytes(b, 0, b.length);
};

Deno.test("parseFloatBytes() reads openSMILE's %e output and plain integers", () => {
  assert.equal(parse("4.358974e-01"), 0.4358974);
  assert.equal(parse("-3.329287e-04"), -0.0003329287);
  assert.equal(parse("1.000000e+00"), 1);
  assert.equal(parse("0.000000e+00"), 0);
  assert.equal(parse("12"), 12);
  assert.equal(parse("-0"), -0);
  assert.equal(parse("+.5"), 0.5);
  assert.equal(parse("7."), 7);
  assert.equal(parse("  2.5E+2 "), 250);
});

Deno.test("parseFloatBytes() reads a number inside a larger buffer by range", () => {
  const b = enc.encode("x;-1.25e+01;y");
  assert.equal(parseFloatBytes(b, 2, 11), -12.5);
});

Deno.test("parseFloatBytes() equals Number.parseFloat on 20,000 random %e and %f strings", () => {
  const rng = new Rng(3);
  for (let i = 0; i < 20000; i++) {
    const mag = Math.pow(10, rng.int(80) - 40) * (rng.float() * 2 - 1);
    const s = i % 3 === 0
      ? mag.toExponential(rng.int(17))
      : i % 3 === 1
      ? mag.toFixed(rng.int(12))
      : String(mag);
    assert.equal(parse(s), Number.parseFloat(s), s);
  }
});

Deno.test("parseFloatBytes() returns NaN for text that is not a number", () => {
  for (const s of ["", "-", ".", "e5", "1e", "1e+", "abc", "1.2.3", "0x10", "?", "1,5"]) {
    assert.ok(Number.isNaN(parse(s)), s);
  }
});

Deno.test("parseFloatBytes() gives NaN and ±Infinity for nan/inf tokens", () => {
  assert.ok(Number.isNaN(parse("nan")));
  assert.ok(Number.isNaN(parse("-nan")));
  assert.equal(parse("inf"), Infinity);
  assert.equal(parse("-inf"), -Infinity);
  assert.equal(parse("1e400"), Infinity);
});

Deno.test("isNonFiniteToken() tells nan/inf spellings from other garbage", () => {
  const t = (s: string) => isNonFiniteToken(enc.encode(s), 0, enc.encode(s).length);
  for (const s of ["nan", "-nan", "NaN", "inf", "-INF", "Infinity", "1.#INF", " nan "]) {
    assert.ok(t(s), s);
  }
  for (const s of ["abc", "1e400", "", "n"]) assert.ok(!t(s), s);
});
