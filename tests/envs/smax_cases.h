#pragma once
// The SMAX cases the exactness tests step through (the SIMD block step and the team step, each
// against the one-env step): every JaxMARL map, and every option that changes the rules on a
// few maps of different shapes.
#include <cstdint>
#include <string>
#include <vector>

#include "core/config.h"
#include "core/philox.h"

namespace agora::testing_util {

inline std::vector<std::string> smax_maps() {
  return {"3m",       "8m",           "25m",      "2s3z",     "3s5z",           "5m_vs_6m",        "10m_vs_11m",
          "27m_vs_30m", "3s5z_vs_3s6z", "3s_vs_5z", "6h_vs_8z", "smacv2_5_units", "smacv2_10_units", "smacv2_20_units"};
}

/// Configs: each rule-changing option on 3m, 3s5z_vs_3s6z and smacv2_10_units.
inline std::vector<Json> smax_mode_configs() {
  std::vector<Json> configs;
  for (const Json& options : {Json{{"attack_mode", "random"}}, Json{{"opponent", "self_play"}},
                              Json{{"opponent", "self_play"}, {"self_play_reward", true}},
                              Json{{"opponent", "self_play"}, {"mirror_enemies", true}}, Json{{"observation_type", "conic"}},
                              Json{{"opponent", "self_play"}, {"mirror_enemies", true}, {"observation_type", "conic"}},
                              Json{{"cooldown_jitter", false}},
                              Json{{"enemy_shoots", false}}, Json{{"walls_cause_death", false}},
                              Json{{"world_steps_per_env_step", 3}, {"max_steps", 40}}}) {
    for (const char* map : {"3m", "3s5z_vs_3s6z", "smacv2_10_units"}) {
      Json json = options;
      json["map"] = map;
      configs.push_back(json);
    }
  }
  return configs;
}

/// A uniformly drawn legal action of `agent` in `s` (Game::legal), from `policy`.
template <class Game>
int32_t random_legal_action(const typename Game::State& s, const typename Game::Config& c, int agent, Rng& policy) {
  std::vector<uint8_t> mask(Game::num_actions(c));
  Game::legal(s, c, agent, mask.data());
  std::vector<int32_t> legal;
  for (int k = 0; k < static_cast<int>(mask.size()); ++k)
    if (mask[k]) legal.push_back(k);
  return legal[policy.uniform_int(static_cast<uint32_t>(legal.size()))];
}

}  // namespace agora::testing_util
