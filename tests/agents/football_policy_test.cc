// Scripted football players: the run-and-shoot script solves the easy academy scenarios.
#include <gtest/gtest.h>

#include "agents/football_bots.h"
#include "agents/scripted.h"
#include "core/error.h"
#include "core/registry.h"

namespace agora {
namespace {

EpisodeStats play(const std::string& env_name, const std::string& policy_name, int steps) {
  auto env = make_env(env_name, 64, Device::kCpu);
  const ScriptedPolicy policy = make_scripted_policy(policy_name, *env, 0);
  std::vector<int32_t> actions;
  env->reset(11);
  for (int t = 0; t < steps; ++t) {
    policy(*env, actions);
    copy_from_host(env->actions().data, actions.data(), actions.size() * sizeof(int32_t), env->device());
    env->step();
  }
  return env->episode_stats();
}

TEST(FootballPolicy, RunAndShootSolvesTheEasyAcademyScenarios) {
  // GRF's stochastic shots can miss; "nearly always" is at least 90% of the episodes.
  for (const char* scenario : {"football/academy_empty_goal_close", "football/academy_empty_goal",
                               "football/academy_run_to_score"}) {
    const EpisodeStats stats = play(scenario, "football_run_and_shoot", 150);
    EXPECT_GT(stats.episodes, 100) << scenario;
    EXPECT_GT(stats.mean_score, 0.9) << scenario;
  }
}

TEST(FootballPolicy, DirectionActionsFollowGrfNumbering) {
  using football_bots::direction_action;
  EXPECT_EQ(direction_action(-1, 0), FootballGame::kLeft);
  EXPECT_EQ(direction_action(-1, -1), FootballGame::kTopLeft);
  EXPECT_EQ(direction_action(0, -1), FootballGame::kTop);
  EXPECT_EQ(direction_action(1, -1), FootballGame::kTopRight);
  EXPECT_EQ(direction_action(1, 0), FootballGame::kRight);
  EXPECT_EQ(direction_action(1, 1), FootballGame::kBottomRight);
  EXPECT_EQ(direction_action(0, 1), FootballGame::kBottom);
  EXPECT_EQ(direction_action(-1, 1), FootballGame::kBottomLeft);
  EXPECT_EQ(direction_action(0, 0), FootballGame::kIdle);
}

TEST(FootballPolicy, RefusesOtherGames) {
  auto smax = make_env("smax/3m", 1, Device::kCpu);
  EXPECT_THROW(make_scripted_policy("football_builtin", *smax, 0), Error);
  auto football = make_env("football/academy_corner", 1, Device::kCpu);
  EXPECT_THROW(make_scripted_policy("smax_heuristic", *football, 0), Error);
}

}  // namespace
}  // namespace agora
