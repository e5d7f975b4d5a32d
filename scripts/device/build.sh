#!/usr/bin/env bash
# Prepares what the GPU machine needs (run here, before the device tool's `run`):
#   .device/gpu_bench.js  the GPU benchmark bundled into one file (deno bundle; npm packages inside)
#   .device/*.wasm        the tfjs wasm binaries (the bundle cannot find them in node_modules)
#   .device/deno.xz       this machine's Deno binary, xz-compressed (the GPU machine has no Deno)
# .device/ is git-ignored; name it in the device tool's `carry`. See BENCHMARKS.md.
set -euo pipefail
cd "$(dirname "$0")/../.."
mkdir -p .device
deno bundle --platform deno -o .device/gpu_bench.js scripts/device/gpu_bench.ts
cp node_modules/@tensorflow/tfjs-backend-wasm/dist/*.wasm .device/
deno_bin="$(readlink -f "$(command -v deno)")"
if [[ ! -f .device/deno.xz || "$deno_bin" -nt .device/deno.xz ]]; then
  xz -T2 -6 -c "$deno_bin" > .device/deno.xz.tmp
  mv .device/deno.xz.tmp .device/deno.xz
fi
deno --version | head -1 > .device/deno.version
ls -l .device
