#pragma once
// BatchedEnv<Game>: the VecEnv that runs one game's rules over N envs, on CPU threads (OpenMP,
// static schedule) or on CUDA (kernels instantiated in the game's .cu file with
// AGORA_CUDA_GAME). Games register themselves with AGORA_REGISTER_ENV (core/registry.h).
#include <algorithm>
#include <cstring>
#include <string>
#include <type_traits>

#include "core/env_kernels.h"
#include "core/error.h"
#include "core/team.h"
#include "core/vec_env.h"

namespace agora {

/// Asks for the cache lines of [p, p + bytes) to be read in, without waiting for them.
inline void prefetch_range(const void* p, size_t bytes) {
  const char* first = static_cast<const char*>(p);
  for (size_t at = 0; at < bytes; at += 64) __builtin_prefetch(first + at, /*rw=*/0, /*locality=*/3);
}

/// CUDA backend of BatchedEnv<Game>; defined in core/batched_env_cuda.cuh and instantiated
/// once per game by AGORA_CUDA_GAME(Game) in the game's .cu file.
template <class Game>
struct CudaBackend {
  static void reset(const EnvArrays<Game>& arrays, int num_envs, uint64_t seed, int block_threads);
  /// Returns the lowest env index whose step failed, or num_envs.
  static int step(const EnvArrays<Game>& arrays, int num_envs, ThreadMapping mapping, int block_threads);
  static void sample(const EnvArrays<Game>& arrays, int num_envs, int block_threads);
};

/// Parses a game config strictly (unknown keys are errors naming the key).
template <class Game>
typename Game::Config load_game_config(const std::string& env_name, const Json& json) {
  ConfigReader reader(json, env_name + " config");
  typename Game::Config cfg = Game::load_config(reader);
  reader.finish();
  return cfg;
}

template <class Game>
class BatchedEnv final : public VecEnv {
  static_assert(std::is_trivially_copyable<typename Game::State>::value, "Game::State must be POD");
  static_assert(std::is_trivially_copyable<typename Game::Config>::value, "Game::Config must be POD");

 public:
  BatchedEnv(const std::string& name, int num_envs, Device device, const Json& config,
             const VecEnvOptions& options)
      : BatchedEnv(name, num_envs, device, config, options, load_game_config<Game>(name, config)) {}

  size_t state_bytes() const override { return sizeof(typename Game::State); }

  void copy_states(int first, int count, void* host_out) const override {
    AGORA_CHECK(first >= 0 && count >= 0 && first + count <= num_envs_, "copy_states: range out of bounds");
    states_.copy_to_host(static_cast<typename Game::State*>(host_out), first, count);
  }

  void copy_final_states(int first, int count, void* host_out) const override {
    AGORA_CHECK(options_.keep_final_state, name_ + ": copy_final_states needs the keep_final_state option");
    AGORA_CHECK(first >= 0 && count >= 0 && first + count <= num_envs_, "copy_final_states: range out of bounds");
    final_states_.copy_to_host(static_cast<typename Game::State*>(host_out), first, count);
  }

  void load_states(int first, int count, const void* host_in) override {
    AGORA_CHECK(device_ == Device::kCpu, name_ + ": load_states works on CPU envs only");
    AGORA_CHECK(first >= 0 && count >= 0 && first + count <= num_envs_, "load_states: range out of bounds");
    const auto* in = static_cast<const typename Game::State*>(host_in);
    for (int i = 0; i < count; ++i) {
      const std::string why = check_state(&in[i]);
      AGORA_CHECK(why.empty(), name_ + ": load_states: state " + std::to_string(i) + " is not valid (" + why + ")");
    }
    states_.copy_from_host(static_cast<const typename Game::State*>(host_in), first, count);
    const EnvArrays<Game> a = arrays();
    for (int i = first; i < first + count; ++i) write_outputs(a, i);
  }

  std::string check_state(const void* host_state) const override {
    if constexpr (HasCheckState<Game>::value) {
      typename Game::State s;
      std::memcpy(&s, host_state, sizeof(s));  // the caller's bytes need not be aligned
      const char* why = Game::check_state(s, cfg_);
      return why ? why : "";
    } else {
      (void)host_state;
      return "";
    }
  }

  std::string describe(int env, int agent) const override {
    AGORA_CHECK(env >= 0 && env < num_envs_ && agent >= 0 && agent < spec_.num_agents,
                name_ + ": describe: env " + std::to_string(env) + " or agent " + std::to_string(agent) + " out of range");
    typename Game::State s;
    states_.copy_to_host(&s, env, 1);
    return Game::describe(s, cfg_, agent);
  }

 private:
  BatchedEnv(const std::string& name, int num_envs, Device device, const Json& config,
             const VecEnvOptions& options, const typename Game::Config& cfg)
      : VecEnv(name, num_envs, device, full_spec<Game>(cfg), game_metric_names<Game>(cfg), config, options), cfg_(cfg),
        states_(device, num_envs), final_states_(device, options.keep_final_state ? num_envs : 0) {
    AGORA_CHECK(options.thread_mapping != ThreadMapping::kWarp || HasStepTeam<Game>::value,
                name + ": the \"warp\" thread mapping needs a game with a team step (step_team), and this one has none");
  }

  EnvArrays<Game> arrays() const {
    return EnvArrays<Game>{cfg_, spec_, options_.auto_reset, states_.data(), rngs_.data(), policy_rngs_.data(),
                           actions_.data(), obs_.data(), options_.world_state ? world_.data() : nullptr, reward_.data(),
                           options_.keep_final_obs ? final_obs_.data() : nullptr, terminated_.data(),
                           truncated_.data(), legal_.data(), acting_.data(), length_.data(), error_agent_.data(),
                           running_return_.data(), episode_return_.data(), episode_length_.data(),
                           episode_score_.data(), sum_return_.data(), sum_length_.data(), sum_score_.data(),
                           episode_metrics_.data(), sum_metrics_.data(), episodes_.data(),
                           options_.keep_final_state ? final_states_.data() : nullptr};
  }

  // Parallel loops only pay off past a few dozen envs; below that they cost more than they save.
  static constexpr int kMinParallelEnvs = 64;

  void reset_envs(uint64_t seed) override {
    const EnvArrays<Game> a = arrays();
#if AGORA_WITH_CUDA
    if (device_ == Device::kCuda) return CudaBackend<Game>::reset(a, num_envs_, seed, options_.cuda_block_threads);
#endif
#pragma omp parallel for schedule(static) num_threads(threads()) if (num_envs_ >= kMinParallelEnvs)
    for (int i = 0; i < num_envs_; ++i) reset_env(a, i, seed);
  }

  int step_envs() override {
    const EnvArrays<Game> a = arrays();
#if AGORA_WITH_CUDA
    if (device_ == Device::kCuda)
      return CudaBackend<Game>::step(a, num_envs_, options_.thread_mapping, options_.cuda_block_threads);
#endif
    int first_error = num_envs_;
    if (options_.thread_mapping == ThreadMapping::kAgent || options_.thread_mapping == ThreadMapping::kWarp) {
#pragma omp parallel for schedule(static) num_threads(threads()) if (num_envs_ >= kMinParallelEnvs) \
    reduction(min : first_error)
      for (int i = 0; i < num_envs_; ++i) {
        if (step_rules(a, i) != kStepOk && i < first_error) first_error = i;
      }
      const int A = spec_.num_agents;
      const int64_t rows = static_cast<int64_t>(num_envs_) * A;
#pragma omp parallel for schedule(static) num_threads(threads()) if (num_envs_ >= kMinParallelEnvs)
      for (int64_t r = 0; r < rows; ++r) write_agent_outputs(a, static_cast<int>(r / A), static_cast<int>(r % A));
    } else if constexpr (HasStepBlock<Game>::value) {
      constexpr int W = Game::kStepBlock;
      const int blocks = (num_envs_ + W - 1) / W;
#pragma omp parallel for schedule(static) num_threads(threads()) if (num_envs_ >= kMinParallelEnvs) \
    reduction(min : first_error)
      for (int b = 0; b < blocks; ++b) {
        // The next block's states and random streams, on their way into the caches while this
        // block steps: a block reads its states a unit at a time across envs, a stride the
        // hardware prefetchers follow poorly once the states outgrow the caches.
        if (b + 1 < blocks) {
          const int next = (b + 1) * W, count = std::min(W, num_envs_ - next);
          prefetch_range(a.states + next, count * sizeof(typename Game::State));
          prefetch_range(a.rngs + next, count * sizeof(Rng));
          prefetch_range(a.policy_rngs + next, count * sizeof(Rng));
        }
        const int failed = step_env_block(a, b * W, std::min(W, num_envs_ - b * W));
        if (failed < first_error) first_error = failed;
      }
    } else {
#pragma omp parallel for schedule(static) num_threads(threads()) if (num_envs_ >= kMinParallelEnvs) \
    reduction(min : first_error)
      for (int i = 0; i < num_envs_; ++i) {
        if (step_env(a, i) != kStepOk && i < first_error) first_error = i;
      }
    }
    return first_error;
  }

  /// The rules of env i by the mapping's CPU stand-in: the game's step, or its team step on a
  /// one-lane team (ThreadMapping::kWarp, which so runs the GPU's team code on the CPU).
  int step_rules(const EnvArrays<Game>& a, int i) const {
    if constexpr (HasStepTeam<Game>::value) {
      if (options_.thread_mapping == ThreadMapping::kWarp) {
        const int verdict = check_step(a, i);
        if (verdict != kStepOk) return verdict;
        static thread_local typename Game::TeamScratch scratch;
        step_env_team(a, i, SerialTeam{}, scratch);
        return kStepOk;
      }
    }
    return step_env_rules(a, i);
  }

  void sample_envs() override {
    const EnvArrays<Game> a = arrays();
#if AGORA_WITH_CUDA
    if (device_ == Device::kCuda) return CudaBackend<Game>::sample(a, num_envs_, options_.cuda_block_threads);
#endif
#pragma omp parallel for schedule(static) num_threads(threads()) if (num_envs_ >= kMinParallelEnvs)
    for (int i = 0; i < num_envs_; ++i) sample_env(a, i);
  }

  typename Game::Config cfg_;
  Buffer<typename Game::State> states_, final_states_;
};

}  // namespace agora
