import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs-core";
import { BackendUnavailableError, cpuDescription, initBackend } from "./backend.ts";
import { uninstallFastKernels } from "./kernels/registry.ts";

Deno.test("initBackend() defaults to wasm with the OpenBLAS kernels and reports the CPU", async () => {
  const info = await initBackend();
  assert.equal(info.name, "wasm");
  assert.equal(tf.getBackend(), "wasm");
  assert.equal(info.kernels, "openblas");
  assert.match(info.device, /cores? \(WebAssembly SIMD/);
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
