/**
 * Memory over a training run (issue 6): trains one quick-profile CycleGAN model (λ_cls = 2, so C is
 * in the loop) on the bundled corpora and samples `tf.memory().numTensors`, `tf.memory().numBytes`
 * and the process RSS after every training epoch. A loop that leaks grows in one of them from
 * epoch to epoch; the record gives the first and last sample after a warm-up and the growth.
 *
 * Peak RSS of a whole quick reproduction is measured from outside the process
 * (`/usr/bin/time -v deno task reproduce`, see BENCHMARKS.md): it needs a fresh cache to mean
 * anything.
 * @module
 */
import * as tf from "@tensorflow/tfjs-core";
import { initBackend } from "../lib/backend.ts";
import { loadCorpus } from "../lib/data/mod.ts";
import { resolveConfig } from "../lib/models/config.ts";
import { synthesize } from "../lib/training/synthesize.ts";
import type { Benchmark } from "./types.ts";

interface Sample {
  readonly epoch: number;
  readonly tensors: number;
  readonly bytes: number;
  readonly rss: number;
}

const MB = 1024 * 1024;

/** Yields one `train_memory` record. */
export const benchmarks: Benchmark = async function* ({ quick }) {
  const backend = await initBackend("wasm");
  const [labelled, source] = await Promise.all([loadCorpus("emodb"), loadCorpus("librispeech")]);
  const epochs = quick ? 40 : 100;
  const warmup = 5;
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
        rss: Deno.memoryUsage().rss,
      });
    },
  });
  const first = samples[warmup - 1], last = samples[samples.length - 1];
  const span = last.epoch - first.epoch;
  yield {
    name: "train_memory",
    backend: backend.name,
    kernels: backend.kernels,
    profile: "quick",
    epochs,
    warmup_epochs: warmup,
    tensors_first: first.tensors,
    tensors_last: last.tensors,
    tensors_max: Math.max(...samples.slice(warmup - 1).map((s) => s.tensors)),
    tensor_mb_first: +(first.bytes / MB).toFixed(2),
    tensor_mb_last: +(last.bytes / MB).toFixed(2),
    rss_mb_first: +(first.rss / MB).toFixed(1),
    rss_mb_last: +(last.rss / MB).toFixed(1),
    rss_mb_peak_sampled: +(Math.max(...samples.map((s) => s.rss)) / MB).toFixed(1),
    rss_growth_mb_per_100_epochs: +((last.rss - first.rss) / MB / span * 100).toFixed(2),
  };
};

if (import.meta.main) {
  for await (const record of benchmarks({ quick: Deno.args.includes("--quick") })) {
    console.log(JSON.stringify(record));
  }
}
