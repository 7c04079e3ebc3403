#include "solvers/equilibria/equilibria.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "core/config.h"

namespace agora {
namespace equilibria {
namespace {

bool same_profile(const Profile& p, const std::vector<double>& row, const std::vector<double>& col, double tol) {
  for (size_t i = 0; i < row.size(); ++i)
    if (std::fabs(p.row[i] - row[i]) > tol) return false;
  for (size_t i = 0; i < col.size(); ++i)
    if (std::fabs(p.col[i] - col[i]) > tol) return false;
  return true;
}

TEST(Equilibria, MatchingPenniesHasOnlyTheUniformMix) {
  const Bimatrix mp(2, 2, {1, -1, -1, 1}, {-1, 1, 1, -1});
  EXPECT_TRUE(pure_nash(mp).empty());
  const auto all = support_enumeration(mp);
  ASSERT_EQ(all.size(), 1u);
  EXPECT_TRUE(same_profile(all[0], {0.5, 0.5}, {0.5, 0.5}, 1e-12));
  EXPECT_NEAR(nash_conv(mp, {1, 0}, {1, 0}), 2.0, 1e-12);  // the column player gains 2 by switching
}

TEST(Equilibria, BattleOfTheSexesHasTwoPureAndOneMixed) {
  const Bimatrix bos(2, 2, {3, 0, 0, 2}, {2, 0, 0, 3});
  EXPECT_EQ(pure_nash(bos), (std::vector<std::pair<int, int>>{{0, 0}, {1, 1}}));
  const auto all = support_enumeration(bos);
  ASSERT_EQ(all.size(), 3u);
  // The mixed one: row plays 0 w.p. 3/5 (making column indifferent), column plays 0 w.p. 2/5.
  EXPECT_TRUE(std::any_of(all.begin(), all.end(), [](const Profile& p) {
    return same_profile(p, {0.6, 0.4}, {0.4, 0.6}, 1e-12);
  }));
}

TEST(Equilibria, BestResponsesAndNashConv) {
  const Bimatrix pd(2, 2, {3, 0, 5, 1}, {3, 5, 0, 1});
  EXPECT_EQ(best_responses(row_action_values(pd, {1, 0})), (std::vector<int>{1}));
  EXPECT_EQ(best_responses({1.0, 1.0, 0.5}), (std::vector<int>{0, 1}));
  EXPECT_DOUBLE_EQ(nash_conv(pd, {0, 1}, {0, 1}), 0.0);
  EXPECT_DOUBLE_EQ(nash_conv(pd, {1, 0}, {1, 0}), 4.0);  // each defects for +2
}

TEST(Equilibria, RockPaperScissorsUniform) {
  const Bimatrix rps(3, 3, {0, -1, 1, 1, 0, -1, -1, 1, 0}, {0, 1, -1, -1, 0, 1, 1, -1, 0});
  const auto all = support_enumeration(rps);
  ASSERT_EQ(all.size(), 1u);
  EXPECT_TRUE(same_profile(all[0], {1 / 3.0, 1 / 3.0, 1 / 3.0}, {1 / 3.0, 1 / 3.0, 1 / 3.0}, 1e-12));
}

TEST(Equilibria, AgreeWithNashpyOnRandomGames) {
  // Vectors from nashpy's vertex enumeration (tests/solvers/data/make_nashpy_vectors.py).
  const Json data = read_json_file(std::string(AGORA_TEST_DATA_DIR) + "/solvers/data/nashpy_vectors.json");
  ASSERT_GE(data["games"].size(), 30u);
  for (const Json& game : data["games"]) {
    const Bimatrix g(game["rows"], game["cols"], game["a"].get<std::vector<double>>(), game["b"].get<std::vector<double>>());
    const auto ours = support_enumeration(g);
    ASSERT_EQ(ours.size(), game["equilibria"].size()) << game.dump();
    for (const Json& eq : game["equilibria"]) {
      const auto row = eq["row"].get<std::vector<double>>(), col = eq["col"].get<std::vector<double>>();
      EXPECT_TRUE(std::any_of(ours.begin(), ours.end(), [&](const Profile& p) { return same_profile(p, row, col, 1e-9); }))
          << "nashpy equilibrium missing in " << game.dump();
      EXPECT_NEAR(nash_conv(g, row, col), 0.0, 1e-9);
    }
  }
}

TEST(Equilibria, LogitQreOfPerturbedRps) {
  // solvers.md 2.5: A = normalise([[0,-3,3],[3,0,-1],[-3,1,0]]) to [0, 1], zero-sum.
  const double raw[9] = {0, -3, 3, 3, 0, -1, -3, 1, 0};
  std::vector<double> a(9), b(9);
  for (int i = 0; i < 9; ++i) {
    a[i] = (raw[i] + 3) / 6;
    b[i] = -a[i];
  }
  const Bimatrix g(3, 3, a, b);
  const struct {
    double alpha;
    double p[3];
  } cases[] = {{0.5, {0.29813319, 0.41382045, 0.28804635}},
               {0.2, {0.22364492, 0.47798817, 0.29836691}},
               {0.1, {0.17347803, 0.48630324, 0.34021873}},
               {0.05, {0.15174470, 0.46794775, 0.38030755}}};
  for (const auto& c : cases) {
    const QreResult r = logit_qre(g, c.alpha);
    EXPECT_TRUE(r.converged) << "alpha " << c.alpha;
    EXPECT_LT(r.residual, 1e-12) << "alpha " << c.alpha;
    for (int i = 0; i < 3; ++i) {
      EXPECT_NEAR(r.profile.row[i], c.p[i], 1e-7) << "alpha " << c.alpha;
      EXPECT_NEAR(r.profile.col[i], c.p[i], 1e-7) << "alpha " << c.alpha;
    }
  }
}

TEST(Equilibria, QreApproachesNashAsTemperatureFalls) {
  const Bimatrix mp(2, 2, {1, -1, -1, 1}, {-1, 1, 1, -1});
  const QreResult r = logit_qre(mp, 0.05);
  EXPECT_TRUE(r.converged);
  EXPECT_NEAR(r.profile.row[0], 0.5, 1e-9);
  EXPECT_LT(nash_conv(mp, r.profile.row, r.profile.col), 1e-9);
  // General-sum: the Prisoner's Dilemma's QRE tends to mutual defection.
  const Bimatrix pd(2, 2, {3, 0, 5, 1}, {3, 5, 0, 1});
  double previous_gap = 1e9;
  for (double alpha : {2.0, 0.5, 0.1, 0.02}) {
    const QreResult q = logit_qre(pd, alpha);
    ASSERT_TRUE(q.converged) << alpha;
    const double gap = nash_conv(pd, q.profile.row, q.profile.col);
    EXPECT_LT(gap, previous_gap) << alpha;
    previous_gap = gap;
  }
  EXPECT_LT(previous_gap, 1e-6);
}

TEST(Equilibria, QreOfAGeneralSumGameSatisfiesTheLogitEquations) {
  // Battle of the sexes at precision 3: check row ∝ exp(A col / alpha) directly.
  const Bimatrix bos(2, 2, {3, 0, 0, 2}, {2, 0, 0, 3});
  const double alpha = 1.0 / 3;
  const QreResult q = logit_qre(bos, alpha);
  ASSERT_TRUE(q.converged);
  const auto rv = row_action_values(bos, q.profile.col), cv = col_action_values(bos, q.profile.row);
  EXPECT_NEAR(std::log(q.profile.row[1] / q.profile.row[0]), (rv[1] - rv[0]) / alpha, 1e-10);
  EXPECT_NEAR(std::log(q.profile.col[1] / q.profile.col[0]), (cv[1] - cv[0]) / alpha, 1e-10);
  // On the principal branch the row player leans to its favourite, Bach (action 0).
  EXPECT_GT(q.profile.row[0], 0.5);
}

}  // namespace
}  // namespace equilibria
}  // namespace agora
