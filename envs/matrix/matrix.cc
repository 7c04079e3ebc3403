// matrix/*: config parsing, descriptions and the registrations (the 144 Robinson-Goforth
// games, their named aliases, OpenSpiel's matrix games, and the generic bimatrix game).
#include "envs/matrix/matrix.h"

#include <cstdio>
#include <sstream>

#include "core/error.h"
#include "core/registry.h"
#include "envs/matrix/robinson_goforth.h"

namespace agora {

MatrixGame::Config MatrixGame::load_config(ConfigReader& r) {
  Config c{};
  // Default: matching pennies (OpenSpiel's matrix_mp).
  const auto row = r.get_matrix("row_payoffs", {{1, -1}, {-1, 1}});
  const auto col = r.get_matrix("col_payoffs", {{-1, 1}, {1, -1}});
  AGORA_CHECK(row.size() == col.size() && row[0].size() == col[0].size(),
              "matrix config: 'row_payoffs' and 'col_payoffs' must have the same shape");
  AGORA_CHECK(row.size() <= kMaxActions && row[0].size() <= kMaxActions,
              "matrix config: at most " + std::to_string(kMaxActions) + " actions per player");
  c.rows = static_cast<int>(row.size());
  c.cols = static_cast<int>(row[0].size());
  for (int i = 0; i < c.rows; ++i) {
    for (int j = 0; j < c.cols; ++j) {
      c.payoff[0][i * c.cols + j] = static_cast<float>(row[i][j]);
      c.payoff[1][i * c.cols + j] = static_cast<float>(col[i][j]);
    }
  }
  c.rounds = r.get_int("rounds", 1, 1, 1000000);
  c.continue_prob = static_cast<float>(r.get_double("continue_prob", 1.0, 1e-6, 1.0));
  c.history = r.get_int("history", 1, 0, kMaxHistory);
  c.payoff_noise = static_cast<float>(r.get_double("payoff_noise", 0.0, 0.0, 1e6));
  return c;
}

EnvSpec MatrixGame::spec(const Config& c) {
  EnvSpec s;
  s.num_agents = 2;
  s.num_actions = num_actions(c);
  s.obs_dim = 1 + c.history * 2 * s.num_actions;
  s.state_dim = s.obs_dim;
  s.turn_based = false;
  s.max_steps = c.rounds;
  return s;
}

const char* MatrixGame::check_state(const State& s, const Config& c) {
  StateCheck check;
  check.need(s.round >= 0 && s.round <= c.rounds, "round outside [0, rounds]");
  for (int k = 0; k < kMaxHistory; ++k) {
    check.need(s.last[k][0] >= -1 && s.last[k][0] < c.rows, "a remembered row out of range");
    check.need(s.last[k][1] >= -1 && s.last[k][1] < c.cols, "a remembered column out of range");
  }
  check.finite(s.welfare, "welfare not finite", 1e30f);
  return check.reason;
}

std::string MatrixGame::describe(const State& s, const Config& c, int agent) {
  std::ostringstream out;
  const int mine = agent == 0 ? c.rows : c.cols, theirs = agent == 0 ? c.cols : c.rows;
  out << "You are player " << agent << " (the " << (agent == 0 ? "row" : "column") << " player) in a two-player game. ";
  out << "You choose one of actions 0.." << mine - 1 << " and the other player one of 0.." << theirs - 1
      << ", at the same time.\nPayoffs as (yours, theirs) for (your action, their action):\n";
  for (int a = 0; a < mine; ++a) {
    for (int b = 0; b < theirs; ++b) {
      const int cell = agent == 0 ? a * c.cols + b : b * c.cols + a;
      char line[96];
      std::snprintf(line, sizeof(line), "  (%d, %d): (%g, %g)\n", a, b, c.payoff[agent][cell], c.payoff[1 - agent][cell]);
      out << line;
    }
  }
  out << "Round " << s.round + 1 << " of " << c.rounds;
  if (c.continue_prob < 1.0f) out << " at most; after each round the game goes on with probability " << c.continue_prob;
  out << ".";
  if (s.last[0][0] >= 0) {
    out << " Last round you played " << s.last[0][agent] << " and they played " << s.last[0][1 - agent] << ".";
  }
  return out.str();
}

namespace {

Json payoffs(const std::vector<std::vector<double>>& row, const std::vector<std::vector<double>>& col) {
  return Json{{"row_payoffs", row}, {"col_payoffs", col}};
}

Json ordinal_payoffs(const rg::OrdinalGame& g) {
  return payoffs({{double(g.row[0][0]), double(g.row[0][1])}, {double(g.row[1][0]), double(g.row[1][1])}},
                 {{double(g.col[0][0]), double(g.col[0][1])}, {double(g.col[1][0]), double(g.col[1][1])}});
}

/// Column payoffs of a zero-sum game.
std::vector<std::vector<double>> negated(std::vector<std::vector<double>> m) {
  for (auto& row : m)
    for (double& x : row) x = -x;
  return m;
}

const bool registered = [] {
  register_game<MatrixGame>("matrix/bimatrix");
  for (int i = 0; i < rg::kNumGames; ++i) {
    char name[32];
    std::snprintf(name, sizeof(name), "matrix/rg_%03d", i + 1);
    register_game<MatrixGame>(name, ordinal_payoffs(rg::game(i)));
  }
  for (const rg::NamedGame& g : rg::named_games()) register_game<MatrixGame>("matrix/" + g.name, ordinal_payoffs(g.game));
  // OpenSpiel's matrix games (open_spiel/games/matrix_games/matrix_games.cc), same payoffs.
  const std::vector<std::vector<double>> rps{{0, -1, 1}, {1, 0, -1}, {-1, 1, 0}};
  const std::vector<std::vector<double>> brps{{0, -25, 50}, {25, 0, -5}, {-50, 5, 0}};
  register_game<MatrixGame>("matrix/matching_pennies", payoffs({{1, -1}, {-1, 1}}, {{-1, 1}, {1, -1}}));
  register_game<MatrixGame>("matrix/pd_openspiel", payoffs({{5, 0}, {10, 1}}, {{5, 10}, {0, 1}}));
  register_game<MatrixGame>("matrix/stag_hunt_openspiel", payoffs({{2, 0}, {1, 1}}, {{2, 1}, {0, 1}}));
  register_game<MatrixGame>("matrix/coordination", payoffs({{1, 0}, {0, 1}}, {{1, 0}, {0, 1}}));
  register_game<MatrixGame>("matrix/chicken_dare", payoffs({{0, 4}, {1, 3}}, {{0, 1}, {4, 3}}));
  register_game<MatrixGame>("matrix/bach_or_stravinsky", payoffs({{3, 0}, {0, 2}}, {{2, 0}, {0, 3}}));
  register_game<MatrixGame>("matrix/rock_paper_scissors", payoffs(rps, negated(rps)));
  register_game<MatrixGame>("matrix/biased_rps", payoffs(brps, negated(brps)));
  register_game<MatrixGame>("matrix/shapleys_game", payoffs({{0, 0, 1}, {1, 0, 0}, {0, 1, 0}}, {{0, 1, 0}, {0, 0, 1}, {1, 0, 0}}));
  return true;
}();

}  // namespace
}  // namespace agora
