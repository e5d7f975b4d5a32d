import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs-core";
import { BackendUnavailableError, cpuDescription, initBackend, kernelAdvice } from "./backend.ts";
import { uninstallFastKernels } from "./kernels/registry.ts";

Deno.test("initBackend() defaults to wasm with the OpenBLAS kernels and reports the CPU", async () => {
  const info = await initBackend();
  assert.equal(info.name, "wasm");
  assert.equal(tf.getBackend(), "wasm");
  assert.equal(info.kernels, "openblas");
  assert.match(info.device, /cores? \(WebAssembly SIMD/);
  assert.match(info.kernelAdvice.summary, /^Matrix products: OpenBLAS \(libopenblas\.so\.0\)$/);
  assert.equal(info.kernelAdvice.fasterCommand, undefined);
});

Deno.test("initBackend() takes the portable kernels with SER_KERNELS=portable and says so", async () => {
  uninstallFastKernels();
  const before = Deno.env.get("SER_KERNELS");
  Deno.env.set("SER_KERNELS", "portable");
  try {
    const info = await initBackend("wasm");
    assert.equal(info.kernels, "portable");
    assert.equal(info.kernelsReason, "SER_KERNELS=portable");
    const threads = navigator.hardwareConcurrency;
    assert.match(info.device, new RegExp(`matMul on WebAssembly SIMD, ${threads} threads?\\)`));
    assert.match(info.kernelAdvice.summary, /portable WebAssembly SIMD kernels/);
    // Chosen on purpose: no install command is suggested.
    assert.equal(info.kernelAdvice.fasterCommand, undefined);
  } finally {
    if (before === undefined) Deno.env.delete("SER_KERNELS");
    else Deno.env.set("SER_KERNELS", before);
    uninstallFastKernels();
  }
  assert.equal((await initBackend("wasm")).kernels, "openblas");
});

Deno.test("kernelAdvice() gives the install command when no CBLAS library was found", () => {
  const status = {
    kernels: "portable",
    reason: "no CBLAS library could be loaded (libopenblas.so.0: cannot open shared object file)",
  } as const;
  const debian = kernelAdvice(status, 2, "linux", "ID=debian\n");
  assert.equal(debian.fasterCommand, "sudo apt-get install libopenblas0-pthread");
  assert.match(debian.summary, /on 2 threads/);
  assert.equal(kernelAdvice(status, 8, "darwin").fasterCommand, "brew install openblas");
  const noFfi = kernelAdvice(
    { kernels: "portable", reason: "FFI is not permitted (run with --allow-ffi or -A)" },
    2,
    "linux",
    "ID=debian\n",
  );
  assert.equal(noFfi.fasterCommand, undefined);
  assert.match(noFfi.summary, /--allow-ffi/);
});

Deno.test("initBackend() honours the builtin kernel choice and SER_KERNELS=builtin", async () => {
  uninstallFastKernels();
  const info = await initBackend("cpu", { kernels: "builtin" });
  assert.deepStrictEqual([info.name, info.kernels], ["cpu", "builtin"]);
  const before = Deno.env.get("SER_KERNELS");
  Deno.env.set("SER_KERNELS", "builtin");
  try {
    assert.equal((await initBackend("wasm")).kernels, "builtin");
  } finally {
    if (before === undefined) Deno.env.delete("SER_KERNELS");
    else Deno.env.set("SER_KERNELS", before);
  }
  assert.equal((await initBackend("wasm")).kernels, "openblas");
});

Deno.test("initBackend() rejects an unknown name with a RangeError that lists the names", async () => {
  await assert.rejects(
    () => initBackend("webgl" as "wasm"),
    (e: Error) => e instanceof RangeError && /auto, wasm, cpu, webgpu, tensorflow/.test(e.message),
  );
});

Deno.test("initBackend('tensorflow') says how to install tfjs-node when it is missing", async () => {
  await assert.rejects(
    () => initBackend("tensorflow"),
    (e: Error) =>
      e instanceof BackendUnavailableError && /tfjs-node-gpu is not installed/.test(e.message) &&
      /README/.test(e.message),
  );
});

Deno.test("initBackend('auto') never picks the WebGPU fallback adapter", async () => {
  const info = await initBackend("auto");
  if (info.name === "webgpu") assert.doesNotMatch(info.device, /fallback/);
  assert.ok(["webgpu", "tensorflow", "wasm"].includes(info.name));
});

Deno.test("cpuDescription() names the core count", () => {
  assert.match(cpuDescription(), new RegExp(`${navigator.hardwareConcurrency} cores?$`));
});
