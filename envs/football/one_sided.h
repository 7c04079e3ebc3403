#pragma once
// football/one_sided: the two-player zero-sum game with one-sided information of "Solving
// Football by Exploiting Equilibrium Structure of 2p0s Differential Games with One-Sided
// Information" (Ghimire et al., arXiv 2502.00560), in the form its code implements: Hexner's
// homing game (ghimiremukesh/cams @b5a53b4, our_method/utils_jax.py).
//
// Two players move as double integrators in the plane: state (x, y, vx, vy), control u per
// axis in [-12, 12], x' = x + v dt + u dt^2 / 2, v' = v + u dt, dt = 0.1, K = 10 steps. Nature
// draws the attacker's (P1's) type i in 1..I from the prior; type i's goal is g_i (I = 2:
// g1 = (0, 1), g2 = (0, -1)). Only the attacker knows i. The attacker minimises, and the
// defender maximises, the cost
//     sum_k dt (u1' R1 u1 - u2' R2 u2) + |x1 - g_i|^2 - |x2 - g_i|^2,
// R1 = diag(0.05, 0.025), R2 = diag(0.05, 0.1): the attacker heads for its goal, the defender
// for the goal it believes in. Rewards: the attacker gets minus each step's cost, the defender
// the cost (zero-sum).
//
// Belief: the paper's theorem puts the attacker's equilibrium strategy on at most I action
// prototypes with type-dependent probabilities ("splitting"). The attacker therefore declares,
// each step, two prototype controls a and b from the grid and, for every type j, the
// probability lambda_j (one of `split_levels` values 0 .. 1) with which type j plays a. The env
// draws the played control with the true type's lambda and updates the public belief by
// Bayes' rule, p'_j = p_j P(played | j) / sum_l p_l P(played | l), so the defender's
// observation carries the exact posterior. With I = 1 the belief is always 1 and the game is
// one of complete information. Layouts: envs/football/README.md.
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "core/config.h"
#include "core/env_spec.h"
#include "core/hd.h"
#include "core/philox.h"

namespace agora {

struct OneSidedGame {
  static constexpr int kMaxTypes = 4;
  static constexpr int kMaxSplitLevels = 5;
  static constexpr int kObsDim = 8 + 1 + 2 * kMaxTypes;  // both states, time left, belief, own type
  static constexpr float kDt = 0.1f, kControl = 12.0f;

  struct Config {
    int32_t types;                   // I
    float goal_x[kMaxTypes], goal_y[kMaxTypes];
    float prior[kMaxTypes];
    int32_t grid;                    // control levels per axis: U = grid^2 controls
    int32_t split_levels;            // L: lambda in {0, 1/(L-1), ..., 1}
    int32_t steps;                   // K
    float start_range;               // initial positions uniform in [-r, r]^2, at rest
  };
  struct State {
    float x[2][4];                   // per player: x, y, vx, vy
    float belief[kMaxTypes];
    int32_t type;
    int32_t step;
    int32_t last_control[2];         // the controls played last step (-1 before the first)
    float cost;                      // running total of the attacker's cost
  };

  static Config load_config(ConfigReader& r);
  static EnvSpec spec(const Config& c);
  static std::string describe(const State& s, const Config& c, int agent);
  /// Why a state from outside (a replay) is not one of this game's, or nullptr (game_traits.h).
  static const char* check_state(const State& s, const Config& c);
  static std::vector<std::string> metric_names(const Config&) {
    return {"attacker_cost", "belief_in_true_type", "attacker_to_goal", "defender_to_goal"};
  }

  AGORA_HD static int num_controls(const Config& c) { return c.grid * c.grid; }
  /// Actions of the attacker: a single control when I = 1, else (a, b, lambda_1..lambda_I).
  AGORA_HD static int attacker_actions(const Config& c) {
    if (c.types == 1) return num_controls(c);
    int n = num_controls(c) * num_controls(c);
    for (int j = 0; j < c.types; ++j) n *= c.split_levels;
    return n;
  }
  /// The control values of grid index g on one axis: evenly spaced in [-12, 12].
  AGORA_HD static float level(const Config& c, int g) {
    return -kControl + 2.0f * kControl * static_cast<float>(g) / static_cast<float>(c.grid - 1);
  }
  AGORA_HD static void control(const Config& c, int u, float& ux, float& uy) {
    ux = level(c, u % c.grid);
    uy = level(c, u / c.grid);
  }

  /// Splits an attacker action into its prototypes and per-type probabilities of playing `a`.
  AGORA_HD static void decode_split(const Config& c, int action, int& a, int& b, float* lambda) {
    if (c.types == 1) {
      a = b = action;
      lambda[0] = 1.0f;
      return;
    }
    for (int j = c.types - 1; j >= 0; --j) {
      lambda[j] = static_cast<float>(action % c.split_levels) / static_cast<float>(c.split_levels - 1);
      action /= c.split_levels;
    }
    b = action % num_controls(c);
    a = action / num_controls(c);
  }

  /// Bayes' rule after the attacker played `played` under the split (a, b, lambda).
  AGORA_HD static void update_belief(float* belief, const Config& c, int a, int b, const float* lambda, int played) {
    if (a == b) return;  // both prototypes the same control: the move reveals nothing
    // The config holds at most kMaxTypes; the bound says so to the compiler too (GCC 12 warns
    // about reading past `lambda` once it vectorises these loops).
    const int types = c.types < kMaxTypes ? c.types : kMaxTypes;
    float total = 0.0f;
    for (int j = 0; j < types; ++j) {
      belief[j] *= played == a ? lambda[j] : 1.0f - lambda[j];
      total += belief[j];
    }
    for (int j = 0; j < types; ++j) belief[j] /= total;  // total > 0: the true type could play it
  }

  AGORA_HD static void reset(State& s, const Config& c, Rng& rng) {
    for (int p = 0; p < 2; ++p) {
      s.x[p][0] = (2.0f * rng.uniform() - 1.0f) * c.start_range;
      s.x[p][1] = (2.0f * rng.uniform() - 1.0f) * c.start_range;
      s.x[p][2] = s.x[p][3] = 0.0f;
    }
    s.type = rng.categorical(c.prior, c.types);
    for (int j = 0; j < kMaxTypes; ++j) s.belief[j] = j < c.types ? c.prior[j] : 0.0f;
    s.step = 0;
    s.last_control[0] = s.last_control[1] = -1;
    s.cost = 0.0f;
  }

  AGORA_HD static void integrate(float* x, float ux, float uy) {
    x[0] += x[2] * kDt + 0.5f * ux * kDt * kDt;
    x[1] += x[3] * kDt + 0.5f * uy * kDt * kDt;
    x[2] += ux * kDt;
    x[3] += uy * kDt;
  }

  AGORA_HD static float goal_distance2(const State& s, const Config& c, int p) {
    const float dx = s.x[p][0] - c.goal_x[s.type], dy = s.x[p][1] - c.goal_y[s.type];
    return dx * dx + dy * dy;
  }

  AGORA_HD static StepResult step(State& s, const Config& c, const int32_t* actions, float* rewards, Rng& rng) {
    int a, b;
    float lambda[kMaxTypes] = {};
    decode_split(c, actions[0], a, b, lambda);
    const int played = rng.uniform() < lambda[s.type] ? a : b;
    update_belief(s.belief, c, a, b, lambda, played);
    float u1x, u1y, u2x, u2y;
    control(c, played, u1x, u1y);
    control(c, actions[1], u2x, u2y);
    integrate(s.x[0], u1x, u1y);
    integrate(s.x[1], u2x, u2y);
    float cost = kDt * (0.05f * u1x * u1x + 0.025f * u1y * u1y - (0.05f * u2x * u2x + 0.1f * u2y * u2y));
    s.last_control[0] = played;
    s.last_control[1] = actions[1];
    ++s.step;
    StepResult r;
    if (s.step >= c.steps) {
      cost += goal_distance2(s, c, 0) - goal_distance2(s, c, 1);
      r.terminated = true;
    }
    s.cost += cost;
    rewards[0] = -cost;
    rewards[1] = cost;
    r.score = -s.cost;  // the attacker's return
    return r;
  }

  /// Agent 0 is the attacker, agent 1 the defender. Both see both states, the time left and
  /// the public belief; only the attacker sees its type (one-hot; zeros for the defender).
  AGORA_HD static void observe(const State& s, const Config& c, int agent, float* o) {
    for (int p = 0; p < 2; ++p)
      for (int k = 0; k < 4; ++k) o[4 * p + k] = s.x[p][k];
    o[8] = static_cast<float>(c.steps - s.step) / static_cast<float>(c.steps);
    for (int j = 0; j < kMaxTypes; ++j) {
      o[9 + j] = s.belief[j];
      o[9 + kMaxTypes + j] = agent == 0 && j == s.type ? 1.0f : 0.0f;
    }
  }

  AGORA_HD static void legal(const State&, const Config& c, int agent, uint8_t* mask) {
    const int n = agent == 0 ? attacker_actions(c) : num_controls(c), total = attacker_actions(c);
    for (int u = 0; u < total; ++u) mask[u] = u < n ? 1 : 0;
  }

  /// The attacker's view: everything, the true type included.
  AGORA_HD static void world_state(const State& s, const Config& c, float* out) { observe(s, c, 0, out); }

  AGORA_HD static void metrics(const State& s, const Config& c, float* out) {
    out[0] = s.cost;
    out[1] = s.belief[s.type];
    out[2] = sqrtf(goal_distance2(s, c, 0));
    out[3] = sqrtf(goal_distance2(s, c, 1));
  }
};

}  // namespace agora
