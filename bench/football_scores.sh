#!/usr/bin/env bash
# Goal difference per episode (and win rate) on every football/* scenario for three left-team
# players: uniformly random actions, the run-and-shoot script, and the built-in AI's decisions
# played through GRF's actions (agents/football_bots.h).
#   bench/football_scores.sh [ENVS] [STEPS]   (defaults 256 envs x 3000 steps)
set -euo pipefail
agora=${AGORA:-build/bin/agora}
envs=${1:-256}
steps=${2:-3000}
echo "| scenario | random: goal diff / win | run_and_shoot | builtin | episodes (r, s, b) |"
echo "|---|---|---|---|---|"
for scenario in 11_vs_11_easy_stochastic 11_vs_11_stochastic 11_vs_11_hard_stochastic \
                academy_empty_goal_close academy_empty_goal academy_run_to_score \
                academy_run_to_score_with_keeper academy_pass_and_shoot_with_keeper \
                academy_run_pass_and_shoot_with_keeper academy_3_vs_1_with_keeper academy_corner \
                academy_counterattack_easy academy_counterattack_hard academy_single_goal_versus_lazy; do
  row="| $scenario"
  counts=""
  for policy in random football_run_and_shoot football_builtin; do
    out=$("$agora" rollout "football/$scenario" --num-envs "$envs" --steps "$steps" --seed 1 --policy "$policy")
    diff=$(awk '/mean goal_difference/ {print $3}' <<<"$out")
    win=$(awk '/mean win/ {print $3}' <<<"$out")
    episodes=$(awk '/^episodes/ {print $2}' <<<"$out" | tr -d ,)
    row="$row | $diff / $win"
    counts="$counts${counts:+, }$episodes"
  done
  echo "$row | $counts |"
done
