#pragma once
// toy/nim: two players take turns removing 1..max_take sticks from a pile; whoever takes the
// last stick wins. A tiny turn-based game that exercises acting masks and terminal rewards.
//
// Rules: the pile starts with a uniform random size in [min_pile, max_pile]; player 0 moves
// first. Action k removes k + 1 sticks and is legal while k + 1 <= pile. The winner gets +1,
// the loser -1. Score: 1 when player 0 wins, else 0.
// Observation (max_pile + 3): one-hot pile size (0..max_pile), then [my turn, their turn].
// World state (max_pile + 3): one-hot pile size, then one-hot current player.
#include <cstdint>
#include <string>

#include "core/config.h"
#include "core/env_spec.h"
#include "core/game_traits.h"
#include "core/hd.h"
#include "core/philox.h"

namespace agora {
namespace toy {

struct Nim {
  struct Config {
    int min_pile, max_pile, max_take;
  };
  struct State {
    int32_t pile;
    int32_t player;  // whose turn it is
  };

  static Config load_config(ConfigReader& r) {
    Config c;
    c.min_pile = r.get_int("min_pile", 10, 1, 1000);
    c.max_pile = r.get_int("max_pile", 20, c.min_pile, 1000);
    c.max_take = r.get_int("max_take", 3, 1, 100);
    return c;
  }

  static EnvSpec spec(const Config& c) {
    EnvSpec s;
    s.num_agents = 2;
    s.obs_dim = c.max_pile + 3;
    s.state_dim = c.max_pile + 3;
    s.num_actions = c.max_take;
    s.turn_based = true;
    s.max_steps = c.max_pile;  // every turn removes at least one stick
    return s;
  }

  static const char* check_state(const State& s, const Config& c) {
    StateCheck check;
    check.need(s.pile >= 0 && s.pile <= c.max_pile, "pile out of range");
    check.need(s.player == 0 || s.player == 1, "no such player");
    return check.reason;
  }

  static std::string describe(const State& s, const Config& c, int agent) {
    return std::to_string(s.pile) + " sticks left; " + (s.player == agent ? "your" : "the other player's") +
           " turn; take 1 to " + std::to_string(c.max_take) + ", whoever takes the last stick wins.";
  }

  AGORA_HD static void reset(State& s, const Config& c, Rng& rng) {
    s.pile = c.min_pile + static_cast<int32_t>(rng.uniform_int(static_cast<uint32_t>(c.max_pile - c.min_pile + 1)));
    s.player = 0;
  }

  AGORA_HD static StepResult step(State& s, const Config&, const int32_t* actions, float* rewards, Rng&) {
    s.pile -= actions[s.player] + 1;
    StepResult r;
    if (s.pile == 0) {
      rewards[s.player] = 1.0f;
      rewards[1 - s.player] = -1.0f;
      r.terminated = true;
      r.score = s.player == 0 ? 1.0f : 0.0f;
    }
    s.player = 1 - s.player;
    return r;
  }

  AGORA_HD static void observe(const State& s, const Config& c, int agent, float* obs) {
    for (int i = 0; i <= c.max_pile; ++i) obs[i] = i == s.pile ? 1.0f : 0.0f;
    obs[c.max_pile + 1] = s.player == agent ? 1.0f : 0.0f;
    obs[c.max_pile + 2] = s.player == agent ? 0.0f : 1.0f;
  }

  AGORA_HD static void legal(const State& s, const Config& c, int agent, uint8_t* mask) {
    for (int k = 0; k < c.max_take; ++k) mask[k] = agent == s.player && s.pile > 0 && k + 1 <= s.pile;
  }

  AGORA_HD static void world_state(const State& s, const Config& c, float* out) {
    for (int i = 0; i <= c.max_pile; ++i) out[i] = i == s.pile ? 1.0f : 0.0f;
    out[c.max_pile + 1] = s.player == 0 ? 1.0f : 0.0f;
    out[c.max_pile + 2] = s.player == 1 ? 1.0f : 0.0f;
  }
};

}  // namespace toy
}  // namespace agora
