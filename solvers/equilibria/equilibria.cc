#include "solvers/equilibria/equilibria.h"

#include <algorithm>
#include <cmath>

#include "core/error.h"

namespace agora {
namespace equilibria {
namespace {

/// Solves m x = rhs in place (n x n, row-major) by Gaussian elimination with partial
/// pivoting; false when the matrix is singular.
bool solve(std::vector<double> m, std::vector<double>& rhs, int n) {
  for (int k = 0; k < n; ++k) {
    int pivot = k;
    for (int i = k + 1; i < n; ++i)
      if (std::fabs(m[i * n + k]) > std::fabs(m[pivot * n + k])) pivot = i;
    if (std::fabs(m[pivot * n + k]) < 1e-12) return false;
    if (pivot != k) {
      for (int j = 0; j < n; ++j) std::swap(m[k * n + j], m[pivot * n + j]);
      std::swap(rhs[k], rhs[pivot]);
    }
    for (int i = k + 1; i < n; ++i) {
      const double f = m[i * n + k] / m[k * n + k];
      for (int j = k; j < n; ++j) m[i * n + j] -= f * m[k * n + j];
      rhs[i] -= f * rhs[k];
    }
  }
  for (int k = n - 1; k >= 0; --k) {
    for (int j = k + 1; j < n; ++j) rhs[k] -= m[k * n + j] * rhs[j];
    rhs[k] /= m[k * n + k];
  }
  return true;
}

/// The mixture over `support` (size k) of the player whose payoffs are `pay(own, other)`
/// that makes the opponent indifferent over `other_support`; empty if none exists.
/// Unknowns: k probabilities and the opponent's common value.
template <class Pay>
std::vector<double> indifference_mix(const std::vector<int>& support, const std::vector<int>& other_support, Pay pay) {
  const int k = static_cast<int>(support.size()), n = k + 1;
  std::vector<double> m(n * n, 0.0), rhs(n, 0.0);
  for (int i = 0; i < k; ++i) {  // opponent's action other_support[i] earns the common value
    for (int j = 0; j < k; ++j) m[i * n + j] = pay(support[j], other_support[i]);
    m[i * n + k] = -1.0;
  }
  for (int j = 0; j < k; ++j) m[k * n + j] = 1.0;  // probabilities sum to one
  rhs[k] = 1.0;
  if (!solve(m, rhs, n)) return {};
  rhs.pop_back();
  return rhs;
}

std::vector<std::vector<int>> subsets_of_size(int n, int k) {
  std::vector<std::vector<int>> out;
  std::vector<int> pick(k);
  for (int i = 0; i < k; ++i) pick[i] = i;
  while (true) {
    out.push_back(pick);
    int i = k - 1;
    while (i >= 0 && pick[i] == n - k + i) --i;
    if (i < 0) return out;
    ++pick[i];
    for (int j = i + 1; j < k; ++j) pick[j] = pick[j - 1] + 1;
  }
}

std::vector<double> softmax_of(const std::vector<double>& logits) {
  const double top = *std::max_element(logits.begin(), logits.end());
  std::vector<double> p(logits.size());
  double sum = 0;
  for (size_t i = 0; i < p.size(); ++i) sum += p[i] = std::exp(logits[i] - top);
  for (double& x : p) x /= sum;
  return p;
}

}  // namespace

Bimatrix::Bimatrix(int rows_, int cols_, std::vector<double> a_, std::vector<double> b_)
    : rows(rows_), cols(cols_), a(std::move(a_)), b(std::move(b_)) {
  AGORA_CHECK(rows > 0 && cols > 0 && a.size() == static_cast<size_t>(rows * cols) && b.size() == a.size(),
              "bimatrix: payoff sizes do not match " + std::to_string(rows) + " x " + std::to_string(cols));
}

std::vector<double> row_action_values(const Bimatrix& g, const std::vector<double>& col) {
  std::vector<double> v(g.rows, 0.0);
  for (int r = 0; r < g.rows; ++r)
    for (int c = 0; c < g.cols; ++c) v[r] += g.row_payoff(r, c) * col[c];
  return v;
}

std::vector<double> col_action_values(const Bimatrix& g, const std::vector<double>& row) {
  std::vector<double> v(g.cols, 0.0);
  for (int r = 0; r < g.rows; ++r)
    for (int c = 0; c < g.cols; ++c) v[c] += g.col_payoff(r, c) * row[r];
  return v;
}

std::vector<int> best_responses(const std::vector<double>& values, double tol) {
  const double best = *std::max_element(values.begin(), values.end());
  std::vector<int> out;
  for (int i = 0; i < static_cast<int>(values.size()); ++i)
    if (values[i] >= best - tol) out.push_back(i);
  return out;
}

std::vector<std::pair<int, int>> pure_nash(const Bimatrix& g, double tol) {
  std::vector<std::pair<int, int>> out;
  for (int r = 0; r < g.rows; ++r) {
    for (int c = 0; c < g.cols; ++c) {
      bool stable = true;
      for (int r2 = 0; r2 < g.rows && stable; ++r2) stable = g.row_payoff(r2, c) <= g.row_payoff(r, c) + tol;
      for (int c2 = 0; c2 < g.cols && stable; ++c2) stable = g.col_payoff(r, c2) <= g.col_payoff(r, c) + tol;
      if (stable) out.emplace_back(r, c);
    }
  }
  return out;
}

std::vector<Profile> support_enumeration(const Bimatrix& g, double tol) {
  std::vector<Profile> out;
  for (int k = 1; k <= std::min(g.rows, g.cols); ++k) {
    for (const auto& rows : subsets_of_size(g.rows, k)) {
      for (const auto& cols : subsets_of_size(g.cols, k)) {
        // The row player's mix makes the column player indifferent over `cols`, and vice versa.
        const auto x = indifference_mix(rows, cols, [&](int r, int c) { return g.col_payoff(r, c); });
        const auto y = indifference_mix(cols, rows, [&](int c, int r) { return g.row_payoff(r, c); });
        if (x.empty() || y.empty()) continue;
        if (*std::min_element(x.begin(), x.end()) < -tol || *std::min_element(y.begin(), y.end()) < -tol) continue;
        Profile p{std::vector<double>(g.rows, 0.0), std::vector<double>(g.cols, 0.0)};
        for (int i = 0; i < k; ++i) {
          p.row[rows[i]] = std::max(0.0, x[i]);
          p.col[cols[i]] = std::max(0.0, y[i]);
        }
        if (nash_conv(g, p.row, p.col) <= tol * 10) out.push_back(std::move(p));
      }
    }
  }
  return out;
}

double nash_conv(const Bimatrix& g, const std::vector<double>& row, const std::vector<double>& col) {
  const auto rv = row_action_values(g, col), cv = col_action_values(g, row);
  double row_value = 0, col_value = 0;
  for (int r = 0; r < g.rows; ++r) row_value += row[r] * rv[r];
  for (int c = 0; c < g.cols; ++c) col_value += col[c] * cv[c];
  return (*std::max_element(rv.begin(), rv.end()) - row_value) + (*std::max_element(cv.begin(), cv.end()) - col_value);
}

QreResult logit_qre(const Bimatrix& g, double alpha, int max_iterations, double tol) {
  AGORA_CHECK(alpha > 0, "logit_qre: alpha must be positive");
  // MMD with a uniform magnet and step eta = alpha:
  // log x' = (log x + eta * A y) / (1 + eta * alpha) + const (the magnet's log is constant).
  const double eta = alpha, shrink = 1.0 / (1.0 + eta * alpha);
  QreResult res;
  res.profile.row.assign(g.rows, 1.0 / g.rows);
  res.profile.col.assign(g.cols, 1.0 / g.cols);
  std::vector<double> lx(g.rows), ly(g.cols);
  for (res.iterations = 1; res.iterations <= max_iterations; ++res.iterations) {
    const auto rv = row_action_values(g, res.profile.col), cv = col_action_values(g, res.profile.row);
    for (int r = 0; r < g.rows; ++r) lx[r] = (std::log(res.profile.row[r]) + eta * rv[r]) * shrink;
    for (int c = 0; c < g.cols; ++c) ly[c] = (std::log(res.profile.col[c]) + eta * cv[c]) * shrink;
    const auto x = softmax_of(lx), y = softmax_of(ly);
    res.residual = 0;
    for (int r = 0; r < g.rows; ++r) res.residual = std::max(res.residual, std::fabs(x[r] - res.profile.row[r]));
    for (int c = 0; c < g.cols; ++c) res.residual = std::max(res.residual, std::fabs(y[c] - res.profile.col[c]));
    res.profile.row = x;
    res.profile.col = y;
    if (res.residual < tol) break;
  }
  return res;
}

}  // namespace equilibria
}  // namespace agora
