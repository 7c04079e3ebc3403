#pragma once
// toy/gather: two agents on a square grid race for a coin. A tiny simultaneous-move game that
// exercises the batched runtime (randomness, masks, termination and truncation) until the
// real games land; it is not a benchmark of anything.
//
// Rules: agents start on random cells and the coin on a random free cell. Each step both
// agents move at once (0 stay, 1 up, 2 down, 3 left, 4 right; moves off the grid are
// illegal). Every agent standing on the coin gets reward 1 and the coin reappears on a
// random cell free of agents. The episode terminates once `coins` coins have been collected
// and is truncated after `max_steps` steps. Score: coins collected.
// Observation (6): own x, own y, other agent dx, dy, coin dx, dy, all divided by grid - 1.
// World state (8): both positions, coin position (divided by grid - 1), coins collected by
// each agent divided by `coins`.
#include <cstdint>
#include <string>

#include "core/config.h"
#include "core/env_spec.h"
#include "core/game_traits.h"
#include "core/hd.h"
#include "core/philox.h"

namespace agora {
namespace toy {

struct Gather {
  struct Config {
    int grid;
    int coins;
    int max_steps;
  };
  struct State {
    int8_t x[2], y[2];
    int8_t coin_x, coin_y;
    int16_t collected[2];
  };
  static constexpr int kAgents = 2, kActions = 5, kObs = 6, kWorld = 8;

  static Config load_config(ConfigReader& r) {
    Config c;
    c.grid = r.get_int("grid", 5, 2, 64);
    c.coins = r.get_int("coins", 5, 1, 1000);
    c.max_steps = r.get_int("max_steps", 50, 1, 1000000);
    return c;
  }

  static EnvSpec spec(const Config& c) {
    EnvSpec s;
    s.num_agents = kAgents;
    s.obs_dim = kObs;
    s.state_dim = kWorld;
    s.num_actions = kActions;
    s.turn_based = false;
    s.max_steps = c.max_steps;
    return s;
  }

  static const char* check_state(const State& s, const Config& c) {
    StateCheck check;
    for (int a = 0; a < kAgents; ++a) {
      check.need(s.x[a] >= 0 && s.x[a] < c.grid && s.y[a] >= 0 && s.y[a] < c.grid, "agent off the grid");
      check.need(s.collected[a] >= 0, "negative coin count");
    }
    check.need(s.coin_x >= 0 && s.coin_x < c.grid && s.coin_y >= 0 && s.coin_y < c.grid, "coin off the grid");
    return check.reason;
  }

  static std::string describe(const State& s, const Config& c, int agent) {
    return "Grid " + std::to_string(c.grid) + "x" + std::to_string(c.grid) + ": you are at (" + std::to_string(s.x[agent]) +
           ", " + std::to_string(s.y[agent]) + "), the other agent at (" + std::to_string(s.x[1 - agent]) + ", " +
           std::to_string(s.y[1 - agent]) + "), the coin at (" + std::to_string(s.coin_x) + ", " +
           std::to_string(s.coin_y) + "). Coins: you " + std::to_string(s.collected[agent]) + ", other " +
           std::to_string(s.collected[1 - agent]) + ".";
  }

  AGORA_HD static void place_coin(State& s, const Config& c, Rng& rng) {
    // Draw uniformly among cells without an agent: count them, pick the k-th.
    const int occupied = (s.x[0] == s.x[1] && s.y[0] == s.y[1]) ? 1 : 2;
    int k = static_cast<int>(rng.uniform_int(static_cast<uint32_t>(c.grid * c.grid - occupied)));
    for (int cell = 0; cell < c.grid * c.grid; ++cell) {
      const int cx = cell % c.grid, cy = cell / c.grid;
      if ((cx == s.x[0] && cy == s.y[0]) || (cx == s.x[1] && cy == s.y[1])) continue;
      if (k-- == 0) {
        s.coin_x = static_cast<int8_t>(cx);
        s.coin_y = static_cast<int8_t>(cy);
        return;
      }
    }
  }

  AGORA_HD static void reset(State& s, const Config& c, Rng& rng) {
    for (int a = 0; a < kAgents; ++a) {
      s.x[a] = static_cast<int8_t>(rng.uniform_int(c.grid));
      s.y[a] = static_cast<int8_t>(rng.uniform_int(c.grid));
      s.collected[a] = 0;
    }
    place_coin(s, c, rng);
  }

  AGORA_HD static StepResult step(State& s, const Config& c, const int32_t* actions, float* rewards, Rng& rng) {
    const int dx[kActions] = {0, 0, 0, -1, 1}, dy[kActions] = {0, -1, 1, 0, 0};
    bool taken = false;
    for (int a = 0; a < kAgents; ++a) {
      s.x[a] = static_cast<int8_t>(s.x[a] + dx[actions[a]]);
      s.y[a] = static_cast<int8_t>(s.y[a] + dy[actions[a]]);
      if (s.x[a] == s.coin_x && s.y[a] == s.coin_y) {
        rewards[a] = 1.0f;
        ++s.collected[a];
        taken = true;
      }
    }
    StepResult r;
    const int total = s.collected[0] + s.collected[1];
    r.terminated = total >= c.coins;
    r.score = static_cast<float>(total);
    if (taken && !r.terminated) place_coin(s, c, rng);
    return r;
  }

  AGORA_HD static void observe(const State& s, const Config& c, int agent, float* obs) {
    const float scale = 1.0f / static_cast<float>(c.grid - 1);
    const int other = 1 - agent;
    obs[0] = s.x[agent] * scale;
    obs[1] = s.y[agent] * scale;
    obs[2] = (s.x[other] - s.x[agent]) * scale;
    obs[3] = (s.y[other] - s.y[agent]) * scale;
    obs[4] = (s.coin_x - s.x[agent]) * scale;
    obs[5] = (s.coin_y - s.y[agent]) * scale;
  }

  AGORA_HD static void legal(const State& s, const Config& c, int agent, uint8_t* mask) {
    mask[0] = 1;
    mask[1] = s.y[agent] > 0;
    mask[2] = s.y[agent] < c.grid - 1;
    mask[3] = s.x[agent] > 0;
    mask[4] = s.x[agent] < c.grid - 1;
  }

  AGORA_HD static void world_state(const State& s, const Config& c, float* out) {
    const float scale = 1.0f / static_cast<float>(c.grid - 1);
    out[0] = s.x[0] * scale;
    out[1] = s.y[0] * scale;
    out[2] = s.x[1] * scale;
    out[3] = s.y[1] * scale;
    out[4] = s.coin_x * scale;
    out[5] = s.coin_y * scale;
    out[6] = s.collected[0] / static_cast<float>(c.coins);
    out[7] = s.collected[1] / static_cast<float>(c.coins);
  }
};

}  // namespace toy
}  // namespace agora
