#!/usr/bin/env bash
# SMAX on one CPU core, side by side in one run: JaxMARL's SMAX on JAX's CPU backend
# (bench/compare/jaxmarl_smax.py) then Agora (`agora bench`), same maps and batch sizes, random
# legal actions, heuristic enemy, world state computed by both. Needs
# `pip install jaxmarl==0.2.0 "jax[cpu]"` and a built Agora.
#   bench/compare/smax_cpu.sh [MAPS] [BATCHES] [CORE]
set -euo pipefail
maps=${1:-3m,2s3z,27m_vs_30m}
batches=${2:-1,1024}
core=${3:-0}
here=$(dirname "$0")
agora=${AGORA:-$here/../../build/bin/agora}
taskset -c "$core" python3 "$here/jaxmarl_smax.py" --maps "$maps" --envs "$batches" 2>&1 | grep -v "ubmodule"
envs=$(sed 's/\([^,]*\)/smax\/\1/g' <<<"$maps")
taskset -c "$core" "$agora" bench --envs "$envs" --batch-sizes "$batches" --threads 1 --seconds 2 | grep "^smax"
