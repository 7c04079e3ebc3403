#!/usr/bin/env bash
# On a machine with a GPU and nvcc but no package registry: build Agora from the carried
# dependencies (scripts/carry-deps.sh), run the GPU tests (CPU-vs-CUDA parity, device error
# flag) and the CUDA benchmark. Outputs go to ${OUT:-gpu-out}/.
set -euo pipefail
carry="${CARRY:-.carry}"
out="${OUT:-gpu-out}"
mkdir -p "$out"
nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv | tee "$out/gpu.txt"
cmake -S . -B build-gpu -DCMAKE_BUILD_TYPE=Release -DAGORA_HEADERS_DIR="$PWD/$carry/include" \
  -DAGORA_GTEST_SOURCE_DIR="$PWD/$carry/googletest" -DCMAKE_DISABLE_FIND_PACKAGE_Torch=ON \
  -DAGORA_CUDA_ARCHS="${AGORA_CUDA_ARCHS:-90}" | tee "$out/configure.txt"
cmake --build build-gpu -j "$(nproc)" 2>&1 | tail -n 20
(cd build-gpu && ctest -L gpu --output-on-failure) 2>&1 | tee "$out/gpu-tests.txt"
build-gpu/bin/agora bench --devices cpu,cuda --seconds "${SECONDS_PER_POINT:-0.5}" \
  --json "$out/bench.json" --markdown "$out/bench.md" 2>&1 | tee "$out/bench.txt"
