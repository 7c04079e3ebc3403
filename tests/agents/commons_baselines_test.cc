#include "agents/commons_baselines.h"

#include <gtest/gtest.h>

#include "core/error.h"
#include "core/registry.h"

namespace agora {
namespace {

/// Runs `policy` in `env_name` for one 12-month episode; returns the mean per-agent gain and
/// survival time of the ended episodes.
EpisodeStats run(const std::string& policy, double rate = 0.5) {
  auto env = make_env("commons/fishery", 64, Device::kCpu);
  env->reset(9);
  std::vector<int32_t> actions;
  for (int month = 0; month < 12; ++month) {
    commons_baselines::act(*env, commons_baselines::parse(policy), rate, actions);
    copy_from_host(env->actions().data, actions.data(), actions.size() * sizeof(int32_t), env->device());
    env->step();
  }
  return env->episode_stats();
}

double metric(const EpisodeStats& s, int index) { return s.mean_metrics.at(index); }

TEST(CommonsBaselines, SustainableAndReciprocalSurviveGreedyCollapses) {
  const EpisodeStats sustainable = run("sustainable");
  EXPECT_EQ(sustainable.episodes, 64);
  EXPECT_EQ(metric(sustainable, 1), 1.0) << "all survive";
  EXPECT_EQ(metric(sustainable, 2), 120.0) << "gain 10 x 12";
  EXPECT_EQ(metric(run("reciprocal"), 1), 1.0);
  const EpisodeStats greedy = run("greedy");
  EXPECT_EQ(metric(greedy, 0), 1.0) << "collapse in month one";
  EXPECT_EQ(greedy.episodes, 64 * 12);
  EXPECT_EQ(metric(run("fixed_rate", 0.5), 2), 120.0) << "rate 0.5 is the sustainable share";
  // Taking 90% of the stock leaves 10, then 5 units: the lake survives, depleted, and each
  // agent gets 18 + 3 + 10 x 1 = 31 instead of 120.
  const EpisodeStats heavy = run("fixed_rate", 0.9);
  EXPECT_EQ(metric(heavy, 1), 1.0);
  EXPECT_EQ(metric(heavy, 2), 31.0);
  EXPECT_EQ(metric(run("fixed_rate", 1.0), 0), 1.0) << "taking everything collapses in month one";
}

TEST(CommonsBaselines, UnknownPolicyAndWrongEnvAreErrors) {
  EXPECT_THROW(commons_baselines::parse("tit_for_tat"), Error);
  auto env = make_env("toy/gather", 1, Device::kCpu);
  env->reset(0);
  std::vector<int32_t> actions;
  EXPECT_THROW(commons_baselines::act(*env, commons_baselines::Policy::kGreedy, 0.5, actions), Error);
}

}  // namespace
}  // namespace agora
