// matrix/*: the Robinson-Goforth 144, the named games, OpenSpiel's payoffs, iterated play.
#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <set>

#include "core/error.h"
#include "envs/matrix/robinson_goforth.h"
#include "solvers/equilibria/equilibria.h"
#include "tests/envs/env_test_util.h"

namespace agora {
namespace {

using testing_util::set_actions;

equilibria::Bimatrix bimatrix(const rg::OrdinalGame& g) {
  std::vector<double> a, b;
  for (int r = 0; r < 2; ++r)
    for (int c = 0; c < 2; ++c) {
      a.push_back(g.row[r][c]);
      b.push_back(g.col[r][c]);
    }
  return equilibria::Bimatrix(2, 2, a, b);
}

rg::OrdinalGame relabel(rg::OrdinalGame g, bool swap_rows, bool swap_cols) {
  rg::OrdinalGame out{};
  for (int r = 0; r < 2; ++r)
    for (int c = 0; c < 2; ++c) {
      out.row[r][c] = g.row[swap_rows ? 1 - r : r][swap_cols ? 1 - c : c];
      out.col[r][c] = g.col[swap_rows ? 1 - r : r][swap_cols ? 1 - c : c];
    }
  return out;
}

bool is_symmetric(const rg::OrdinalGame& g) {
  for (int sr = 0; sr < 2; ++sr)
    for (int sc = 0; sc < 2; ++sc) {
      const rg::OrdinalGame h = relabel(g, sr, sc);
      bool sym = true;
      for (int r = 0; r < 2; ++r)
        for (int c = 0; c < 2; ++c) sym &= h.col[r][c] == h.row[c][r];
      if (sym) return true;
    }
  return false;
}

TEST(RobinsonGoforth, All576MatricesFallIntoThe144GamesFourEach) {
  int perm[4] = {1, 2, 3, 4};
  std::vector<std::array<int, 4>> rankings;
  do rankings.push_back({perm[0], perm[1], perm[2], perm[3]});
  while (std::next_permutation(perm, perm + 4));
  ASSERT_EQ(rankings.size(), 24u);
  std::map<int, int> hits;
  for (const auto& a : rankings)
    for (const auto& b : rankings) {
      const rg::OrdinalGame g{{{a[0], a[1]}, {a[2], a[3]}}, {{b[0], b[1]}, {b[2], b[3]}}};
      const int index = rg::index_of(g);
      ASSERT_GE(index, 0);
      ASSERT_LT(index, 144);
      ++hits[index];
      for (int s = 0; s < 4; ++s) ASSERT_EQ(rg::index_of(relabel(g, s & 1, s & 2)), index) << "relabelling changed the game";
    }
  EXPECT_EQ(hits.size(), 144u);
  for (const auto& kv : hits) EXPECT_EQ(kv.second, 4) << "game " << kv.first;
}

TEST(RobinsonGoforth, GamesArePairwiseDistinctAndIndexedConsistently) {
  for (int i = 0; i < rg::kNumGames; ++i) {
    EXPECT_EQ(rg::index_of(rg::game(i)), i);
    for (int j = 0; j < i; ++j) {
      for (int s = 0; s < 4; ++s) ASSERT_FALSE(relabel(rg::game(i), s & 1, s & 2) == rg::game(j)) << i << " ~ " << j;
    }
  }
  EXPECT_EQ(rg::index_of(rg::OrdinalGame{{{1, 1}, {2, 3}}, {{1, 2}, {3, 4}}}), -1) << "ties are not ordinal";
}

TEST(RobinsonGoforth, EquilibriumCountsAre108With1And18With0And18With2) {
  std::map<size_t, int> count;
  for (int i = 0; i < rg::kNumGames; ++i) ++count[equilibria::pure_nash(bimatrix(rg::game(i))).size()];
  EXPECT_EQ(count[1], 108);
  EXPECT_EQ(count[0], 18);
  EXPECT_EQ(count[2], 18);
}

TEST(RobinsonGoforth, TwelveSymmetricGamesOnTheDiagonal) {
  std::map<size_t, int> ne_of_symmetric;
  for (int i = 0; i < rg::kNumGames; ++i) {
    const bool diagonal = i / rg::kNumPatterns == i % rg::kNumPatterns;
    EXPECT_EQ(is_symmetric(rg::game(i)), diagonal) << "game " << i;
    if (diagonal) ++ne_of_symmetric[equilibria::pure_nash(bimatrix(rg::game(i))).size()];
  }
  EXPECT_EQ(ne_of_symmetric[1], 6);
  EXPECT_EQ(ne_of_symmetric[2], 6);
  EXPECT_EQ(ne_of_symmetric[0], 0);
}

TEST(RobinsonGoforth, NamedGamesHaveTheirTextbookEquilibria) {
  // Action 0 = C, 1 = D in the symmetric (R, S, T, P) form.
  using Eqs = std::vector<std::pair<int, int>>;
  const std::map<std::string, Eqs> expected = {
      {"prisoners_dilemma", {{1, 1}}}, {"deadlock", {{1, 1}}},         {"harmony", {{0, 0}}},
      {"chicken", {{0, 1}, {1, 0}}},   {"stag_hunt", {{0, 0}, {1, 1}}}, {"leader", {{0, 1}, {1, 0}}},
      {"hero", {{0, 1}, {1, 0}}}};
  std::set<int> indices;
  for (const rg::NamedGame& g : rg::named_games()) {
    ASSERT_TRUE(expected.count(g.name)) << g.name;
    EXPECT_EQ(equilibria::pure_nash(bimatrix(g.game)), expected.at(g.name)) << g.name;
    const int index = rg::index_of(g.game);
    EXPECT_EQ(index / rg::kNumPatterns, index % rg::kNumPatterns) << g.name << " is symmetric";
    indices.insert(index);
    // The alias is registered with the same payoffs as its rg_ name (up to relabelling).
    char rg_name[32];
    std::snprintf(rg_name, sizeof(rg_name), "matrix/rg_%03d", index + 1);
    EXPECT_EQ(env_spec("matrix/" + g.name).num_actions, 2);
    EXPECT_NO_THROW(find_env(rg_name));
  }
  EXPECT_EQ(indices.size(), expected.size()) << "named games are distinct";
  EXPECT_EQ(rg::index_of(rg::named_games()[0].game), 0) << "the grid starts at the Prisoner's Dilemma";
}

/// Plays one round of `name` with (row, col) and returns both rewards.
std::vector<float> one_round(const std::string& name, int row, int col) {
  auto env = make_env(name, 1, Device::kCpu);
  env->reset(0);
  set_actions(*env, {row, col});
  env->step();
  EXPECT_EQ(env->terminated().to_host()[0], 1) << "one-shot by default";
  return env->reward().to_host();
}

TEST(MatrixEnv, RewardsAreThePayoffsOfOpenSpielsTables) {
  // open_spiel/games/matrix_games/matrix_games.cc: matrix_pd row 5,0,10,1 col 5,10,0,1.
  EXPECT_EQ(one_round("matrix/pd_openspiel", 0, 1), (std::vector<float>{0, 10}));
  EXPECT_EQ(one_round("matrix/pd_openspiel", 1, 1), (std::vector<float>{1, 1}));
  EXPECT_EQ(one_round("matrix/biased_rps", 0, 2), (std::vector<float>{50, -50}));
  EXPECT_EQ(one_round("matrix/shapleys_game", 2, 1), (std::vector<float>{1, 0}));
  EXPECT_EQ(one_round("matrix/bach_or_stravinsky", 1, 1), (std::vector<float>{2, 3}));
  // The ordinal Prisoner's Dilemma: T = 4 to the defector against a cooperator.
  EXPECT_EQ(one_round("matrix/prisoners_dilemma", 1, 0), (std::vector<float>{4, 1}));
}

TEST(MatrixEnv, IteratedPlayShowsTheLastJointActions) {
  auto env = make_env("matrix/prisoners_dilemma", 1, Device::kCpu, Json{{"rounds", 3}, {"history", 2}});
  EXPECT_EQ(env->spec().obs_dim, 1 + 2 * 2 * 2);
  env->reset(0);
  set_actions(*env, {0, 1});
  env->step();
  set_actions(*env, {1, 1});
  env->step();
  // Agent 1 sees: round 2/3; most recent (own D, other D); before that (own D, other C).
  const auto obs = env->obs().to_host();
  const std::vector<float> agent1(obs.begin() + 9, obs.end());
  EXPECT_EQ(agent1, (std::vector<float>{2.0f / 3, 0, 1, 0, 1, 0, 1, 1, 0}));
  EXPECT_EQ(env->terminated().to_host()[0], 0);
  set_actions(*env, {0, 0});
  env->step();
  EXPECT_EQ(env->terminated().to_host()[0], 1);
  EXPECT_EQ(env->episode_length().to_host()[0], 3);
  EXPECT_EQ(env->episode_return().to_host(), (std::vector<float>{1 + 2 + 3, 4 + 2 + 3}));
}

TEST(MatrixEnv, ContinuationProbabilityEndsEachRoundWithTheRestProbability) {
  const int n = 100000;
  auto env = make_env("matrix/stag_hunt", n, Device::kCpu, Json{{"rounds", 1000}, {"continue_prob", 0.75}});
  env->reset(5);
  for (int t = 0; t < 3; ++t) {
    env->sample_random_actions();
    env->step();
    int ended = 0;
    for (uint8_t x : env->terminated().to_host()) ended += x;
    EXPECT_NEAR(ended / static_cast<double>(n), 0.25, 0.006) << "round " << t;  // 4 standard errors
  }
  EXPECT_EQ(env->truncated().to_host(), std::vector<uint8_t>(n, 0));
  auto capped = make_env("matrix/stag_hunt", 1, Device::kCpu, Json{{"rounds", 2}, {"continue_prob", 0.999999}});
  capped->reset(1);
  for (int t = 0; t < 2; ++t) {
    set_actions(*capped, {0, 0});
    capped->step();
  }
  EXPECT_EQ(capped->truncated().to_host()[0], 1) << "the rounds cap truncates a geometric game";
}

TEST(MatrixEnv, PayoffNoiseHasTheConfiguredSpread) {
  const int n = 50000;
  auto env = make_env("matrix/coordination", n, Device::kCpu, Json{{"payoff_noise", 0.5}});
  env->reset(3);
  set_actions(*env, std::vector<int32_t>(2 * n, 0));
  env->step();
  double sum = 0, sq = 0;
  for (float r : env->reward().to_host()) {
    sum += r;
    sq += r * r;
  }
  const double mean = sum / (2 * n), var = sq / (2 * n) - mean * mean;
  EXPECT_NEAR(mean, 1.0, 0.01);
  EXPECT_NEAR(std::sqrt(var), 0.5, 0.01);
}

TEST(MatrixEnv, ConfigErrorsNameTheProblem) {
  auto error = [](const Json& config) { return testing_util::make_env_error("matrix/bimatrix", config); };
  EXPECT_NE(error(Json{{"row_payoffs", {{1, 2}, {3}}}}).find("row 1 has 1 entries"), std::string::npos);
  EXPECT_NE(error(Json{{"row_payoffs", {{1, 2, 3}}}, {"col_payoffs", {{1, 2}}}}).find("same shape"), std::string::npos);
  EXPECT_NE(error(Json{{"row_payoffs", {{1, "x"}}}}).find("non-number"), std::string::npos);
  EXPECT_NE(error(Json{{"continue_prob", 0}}).find("continue_prob"), std::string::npos);
  const std::vector<std::vector<double>> big(9, std::vector<double>(9, 0.0));
  EXPECT_NE(error(Json{{"row_payoffs", big}, {"col_payoffs", big}}).find("at most 8 actions"), std::string::npos);
}

TEST(MatrixEnv, AsymmetricShapesMaskTheMissingActions) {
  auto env = make_env("matrix/bimatrix", 1, Device::kCpu,
                      Json{{"row_payoffs", {{1, 2, 3}, {4, 5, 6}}}, {"col_payoffs", {{6, 5, 4}, {3, 2, 1}}}});
  env->reset(0);
  EXPECT_EQ(env->legal().to_host(), (std::vector<uint8_t>{1, 1, 0, 1, 1, 1}));
  set_actions(*env, {1, 2});
  env->step();
  EXPECT_EQ(env->reward().to_host(), (std::vector<float>{6, 1}));
}

TEST(MatrixEnv, DescribeShowsThePayoffsFromEachSide) {
  auto env = make_env("matrix/pd_openspiel", 1, Device::kCpu);
  env->reset(0);
  const std::string row = env->describe(0, 0), col = env->describe(0, 1);
  EXPECT_NE(row.find("(1, 0): (10, 0)"), std::string::npos) << row;
  EXPECT_NE(col.find("(1, 0): (10, 0)"), std::string::npos) << col;  // defecting on a cooperating row player
  EXPECT_NE(col.find("(0, 1): (0, 10)"), std::string::npos) << col;
  EXPECT_NE(row.find("Round 1 of 1"), std::string::npos) << row;
  EXPECT_THROW(env->describe(0, 2), Error);
}

}  // namespace
}  // namespace agora
