// commons/*: GovSim's dynamics, allocation and metrics.
#include <gtest/gtest.h>

#include <cmath>

#include "core/error.h"
#include "envs/commons/commons.h"
#include "tests/envs/env_test_util.h"

namespace agora {
namespace {

using testing_util::set_actions;

/// Metric values of the episode that just ended in env 0, by name.
std::map<std::string, float> ended_metrics(const VecEnv& env) {
  std::map<std::string, float> out;
  const auto values = env.episode_metrics().to_host();
  for (size_t m = 0; m < env.metric_names().size(); ++m) out[env.metric_names()[m]] = values[m];
  return out;
}

TEST(Commons, AllSustainableSurvivesTwelveMonthsWithGain120AndEfficiency1) {
  auto env = make_env("commons/fishery", 1, Device::kCpu);
  env->reset(1);
  for (int month = 0; month < 12; ++month) {
    ASSERT_EQ(env->terminated().to_host()[0], 0);
    set_actions(*env, std::vector<int32_t>(5, 10));
    env->step();
    EXPECT_EQ(env->reward().to_host(), std::vector<float>(5, 10.0f));
  }
  EXPECT_EQ(env->terminated().to_host()[0], 1);
  EXPECT_EQ(env->episode_return().to_host(), std::vector<float>(5, 120.0f));
  auto m = ended_metrics(*env);
  EXPECT_EQ(m["survival_time"], 12);
  EXPECT_EQ(m["survived"], 1);
  EXPECT_EQ(m["gain"], 120);
  EXPECT_EQ(m["efficiency"], 1);
  EXPECT_EQ(m["equality"], 1);
  EXPECT_EQ(m["over_usage"], 0);
}

TEST(Commons, AllGreedyCollapsesInMonthOne) {
  auto env = make_env("commons/pasture", 1, Device::kCpu);
  env->reset(2);
  set_actions(*env, std::vector<int32_t>(5, 100));
  env->step();
  EXPECT_EQ(env->terminated().to_host()[0], 1);
  float total = 0;
  for (float r : env->reward().to_host()) total += r;
  EXPECT_EQ(total, 100.0f) << "the whole pool is handed out";
  auto m = ended_metrics(*env);
  EXPECT_EQ(m["survival_time"], 1);
  EXPECT_EQ(m["survived"], 0);
  EXPECT_EQ(m["gain"], 20);
  EXPECT_NEAR(m["efficiency"], 100.0 / 600.0, 1e-6);
  EXPECT_EQ(m["over_usage"], 1) << "everyone got more than the 10-unit sustainable share";
}

TEST(Commons, OverRequestAllocationIsFairInExpectationAndNeverExceedsTheStock) {
  const int n = 20000;
  auto env = make_env("commons/fishery", n, Device::kCpu);
  env->reset(3);
  // Requests 60, 30, 10, 10, 0: 110 > 100, so units are handed out one by one.
  std::vector<int32_t> actions;
  for (int i = 0; i < n; ++i) actions.insert(actions.end(), {60, 30, 10, 10, 0});
  set_actions(*env, actions);
  env->step();
  const auto rewards = env->reward().to_host();
  std::vector<double> mean(5, 0.0);
  for (int i = 0; i < n; ++i) {
    int total = 0;
    for (int a = 0; a < 5; ++a) {
      const int got = static_cast<int>(rewards[i * 5 + a]);
      ASSERT_LE(got, actions[i * 5 + a]) << "nobody gets more than asked";
      total += got;
      mean[a] += got / static_cast<double>(n);
    }
    ASSERT_EQ(total, 100) << "the whole stock, never more";
  }
  // Fair in expectation: symmetric requests get the same mean, nobody asking gets nothing,
  // and the larger request gets more. Expected values from the unit-by-unit process.
  EXPECT_NEAR(mean[2], mean[3], 0.05);
  EXPECT_EQ(mean[4], 0.0);
  EXPECT_GT(mean[0], mean[1]);
  EXPECT_NEAR(mean[0] + mean[1] + mean[2] + mean[3], 100.0, 1e-9);
  // The small requests are almost always filled: with 100 units among 4 agents, each gets
  // a unit with probability >= 1/4 per draw, so 10 units are nearly certain.
  EXPECT_GT(mean[2], 9.9);
}

TEST(Commons, SymmetricOverRequestsSplitEvenlyOnAverage) {
  const int n = 20000;
  auto env = make_env("commons/fishery", n, Device::kCpu);
  env->reset(4);
  set_actions(*env, std::vector<int32_t>(5 * n, 50));
  env->step();
  const auto rewards = env->reward().to_host();
  for (int a = 0; a < 5; ++a) {
    double mean = 0;
    for (int i = 0; i < n; ++i) mean += rewards[i * 5 + a] / n;
    EXPECT_NEAR(mean, 20.0, 0.1) << "agent " << a;
  }
}

TEST(Commons, PoolDoublesCappedAtCapacityAndObservationsShowIt) {
  auto env = make_env("commons/fishery", 1, Device::kCpu, Json{{"agents", 2}});
  EXPECT_EQ(env->spec().obs_dim, 6);
  EXPECT_EQ(env->spec().num_actions, 101);
  env->reset(5);
  set_actions(*env, {30, 40});  // 100 - 70 = 30, doubles to 60
  env->step();
  auto obs = env->obs().to_host();
  EXPECT_FLOAT_EQ(obs[0], 0.6f);                        // pool
  EXPECT_FLOAT_EQ(obs[1], 1.0f / 12);                   // month
  EXPECT_FLOAT_EQ(obs[2], 0.3f);                        // own last harvest
  EXPECT_FLOAT_EQ(obs[3], 0.4f);                        // the other's
  EXPECT_EQ(obs[4], 0.0f);                              // no agreed limit yet
  EXPECT_FLOAT_EQ(obs[6 + 2], 0.4f);                    // agent 1 sees its own 40 first
  set_actions(*env, {5, 0});  // 55 doubles to 100 (cap)
  env->step();
  EXPECT_FLOAT_EQ(env->obs().to_host()[0], 1.0f);
  set_actions(*env, {96, 0});  // 4 < 5 left: collapse
  env->step();
  EXPECT_EQ(env->terminated().to_host()[0], 1);
  EXPECT_EQ(ended_metrics(*env)["survival_time"], 3);
}

TEST(Commons, EqualityIsGiniBased) {
  CommonsGame::Config c{2, 12, 100, 100, 5, CommonsGame::kFishery};
  CommonsGame::State s{};
  Rng rng(0, 0);
  CommonsGame::reset(s, c, rng);
  s.gain[0] = 30;
  s.gain[1] = 10;
  s.month = 12;
  s.harvest_actions = 4;
  s.over_usages = 1;
  float m[6];
  CommonsGame::metrics(s, c, m);
  // e = 1 - sum_ij |Ri - Rj| / (2 n sum R) = 1 - 40 / (2 * 2 * 40) = 0.75.
  EXPECT_FLOAT_EQ(m[4], 0.75f);
  EXPECT_FLOAT_EQ(m[2], 20.0f);
  EXPECT_FLOAT_EQ(m[3], 40.0f / 600.0f);
  EXPECT_FLOAT_EQ(m[5], 0.25f);
}

TEST(Commons, ScenariosShareDynamicsAndDifferInText) {
  for (const char* name : {"commons/fishery", "commons/pasture", "commons/pollution"}) {
    auto env = make_env(name, 1, Device::kCpu);
    env->reset(6);
    set_actions(*env, {10, 20, 0, 0, 0});
    env->step();
    EXPECT_FLOAT_EQ(env->obs().to_host()[0], 1.0f) << name;  // 70 doubles to the 100 cap
    const std::string text = env->describe(0, 1);
    EXPECT_NE(text.find("Month 2 of 12"), std::string::npos) << text;
    EXPECT_NE(text.find("Last month you took 20"), std::string::npos) << text;
  }
  auto fish = make_env("commons/fishery", 1, Device::kCpu), river = make_env("commons/pollution", 1, Device::kCpu);
  fish->reset(0);
  river->reset(0);
  EXPECT_NE(fish->describe(0, 0).find("tons of fish"), std::string::npos);
  EXPECT_NE(river->describe(0, 0).find("100% unpolluted"), std::string::npos);
}

TEST(Commons, ConfigErrorsNameTheKey) {
  try {
    make_env("commons/fishery", 1, Device::kCpu, Json{{"scenario", "forest"}});
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("'scenario' = 'forest' (expected one of fishery, pasture, pollution)"),
              std::string::npos)
        << e.what();
  }
  EXPECT_THROW(make_env("commons/fishery", 1, Device::kCpu, Json{{"agents", 17}}), Error);
  EXPECT_THROW(make_env("commons/fishery", 1, Device::kCpu, Json{{"initial", 101}}), Error);
}

}  // namespace
}  // namespace agora
