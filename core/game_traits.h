#pragma once
// Optional parts of the game interface, detected at compile time.
//
// All observations at once: a game that defines
//   AGORA_HD static void observe_all(const State&, const Config&, float* obs);  // [A, obs_dim]
// is asked for every agent's observation in one call instead of one `observe` per agent, so
// it can share work between agents (Hanabi's observers see the same board).
//
// Per-episode metrics: a game that defines
//   static std::vector<std::string> metric_names(const Config&);
//   AGORA_HD static void metrics(const State&, const Config&, float* out);
// has `metrics` called on the final state of every episode; the runtime keeps the values of
// the episode that just ended and their running sums (VecEnv::episode_metrics, EpisodeStats).
//
// State checking: a game that defines
//   static const char* check_state(const State&, const Config&);  // nullptr when valid
// lets states that come from outside (replay files) be checked before its code reads them:
// every index in range, every float finite. A game without it is trusted.
//
// Stepping envs in blocks (CPU): a game that defines
//   static constexpr int kStepBlock = W;
//   static void step_block(State* states, const Config&, const int32_t* actions, float* rewards,
//                          Rng* rngs, const uint8_t* active, StepResult* results);
// is stepped W consecutive envs per call on the CPU ([W] states and rngs, [W, A] actions and
// rewards), so its rules can run across envs in SIMD lanes. Only lanes with active[l] set are
// read or written; each must end exactly as `step` would leave it, bit for bit and draw for draw
// of its Rng. The CUDA backend keeps calling `step`, one env per thread. Such a game may also
// define
//   static void outputs_block(const State* states, const Config&, const uint8_t* active,
//                             const uint8_t* restarted, float* obs, uint8_t* legal,
//                             float* world);  // world may be null
// to write the observations [W, A, O], legal masks [W, A, K] and world states [W, S] of a
// block's active lanes after it stepped, the same values observe/legal/world_state give. The
// runtime calls it on the same thread right after step_block on the same block, so the game may
// take the lanes' values from what its step_block kept instead of re-reading the states, except
// where restarted[l] is set: there a new episode (auto-reset) has replaced the state since.
//
// Stepping an env by a team of threads (ThreadMapping::kWarp): a game that defines
//   struct TeamScratch;  // an env's working memory for one step (GPU: shared memory)
//   AGORA_HD static int team_lanes(const Config&);  // lanes worth giving an env
//   template <class Team>
//   AGORA_HD static StepResult step_team(const Team&, State&, const Config&,
//                                        const int32_t* actions, float* rewards, Rng&,
//                                        TeamScratch&);
// can have each env stepped by a team of lanes (core/team.h: on CUDA team_lanes rounded up to a
// power of two, at most a warp; several teams share a warp), every lane calling
// step_team; it must leave the env exactly as `step` would, and return the result on the
// team's leader lane.
#include <cmath>
#include <string>
#include <type_traits>
#include <vector>

#include "core/env_spec.h"

namespace agora {

template <class Game, class = void>
struct HasMetrics : std::false_type {};
template <class Game>
struct HasMetrics<Game, std::void_t<decltype(&Game::metric_names)>> : std::true_type {};

template <class Game, class = void>
struct HasObserveAll : std::false_type {};
template <class Game>
struct HasObserveAll<Game, std::void_t<decltype(&Game::observe_all)>> : std::true_type {};

template <class Game, class = void>
struct HasStepBlock : std::false_type {};
template <class Game>
struct HasStepBlock<Game, std::void_t<decltype(&Game::step_block)>> : std::true_type {};

template <class Game, class = void>
struct HasStepTeam : std::false_type {};
template <class Game>
struct HasStepTeam<Game, std::void_t<typename Game::TeamScratch>> : std::true_type {};

template <class Game, class = void>
struct HasOutputsBlock : std::false_type {};
template <class Game>
struct HasOutputsBlock<Game, std::void_t<decltype(&Game::outputs_block)>> : std::true_type {};

/// A game that defines `static constexpr bool kEveryAgentActs = true` promises a legal action
/// for every agent in every state (SMAX: stop), so the CPU block step leaves `acting` as the
/// reset wrote it (all 1) instead of recomputing it from the masks.
template <class Game, class = void>
struct EveryAgentActs : std::false_type {};
template <class Game>
struct EveryAgentActs<Game, std::void_t<decltype(Game::kEveryAgentActs)>>
    : std::integral_constant<bool, Game::kEveryAgentActs> {};

template <class Game, class = void>
struct HasCheckState : std::false_type {};
template <class Game>
struct HasCheckState<Game, std::void_t<decltype(&Game::check_state)>> : std::true_type {};

/// Collects the first failed condition of a state check:
///   StateCheck c; c.need(s.pile >= 0, "pile is negative"); return c.reason;
struct StateCheck {
  const char* reason = nullptr;
  void need(bool ok, const char* why) {
    if (!ok && !reason) reason = why;
  }
  /// Finite and within [-limit, limit] (so casts to integers are defined).
  void finite(float v, const char* why, float limit = 1e6f) { need(std::isfinite(v) && std::fabs(v) <= limit, why); }
};

template <class Game>
std::vector<std::string> game_metric_names(const typename Game::Config& cfg) {
  if constexpr (HasMetrics<Game>::value) {
    return Game::metric_names(cfg);
  } else {
    (void)cfg;
    return {};
  }
}

/// Game::spec with the runtime's own fields filled in.
template <class Game>
EnvSpec full_spec(const typename Game::Config& cfg) {
  EnvSpec s = Game::spec(cfg);
  s.num_metrics = static_cast<int>(game_metric_names<Game>(cfg).size());
  return s;
}

}  // namespace agora
