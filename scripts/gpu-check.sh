#!/usr/bin/env bash
# On a machine with a GPU and nvcc but no package registry: build Agora from the carried
# dependencies (scripts/carry-deps.sh), run the GPU tests (CPU-vs-CUDA parity, device error
# flag), SMAX on the GPU beside JaxMARL's SMAX on the same GPU, then the CUDA benchmark of every
# game. Outputs go to ${OUT:-gpu-out}/. A lent device's time is short, so the most wanted
# figures come first and the long parts are time-boxed (JAX_SECONDS, BENCH_SECONDS); each
# part's output is written line by line, so what a cut-off part measured is kept. PARTS picks
# the parts after the build (default: all), e.g. `PARTS="tests smax" scripts/gpu-check.sh`, then
# `PARTS="jaxmarl bench"` in a second call to stay under a per-command time limit.
set -euo pipefail
carry="${CARRY:-.carry}"
out="${OUT:-gpu-out}"
parts=" ${PARTS:-tests smax jaxmarl bench} "
mkdir -p "$out"
nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv | tee "$out/gpu.txt"
cmake -S . -B build-gpu -DCMAKE_BUILD_TYPE=Release -DAGORA_HEADERS_DIR="$PWD/$carry/include" \
  -DAGORA_GTEST_SOURCE_DIR="$PWD/$carry/googletest" -DCMAKE_DISABLE_FIND_PACKAGE_Torch=ON \
  -DAGORA_CUDA_ARCHS="${AGORA_CUDA_ARCHS:-90}" | tee "$out/configure.txt"
cmake --build build-gpu -j "$(nproc)" --target agora agora_gpu_tests 2>&1 | tail -n 20
# A failing parity test is recorded, not fatal: the benchmarks below still use the device time.
if [[ "$parts" == *" tests "* ]]; then
  (cd build-gpu && ctest -L gpu --output-on-failure) 2>&1 | tee "$out/gpu-tests.txt" ||
    echo "GPU TESTS FAILED: see $out/gpu-tests.txt" | tee -a "$out/gpu-tests.txt"
fi
# Thread mappings (issue 5): a thread per env; the outputs by a thread per agent; the rules by
# a team of warp lanes per env (SMAX's team step, units as lanes) and the outputs by agent; the
# automatic block size (128, fewer at small batches) and 256.
if [[ "$parts" == *" smax "* ]]; then
  build-gpu/bin/agora bench --envs smax/3m,smax/2s3z,smax/27m_vs_30m --devices cuda \
    --batch-sizes 1024,4096,16384,65536 --thread-mappings env,agent,warp --cuda-block-threads 0,256 \
    --seconds "${SECONDS_PER_POINT:-0.5}" \
    --json "$out/smax-bench.json" --markdown "$out/smax-bench.md" 2>&1 | tee "$out/smax-bench.txt"
fi
# JaxMARL's SMAX on the same GPU: JAX is on the lent machine; jaxmarl itself is carried as a
# wheel in $CARRY/wheels when scripts/carry-deps.sh could fetch it. Every map and batch size is
# a compilation of its own, so the maps go smallest first.
if [[ "$parts" == *" jaxmarl "* ]] && ls "$carry"/wheels/jaxmarl-*.whl > /dev/null 2>&1; then
  pip install --no-deps --no-index "$carry"/wheels/*.whl > "$out/pip.txt" 2>&1 || true
fi
if [[ "$parts" == *" jaxmarl "* ]] && python3 -c "import jaxmarl" 2> /dev/null; then
  timeout "${JAX_SECONDS:-300}" python3 -u bench/compare/jaxmarl_smax.py --maps 3m,2s3z,27m_vs_30m \
    --envs 1024,4096,16384,65536 2>&1 | grep --line-buffered -v ubmodule | tee "$out/jaxmarl-smax.txt" ||
    echo "JAXMARL RUN CUT OFF OR FAILED after ${JAX_SECONDS:-300} s" | tee -a "$out/jaxmarl-smax.txt"
fi
if [[ "$parts" == *" bench "* ]]; then
  timeout "${BENCH_SECONDS:-240}" build-gpu/bin/agora bench --devices cpu,cuda --seconds "${SECONDS_PER_POINT:-0.5}" \
    --json "$out/bench.json" --markdown "$out/bench.md" 2>&1 | tee "$out/bench.txt" ||
    echo "GENERAL BENCH CUT OFF OR FAILED after ${BENCH_SECONDS:-240} s" | tee -a "$out/bench.txt"
fi
