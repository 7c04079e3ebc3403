#pragma once
// Scripted football players for football/* envs, acting through GRF's 19 actions only:
//
//   run_and_shoot  with the ball: sprint at the goal and shoot from 0.25 away; without it: run
//                  at the ball. Solves the empty-goal and run-to-score academy scenarios.
//   builtin        the built-in AI's decision for the agent's player (the game's own script),
//                  turned into the one action that best expresses it (kick, else the sprint
//                  toggle it needs, else the direction).
#include <cstdint>

#include "core/philox.h"
#include "envs/football/football.h"

namespace agora {
namespace football_bots {

enum class Bot { kRunAndShoot, kBuiltin };

/// GRF direction action (1..8) nearest to (dx, dy); 0 for a zero vector.
int direction_action(float dx, float dy);

/// The action `bot` picks for agent `agent` of `s`.
int choose(Bot bot, const FootballGame::State& s, const FootballGame::Config& c, int agent, Rng& rng);

}  // namespace football_bots
}  // namespace agora
