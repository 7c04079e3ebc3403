#include "core/vec_env.h"

#include <omp.h>

#include <vector>

#include "core/env_kernels.h"
#include "core/error.h"

namespace agora {

VecEnv::VecEnv(std::string name, int num_envs, Device device, const EnvSpec& spec,
               std::vector<std::string> metric_names, Json config, const VecEnvOptions& options)
    : name_(std::move(name)), num_envs_(num_envs), device_(device), spec_(spec),
      metric_names_(std::move(metric_names)), config_(std::move(config)), options_(options) {
  AGORA_CHECK(num_envs > 0, name_ + ": num_envs must be positive, got " + std::to_string(num_envs));
  AGORA_CHECK(spec.num_agents > 0 && spec.num_actions > 0 && spec.obs_dim >= 0 && spec.state_dim >= 0 &&
                  spec.max_steps > 0,
              name_ + ": game returned an invalid spec");
  AGORA_CHECK(options.num_threads >= 0, "num_threads must be >= 0");
  AGORA_CHECK(options.cuda_block_threads >= 0 && options.cuda_block_threads <= 1024 && options.cuda_block_threads % 32 == 0,
              "cuda_block_threads must be 0 (automatic) or a multiple of 32 up to 1024, got " +
                  std::to_string(options.cuda_block_threads));
  const size_t n = static_cast<size_t>(num_envs), na = n * spec.num_agents;
  rngs_ = Buffer<Rng>(device, n);
  policy_rngs_ = Buffer<Rng>(device, n);
  actions_ = Buffer<int32_t>(device, na);
  obs_ = Buffer<float>(device, na * spec.obs_dim);
  if (options.world_state) world_ = Buffer<float>(device, n * spec.state_dim);
  reward_ = Buffer<float>(device, na);
  if (options.keep_final_obs) final_obs_ = Buffer<float>(device, na * spec.obs_dim);
  terminated_ = Buffer<uint8_t>(device, n);
  truncated_ = Buffer<uint8_t>(device, n);
  legal_ = Buffer<uint8_t>(device, na * spec.num_actions);
  acting_ = Buffer<uint8_t>(device, na);
  length_ = Buffer<int32_t>(device, n);
  error_agent_ = Buffer<int32_t>(device, n);
  running_return_ = Buffer<float>(device, na);
  episode_return_ = Buffer<float>(device, na);
  episode_length_ = Buffer<int32_t>(device, n);
  episode_score_ = Buffer<float>(device, n);
  sum_return_ = Buffer<double>(device, n);
  sum_length_ = Buffer<double>(device, n);
  sum_score_ = Buffer<double>(device, n);
  episodes_ = Buffer<int64_t>(device, n);
  episode_metrics_ = Buffer<float>(device, n * spec.num_metrics);
  sum_metrics_ = Buffer<double>(device, n * spec.num_metrics);
}

ThreadMapping parse_thread_mapping(const std::string& name) {
  if (name == "env") return ThreadMapping::kEnv;
  if (name == "agent") return ThreadMapping::kAgent;
  if (name == "warp") return ThreadMapping::kWarp;
  throw Error("thread mapping must be \"env\", \"agent\" or \"warp\", got \"" + name + "\"");
}

const char* thread_mapping_name(ThreadMapping m) {
  switch (m) {
    case ThreadMapping::kAgent: return "agent";
    case ThreadMapping::kWarp: return "warp";
    default: return "env";
  }
}

int VecEnv::threads() const { return options_.num_threads > 0 ? options_.num_threads : omp_get_max_threads(); }

void VecEnv::reset(uint64_t seed) {
  reset_envs(seed);
  device_synchronize(device_);
  needs_reset_ = false;
}

void VecEnv::sample_random_actions() {
  AGORA_CHECK(!needs_reset_, name_ + ": call reset(seed) before sampling actions");
  sample_envs();
}

void VecEnv::step() {
  AGORA_CHECK(!needs_reset_, name_ + ": call reset(seed) before step (and again after a step failed)");
  const int bad_env = step_envs();
  if (bad_env == num_envs_) return;
  needs_reset_ = true;
  int32_t agent = 0;
  error_agent_.copy_to_host(&agent, bad_env, 1);
  const std::string where = name_ + ": env " + std::to_string(bad_env);
  if (agent == kStepEnded) throw Error(where + ": the episode has ended and auto_reset is off; call reset(seed)");
  const int A = spec_.num_agents, K = spec_.num_actions;
  const size_t row = static_cast<size_t>(bad_env) * A + agent;
  int32_t action = 0;
  actions_.copy_to_host(&action, row, 1);
  std::vector<uint8_t> mask(K);
  legal_.copy_to_host(mask.data(), row * K, K);
  std::string legal_list;
  for (int k = 0; k < K; ++k)
    if (mask[k]) legal_list += (legal_list.empty() ? "" : " ") + std::to_string(k);
  throw Error(where + ", agent " + std::to_string(agent) + ": illegal action " + std::to_string(action) +
              (action < 0 || action >= K ? " (out of range [0, " + std::to_string(K) + "))" : "") +
              "; legal actions: " + legal_list);
}

EpisodeStats VecEnv::episode_stats() const {
  const std::vector<double> ret = sum_return_.to_host(), len = sum_length_.to_host(), score = sum_score_.to_host();
  const std::vector<int64_t> count = episodes_.to_host();
  EpisodeStats s;
  double r = 0, l = 0, sc = 0;
  for (int i = 0; i < num_envs_; ++i) {
    s.episodes += count[i];
    r += ret[i];
    l += len[i];
    sc += score[i];
  }
  const int M = spec_.num_metrics;
  s.mean_metrics.assign(M, 0.0);
  const std::vector<double> metrics = sum_metrics_.to_host();
  for (size_t k = 0; k < metrics.size(); ++k) s.mean_metrics[k % M] += metrics[k];
  if (s.episodes > 0) {
    for (double& m : s.mean_metrics) m /= s.episodes;
    s.mean_return = r / s.episodes;
    s.mean_length = l / s.episodes;
    s.mean_score = sc / s.episodes;
  }
  return s;
}

size_t VecEnv::bytes_per_env_step() const {
  // Read and written once per step: game state, RNG, actions (read), outputs (written),
  // running counters (read + written). Episode-end writes are rare and not counted.
  const size_t A = spec_.num_agents;
  const size_t state_rw = 2 * (state_bytes() + sizeof(Rng) + sizeof(int32_t) + A * sizeof(float));
  const size_t inputs = A * sizeof(int32_t) + A * spec_.num_actions + A;  // actions, legal and acting checked
  const size_t world = options_.world_state ? spec_.state_dim * sizeof(float) : 0;
  const size_t outputs = A * spec_.obs_dim * sizeof(float) + world + A * sizeof(float) + 2 + A * spec_.num_actions + A;
  return state_rw + inputs + outputs;
}

}  // namespace agora
