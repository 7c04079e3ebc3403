#pragma once
// commons/*: the GovSim common-pool resource dilemma ("Cooperate or Collapse", Piatti et al.,
// NeurIPS 2024; github.com/giorgiopiatti/GovSim @1d11adf), fishery, pasture and pollution.
//
// Rules (identical in the three scenarios; only the text differs): n agents (5) share a pool
// that starts at `initial` (100). Each month every agent asks, at the same time, for an integer
// amount 0..capacity. If the requests fit in the pool each gets its request; otherwise units
// are handed out one at a time to a uniformly random agent that still wants more, until the
// pool is empty (GovSim's "stochastic" allocation). The reward is what the agent got. If
// fewer than `collapse_below` (5) units remain after harvesting the resource collapses and the
// episode terminates; otherwise the pool doubles, capped at `capacity` (100). The episode
// terminates after `months` (12) months. Layouts and metrics: envs/commons/README.md.
#include <cstdint>
#include <string>
#include <vector>

#include "core/config.h"
#include "core/env_spec.h"
#include "core/hd.h"
#include "core/philox.h"

namespace agora {

struct CommonsGame {
  static constexpr int kMaxAgents = 16;
  enum Scenario : int32_t { kFishery = 0, kPasture = 1, kPollution = 2 };

  struct Config {
    int agents, months, capacity, initial, collapse_below;
    int32_t scenario;
  };
  struct State {
    int32_t pool;                          // units at the start of the current month
    int32_t month;                         // months completed
    int32_t collapsed_month;               // 1-based month of collapse; 0 = none
    int32_t agreed_limit;                  // per-agent limit agreed in conversation; -1 = none
    int32_t last_harvest[kMaxAgents];      // what each agent got last month
    int32_t gain[kMaxAgents];              // total collected by each agent
    int32_t harvest_actions, over_usages;  // agent-months, and those above the sustainable share
  };

  static Config load_config(ConfigReader& r);
  static EnvSpec spec(const Config& c);
  static std::string describe(const State& s, const Config& c, int agent);
  /// Why a state from outside (a replay) is not one of this game's, or nullptr (game_traits.h).
  static const char* check_state(const State& s, const Config& c);
  static std::vector<std::string> metric_names(const Config&) {
    return {"survival_time", "survived", "gain", "efficiency", "equality", "over_usage"};
  }

  /// GovSim's sustainability threshold: (pool // 2) // n units per agent.
  AGORA_HD static int sustainable_share(int pool, const Config& c) { return (pool / 2) / c.agents; }

  AGORA_HD static void reset(State& s, const Config& c, Rng&) {
    s.pool = c.initial;
    s.month = 0;
    s.collapsed_month = 0;
    s.agreed_limit = -1;
    for (int i = 0; i < kMaxAgents; ++i) s.last_harvest[i] = s.gain[i] = 0;
    s.harvest_actions = s.over_usages = 0;
  }

  AGORA_HD static StepResult step(State& s, const Config& c, const int32_t* actions, float* rewards, Rng& rng) {
    const int n = c.agents;
    int32_t got[kMaxAgents];
    int total = 0;
    for (int i = 0; i < n; ++i) total += actions[i];
    if (total <= s.pool) {
      for (int i = 0; i < n; ++i) got[i] = actions[i];
    } else {
      // One unit at a time to a uniformly random agent among those still wanting more. The
      // wanting agents are kept in a compact list, so each unit costs one draw and no scan.
      int32_t want[kMaxAgents], wanting_agents[kMaxAgents];
      int wanting = 0;
      for (int i = 0; i < n; ++i) {
        want[i] = actions[i];
        got[i] = 0;
        if (want[i] > 0) wanting_agents[wanting++] = i;
      }
      // Each draw uses 16 random bits (two per Philox word: the RNG dominated over-requested
      // months), unbiased by Lemire's multiply-and-reject.
      uint32_t half_words = 0;
      int halves = 0;
      auto draw = [&](uint32_t n) -> uint32_t {
        for (;;) {
          if (halves == 0) {
            half_words = rng.next_u32();
            halves = 2;
          }
          const uint32_t m = (half_words & 0xFFFFu) * n, low = m & 0xFFFFu;
          half_words >>= 16;
          --halves;
          if (low >= n || low >= (65536u - n) % n) return m >> 16;
        }
      };
      for (int left = s.pool; left > 0; --left) {
        const int slot = static_cast<int>(draw(static_cast<uint32_t>(wanting)));
        const int i = wanting_agents[slot];
        ++got[i];
        if (--want[i] == 0) wanting_agents[slot] = wanting_agents[--wanting];
      }
    }
    const int threshold = sustainable_share(s.pool, c);
    int taken = 0;
    for (int i = 0; i < n; ++i) {
      rewards[i] = static_cast<float>(got[i]);
      s.last_harvest[i] = got[i];
      s.gain[i] += got[i];
      s.over_usages += got[i] > threshold;
      taken += got[i];
    }
    s.harvest_actions += n;
    s.pool -= taken;
    ++s.month;
    StepResult r;
    if (s.pool < c.collapse_below) {
      s.collapsed_month = s.month;
      r.terminated = true;
    } else {
      s.pool = s.pool * 2 < c.capacity ? s.pool * 2 : c.capacity;
      r.terminated = s.month >= c.months;
    }
    r.score = static_cast<float>(s.collapsed_month ? s.collapsed_month : s.month);  // survival time
    return r;
  }

  /// [pool / capacity, month / months, own last harvest / capacity, the others' last
  ///  harvests / capacity (agent order, self skipped), has agreed limit, limit / capacity].
  AGORA_HD static void observe(const State& s, const Config& c, int agent, float* obs) {
    const float scale = 1.0f / static_cast<float>(c.capacity);
    obs[0] = s.pool * scale;
    obs[1] = static_cast<float>(s.month) / static_cast<float>(c.months);
    obs[2] = s.last_harvest[agent] * scale;
    int k = 3;
    for (int i = 0; i < c.agents; ++i)
      if (i != agent) obs[k++] = s.last_harvest[i] * scale;
    obs[k] = s.agreed_limit >= 0 ? 1.0f : 0.0f;
    obs[k + 1] = s.agreed_limit >= 0 ? s.agreed_limit * scale : 0.0f;
  }

  AGORA_HD static void legal(const State&, const Config& c, int, uint8_t* mask) {
    // A local bound: byte stores may alias the config, which would otherwise be re-read per byte.
    const int count = c.capacity + 1;
    for (int k = 0; k < count; ++k) mask[k] = 1;
  }

  /// [pool / capacity, month / months, every agent's last harvest / capacity, every agent's
  ///  gain / (months * capacity), has agreed limit, limit / capacity].
  AGORA_HD static void world_state(const State& s, const Config& c, float* out) {
    const float scale = 1.0f / static_cast<float>(c.capacity);
    out[0] = s.pool * scale;
    out[1] = static_cast<float>(s.month) / static_cast<float>(c.months);
    for (int i = 0; i < c.agents; ++i) {
      out[2 + i] = s.last_harvest[i] * scale;
      out[2 + c.agents + i] = s.gain[i] * scale / static_cast<float>(c.months);
    }
    out[2 + 2 * c.agents] = s.agreed_limit >= 0 ? 1.0f : 0.0f;
    out[3 + 2 * c.agents] = s.agreed_limit >= 0 ? s.agreed_limit * scale : 0.0f;
  }

  /// GovSim's metrics (commons.md section 3) on an episode's final state: survival time m,
  /// survived (m = months), mean gain per agent, efficiency, equality, over-usage fraction.
  AGORA_HD static void metrics(const State& s, const Config& c, float* out) {
    const int n = c.agents;
    double total = 0, pair_gaps = 0;
    for (int i = 0; i < n; ++i) {
      total += s.gain[i];
      for (int j = 0; j < n; ++j) pair_gaps += s.gain[i] > s.gain[j] ? s.gain[i] - s.gain[j] : s.gain[j] - s.gain[i];
    }
    const int survival = s.collapsed_month ? s.collapsed_month : s.month;
    const double optimum = static_cast<double>(c.months) * (c.initial / 2);  // T * f0
    const double shortfall = optimum - total > 0 ? optimum - total : 0;
    out[0] = static_cast<float>(survival);
    out[1] = survival >= c.months ? 1.0f : 0.0f;
    out[2] = static_cast<float>(total / n);
    out[3] = static_cast<float>(optimum > 0 ? 1.0 - shortfall / optimum : 1.0);
    // Gini-based equality; an episode where nobody collected anything counts as equal.
    out[4] = static_cast<float>(total > 0 ? 1.0 - pair_gaps / (2.0 * n * total) : 1.0);
    out[5] = static_cast<float>(s.harvest_actions ? static_cast<double>(s.over_usages) / s.harvest_actions : 0.0);
  }
};

}  // namespace agora
