#pragma once
// football/one_sided_22: the 22-player American-football game with one-sided information of
// "Solving Football by Exploiting Equilibrium Structure of 2p0s Differential Games with
// One-Sided Information" (Ghimire et al., arXiv 2502.00560), after the authors' JAX game
// (ghimiremukesh/cams, MPC/game_jax.py @488abd6; the demo's settings, MPC/football_demo_jax.py
// @79374d8: horizon 2.5 s, dt 0.25 s, 4 substeps).
//
// An I-formation offence (LT, LG, C, RG, RT, TE, WR-L, WR-R, QB, FB, RB) against a 4-3 defence
// (LDE, LDT, RDT, RDE, SLB, MLB, WLB, CB-L, CB-R, FS, SS) in a box |x|, |y| <= 1.6; the offence
// attacks +x. Every player is a double integrator with per-role caps on acceleration and speed.
// Contact is the paper code's smooth "merge": each offence-defence pair within about 0.15 gets
// a weight w = sigmoid(60 (0.15^2 - d^2)) (x1.5 in the trenches, x0.5 receiver vs corner); merged
// players share velocity, and their own acceleration counts only as much as they are free.
// Nature draws the play: type 0 "power run" (the RB's yardage), type 1 "throw" (a soft max over
// the other offence players of yardage plus freeness, minus a penalty when the QB is engaged).
// The offence knows the type; the defence holds a Bayes belief. Costs, as the offence's (the
// defence gains them): per step 0.1 * 0.5 * dt (|u1|^2 - |u2|^2) + 5 * P(tackle of the RB), and
// the type's terminal loss. Agent k < 11 plays offence player k, agent 11 + k defence player k.
//
// Controls are discretised per axis to `grid` levels in [-cap, cap] of the player's role. As in
// football/one_sided, each offence agent declares two prototype controls and a per-type
// probability of the first; the env draws every offence player's control with the true type's
// probabilities (independently per player) and multiplies the 11 likelihoods into the Bayes
// update. The paper's solver mixes one team-wide prototype instead: see the README.
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "core/config.h"
#include "core/env_spec.h"
#include "core/hd.h"
#include "core/philox.h"
#include "envs/football/one_sided.h"

namespace agora {

struct OneSided22Game {
  static constexpr int kN = 11;
  static constexpr int kTypes = 2;
  static constexpr int kRB = 10, kQB = 8;
  static constexpr int kStateFloats = 8 * kN;                        // CAMS's state layout
  static constexpr int kObsDim = kStateFloats + 1 + 2 * kTypes + 2 * kN;
  static constexpr int kWorldDim = kStateFloats + 1 + 2 * kTypes;
  static constexpr float kBox = 1.6f, kMergeRadius = 0.15f, kTackleSharpness = 60.0f;
  static constexpr float kTacklePenalty = 5.0f;
  static constexpr float kFreeTau = 0.30f, kFreeK = 20.0f, kFreeTemp = 0.15f, kFreeAlpha = 0.4f;
  static constexpr float kQbMergePenalty = 0.5f;

  struct Config {
    OneSidedGame::Config split;  // types (2), prior, grid, split_levels: the shared split code
    int32_t steps;               // K (10)
    float dt;                    // seconds per step (0.25)
    int32_t substeps;            // integration substeps per step (4)
  };
  struct State {
    float pos[2][kN][2], vel[2][kN][2];  // team 0 offence, 1 defence
    float merge[kN][kN];                 // the last substep's contact weights, offence x defence
    float belief[kTypes];
    int32_t type;
    int32_t step;
    float cost;                          // running total of the offence's cost
  };

  static Config load_config(ConfigReader& r);
  static EnvSpec spec(const Config& c);
  static std::string describe(const State& s, const Config& c, int agent);
  /// Why a state from outside (a replay) is not one of this game's, or nullptr (game_traits.h).
  static const char* check_state(const State& s, const Config& c);
  static std::vector<std::string> metric_names(const Config&) {
    return {"offence_cost", "belief_in_true_type", "rb_x", "best_free_x"};
  }

  // The paper code's line-up (I-formation vs 4-3 base) and per-role caps.
  AGORA_HD static float start_x(int team, int k) {
    const float off_x[kN] = {-1.2f, -1.2f, -1.2f, -1.2f, -1.2f, -1.2f, -1.2f, -1.2f, -1.4f, -1.5f, -1.6f};
    const float def_x[kN] = {-0.8f, -0.8f, -0.8f, -0.8f, -1.0f, -1.0f, -1.0f, -0.7f, -0.7f, -0.35f, -0.35f};
    return team == 0 ? off_x[k] : def_x[k];
  }
  AGORA_HD static float start_y(int team, int k) {
    const float off_y[kN] = {-0.6f, -0.3f, 0.0f, 0.3f, 0.6f, 1.1f, -1.3f, 1.3f, 0.0f, 0.2f, 0.0f};
    const float def_y[kN] = {-0.6f, -0.2f, 0.2f, 0.6f, -0.8f, 0.0f, 0.8f, -1.5f, 1.5f, -0.9f, 0.9f};
    return team == 0 ? off_y[k] : def_y[k];
  }
  AGORA_HD static float max_speed(int team, int k) {
    const float off[kN] = {3.0f, 3.0f, 2.8f, 3.0f, 3.0f, 3.2f, 4.5f, 4.5f, 2.8f, 3.2f, 4.2f};
    const float def[kN] = {3.5f, 3.2f, 3.2f, 3.5f, 3.8f, 3.6f, 3.8f, 4.6f, 4.6f, 4.8f, 4.6f};
    return team == 0 ? off[k] : def[k];
  }
  AGORA_HD static float max_accel(int team, int k) {
    const float off[kN] = {2.0f, 2.0f, 1.8f, 2.0f, 2.0f, 2.2f, 2.8f, 2.8f, 2.2f, 2.4f, 2.8f};
    const float def[kN] = {2.2f, 2.0f, 2.0f, 2.2f, 2.6f, 2.4f, 2.6f, 3.0f, 3.0f, 3.0f, 3.0f};
    return team == 0 ? off[k] : def[k];
  }
  /// Trench battles (OL/TE vs DL/LB) stick harder, receivers vs corners lighter.
  AGORA_HD static float contact_weight(int o, int d) {
    const bool trench_o = o <= 5, trench_d = d <= 6;
    if (trench_o && trench_d) return 1.5f;
    if ((o == 6 || o == 7) && (d == 7 || d == 8)) return 0.5f;
    return 1.0f;
  }
  AGORA_HD static float sigmoid(float z) { return 1.0f / (1.0f + expf(-z)); }
  AGORA_HD static float clampf(float v, float lo, float hi) { return v < lo ? lo : (v > hi ? hi : v); }

  /// Player control (ux, uy) of grid index u for a player with acceleration cap `cap`.
  AGORA_HD static void control(const Config& c, int u, float cap, float& ux, float& uy) {
    float gx, gy;
    OneSidedGame::control(c.split, u, gx, gy);  // in [-12, 12]
    ux = gx / OneSidedGame::kControl * cap;
    uy = gy / OneSidedGame::kControl * cap;
  }

  AGORA_HD static void reset(State& s, const Config& c, Rng& rng) {
    for (int t = 0; t < 2; ++t)
      for (int k = 0; k < kN; ++k) {
        s.pos[t][k][0] = start_x(t, k);
        s.pos[t][k][1] = start_y(t, k);
        s.vel[t][k][0] = s.vel[t][k][1] = 0.0f;
      }
    for (int o = 0; o < kN; ++o)
      for (int d = 0; d < kN; ++d) s.merge[o][d] = 0.0f;
    s.type = rng.categorical(c.split.prior, kTypes);
    for (int j = 0; j < kTypes; ++j) s.belief[j] = c.split.prior[j];
    s.step = 0;
    s.cost = 0.0f;
  }

  /// The merge weights of the current positions.
  AGORA_HD static void merge_weights(State& s) {
    const float r2 = kMergeRadius * kMergeRadius;
    for (int o = 0; o < kN; ++o)
      for (int d = 0; d < kN; ++d) {
        const float dx = s.pos[0][o][0] - s.pos[1][d][0], dy = s.pos[0][o][1] - s.pos[1][d][1];
        s.merge[o][d] = sigmoid(kTackleSharpness * (r2 - (dx * dx + dy * dy))) * contact_weight(o, d);
      }
  }

  /// One substep: merged velocities, controls damped by engagement, semi-implicit Euler.
  AGORA_HD static void substep(State& s, const float (*u)[kN][2], float h) {
    merge_weights(s);
    float merged[2][kN][2], engaged[2][kN];
    for (int t = 0; t < 2; ++t)
      for (int k = 0; k < kN; ++k) {
        float sum = 0.0f, vx = s.vel[t][k][0], vy = s.vel[t][k][1];
        for (int j = 0; j < kN; ++j) {
          const float w = t == 0 ? s.merge[k][j] : s.merge[j][k];  // merge is offence x defence
          sum += w;
          vx += w * s.vel[1 - t][j][0];
          vy += w * s.vel[1 - t][j][1];
        }
        merged[t][k][0] = vx / (1.0f + sum);
        merged[t][k][1] = vy / (1.0f + sum);
        engaged[t][k] = 1.0f - expf(-sum);
      }
    for (int t = 0; t < 2; ++t)
      for (int k = 0; k < kN; ++k) {
        const float vmax = max_speed(t, k);
        for (int a = 0; a < 2; ++a) {
          const float acc = (1.0f - engaged[t][k]) * u[t][k][a];  // the merged "sticky" accel is 0
          s.vel[t][k][a] = clampf(merged[t][k][a] + acc * h, -vmax, vmax);
          s.pos[t][k][a] = clampf(s.pos[t][k][a] + s.vel[t][k][a] * h, -kBox, kBox);
        }
      }
  }

  /// The paper code's tackle probability of the RB: per defender sigmoid(3 w + 0.2 closing
  /// speed), combined as a probabilistic OR. (Its sigmoid(0) = 0.5 floor makes this close to 1
  /// whatever the positions; kept as published so payoffs compare.)
  AGORA_HD static float tackle_probability(const State& s) {
    float miss = 1.0f;
    for (int d = 0; d < kN; ++d) {
      const float dx = s.pos[1][d][0] - s.pos[0][kRB][0], dy = s.pos[1][d][1] - s.pos[0][kRB][1];
      const float dist = sqrtf(dx * dx + dy * dy) + 1e-6f;
      const float rvx = s.vel[1][d][0] - s.vel[0][kRB][0], rvy = s.vel[1][d][1] - s.vel[0][kRB][1];
      const float closing = -(rvx * dx + rvy * dy) / dist;
      miss *= 1.0f - sigmoid(3.0f * s.merge[kRB][d] + 0.2f * fmaxf(closing, 0.0f));
    }
    return 1.0f - miss;
  }

  /// Smooth best free receiver: T logsumexp((x + alpha freeness) / T) over offence players but
  /// the RB, freeness = sigmoid(k (tau - sum of merge weights)).
  AGORA_HD static float best_free_x(const State& s) {
    float score[kN], top = -1e30f;
    for (int o = 0; o < kN; ++o) {
      float sum = 0.0f;
      for (int d = 0; d < kN; ++d) sum += s.merge[o][d];
      score[o] = (s.pos[0][o][0] + kFreeAlpha * sigmoid(kFreeK * (kFreeTau - sum))) / kFreeTemp;
      if (o != kRB) top = fmaxf(top, score[o]);
    }
    float total = 0.0f;
    for (int o = 0; o < kN; ++o)
      if (o != kRB) total += expf(score[o] - top);
    return kFreeTemp * (top + logf(total));
  }

  AGORA_HD static float terminal_loss(const State& s) {
    if (s.type == 0) return -s.pos[0][kRB][0];
    float free_qb = 1.0f;
    for (int d = 0; d < kN; ++d) free_qb *= 1.0f - s.merge[kQB][d];
    return -best_free_x(s) + kQbMergePenalty * (1.0f - free_qb);
  }

  AGORA_HD static StepResult step(State& s, const Config& c, const int32_t* actions, float* rewards, Rng& rng) {
    float u[2][kN][2];
    float control_cost = 0.0f;
    for (int k = 0; k < kN; ++k) {
      int a, b;
      float lambda[OneSidedGame::kMaxTypes] = {};
      OneSidedGame::decode_split(c.split, actions[k], a, b, lambda);
      const int played = rng.uniform() < lambda[s.type] ? a : b;
      OneSidedGame::update_belief(s.belief, c.split, a, b, lambda, played);  // one factor per player
      control(c, played, max_accel(0, k), u[0][k][0], u[0][k][1]);
      control(c, actions[kN + k], max_accel(1, k), u[1][k][0], u[1][k][1]);
      control_cost += u[0][k][0] * u[0][k][0] + u[0][k][1] * u[0][k][1] -
                      (u[1][k][0] * u[1][k][0] + u[1][k][1] * u[1][k][1]);
    }
    const float h = c.dt / static_cast<float>(c.substeps);
    for (int i = 0; i < c.substeps; ++i) substep(s, u, h);
    float cost = 0.1f * 0.5f * control_cost * c.dt + kTacklePenalty * tackle_probability(s);
    ++s.step;
    StepResult r;
    if (s.step >= c.steps) {
      cost += terminal_loss(s);
      r.terminated = true;
    }
    s.cost += cost;
    for (int k = 0; k < kN; ++k) {
      rewards[k] = -cost;
      rewards[kN + k] = cost;
    }
    r.score = -s.cost;
    return r;
  }

  /// CAMS's state (offence positions, offence velocities, defence positions, defence
  /// velocities: 22 floats each, player-major (x, y)), the time, the belief, the type one-hot
  /// (offence agents only) and the agent's player one-hot (22).
  AGORA_HD static void observe(const State& s, const Config& c, int agent, float* o) {
    world_state(s, c, o);
    if (agent >= kN)
      for (int j = 0; j < kTypes; ++j) o[kStateFloats + 1 + kTypes + j] = 0.0f;
    for (int p = 0; p < 2 * kN; ++p) o[kWorldDim + p] = p == agent ? 1.0f : 0.0f;
  }

  AGORA_HD static void world_state(const State& s, const Config& c, float* o) {
    for (int t = 0; t < 2; ++t)
      for (int k = 0; k < kN; ++k)
        for (int a = 0; a < 2; ++a) {
          o[t * 4 * kN + 2 * k + a] = s.pos[t][k][a];
          o[t * 4 * kN + 2 * kN + 2 * k + a] = s.vel[t][k][a];
        }
    o[kStateFloats] = static_cast<float>(s.step) * c.dt;  // t, as CAMS's networks see it
    for (int j = 0; j < kTypes; ++j) {
      o[kStateFloats + 1 + j] = s.belief[j];
      o[kStateFloats + 1 + kTypes + j] = j == s.type ? 1.0f : 0.0f;
    }
  }

  AGORA_HD static void legal(const State&, const Config& c, int agent, uint8_t* mask) {
    const int total = OneSidedGame::attacker_actions(c.split);
    const int n = agent < kN ? total : OneSidedGame::num_controls(c.split);
    for (int a = 0; a < total; ++a) mask[a] = a < n ? 1 : 0;
  }

  AGORA_HD static void metrics(const State& s, const Config&, float* out) {
    out[0] = s.cost;
    out[1] = s.belief[s.type];
    out[2] = s.pos[0][kRB][0];
    out[3] = best_free_x(s);
  }
};

}  // namespace agora
