/**
 * Memory over a training run (issue 6): trains one quick-profile CycleGAN model (λ_cls = 2, so C is
 * in the loop) on the bundled corpora and samples `tf.memory().numTensors`, `tf.memory().numBytes`
 * the size of the wasm heap and the process RSS after every training epoch. A loop that leaks
 * grows in one of them from epoch to epoch. RSS also moves with the JavaScript garbage collector
 * (tens of MB either way), so the record compares the median RSS of the two halves of the run
 * after a warm-up of a quarter of the epochs, rather than two single samples.
 *
 * Peak RSS of a whole quick reproduction is measured from outside the process
 * (`/usr/bin/time -v deno task reproduce`, see BENCHMARKS.md): it needs a fresh cache to mean
 * anything.
 * @module
 */
import * as tf from "@tensorflow/tfjs-core";
import * as ss from "simple-statistics";
import { initBackend } from "../lib/backend.ts";
import { loadCorpus } from "../lib/data/mod.ts";
import { resolveConfig } from "../lib/models/config.ts";
import { synthesize } from "../lib/training/synthesize.ts";
import type { Benchmark } from "./types.ts";

interface Sample {
  readonly epoch: number;
  readonly tensors: number;
  readonly bytes: number;
  readonly wasmHeap: number;
  readonly rss: number;
}

/** Size of the wasm backend's heap in bytes, or 0 on other backends. */
function wasmHeapBytes(): number {
  const backend = tf.backend() as unknown as { wasm?: { HEAPU8: Uint8Array } };
  return backend.wasm?.HEAPU8.length ?? 0;
}

const MB = 1024 * 1024;

/** Yields one `train_memory` record. */
export const benchmarks: Benchmark = async function* ({ quick }) {
  const backend = await initBackend("wasm");
  const [labelled, source] = await Promise.all([loadCorpus("emodb"), loadCorpus("librispeech")]);
  const epochs = quick ? 40 : 100;
  const warmup = Math.round(epochs / 4);
  const samples: Sample[] = [];
  await synthesize(labelled, source, {
    config: resolveConfig({ lambdaCls: 2, epochs, pretrainEpochs: 5 }, "quick"),
    seed: 1,
    onProgress: (p) => {
      if (p.phase !== "train") return;
      const m = tf.memory();
      samples.push({
        epoch: p.epoch,
        tensors: m.numTensors,
        bytes: m.numBytes,
        wasmHeap: wasmHeapBytes(),
        rss: Deno.memoryUsage().rss,
      });
    },
  });
  const steady = samples.slice(warmup);
  const half = Math.floor(steady.length / 2);
  const rssMedian = (part: Sample[]) => ss.median(part.map((x) => x.rss)) / MB;
  const first = steady[0], last = steady[steady.length - 1];
  yield {
    name: "train_memory",
    backend: backend.name,
    kernels: backend.kernels,
    profile: "quick",
    epochs,
    warmup_epochs: warmup,
    tensors_first: first.tensors,
    tensors_last: last.tensors,
    tensors_max: Math.max(...steady.map((x) => x.tensors)),
    tensor_mb_first: +(first.bytes / MB).toFixed(2),
    tensor_mb_last: +(last.bytes / MB).toFixed(2),
    wasm_heap_mb_first: +(first.wasmHeap / MB).toFixed(1),
    wasm_heap_mb_last: +(last.wasmHeap / MB).toFixed(1),
    rss_mb_median_first_half: +rssMedian(steady.slice(0, half)).toFixed(1),
    rss_mb_median_second_half: +rssMedian(steady.slice(half)).toFixed(1),
    rss_mb_peak_sampled: +(Math.max(...samples.map((x) => x.rss)) / MB).toFixed(1),
  };
};

if (import.meta.main) {
  for await (const record of benchmarks({ quick: Deno.args.includes("--quick") })) {
    console.log(JSON.stringify(record));
  }
}
