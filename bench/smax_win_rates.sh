#!/usr/bin/env bash
# Win rates of the allies on every smax/* map against JaxMARL's heuristic enemy (closest-target
# mode), for allies that play the same heuristic and for uniformly random legal allies.
#   bench/smax_win_rates.sh [ENVS] [STEPS]   (defaults 256 envs x 1010 steps: >= 2,560 episodes)
set -euo pipefail
agora=${AGORA:-build/bin/agora}
envs=${1:-256}
steps=${2:-1010}
echo "| map | heuristic vs heuristic: win / draw / loss | random vs heuristic: win / draw / loss | episodes (h, r) |"
echo "|---|---|---|---|"
for map in 3m 8m 25m 2s3z 3s5z 5m_vs_6m 10m_vs_11m 27m_vs_30m 3s5z_vs_3s6z 3s_vs_5z 6h_vs_8z \
           smacv2_5_units smacv2_10_units smacv2_20_units; do
  row="| $map"
  counts=""
  for policy in smax_heuristic random; do
    out=$("$agora" rollout "smax/$map" --num-envs "$envs" --steps "$steps" --seed 1 --policy "$policy")
    win=$(awk '/mean win/ {print $3}' <<<"$out")
    draw=$(awk '/mean draw/ {print $3}' <<<"$out")
    loss=$(awk '/mean loss/ {print $3}' <<<"$out")
    episodes=$(awk '/^episodes/ {print $2}' <<<"$out" | tr -d ,)
    row="$row | $win / $draw / $loss"
    counts="$counts${counts:+, }$episodes"
  done
  echo "$row | $counts |"
done
