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

namespace {

/// Residual of the logit-QRE equations at precision `lambda`, with logits u (rows) and v
/// (columns) whose first entries are pinned to 0: F = [u_i - lambda ((A y)_i - (A y)_0)]_{i>0}
/// followed by [v_j - lambda ((Bᵀx)_j - (Bᵀx)_0)]_{j>0}.
std::vector<double> qre_residual(const Bimatrix& g, const std::vector<double>& u, const std::vector<double>& v,
                                 double lambda) {
  const auto x = softmax_of(u), y = softmax_of(v);
  const auto ay = row_action_values(g, y), bx = col_action_values(g, x);
  std::vector<double> f;
  for (int i = 1; i < g.rows; ++i) f.push_back(u[i] - lambda * (ay[i] - ay[0]));
  for (int j = 1; j < g.cols; ++j) f.push_back(v[j] - lambda * (bx[j] - bx[0]));
  return f;
}

double max_abs(const std::vector<double>& f) {
  double m = 0;
  for (double x : f) m = std::max(m, std::fabs(x));
  return m;
}

/// Newton's method on the logits at fixed `lambda`; true when the residual falls below tol.
bool qre_newton(const Bimatrix& g, std::vector<double>& u, std::vector<double>& v, double lambda, double tol) {
  const int n = g.rows - 1, m = g.cols - 1, dim = n + m;
  for (int iteration = 0; iteration < 50; ++iteration) {
    std::vector<double> f = qre_residual(g, u, v, lambda);
    if (max_abs(f) < tol) return true;
    // Jacobian: identity on own logits; cross terms through the softmax derivative
    // dy_j / dv_l = y_j (delta_jl - y_l).
    const auto x = softmax_of(u), y = softmax_of(v);
    std::vector<double> jac(dim * dim, 0.0);
    for (int k = 0; k < dim; ++k) jac[k * dim + k] = 1.0;
    for (int i = 1; i <= n; ++i)
      for (int l = 1; l <= m; ++l) {
        double d = 0;
        for (int j = 0; j < g.cols; ++j)
          d += (g.row_payoff(i, j) - g.row_payoff(0, j)) * y[j] * ((j == l ? 1.0 : 0.0) - y[l]);
        jac[(i - 1) * dim + n + (l - 1)] = -lambda * d;
      }
    for (int j = 1; j <= m; ++j)
      for (int k = 1; k <= n; ++k) {
        double d = 0;
        for (int r = 0; r < g.rows; ++r)
          d += (g.col_payoff(r, j) - g.col_payoff(r, 0)) * x[r] * ((r == k ? 1.0 : 0.0) - x[k]);
        jac[(n + j - 1) * dim + (k - 1)] = -lambda * d;
      }
    for (double& x_ : f) x_ = -x_;
    if (!solve(jac, f, dim)) return false;
    for (int i = 1; i <= n; ++i) u[i] += f[i - 1];
    for (int j = 1; j <= m; ++j) v[j] += f[n + j - 1];
  }
  return max_abs(qre_residual(g, u, v, lambda)) < tol;
}

}  // namespace

QreResult logit_qre(const Bimatrix& g, double alpha) {
  AGORA_CHECK(alpha > 0, "logit_qre: alpha must be positive");
  const double target = 1.0 / alpha, tol = 1e-12;
  std::vector<double> u(g.rows, 0.0), v(g.cols, 0.0);  // uniform: the QRE at precision 0
  double lambda = 0, step = std::min(target, 0.1);
  QreResult res;
  while (lambda < target) {
    const double next = std::min(target, lambda + step);
    std::vector<double> nu = u, nv = v;
    if (qre_newton(g, nu, nv, next, tol)) {
      u = nu;
      v = nv;
      lambda = next;
      step *= 1.5;
    } else if ((step /= 2) < 1e-9) {
      break;  // a turning point of the branch, or no solution nearby
    }
  }
  res.profile = Profile{softmax_of(u), softmax_of(v)};
  res.residual = max_abs(qre_residual(g, u, v, lambda));
  res.converged = lambda >= target && res.residual < tol;
  return res;
}

}  // namespace equilibria
}  // namespace agora
