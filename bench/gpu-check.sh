#!/usr/bin/env bash
# On a machine with a real GPU: the WebGPU suites against the CPU reference on the hardware adapter
# (Dawn's Vulkan backend in Node), then the step and matmul benchmark of the webgpu and wasm backends
# against PyTorch on CUDA and on the CPU, in the same run. Needs node_modules (npm ci), Vulkan drivers
# (libvulkan1 and the vendor's ICD) and a Python whose torch sees CUDA.
#
#   bash bench/gpu-check.sh [OUT_DIR]      (default: bench/results; replaces OUT_DIR/gpu-check.json)
set -u
cd "$(dirname "$0")/.."
out="${1:-bench/results}"
mkdir -p "$out"
node --import tsx -e "const m = await import('./src/index.ts'); const b = await m.createBackend('webgpu'); console.log('webgpu backend:', b.description); b.destroy(); process.exit(0)" || exit 1
echo "== WebGPU suites (kernel parity, batch of one, training) on this adapter"
GANGRAD_REQUIRE_WEBGPU=1 node node_modules/vitest/vitest.mjs run test/webgpu.test.ts test/kernel-parity.test.ts \
  test/batch-one.test.ts test/training.test.ts test/tabular-train.test.ts -t '[wW]eb[gG][pP][uU]' || exit 1
echo "== benchmark: webgpu and wasm against PyTorch (CUDA and CPU)"
node --import tsx bench/main.ts --backend webgpu,wasm --peers pytorch,pytorch-cuda \
  --batch 256,1024,4096,1024:1024,4096:1024 --matmul 1024,1024,1024/4096,4096,4096 --json "$out/gpu-check.json" --force
