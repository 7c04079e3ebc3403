// Rules of the toy games, checked through the public VecEnv API.
#include <gtest/gtest.h>

#include "core/error.h"
#include "tests/envs/env_test_util.h"
#include "tests/toy_games/gather.h"
#include "tests/toy_games/nim.h"

namespace agora {
namespace {

using testing_util::set_actions;

TEST(ToyNim, OnlyThePlayerToMoveActsAndTakingTheLastStickWins) {
  auto env = make_env("toy/nim", 1, Device::kCpu, Json{{"min_pile", 4}, {"max_pile", 4}, {"max_take", 3}});
  env->reset(0);
  EXPECT_EQ(env->acting().to_host(), (std::vector<uint8_t>{1, 0}));
  EXPECT_EQ(env->legal().to_host(), (std::vector<uint8_t>{1, 1, 1, 0, 0, 0}));
  set_actions(*env, {2, 0});  // player 0 takes 3: one stick left
  env->step();
  EXPECT_EQ(env->acting().to_host(), (std::vector<uint8_t>{0, 1}));
  EXPECT_EQ(env->legal().to_host(), (std::vector<uint8_t>{0, 0, 0, 1, 0, 0}));
  set_actions(*env, {0, 1});  // player 1 may only take 1
  EXPECT_THROW(env->step(), Error);
  env->reset(0);
  set_actions(*env, {2, 0});
  env->step();
  set_actions(*env, {0, 0});
  env->step();
  EXPECT_EQ(env->reward().to_host(), (std::vector<float>{-1.0f, 1.0f}));
  EXPECT_EQ(env->terminated().to_host()[0], 1);
  EXPECT_EQ(env->episode_score().to_host()[0], 0.0f);  // player 1 won
}

TEST(ToyGather, MovesOffTheGridAreMaskedAndCoinsPay) {
  toy::Gather::Config cfg{3, 2, 10};
  toy::Gather::State s{};
  s.x[0] = 0;
  s.y[0] = 0;
  s.x[1] = 2;
  s.y[1] = 2;
  s.coin_x = 1;
  s.coin_y = 0;
  uint8_t mask[5];
  toy::Gather::legal(s, cfg, 0, mask);
  EXPECT_EQ(std::vector<uint8_t>(mask, mask + 5), (std::vector<uint8_t>{1, 0, 1, 0, 1}));
  Rng rng(1, 0);
  const int32_t actions[2] = {4, 0};  // agent 0 steps right onto the coin
  float rewards[2] = {0, 0};
  const StepResult r = toy::Gather::step(s, cfg, actions, rewards, rng);
  EXPECT_EQ(rewards[0], 1.0f);
  EXPECT_EQ(rewards[1], 0.0f);
  EXPECT_FALSE(r.terminated);
  EXPECT_FALSE(s.coin_x == s.x[0] && s.coin_y == s.y[0]) << "the coin reappears on a free cell";
  EXPECT_FALSE(s.coin_x == s.x[1] && s.coin_y == s.y[1]);
}

TEST(ToyGather, TruncatesAtMaxSteps) {
  auto env = make_env("toy/gather", 1, Device::kCpu, Json{{"max_steps", 3}, {"coins", 1000}});
  env->reset(0);
  for (int t = 0; t < 3; ++t) {
    set_actions(*env, {0, 0});
    env->step();
    EXPECT_EQ(env->truncated().to_host()[0], t == 2 ? 1 : 0);
  }
  EXPECT_EQ(env->episode_length().to_host()[0], 3);
}

}  // namespace
}  // namespace agora
