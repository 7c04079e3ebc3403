// hanabi/*: bit-for-bit agreement with the Hanabi Learning Environment, and its rules.
//
// tests/envs/data/hanabi_hle_vectors.json holds games played by HLE's hanabi_lib (@54e7959)
// driven like its rl_env: the deck in dealing order, the move uids, and after every move each
// player's canonical observation, the current player's legal moves and the score. Agora
// replays each deck and move list and must produce the same bits.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "core/error.h"
#include "envs/hanabi/hanabi.h"
#include "tests/envs/env_test_util.h"

namespace agora {
namespace {

using testing_util::set_actions;

/// The driver's hex format: digit k holds bits 4k..4k+3, bit 4k as its high bit.
std::string to_hex(const float* bits, int n) {
  std::string hex;
  for (int i = 0; i < n; i += 4) {
    int v = 0;
    for (int b = 0; b < 4; ++b) v = v * 2 + (i + b < n && bits[i + b] != 0.0f ? 1 : 0);
    hex += "0123456789abcdef"[v];
  }
  return hex;
}

Json agora_config(const Json& params, const Json& deck, int start_player) {
  Json config = {{"deck", deck}, {"start_player", start_player}};
  for (auto it = params.begin(); it != params.end(); ++it) {
    const int value = std::stoi(it.value().get<std::string>());
    if (it.key() == "random_start_player") {
      config[it.key()] = value != 0;
    } else if (it.key() == "observation_type") {
      config["observation_type"] = value == 0 ? "minimal" : value == 1 ? "card_knowledge" : "seer";
    } else {
      config[it.key()] = value;
    }
  }
  return config;
}

TEST(HanabiHle, ReplaysReferenceGamesBitForBit) {
  const Json data = read_json_file(std::string(AGORA_TEST_DATA_DIR) + "/envs/data/hanabi_hle_vectors.json");
  std::set<int> players_seen, start_players_seen;
  int moves_checked = 0;
  for (const Json& game : data["games"]) {
    const Json config = agora_config(game["params"], game["deck"], game["start_player"].get<int>());
    SCOPED_TRACE(game["driver"].get<std::string>() + " config " + config.dump().substr(0, 200));
    VecEnvOptions options;
    options.auto_reset = false;
    auto env = make_env("hanabi/2p", 1, Device::kCpu, config, options);
    const EnvSpec& spec = env->spec();
    players_seen.insert(spec.num_agents);
    start_players_seen.insert(game["start_player"].get<int>());
    env->reset(0);
    const auto& moves = game["moves"];
    const auto& steps = game["steps"];
    ASSERT_EQ(steps.size(), moves.size() + 1);
    float score = 0;
    for (size_t t = 0; t < steps.size(); ++t) {
      const Json& ref = steps[t];
      const auto obs = env->obs().to_host();
      for (int p = 0; p < spec.num_agents; ++p) {
        ASSERT_EQ(to_hex(obs.data() + p * spec.obs_dim, spec.obs_dim), ref["obs"][p].get<std::string>())
            << "observation of player " << p << " after move " << t;
      }
      ASSERT_EQ(score, ref["score"].get<float>()) << "score after move " << t;
      const bool terminal = ref["terminal"].get<bool>();
      ASSERT_EQ(env->terminated().to_host()[0] != 0, terminal && t > 0) << "after move " << t;
      if (terminal) break;
      const int cur = ref["cur"].get<int>();
      const auto legal = env->legal().to_host();
      const auto acting = env->acting().to_host();
      std::vector<int> uids;
      for (int k = 0; k < spec.num_actions; ++k)
        if (legal[cur * spec.num_actions + k]) uids.push_back(k);
      ASSERT_EQ(uids, ref["legal"].get<std::vector<int>>()) << "legal moves after move " << t;
      for (int p = 0; p < spec.num_agents; ++p) ASSERT_EQ(acting[p], p == cur ? 1 : 0);
      std::vector<int32_t> actions(spec.num_agents, 0);
      actions[cur] = moves[t].get<int>();
      set_actions(*env, actions);
      env->step();
      const auto reward = env->reward().to_host();
      for (int p = 1; p < spec.num_agents; ++p) ASSERT_EQ(reward[p], reward[0]) << "every player gets the same reward";
      score += reward[0];
      ++moves_checked;
    }
  }
  EXPECT_EQ(players_seen, (std::set<int>{2, 3, 4, 5}));
  EXPECT_GT(start_players_seen.size(), 1u) << "games that did not start with player 0 replay too";
  EXPECT_GT(moves_checked, 900);
}

TEST(Hanabi, ObserveAllEqualsObservePerPlayer) {
  // The runtime uses observe_all (shared work across seats); observe must give the same bits.
  for (const char* name : {"hanabi/2p", "hanabi/3p", "hanabi/5p"}) {
    auto env = make_env(name, 32, Device::kCpu);
    const HanabiGame::Config cfg = load_game_config<HanabiGame>(env->name(), env->config());
    const EnvSpec& spec = env->spec();
    env->reset(4);
    std::vector<HanabiGame::State> states(32);
    std::vector<float> one(spec.obs_dim);
    for (int t = 0; t < 40; ++t) {
      env->sample_random_actions();
      env->step();
      env->copy_states(0, 32, states.data());
      const auto obs = env->obs().to_host();
      for (int i = 0; i < 32; ++i)
        for (int p = 0; p < spec.num_agents; ++p) {
          HanabiGame::observe(states[i], cfg, p, one.data());
          const float* all = obs.data() + (static_cast<size_t>(i) * spec.num_agents + p) * spec.obs_dim;
          ASSERT_TRUE(std::equal(one.begin(), one.end(), all)) << name << " env " << i << " player " << p;
        }
    }
  }
}

TEST(Hanabi, ObservationSizesAndMoveCountsMatchHle) {
  EXPECT_EQ(env_spec("hanabi/2p").obs_dim, 658);
  EXPECT_EQ(env_spec("hanabi/3p").obs_dim, 956);
  EXPECT_EQ(env_spec("hanabi/4p").obs_dim, 1041);
  EXPECT_EQ(env_spec("hanabi/5p").obs_dim, 1280);
  EXPECT_EQ(env_spec("hanabi/2p", Json{{"observation_type", "minimal"}}).obs_dim, 308);
  EXPECT_EQ(env_spec("hanabi/2p").num_actions, 20);
  EXPECT_EQ(env_spec("hanabi/3p").num_actions, 30);
  EXPECT_EQ(env_spec("hanabi/4p").num_actions, 38);
  EXPECT_EQ(env_spec("hanabi/5p").num_actions, 48);
  // OpenSpiel's playthrough: hanabi(colors=2, ranks=3, hand_size=3, players=3): 16 moves, 199 features.
  const EnvSpec small = env_spec("hanabi/3p", Json{{"colors", 2}, {"ranks", 3}, {"hand_size", 3}});
  EXPECT_EQ(small.num_actions, 16);
  EXPECT_EQ(small.obs_dim, 199);
}

TEST(Hanabi, LosingTheLastLifeZeroesTheScore) {
  // Player 0 holds R1 R2 R3 R4 R5 and plays R1 then (after a hint by player 1) R3: a bomb with
  // one life left makes the score drop from 1 to 0.
  const Json deck = {"R1", "R2", "R3", "R4", "R5", "Y1", "Y1", "Y1", "Y2", "Y2"};
  VecEnvOptions options;
  options.auto_reset = false;
  auto env = make_env("hanabi/2p", 1, Device::kCpu, Json{{"deck", deck}, {"max_life_tokens", 1}}, options);
  env->reset(0);
  set_actions(*env, {5, 0});  // play slot 0: R1 scores
  env->step();
  EXPECT_EQ(env->reward().to_host(), (std::vector<float>{1, 1}));
  // Player 1's uids: discard 0-4, play 5-9, reveal colour 10-14 (R..B), reveal rank 15-19.
  set_actions(*env, {0, 10});  // reveal red to player 0
  env->step();
  set_actions(*env, {6, 0});  // play slot 1, which now holds R3 (R1 was removed): a bomb
  env->step();
  EXPECT_EQ(env->terminated().to_host()[0], 1);
  EXPECT_EQ(env->reward().to_host(), (std::vector<float>{-1, -1}));
  EXPECT_EQ(env->episode_score().to_host()[0], 0.0f);
}

TEST(Hanabi, DeckConfigErrorsNameTheEntry) {
  auto error = [](const Json& config) { return testing_util::make_env_error("hanabi/2p", config); };
  EXPECT_NE(error(Json{{"deck", {"R1", "Q3"}}}).find("entry 1 'Q3'"), std::string::npos);
  EXPECT_NE(error(Json{{"deck", {"R5", "R5"}}}).find("more copies"), std::string::npos);
  EXPECT_NE(error(Json{{"colors", 2}, {"deck", {"Y1", "G1"}}}).find("'G1' is not a card"), std::string::npos);
  EXPECT_NE(error(Json{{"observation_type", "full"}}).find("observation_type"), std::string::npos);
  EXPECT_NE(error(Json{{"players", 5}, {"hand_size", 8}, {"colors", 1}}).find("need more than"), std::string::npos);
}

TEST(Hanabi, DescribeShowsOthersCardsButNotOwn) {
  const Json deck = {"R1", "R2", "R3", "R4", "R5", "Y1", "Y1", "Y1", "Y2", "Y2"};
  auto env = make_env("hanabi/2p", 1, Device::kCpu, Json{{"deck", deck}});
  env->reset(0);
  const std::string text = env->describe(0, 0);
  EXPECT_NE(text.find("Player 1's hand: Y1 Y1 Y1 Y2 Y2"), std::string::npos) << text;
  EXPECT_EQ(text.find("R5"), std::string::npos) << "own cards are hidden: " << text;
  EXPECT_NE(text.find("It is your turn"), std::string::npos) << text;
}

}  // namespace
}  // namespace agora
