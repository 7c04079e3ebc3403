#!/usr/bin/env bash
# SMAX on one CPU core, side by side in one run: JaxMARL's SMAX on JAX's CPU backend
# (bench/compare/jaxmarl_smax.py) then Agora (`agora bench`), same maps and batch sizes, random
# legal actions, heuristic enemy, world state computed by both. Needs
# `pip install jaxmarl==0.2.0 "jax[cpu]"` and a built Agora.
#   bench/compare/smax_cpu.sh [MAPS] [BATCHES] [CORE] [OBSERVATION_TYPE: unit_list or conic]
set -euo pipefail
maps=${1:-3m,2s3z,27m_vs_30m}
batches=${2:-1,1024}
core=${3:-0}
observation=${4:-unit_list}
here=$(dirname "$0")
agora=${AGORA:-$here/../../build/bin/agora}
taskset -c "$core" python3 "$here/jaxmarl_smax.py" --maps "$maps" --envs "$batches" --observation-type "$observation" 2>&1 |
  grep -v "ubmodule"
envs=$(sed 's/\([^,]*\)/smax\/\1/g' <<<"$maps")
config=$(mktemp --suffix=.json)
trap 'rm -f "$config"' EXIT
echo "{\"observation_type\": \"$observation\"}" >"$config"
taskset -c "$core" "$agora" bench --envs "$envs" --batch-sizes "$batches" --threads 1 --seconds 2 --config "$config" | grep "^smax"
