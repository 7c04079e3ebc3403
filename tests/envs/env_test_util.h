#pragma once
// Helpers for env tests: host snapshots of every VecEnv output, and writing actions.
#include <cstdint>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/registry.h"

namespace agora {
namespace testing_util {

/// Every output of a VecEnv after one reset/step, copied to the host.
struct Snapshot {
  std::vector<float> obs, state, reward;
  std::vector<uint8_t> terminated, truncated, legal, acting;
  std::vector<int32_t> actions;
  std::vector<uint8_t> game_states;

  bool operator==(const Snapshot& o) const {
    return obs == o.obs && state == o.state && reward == o.reward && terminated == o.terminated &&
           truncated == o.truncated && legal == o.legal && acting == o.acting && actions == o.actions &&
           game_states == o.game_states;
  }
};

inline Snapshot take_snapshot(const VecEnv& env) {
  Snapshot s;
  s.obs = env.obs().to_host();
  s.state = env.state().to_host();
  s.reward = env.reward().to_host();
  s.terminated = env.terminated().to_host();
  s.truncated = env.truncated().to_host();
  s.legal = env.legal().to_host();
  s.acting = env.acting().to_host();
  s.actions = env.actions().to_host();
  s.game_states.resize(env.state_bytes() * env.num_envs());
  env.copy_states(0, env.num_envs(), s.game_states.data());
  return s;
}

inline void set_actions(VecEnv& env, const std::vector<int32_t>& actions) {
  copy_from_host(env.actions().data, actions.data(), actions.size() * sizeof(int32_t), env.device());
}

/// Reset with `seed`, then `steps` random-policy steps; returns the snapshot after each.
inline std::vector<Snapshot> random_run(VecEnv& env, uint64_t seed, int steps) {
  std::vector<Snapshot> out;
  env.reset(seed);
  out.push_back(take_snapshot(env));
  for (int t = 0; t < steps; ++t) {
    env.sample_random_actions();
    env.step();
    out.push_back(take_snapshot(env));
  }
  return out;
}

/// The message of the agora::Error that make_env(name, 1, cpu, config) throws ("" if none).
inline std::string make_env_error(const std::string& name, const Json& config) {
  try {
    make_env(name, 1, Device::kCpu, config);
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

/// A gtest-safe name for a registered env ("toy/gather" -> "toy_gather").
inline std::string test_name(std::string name) {
  for (char& c : name)
    if (!isalnum(static_cast<unsigned char>(c))) c = '_';
  return name;
}

}  // namespace testing_util
}  // namespace agora
