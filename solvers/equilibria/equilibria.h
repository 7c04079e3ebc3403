#pragma once
// Equilibria of two-player normal-form (bimatrix) games: pure Nash equilibria, all equilibria
// by support enumeration, best responses, NashConv, and the logit quantal-response
// equilibrium. Host code on plain vectors; games are small.
//
//   Bimatrix pd(2, 2, {3, 1, 4, 2}, {3, 4, 1, 2});          // row-major payoffs
//   auto pure = pure_nash(pd);                              // {(1, 1)}
//   auto all  = support_enumeration(pd);                     // every equilibrium, mixed too
//   double gap = nash_conv(pd, all[0].row, all[0].col);      // 0 at an equilibrium
#include <utility>
#include <vector>

namespace agora {
namespace equilibria {

/// Payoffs of the row player (a) and the column player (b), row-major: a[r * cols + c].
struct Bimatrix {
  int rows = 0, cols = 0;
  std::vector<double> a, b;
  Bimatrix() = default;
  Bimatrix(int rows, int cols, std::vector<double> a, std::vector<double> b);
  double row_payoff(int r, int c) const { return a[r * cols + c]; }
  double col_payoff(int r, int c) const { return b[r * cols + c]; }
};

/// A mixed strategy for each player.
struct Profile {
  std::vector<double> row, col;
};

/// Pure equilibria (row, col): each action is a best response to the other (ties allowed).
std::vector<std::pair<int, int>> pure_nash(const Bimatrix& g, double tol = 1e-9);

/// All Nash equilibria of a nondegenerate game by support enumeration over equal-size
/// supports (every 2x2 game with distinct payoffs per player is nondegenerate, so this gives
/// all equilibria of the 144 ordinal games). Degenerate games may have equilibria with
/// unequal supports or continua that this does not list.
std::vector<Profile> support_enumeration(const Bimatrix& g, double tol = 1e-9);

/// Expected payoff of each of the row player's actions against `col`, and of each column
/// action against `row`.
std::vector<double> row_action_values(const Bimatrix& g, const std::vector<double>& col);
std::vector<double> col_action_values(const Bimatrix& g, const std::vector<double>& row);

/// The pure best responses (all maximisers, within tol).
std::vector<int> best_responses(const std::vector<double>& action_values, double tol = 1e-9);

/// NashConv: the sum over both players of what a best response gains over the profile.
/// Zero exactly at a Nash equilibrium.
double nash_conv(const Bimatrix& g, const std::vector<double>& row, const std::vector<double>& col);

/// Logit quantal-response equilibrium at temperature `alpha` > 0 (precision 1 / alpha):
/// row ∝ exp(A col / alpha), col ∝ exp(Bᵀ row / alpha). It follows the principal branch
/// (McKelvey & Palfrey 1995) from the uniform profile at precision 0 to 1 / alpha, correcting
/// with Newton's method on the logits at each precision step and halving steps that fail.
/// `residual` is the largest violation of the fixed-point equations (in logit units); a
/// branch with a turning point in precision cannot be followed this way, and then
/// `converged` is false.
struct QreResult {
  Profile profile;
  double residual = 0;
  bool converged = false;
};
QreResult logit_qre(const Bimatrix& g, double alpha);

}  // namespace equilibria
}  // namespace agora
