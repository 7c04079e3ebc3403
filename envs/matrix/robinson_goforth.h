#pragma once
// The 144 strictly ordinal 2x2 games of the Robinson-Goforth topology (host only).
//
// Each player ranks the four outcomes 1 (worst) to 4 (best): 24 x 24 = 576 payoff matrices,
// 144 games once the two relabellings of each player's strategies are identified.
// Canonical orientation: rows are ordered so that the row player's 4 is in the bottom row,
// columns so that the column player's 4 is in the right column. A game is then a row pattern
// (the row player's matrix, one of 12) and a column pattern (the column player's matrix, the
// transpose of one of the same 12): index = 12 * row_pattern + column_pattern, and the 12
// symmetric games lie on the diagonal. Pattern order (envs/matrix/README.md): patterns 0-5
// walk the hexagon of the row player's payoff swaps 1<->2 and 2<->3 starting from the
// Prisoner's Dilemma, with the 4 bottom-left; patterns 6-11 are their mirror images with the
// 4 bottom-right.
#include <string>
#include <vector>

namespace agora {
namespace rg {

constexpr int kNumPatterns = 12;
constexpr int kNumGames = kNumPatterns * kNumPatterns;

/// Ordinal payoffs in 1..4, indexed [row][col] for both players.
struct OrdinalGame {
  int row[2][2];
  int col[2][2];
  bool operator==(const OrdinalGame& o) const;
};

/// Game `index` in 0..143 (registered as matrix/rg_<index + 1, three digits>).
OrdinalGame game(int index);
/// The index of any strictly ordinal 2x2 game after canonical relabelling; -1 if the payoffs
/// are not a permutation of 1..4 for each player.
int index_of(const OrdinalGame& g);
/// The symmetric game whose row player gets R, S, T, P at (C,C), (C,D), (D,C), (D,D).
OrdinalGame symmetric(int R, int S, int T, int P);

struct NamedGame {
  std::string name;
  OrdinalGame game;
};
/// The named symmetric games of the literature (Rapoport & Guyer; Robinson & Goforth).
std::vector<NamedGame> named_games();

}  // namespace rg
}  // namespace agora
