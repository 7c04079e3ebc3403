#pragma once
// The per-env work of reset, step and random-action sampling, written once for both
// backends: the CPU backend calls these in a parallel loop, the CUDA backend in a kernel with
// one thread per env. Nothing here allocates.
#include <cstdint>

#include "core/env_spec.h"
#include "core/game_traits.h"
#include "core/hd.h"
#include "core/legal_bits.h"
#include "core/philox.h"

namespace agora {

/// Raw pointers to every per-env buffer, plus the game config: plain data passed by value
/// to kernels. Index conventions: [N], [N*A], [N*A*O], [N*A*K], [N*S].
template <class Game>
struct EnvArrays {
  typename Game::Config cfg;
  EnvSpec spec;
  bool auto_reset;
  typename Game::State* states;
  Rng* rngs;
  Rng* policy_rngs;
  int32_t* actions;
  float* obs;
  float* world;      // nullptr when the world state is not computed
  float* reward;
  float* final_obs;  // nullptr unless final observations are kept
  uint8_t* terminated;
  uint8_t* truncated;
  uint8_t* legal;
  uint8_t* acting;
  int32_t* length;
  int32_t* error_agent;
  float* running_return;
  float* episode_return;
  int32_t* episode_length;
  float* episode_score;
  double* sum_return;
  double* sum_length;
  double* sum_score;
  float* episode_metrics;  // [N*M], M = spec.num_metrics
  double* sum_metrics;     // [N*M]
  int64_t* episodes;
  typename Game::State* final_states;  // nullptr unless final states are kept
};

/// Error codes of step_env: kStepOk, an agent index (illegal action), or kStepEnded.
constexpr int kStepOk = -1;
constexpr int kStepEnded = -2;

/// Whether a mask of K actions has a legal one.
AGORA_HD uint8_t any_legal(const uint8_t* mask, int K) {
  uint8_t any = 0;
  for (int k = 0; k < K; k += 64) any |= legal_bits(mask + k, K - k < 64 ? K - k : 64) != 0;
  return any;
}

/// acting[i, agent]: whether the agent has a legal action in env i's masks.
template <class Game>
AGORA_HD void write_acting(const EnvArrays<Game>& a, int i) {
  const int A = a.spec.num_agents, K = a.spec.num_actions;
  for (int agent = 0; agent < A; ++agent) {
    const int64_t row = static_cast<int64_t>(i) * A + agent;
    a.acting[row] = any_legal(a.legal + row * K, K);
  }
}

/// Agent `agent`'s share of write_outputs(a, i): its observation, legal mask and acting flag;
/// agent 0 also writes the world state. Over every agent it writes what write_outputs writes.
template <class Game>
AGORA_HD void write_agent_outputs(const EnvArrays<Game>& a, int i, int agent) {
  const int K = a.spec.num_actions;
  const typename Game::State& s = a.states[i];
  const int64_t row = static_cast<int64_t>(i) * a.spec.num_agents + agent;
  Game::observe(s, a.cfg, agent, a.obs + row * a.spec.obs_dim);
  uint8_t* mask = a.legal + row * K;
  Game::legal(s, a.cfg, agent, mask);
  a.acting[row] = any_legal(mask, K);
  if (agent == 0 && a.world) Game::world_state(s, a.cfg, a.world + static_cast<int64_t>(i) * a.spec.state_dim);
}

template <class Game>
AGORA_HD void write_outputs(const EnvArrays<Game>& a, int i) {
  const int A = a.spec.num_agents, O = a.spec.obs_dim, K = a.spec.num_actions;
  const typename Game::State& s = a.states[i];
  if constexpr (HasObserveAll<Game>::value) Game::observe_all(s, a.cfg, a.obs + static_cast<int64_t>(i) * A * O);
  for (int agent = 0; agent < A; ++agent) {
    const int64_t row = static_cast<int64_t>(i) * A + agent;
    if constexpr (!HasObserveAll<Game>::value) Game::observe(s, a.cfg, agent, a.obs + row * O);
    Game::legal(s, a.cfg, agent, a.legal + row * K);
  }
  if (a.world) Game::world_state(s, a.cfg, a.world + static_cast<int64_t>(i) * a.spec.state_dim);
  write_acting(a, i);
}

template <class Game>
AGORA_HD void begin_episode(const EnvArrays<Game>& a, int i) {
  Game::reset(a.states[i], a.cfg, a.rngs[i]);
  a.length[i] = 0;
  float* running = a.running_return + static_cast<int64_t>(i) * a.spec.num_agents;
  for (int agent = 0; agent < a.spec.num_agents; ++agent) running[agent] = 0.0f;
}

template <class Game>
AGORA_HD void reset_env(const EnvArrays<Game>& a, int i, uint64_t seed) {
  a.rngs[i] = Rng(seed, static_cast<uint32_t>(i));
  // The policy stream uses the same key with the stream id offset by 2^31, so it never
  // overlaps a game stream for fewer than 2^31 envs.
  a.policy_rngs[i] = Rng(seed, static_cast<uint32_t>(i) | 0x80000000u);
  a.terminated[i] = 0;
  a.truncated[i] = 0;
  a.sum_return[i] = a.sum_length[i] = a.sum_score[i] = 0.0;
  a.episodes[i] = 0;
  for (int m = 0; m < a.spec.num_metrics; ++m) a.sum_metrics[static_cast<int64_t>(i) * a.spec.num_metrics + m] = 0.0;
  a.error_agent[i] = kStepOk;
  begin_episode(a, i);
  write_outputs(a, i);
}

/// Whether env i may step: kStepOk, the index of the first agent whose action is illegal, or
/// kStepEnded when auto-reset is off and the episode is over (recorded in error_agent).
template <class Game>
AGORA_HD int check_step(const EnvArrays<Game>& a, int i) {
  const int A = a.spec.num_agents, K = a.spec.num_actions;
  if (!a.auto_reset && (a.terminated[i] | a.truncated[i])) return a.error_agent[i] = kStepEnded;
  const int32_t* act = a.actions + static_cast<int64_t>(i) * A;
  for (int agent = 0; agent < A; ++agent) {
    const int64_t row = static_cast<int64_t>(i) * A + agent;
    if (!a.acting[row]) continue;
    const int32_t x = act[agent];
    if (x < 0 || x >= K || !a.legal[row * K + x]) return a.error_agent[i] = agent;
  }
  return kStepOk;
}

/// What follows the game's step of env i but the outputs: episode bookkeeping, auto-reset.
template <class Game>
AGORA_HD void end_step(const EnvArrays<Game>& a, int i, const StepResult& r) {
  const int A = a.spec.num_agents;
  const float* reward = a.reward + static_cast<int64_t>(i) * A;
  const int length = ++a.length[i];
  const bool truncated = !r.terminated && (r.truncated || length >= a.spec.max_steps);
  a.terminated[i] = r.terminated;
  a.truncated[i] = truncated;
  float* running = a.running_return + static_cast<int64_t>(i) * A;
  float mean_return = 0.0f;
  for (int agent = 0; agent < A; ++agent) {
    running[agent] += reward[agent];
    mean_return += running[agent];
  }
  if (r.terminated || truncated) {
    for (int agent = 0; agent < A; ++agent) a.episode_return[static_cast<int64_t>(i) * A + agent] = running[agent];
    a.episode_length[i] = length;
    a.episode_score[i] = r.score;
    a.sum_return[i] += mean_return / A;
    a.sum_length[i] += length;
    a.sum_score[i] += r.score;
    a.episodes[i] += 1;
    if constexpr (HasMetrics<Game>::value) {
      const int M = a.spec.num_metrics;
      float* metrics = a.episode_metrics + static_cast<int64_t>(i) * M;
      Game::metrics(a.states[i], a.cfg, metrics);
      for (int m = 0; m < M; ++m) a.sum_metrics[static_cast<int64_t>(i) * M + m] += metrics[m];
    }
    if (a.auto_reset) {
      if (a.final_states) a.final_states[i] = a.states[i];
      if (a.final_obs) {
        float* final_obs = a.final_obs + static_cast<int64_t>(i) * A * a.spec.obs_dim;
        if constexpr (HasObserveAll<Game>::value) {
          Game::observe_all(a.states[i], a.cfg, final_obs);
        } else {
          for (int agent = 0; agent < A; ++agent) Game::observe(a.states[i], a.cfg, agent, final_obs + agent * a.spec.obs_dim);
        }
      }
      begin_episode(a, i);
    }
  }
}

/// Everything after the game's step of env i: end_step, then the outputs.
template <class Game>
AGORA_HD void finish_step(const EnvArrays<Game>& a, int i, const StepResult& r) {
  end_step(a, i, r);
  write_outputs(a, i);
}

/// Env i's rewards set to zero before the game's step adds its own.
template <class Game>
AGORA_HD void clear_rewards(const EnvArrays<Game>& a, int i) {
  float* reward = a.reward + static_cast<int64_t>(i) * a.spec.num_agents;
  for (int agent = 0; agent < a.spec.num_agents; ++agent) reward[agent] = 0.0f;
}

/// Steps env i but writes none of its outputs (ThreadMapping::kAgent writes them afterwards,
/// one thread per agent; an env this refused keeps its state, so rewriting its outputs changes
/// nothing). Returns what step_env returns.
template <class Game>
AGORA_HD int step_env_rules(const EnvArrays<Game>& a, int i) {
  const int verdict = check_step(a, i);
  if (verdict != kStepOk) return verdict;
  const int64_t at = static_cast<int64_t>(i) * a.spec.num_agents;
  clear_rewards(a, i);
  end_step(a, i, Game::step(a.states[i], a.cfg, a.actions + at, a.reward + at, a.rngs[i]));
  return kStepOk;
}

/// Steps env i, its actions checked, by the game's team step (ThreadMapping::kWarp): every lane
/// of `team` calls it; the leader keeps the books. Writes none of the outputs.
template <class Game, class Team>
AGORA_HD void step_env_team(const EnvArrays<Game>& a, int i, const Team& team, typename Game::TeamScratch& scratch) {
  const int64_t at = static_cast<int64_t>(i) * a.spec.num_agents;
  team.serial([&] { clear_rewards(a, i); });
  const StepResult r = Game::step_team(team, a.states[i], a.cfg, a.actions + at, a.reward + at, a.rngs[i], scratch);
  team.serial([&] { end_step(a, i, r); });
}

/// Steps env i. Returns kStepOk, the index of the first agent whose action is illegal (the env
/// is left untouched), or kStepEnded when auto-reset is off and the episode is over.
template <class Game>
AGORA_HD int step_env(const EnvArrays<Game>& a, int i) {
  const int verdict = step_env_rules(a, i);
  if (verdict == kStepOk) write_outputs(a, i);
  return verdict;
}

/// Steps the `count` (at most Game::kStepBlock) envs from `first` with one Game::step_block
/// call (host only). Returns the lowest env index that could not step, or INT32_MAX.
template <class Game>
int step_env_block(const EnvArrays<Game>& a, int first, int count) {
  constexpr int W = Game::kStepBlock;
  const int A = a.spec.num_agents;
  if (count * 8 < W) {  // a block costs about as much as W envs: a few are cheaper one by one
    int first_error = INT32_MAX;
    for (int i = first; i < first + count; ++i)
      if (step_env(a, i) != kStepOk && i < first_error) first_error = i;
    return first_error;
  }
  uint8_t active[W] = {};
  StepResult results[W];
  int first_error = INT32_MAX;
  for (int l = 0; l < count; ++l) {
    const int i = first + l;
    if (check_step(a, i) != kStepOk) {
      if (i < first_error) first_error = i;
      continue;
    }
    active[l] = 1;
    clear_rewards(a, i);
  }
  const int64_t at = static_cast<int64_t>(first) * A;
  Game::step_block(a.states + first, a.cfg, a.actions + at, a.reward + at, a.rngs + first, active, results);
  if constexpr (HasOutputsBlock<Game>::value) {
    uint8_t restarted[W] = {};  // a new episode replaced the state step_block left
    for (int l = 0; l < count; ++l) {
      if (!active[l]) continue;
      const int i = first + l;
      end_step(a, i, results[l]);
      restarted[l] = a.auto_reset & (a.terminated[i] | a.truncated[i]);
    }
    Game::outputs_block(a.states + first, a.cfg, active, restarted, a.obs + at * a.spec.obs_dim,
                        a.legal + at * a.spec.num_actions,
                        a.world ? a.world + static_cast<int64_t>(first) * a.spec.state_dim : nullptr);
    if constexpr (!EveryAgentActs<Game>::value) {  // else acting stays as reset_env wrote it: all 1
      for (int l = 0; l < count; ++l) {
        if (active[l]) write_acting(a, first + l);
      }
    }
  } else {
    for (int l = 0; l < count; ++l) {
      if (active[l]) finish_step(a, first + l, results[l]);
    }
  }
  return first_error;
}

/// Writes a uniformly random legal action for every acting agent of env i (0 otherwise).
template <class Game>
AGORA_HD void sample_env(const EnvArrays<Game>& a, int i) {
  const int A = a.spec.num_agents, K = a.spec.num_actions;
  for (int agent = 0; agent < A; ++agent) {
    const int64_t row = static_cast<int64_t>(i) * A + agent;
    int32_t choice = 0;
    if (a.acting[row]) {
      const uint8_t* mask = a.legal + row * K;
      if (K <= 64) {
        const uint64_t legal = legal_bits(mask, K);
        const int count = popcount64(legal);
        choice = nth_set_bit(legal, static_cast<int>(a.policy_rngs[i].uniform_int(static_cast<uint32_t>(count))));
      } else {
        int count = 0;
        for (int k = 0; k < K; ++k) count += mask[k] != 0;
        const int pick = static_cast<int>(a.policy_rngs[i].uniform_int(static_cast<uint32_t>(count)));
        int seen = 0;  // the pick-th legal action, without a branch per action
        for (int k = 0; k < K; ++k) {
          const int legal = mask[k] != 0;
          choice = legal & (seen == pick) ? k : choice;
          seen += legal;
        }
      }
    }
    a.actions[row] = choice;
  }
}

}  // namespace agora
