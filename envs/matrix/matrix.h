#pragma once
// matrix/*: two-player normal-form (bimatrix) games, one-shot or iterated.
//
// Player 0 picks a row, player 1 a column, simultaneously; each gets its payoff from its own
// matrix (row-major, index = row * cols + col, as in OpenSpiel's MatrixGame). Iterated play:
// `rounds` rounds, optionally ended earlier after each round with probability
// 1 - `continue_prob`; observations show the last `history` joint actions; rewards may carry
// Gaussian noise of std `payoff_noise`. The reward of a round is that round's payoff, so a
// one-shot trace shows the payoff matrix. Rules, layouts and sources: envs/matrix/README.md.
#include <cstdint>
#include <string>

#include "core/config.h"
#include "core/env_spec.h"
#include "core/hd.h"
#include "core/philox.h"

namespace agora {

struct MatrixGame {
  static constexpr int kMaxActions = 8;  // per player
  static constexpr int kMaxHistory = 8;  // joint actions remembered in observations

  struct Config {
    int rows, cols;
    float payoff[2][kMaxActions * kMaxActions];  // [player][row * cols + col]
    int rounds;
    float continue_prob;  // 1 = always play all `rounds`
    int history;
    float payoff_noise;
  };
  struct State {
    int32_t round;                       // rounds played
    int32_t last[kMaxHistory][2];        // most recent joint action first; -1 = none yet
    float welfare;                       // sum of both players' payoffs so far
  };

  static Config load_config(ConfigReader& r);
  static EnvSpec spec(const Config& c);
  /// The game from one player's point of view, for prompts (host only).
  static std::string describe(const State& s, const Config& c, int agent);
  /// Why a state from outside (a replay) is not one of this game's, or nullptr (game_traits.h).
  static const char* check_state(const State& s, const Config& c);

  AGORA_HD static int num_actions(const Config& c) { return c.rows > c.cols ? c.rows : c.cols; }

  AGORA_HD static void reset(State& s, const Config&, Rng&) {
    s.round = 0;
    s.welfare = 0.0f;
    for (int k = 0; k < kMaxHistory; ++k) s.last[k][0] = s.last[k][1] = -1;
  }

  AGORA_HD static StepResult step(State& s, const Config& c, const int32_t* actions, float* rewards, Rng& rng) {
    const int cell = actions[0] * c.cols + actions[1];
    for (int p = 0; p < 2; ++p) {
      rewards[p] = c.payoff[p][cell];
      if (c.payoff_noise > 0.0f) rewards[p] += c.payoff_noise * rng.normal();
      s.welfare += c.payoff[p][cell];
    }
    for (int k = kMaxHistory - 1; k > 0; --k) {
      s.last[k][0] = s.last[k - 1][0];
      s.last[k][1] = s.last[k - 1][1];
    }
    s.last[0][0] = actions[0];
    s.last[0][1] = actions[1];
    ++s.round;
    StepResult r;
    r.score = s.welfare;
    if (c.continue_prob >= 1.0f) {
      r.terminated = s.round >= c.rounds;
    } else {
      // A geometric game: it stops after each round with probability 1 - continue_prob; the
      // `rounds` cap is a truncation, applied by the runtime through max_steps.
      r.terminated = rng.uniform() >= c.continue_prob;
    }
    return r;
  }

  /// [round / rounds] then, for k = 0..history-1 (most recent first), a one-hot of the
  /// agent's own action and a one-hot of the other's (num_actions each; zeros before play).
  AGORA_HD static void observe(const State& s, const Config& c, int agent, float* obs) {
    const int K = num_actions(c);
    obs[0] = static_cast<float>(s.round) / static_cast<float>(c.rounds);
    float* h = obs + 1;
    for (int k = 0; k < c.history; ++k, h += 2 * K) {
      for (int i = 0; i < 2 * K; ++i) h[i] = 0.0f;
      const int own = s.last[k][agent], other = s.last[k][1 - agent];
      if (own >= 0) h[own] = 1.0f;
      if (other >= 0) h[K + other] = 1.0f;
    }
  }

  AGORA_HD static void legal(const State&, const Config& c, int agent, uint8_t* mask) {
    const int mine = agent == 0 ? c.rows : c.cols, count = num_actions(c);
    for (int k = 0; k < count; ++k) mask[k] = k < mine;
  }

  /// Player 0's observation: the joint history is symmetric information.
  AGORA_HD static void world_state(const State& s, const Config& c, float* out) { observe(s, c, 0, out); }
};

}  // namespace agora
