#!/usr/bin/env bash
# The learning experiments of bench/RESULTS.md ("Training"): each trains a shipped scenario
# into runs/experiments/<name>/ and evaluates its final checkpoint (sampled and greedy).
#   bench/train_experiments.sh [SCENARIO[:STEPS] ...]   (default: all, at their budgets below)
set -euo pipefail
agora=${AGORA:-build/bin/agora}
out=${OUT:-runs/experiments}
runs=("$@")
[ ${#runs[@]} -gt 0 ] || runs=(smax_3m smax_2s3z:3000000 matrix_ipd:1000000 commons_fishery:1000000 hanabi_2p:2000000)
for run in "${runs[@]}"; do
  name=${run%%:*}
  steps=${run#*:}
  [ "$steps" != "$run" ] || steps=""
  dir="$out/$name"
  rm -rf "$dir"
  "$agora" train "scenarios/$name.json" --out "$dir" ${steps:+--steps "$steps"} 2>&1 | grep -v '^\[' || true
  "$agora" eval "$dir" --episodes 512
  "$agora" eval "$dir" --episodes 512 --greedy
done
