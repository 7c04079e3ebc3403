// The smax_heuristic scripted policy: JaxMARL's enemy script playing the allies.
#include <gtest/gtest.h>

#include "agents/scripted.h"
#include "core/error.h"
#include "core/registry.h"

namespace agora {
namespace {

double win_rate(const std::string& env_name, const std::string& policy_name) {
  auto env = make_env(env_name, 64, Device::kCpu);
  const ScriptedPolicy policy = make_scripted_policy(policy_name, *env, 0);
  std::vector<int32_t> actions;
  env->reset(3);
  for (int t = 0; t < 202; ++t) {
    policy(*env, actions);  // its actions are legal, or step() throws
    copy_from_host(env->actions().data, actions.data(), actions.size() * sizeof(int32_t), env->device());
    env->step();
  }
  const EpisodeStats stats = env->episode_stats();
  EXPECT_GT(stats.episodes, 150);
  return stats.mean_score;
}

TEST(SmaxPolicy, MirrorMatchesAreEvenAndOutnumberedLoses) {
  // The same script on both sides of a symmetric map wins about half the battles; one marine
  // short (5m_vs_6m) it nearly always loses.
  const double even = win_rate("smax/3m", "smax_heuristic");
  EXPECT_GT(even, 0.35);
  EXPECT_LT(even, 0.65);
  EXPECT_LT(win_rate("smax/5m_vs_6m", "smax_heuristic"), 0.1);
  EXPECT_GT(win_rate("smax/2s3z", "smax_heuristic_random"), 0.2);
}

TEST(SmaxPolicy, RefusesOtherGames) {
  auto commons = make_env("commons/fishery", 1, Device::kCpu);
  EXPECT_THROW(make_scripted_policy("smax_heuristic", *commons, 0), Error);
  auto smax = make_env("smax/3m", 1, Device::kCpu);
  EXPECT_THROW(make_scripted_policy("hanabi_simple", *smax, 0), Error);
}

}  // namespace
}  // namespace agora
