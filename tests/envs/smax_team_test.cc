// SmaxGameT::step_team (ThreadMapping::kWarp) against SmaxGameT::step: the same states, Rngs,
// rewards and results, byte for byte, on every map and mode. The host team runs the units in
// ascending and in descending order; a phase whose result depended on the order would race
// between the lanes of a GPU warp.
#include <gtest/gtest.h>

#include <cstring>
#include <vector>

#include "core/batched_env.h"
#include "core/team.h"
#include "envs/smax/smax.h"
#include "tests/envs/smax_cases.h"

namespace agora {
namespace {

template <class Game>
int alive_units(const typename Game::State& s, const typename Game::Config& c) {
  int alive = 0;
  for (int u = 0; u < Game::num_units(c); ++u) alive += Game::alive(s.units[u]);
  return alive;
}

template <class Game>
void expect_team_equals_step(const Json& json, uint64_t seed, int steps) {
  SCOPED_TRACE(json.dump());
  const int num_envs = 24;
  const typename Game::Config c = load_game_config<Game>("smax", json);
  const EnvSpec spec = Game::spec(c);
  const int agents = spec.num_agents;
  std::vector<typename Game::State> one(num_envs);
  std::vector<Rng> one_rng;
  for (int i = 0; i < num_envs; ++i) {
    one_rng.emplace_back(seed, i);
    Game::reset(one[i], c, one_rng[i]);
  }
  const SerialTeam teams[2] = {SerialTeam{false}, SerialTeam{true}};
  std::vector<typename Game::State> by_team[2] = {one, one};
  std::vector<Rng> team_rng[2] = {one_rng, one_rng};
  typename Game::TeamScratch scratch;
  Rng policy(seed, 1u << 30);
  std::vector<int32_t> actions(agents);
  std::vector<float> reward(agents), team_reward(agents);
  int episodes = 0, kills = 0;
  for (int t = 0; t < steps; ++t) {
    for (int i = 0; i < num_envs; ++i) {
      for (int a = 0; a < agents; ++a) actions[a] = testing_util::random_legal_action<Game>(one[i], c, a, policy);
      const int alive_before = alive_units<Game>(one[i], c);
      const StepResult want = Game::step(one[i], c, actions.data(), reward.data(), one_rng[i]);
      kills += alive_before - alive_units<Game>(one[i], c);
      for (int order = 0; order < 2; ++order) {
        SCOPED_TRACE(order ? "units in descending order" : "units in ascending order");
        const StepResult got = Game::step_team(teams[order], by_team[order][i], c, actions.data(), team_reward.data(),
                                               team_rng[order][i], scratch);
        ASSERT_EQ(0, std::memcmp(&one[i], &by_team[order][i], sizeof(one[i]))) << "env " << i << " step " << t;
        ASSERT_EQ(0, std::memcmp(&one_rng[i], &team_rng[order][i], sizeof(Rng))) << "env " << i << " step " << t;
        ASSERT_EQ(reward, team_reward) << "env " << i << " step " << t;
        ASSERT_EQ(want.terminated, got.terminated) << "env " << i << " step " << t;
        ASSERT_EQ(want.truncated, got.truncated) << "env " << i << " step " << t;
        ASSERT_EQ(want.score, got.score) << "env " << i << " step " << t;
      }
      if (want.terminated || want.truncated) {
        ++episodes;
        for (int order = 0; order < 2; ++order) Game::reset(by_team[order][i], c, team_rng[order][i]);
        Game::reset(one[i], c, one_rng[i]);
      }
    }
  }
  EXPECT_GE(episodes, num_envs);  // whole episodes, with their ends, were compared
  EXPECT_GT(kills, 0);            // and units fired
}

TEST(SmaxTeam, EveryMapStepsAsStepDoes) {
  for (const std::string& map : testing_util::smax_maps()) expect_team_equals_step<SmaxGame>(Json{{"map", map}}, 5, 130);
  expect_team_equals_step<SmaxGameT<8>>(Json{{"map", "3m"}}, 6, 250);
}

TEST(SmaxTeam, EveryModeStepsAsStepDoes) {
  for (const Json& json : testing_util::smax_mode_configs()) expect_team_equals_step<SmaxGame>(json, 7, 130);
}

}  // namespace
}  // namespace agora
