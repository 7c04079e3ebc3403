#include "envs/matrix/robinson_goforth.h"

#include <algorithm>
#include <array>

namespace agora {
namespace rg {
namespace {

using Matrix = std::array<std::array<int, 2>, 2>;

Matrix swap_values(Matrix m, int a, int b) {
  for (auto& row : m)
    for (int& v : row) v = v == a ? b : v == b ? a : v;
  return m;
}

Matrix mirror_columns(const Matrix& m) { return Matrix{{{m[0][1], m[0][0]}, {m[1][1], m[1][0]}}}; }

Matrix transpose(const Matrix& m) { return Matrix{{{m[0][0], m[1][0]}, {m[0][1], m[1][1]}}}; }

const std::array<Matrix, kNumPatterns>& patterns() {
  static const std::array<Matrix, kNumPatterns> table = [] {
    std::array<Matrix, kNumPatterns> p{};
    p[0] = Matrix{{{3, 1}, {4, 2}}};  // the row player's Prisoner's Dilemma payoffs
    for (int i = 1; i < 6; ++i) p[i] = i % 2 ? swap_values(p[i - 1], 1, 2) : swap_values(p[i - 1], 2, 3);
    for (int i = 0; i < 6; ++i) p[6 + i] = mirror_columns(p[i]);
    return p;
  }();
  return table;
}

Matrix to_matrix(const int m[2][2]) { return Matrix{{{m[0][0], m[0][1]}, {m[1][0], m[1][1]}}}; }

void from_matrix(const Matrix& m, int out[2][2]) {
  for (int r = 0; r < 2; ++r)
    for (int c = 0; c < 2; ++c) out[r][c] = m[r][c];
}

bool is_ranking(const Matrix& m) {
  std::array<int, 4> v{m[0][0], m[0][1], m[1][0], m[1][1]};
  std::sort(v.begin(), v.end());
  return v == std::array<int, 4>{1, 2, 3, 4};
}

}  // namespace

bool OrdinalGame::operator==(const OrdinalGame& o) const {
  return to_matrix(row) == to_matrix(o.row) && to_matrix(col) == to_matrix(o.col);
}

OrdinalGame game(int index) {
  OrdinalGame g{};
  from_matrix(patterns()[index / kNumPatterns], g.row);
  from_matrix(transpose(patterns()[index % kNumPatterns]), g.col);
  return g;
}

int index_of(const OrdinalGame& g) {
  Matrix a = to_matrix(g.row), b = to_matrix(g.col);
  if (!is_ranking(a) || !is_ranking(b)) return -1;
  if (a[0][0] == 4 || a[0][1] == 4) {  // row player's best outcome goes to the bottom row
    std::swap(a[0], a[1]);
    std::swap(b[0], b[1]);
  }
  if (b[0][0] == 4 || b[1][0] == 4) {  // column player's best outcome goes to the right column
    a = mirror_columns(a);
    b = mirror_columns(b);
  }
  const auto& p = patterns();
  const int i = static_cast<int>(std::find(p.begin(), p.end(), a) - p.begin());
  const int j = static_cast<int>(std::find(p.begin(), p.end(), transpose(b)) - p.begin());
  return i * kNumPatterns + j;
}

OrdinalGame symmetric(int R, int S, int T, int P) {
  OrdinalGame g{};
  const Matrix a{{{R, S}, {T, P}}};
  from_matrix(a, g.row);
  from_matrix(transpose(a), g.col);
  return g;
}

std::vector<NamedGame> named_games() {
  // Orderings of (R, S, T, P) from Rapoport & Guyer (1966) and Robinson & Goforth (2005).
  return {
      {"prisoners_dilemma", symmetric(3, 1, 4, 2)},  // T > R > P > S
      {"deadlock", symmetric(2, 1, 4, 3)},           // T > P > R > S
      {"harmony", symmetric(4, 2, 3, 1)},            // R > T > S > P
      {"chicken", symmetric(3, 2, 4, 1)},            // T > R > S > P
      {"stag_hunt", symmetric(4, 1, 3, 2)},          // R > T > P > S
      {"leader", symmetric(2, 3, 4, 1)},             // T > S > R > P
      {"hero", symmetric(2, 4, 3, 1)},               // S > T > R > P
  };
}

}  // namespace rg
}  // namespace agora
