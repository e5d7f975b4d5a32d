#!/usr/bin/env bash
# Runs on the GPU machine (device tool), from the repository root:
#   bash scripts/device/run_gpu.sh [ITERATIONS]
# Needs .device/ from scripts/device/build.sh (carried), and for WebGPU the Vulkan loader
# (.gl/*.deb, carried; see BENCHMARKS.md). Writes to $OUT (or out/gpu when unset):
#   gpu.txt (nvidia-smi), webgpu_tiny.jsonl + webgpu.jsonl (Deno WebGPU), torch_cuda.jsonl
#   (PyTorch CUDA), wasm.jsonl, log.txt
set -uo pipefail
cd "$(dirname "$0")/../.."
out="${OUT:-out/gpu}"
mkdir -p "$out"
iters="${1:-10}"
exec > >(tee "$out/log.txt") 2>&1

if compgen -G ".gl/*.deb" > /dev/null; then
  for f in .gl/*.deb; do dpkg -x "$f" /; done
  ldconfig
fi
if [[ -f /usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json ]]; then
  export VK_DRIVER_FILES=/usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json
  export __EGL_VENDOR_LIBRARY_FILENAMES=/usr/local/nvidia/share/glvnd/egl_vendor.d/10_nvidia.json
fi

nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader | tee "$out/gpu.txt"
lscpu | grep -E "Model name|^CPU\(s\)" | tee -a "$out/gpu.txt"

mkdir -p /tmp/deno-bin
xz -dc .device/deno.xz > /tmp/deno-bin/deno && chmod +x /tmp/deno-bin/deno
/tmp/deno-bin/deno --version | head -1

echo "== WebGPU (Deno), tiny model: does the path run on this adapter? =="
timeout 120 /tmp/deno-bin/deno run -A .device/gpu_bench.js --backends webgpu --tiny \
  --iterations 2 --warmup 1 | tee "$out/webgpu_tiny.jsonl"

echo "== WebGPU (Deno) =="
timeout 420 /tmp/deno-bin/deno run -A .device/gpu_bench.js --backends webgpu \
  --iterations "$iters" --warmup 2 | tee "$out/webgpu.jsonl"

echo "== PyTorch CUDA =="
PYTHONUNBUFFERED=1 timeout 120 python3 scripts/device/torch_quad_step_cuda.py 20 64 \
  | tee "$out/torch_cuda.jsonl"

echo "== wasm (CPU reference on the GPU machine: OpenBLAS if libopenblas.so.0 is there, else the portable kernels) =="
timeout 300 /tmp/deno-bin/deno run -A .device/gpu_bench.js --backends wasm \
  --iterations 2 --warmup 1 | tee "$out/wasm.jsonl"
