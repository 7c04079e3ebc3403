#!/usr/bin/env bash
# Fuzzes the replay reader and the viewer's replay path with libFuzzer (clang, ASan, UBSan).
#
#   scripts/fuzz-replays.sh [SECONDS_PER_TARGET]     (default 120)
#
# Builds in build-fuzz/ (CPU only), seeds each corpus with short replays of every game, runs
# each target for the given time and prints libFuzzer's final statistics; crash inputs are
# left in build-fuzz/crashes/. Exit status: non-zero when a target crashed.
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_PER_TARGET=${1:-120}
BUILD=build-fuzz
SAN="-fsanitize=address,undefined -fno-sanitize-recover=undefined -fsanitize=fuzzer-no-link -g -O1"
cmake -S . -B "$BUILD" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ \
  -DAGORA_ENABLE_CUDA=OFF -DAGORA_BUILD_TESTS=OFF -DAGORA_FUZZ=ON -DCMAKE_DISABLE_FIND_PACKAGE_Torch=ON \
  -DCMAKE_CXX_FLAGS="$SAN" -DCMAKE_EXE_LINKER_FLAGS="-fsanitize=address,undefined" >/dev/null
cmake --build "$BUILD" -j "$(nproc)" --target replay_reader_fuzz replay_viewer_fuzz agora >/dev/null

# Seed corpus: a few steps of every game type, two envs each.
CORPUS="$BUILD/corpus"
mkdir -p "$CORPUS" "$BUILD/crashes"
for env in smax/3m smax/2s3z football/11_vs_11_easy_stochastic football/academy_3_vs_1_with_keeper \
           football/one_sided football/one_sided_22 hanabi/2p matrix/prisoners_dilemma commons/fishery toy/gather toy/nim; do
  "$BUILD/bin/agora" rollout "$env" --num-envs 2 --steps 6 --seed 1 --device cpu \
    --record "$CORPUS/$(echo "$env" | tr / _).agr" >/dev/null
done

status=0
for target in replay_reader_fuzz replay_viewer_fuzz; do
  mkdir -p "$BUILD/corpus_$target"
  cp -n "$CORPUS"/*.agr "$BUILD/corpus_$target/"
  echo "== $target: ${SECONDS_PER_TARGET}s"
  if ! "$BUILD/$target" -max_total_time="$SECONDS_PER_TARGET" -max_len=300000 -rss_limit_mb=4096 -print_final_stats=1 \
       -artifact_prefix="$BUILD/crashes/$target-" "$BUILD/corpus_$target" 2>&1 | tee "$BUILD/$target.log" | \
       grep -E '^(stat::|#[0-9]+ +DONE|==[0-9]+==ERROR|SUMMARY)'; then
    :
  fi
  grep -q -E '==[0-9]+==ERROR|deadly signal|SUMMARY: (Address|Undefined)' "$BUILD/$target.log" && status=1
done
exit $status
