#pragma once
// SMAX test helpers: a hand-set battle for the rule tests, and JaxMARL's recorded units loaded
// into an Agora state for the conformance tests.
#include <vector>

#include "core/batched_env.h"
#include "core/philox.h"
#include "envs/smax/smax.h"

namespace agora::testing_util {

/// A hand-set battle: self-play, no cooldown jitter, units where the test puts them.
struct Duel {
  SmaxGame::Config cfg;
  SmaxGame::State s{};
  explicit Duel(const Json& extra) {
    Json j{{"opponent", "self_play"}, {"cooldown_jitter", false}};
    j.update(extra);
    cfg = load_game_config<SmaxGame>("smax", j);
    Rng rng(1, 0);
    SmaxGame::reset(s, cfg, rng);
  }
  void place(int i, float x, float y) {
    s.units[i].x = x;
    s.units[i].y = y;
  }
  StepResult step(std::vector<int32_t> actions, std::vector<float>* rewards = nullptr) {
    std::vector<float> r(SmaxGame::num_agents(cfg));
    Rng rng(2, 0);
    const StepResult out = SmaxGame::step(s, cfg, actions.data(), r.data(), rng);
    if (rewards) *rewards = r;
    return out;
  }
  /// Unit i's observation.
  std::vector<float> observe(int i) const {
    std::vector<float> obs(static_cast<size_t>(SmaxGame::obs_dim(cfg)), -1.0f);
    SmaxGame::observe(s, cfg, i, obs.data());
    return obs;
  }
};

/// Units 0..n-1 from a JaxMARL state as the vector scripts record it ("pos", "health",
/// "cooldown", "move", "attack"); other fields are left as they are.
inline void load_jaxmarl_units(SmaxGame::State& s, int n, const Json& u) {
  const auto pos = u["pos"].get<std::vector<float>>(), health = u["health"].get<std::vector<float>>();
  const auto cooldown = u["cooldown"].get<std::vector<float>>(), move = u["move"].get<std::vector<float>>();
  const auto attack = u["attack"].get<std::vector<int>>();
  for (int i = 0; i < n; ++i) {
    SmaxGame::Unit& x = s.units[i];
    x.x = pos[2 * i];
    x.y = pos[2 * i + 1];
    x.health = health[i];
    x.cooldown = cooldown[i];
    x.move_x = move[2 * i];
    x.move_y = move[2 * i + 1];
    x.last_action_attack = static_cast<int8_t>(attack[i]);
  }
}

}  // namespace agora::testing_util
