#pragma once
// Scripted baselines for the commons games (commons/*), acting on what an agent observes:
//   greedy       asks for the whole pool;
//   sustainable  asks for GovSim's sustainable share, (pool // 2) // n;
//   fixed_rate   asks for floor(rate * pool / n) (rate 0.5 is the sustainable share);
//   reciprocal   asks for the lowest harvest of last month, the sustainable share in month one.
//
//   std::vector<int32_t> actions;
//   commons_baselines::act(*env, commons_baselines::parse("sustainable"), 0.5, actions);
//   copy_from_host(env->actions().data, actions.data(), actions.size() * 4, env->device());
#include <cstdint>
#include <string>
#include <vector>

#include "core/vec_env.h"

namespace agora {
namespace commons_baselines {

enum class Policy { kGreedy, kSustainable, kFixedRate, kReciprocal };

/// "greedy", "sustainable", "fixed_rate" or "reciprocal"; anything else is an agora::Error.
Policy parse(const std::string& name);

/// Fills `actions` ([N * A], host memory) with the policy's request for every agent of every
/// env of a commons VecEnv, read from its observations.
void act(const VecEnv& env, Policy policy, double rate, std::vector<int32_t>& actions);

}  // namespace commons_baselines
}  // namespace agora
