#pragma once
// VecEnv: N copies of one game stepped together on one device, with Gymnasium semantics.
//
//   auto env = agora::make_env("toy/gather", 4096, agora::Device::kCpu);
//   env->reset(/*seed=*/1);
//   for (int t = 0; t < 1000; ++t) {
//     env->sample_random_actions();      // uniform over legal actions, into env->actions()
//     env->step();                       // reward/terminated/truncated/obs now hold step t
//   }
//   agora::EpisodeStats s = env->episode_stats();
//
// Outputs are structure-of-arrays buffers on the env's device (see the accessors below).
// Auto-reset happens inside step: the step that ends an episode reports its rewards and
// flags, and `obs()` already holds the first observation of the next episode; the ended
// episode's last observation is in `final_obs()` when `keep_final_obs` is set.
// Agents that are not acting in a turn-based game have an all-zero legal mask; their action
// entries are ignored. An illegal or out-of-range action of an acting agent is an
// agora::Error naming env, agent and action; the env it names is not stepped, and the
// VecEnv must be reset before it steps again.
#include <cstdint>
#include <string>
#include <vector>

#include "core/buffer.h"
#include "core/config.h"
#include "core/env_spec.h"
#include "core/philox.h"
#include "core/view.h"

namespace agora {

/// How a step's work is split between threads (CPU workers or CUDA threads).
///   kEnv:   one thread steps an env and writes all of its outputs (on the CPU, games with
///           step_block run kStepBlock envs per call in SIMD lanes).
///   kAgent: one thread per env runs the rules (game step, bookkeeping, auto-reset), then one
///           thread per (env, agent) writes that agent's observation, legal mask and acting
///           flag, agent 0 also the world state. A GPU gets A times more threads for the
///           outputs, the larger part of the work in games with many agents.
///   kWarp:  a team of threads per env runs the rules through the game's step_team (on CUDA
///           up to a warp's 32 lanes sharing the env's units, several small teams to a warp; on
///           the CPU one thread, for testing), then the outputs as kAgent. Only for games with
///           a team step (core/game_traits.h).
/// All leave every output and state bit for bit the same.
enum class ThreadMapping { kEnv, kAgent, kWarp };

/// "env", "agent" or "warp"; anything else is an agora::Error naming the value.
ThreadMapping parse_thread_mapping(const std::string& name);
const char* thread_mapping_name(ThreadMapping m);

struct VecEnvOptions {
  bool auto_reset = true;      // false: an ended env stays ended (stepping it is an error)
  bool keep_final_obs = false; // keep the last observation of each ended episode
  bool keep_final_state = false;  // keep the last game state of each ended episode (replays)
  int num_threads = 0;         // CPU backend threads; 0 = all available
  bool world_state = true;     // compute state() every step (centralised critics need it);
                               // false leaves state() empty and saves its cost
  ThreadMapping thread_mapping = ThreadMapping::kEnv;
  int cuda_block_threads = 0;  // CUDA threads per block (a multiple of 32, at most 1024); 0 =
                               // 128, or fewer when that would leave multiprocessors idle
};

/// Totals over every episode that ended since the last reset(seed).
struct EpisodeStats {
  int64_t episodes = 0;
  double mean_return = 0;  // per agent, averaged over agents and episodes
  double mean_length = 0;
  double mean_score = 0;
  /// Mean of each game-defined per-episode metric, in metric_names() order.
  std::vector<double> mean_metrics;
};

class VecEnv {
 public:
  virtual ~VecEnv() = default;

  const std::string& name() const { return name_; }
  const EnvSpec& spec() const { return spec_; }
  const Json& config() const { return config_; }
  int num_envs() const { return num_envs_; }
  Device device() const { return device_; }
  const VecEnvOptions& options() const { return options_; }

  /// Starts every env's first episode. Env i draws from Philox keyed by (seed, i).
  void reset(uint64_t seed);
  /// Steps all envs with the actions in `actions()`.
  void step();
  /// Fills `actions()` with a uniformly random legal action for every acting agent
  /// (non-acting agents get 0). Uses its own random stream, not the game's.
  void sample_random_actions();

  View<int32_t> actions() const { return view(actions_, {num_envs_, spec_.num_agents}); }        // [N, A]
  View<float> obs() const { return view(obs_, {num_envs_, spec_.num_agents, spec_.obs_dim}); }    // [N, A, O]
  View<float> state() const { return view(world_, {num_envs_, spec_.state_dim}); }                // [N, S]
  View<float> reward() const { return view(reward_, {num_envs_, spec_.num_agents}); }             // [N, A]
  View<uint8_t> terminated() const { return view(terminated_, {num_envs_}); }                     // [N]
  View<uint8_t> truncated() const { return view(truncated_, {num_envs_}); }                       // [N]
  View<uint8_t> legal() const { return view(legal_, {num_envs_, spec_.num_agents, spec_.num_actions}); }  // [N, A, K]
  View<uint8_t> acting() const { return view(acting_, {num_envs_, spec_.num_agents}); }          // [N, A]
  /// Last observation of the episode that ended at this step; empty unless keep_final_obs.
  View<float> final_obs() const { return view(final_obs_, {num_envs_, spec_.num_agents, spec_.obs_dim}); }
  /// Return, length and score of the episode that ended at this step (where terminated|truncated).
  View<float> episode_return() const { return view(episode_return_, {num_envs_, spec_.num_agents}); }
  View<int32_t> episode_length() const { return view(episode_length_, {num_envs_}); }
  View<float> episode_score() const { return view(episode_score_, {num_envs_}); }
  /// Game-defined metrics of the episode that ended at this step: [N, num_metrics].
  View<float> episode_metrics() const { return view(episode_metrics_, {num_envs_, spec_.num_metrics}); }
  const std::vector<std::string>& metric_names() const { return metric_names_; }

  EpisodeStats episode_stats() const;

  /// Size of one env's POD game state, and a host copy of envs [first, first + count).
  virtual size_t state_bytes() const = 0;
  virtual void copy_states(int first, int count, void* host_out) const = 0;
  /// Host copy of the last state of the episodes that ended at this step, for envs
  /// [first, first + count) (entries of envs that did not end are stale). Needs keep_final_state.
  virtual void copy_final_states(int first, int count, void* host_out) const = 0;
  /// Overwrites the states of envs [first, first + count) with host copies (what
  /// copy_states produced, e.g. read back from a replay) and recomputes their observations,
  /// legal masks and world states, so game code can inspect recorded states. CPU envs only;
  /// a state that fails check_state is an agora::Error and nothing is loaded.
  virtual void load_states(int first, int count, const void* host_in) = 0;
  /// Why one host state (as copy_states writes it) is not a state of this game under this
  /// config, or "" when it is (or the game has no check_state: it is then trusted).
  virtual std::string check_state(const void* host_state) const = 0;

  /// A text description of env `env` from `agent`'s point of view (for LLM prompts).
  virtual std::string describe(int env, int agent) const = 0;

  /// Bytes one env step reads and writes in device memory (roofline accounting).
  size_t bytes_per_env_step() const;

 protected:
  VecEnv(std::string name, int num_envs, Device device, const EnvSpec& spec, std::vector<std::string> metric_names,
         Json config, const VecEnvOptions& options);
  int threads() const;

  // Backend hooks. step_envs returns the lowest env index with an error, or num_envs.
  virtual void reset_envs(uint64_t seed) = 0;
  virtual int step_envs() = 0;
  virtual void sample_envs() = 0;

  template <class T>
  View<T> view(const Buffer<T>& b, std::vector<int64_t> shape) const {
    if (b.size() == 0) shape.assign(shape.size(), 0);
    return View<T>{b.data(), std::move(shape), device_};
  }

  std::string name_;
  int num_envs_;
  Device device_;
  EnvSpec spec_;
  std::vector<std::string> metric_names_;
  Json config_;
  VecEnvOptions options_;
  bool needs_reset_ = true;

  Buffer<Rng> rngs_, policy_rngs_;
  Buffer<int32_t> actions_;
  Buffer<float> obs_, world_, reward_, final_obs_;
  Buffer<uint8_t> terminated_, truncated_, legal_, acting_;
  Buffer<int32_t> length_, error_agent_;
  Buffer<float> running_return_, episode_return_, episode_score_;
  Buffer<int32_t> episode_length_;
  // Per-env running totals (no atomics: each env owns its slot, so sums are reproducible).
  Buffer<double> sum_return_, sum_length_, sum_score_;
  Buffer<float> episode_metrics_;
  Buffer<double> sum_metrics_;
  Buffer<int64_t> episodes_;
};

}  // namespace agora
