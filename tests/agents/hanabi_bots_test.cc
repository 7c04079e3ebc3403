#include "agents/hanabi_bots.h"

#include <gtest/gtest.h>

#include "agents/scripted.h"
#include "core/error.h"
#include "core/registry.h"

namespace agora {
namespace {

/// Mean final score of the first game of each of `n` envs played by `policy` (every move must
/// be legal: the env throws otherwise).
double mean_score(const std::string& env_name, const std::string& policy_name, int n) {
  auto env = make_env(env_name, n, Device::kCpu);
  const ScriptedPolicy policy = make_scripted_policy(policy_name, *env, 0.0);
  env->reset(17);
  std::vector<int32_t> actions;
  std::vector<int> done(n, 0);
  double total = 0;
  int finished = 0;
  for (int t = 0; t < env->spec().max_steps && finished < n; ++t) {
    policy(*env, actions);
    copy_from_host(env->actions().data, actions.data(), actions.size() * sizeof(int32_t), env->device());
    env->step();
    const auto term = env->terminated().to_host();
    const auto score = env->episode_score().to_host();
    for (int i = 0; i < n; ++i)
      if (term[i] && !done[i]) {
        done[i] = 1;
        total += score[i];
        ++finished;
      }
  }
  EXPECT_EQ(finished, n) << "every game ends within max_steps";
  return total / n;
}

TEST(HanabiBots, PlayLegallyAndTheConventionBotScoresHigher) {
  for (const char* name : {"hanabi/2p", "hanabi/4p"}) {
    const double simple = mean_score(name, "hanabi_simple", 400);
    const double convention = mean_score(name, "hanabi_convention", 400);
    EXPECT_GT(simple, 10.0) << name;  // random play scores about 0
    EXPECT_GT(convention, simple + 0.5) << name;
  }
}

TEST(HanabiBots, KnownPlayableCardsArePlayed) {
  // Player 0 was told its slot 2 is a red 1 (both hints): it must play it.
  const Json deck = {"G3", "W4", "R1", "B2", "Y5", "R2", "G1", "Y1", "B1", "W1"};
  auto env = make_env("hanabi/2p", 1, Device::kCpu, Json{{"deck", deck}});
  env->reset(0);
  const HanabiGame::Config cfg = load_game_config<HanabiGame>(env->name(), env->config());
  HanabiGame::State s;
  env->copy_states(0, 1, &s);
  s.color_plausible[0][2] = 1u << 0;
  s.rank_plausible[0][2] = 1u << 0;
  EXPECT_EQ(hanabi_bots::choose(hanabi_bots::Bot::kSimple, s, cfg), cfg.hand_size + 2);
  // Player 1 holds playable G1, Y1, B1, W1 that nobody told them about: a hint follows.
  s.color_plausible[0][2] = (1u << cfg.colors) - 1;
  s.rank_plausible[0][2] = (1u << cfg.ranks) - 1;
  const int move = hanabi_bots::choose(hanabi_bots::Bot::kSimple, s, cfg);
  EXPECT_GE(move, 2 * cfg.hand_size) << "a hint";
}

TEST(ScriptedPolicies, RefuseEnvsTheyDoNotPlay) {
  auto commons = make_env("commons/fishery", 1, Device::kCpu);
  auto hanabi = make_env("hanabi/2p", 1, Device::kCpu);
  EXPECT_THROW(make_scripted_policy("hanabi_simple", *commons, 0), Error);
  EXPECT_THROW(make_scripted_policy("sustainable", *hanabi, 0), Error);
  EXPECT_THROW(make_scripted_policy("telepathy", *hanabi, 0), Error);
  EXPECT_THROW(make_scripted_policy("smax_heuristic", *hanabi, 0), Error);
  EXPECT_EQ(scripted_policy_names().size(), 10u);
}

}  // namespace
}  // namespace agora
