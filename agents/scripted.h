#pragma once
// Scripted policies by name, for `agora rollout --policy` and for baselines in tests:
//   commons/*: greedy, sustainable, fixed_rate (uses `rate`), reciprocal (agents/commons_baselines.h)
//   hanabi/*:  hanabi_simple, hanabi_convention (agents/hanabi_bots.h)
//   smax/*:    smax_heuristic, smax_heuristic_random (JaxMARL's scripted enemy, for every agent)
//   football/*: football_run_and_shoot, football_builtin (agents/football_bots.h)
//
//   ScriptedPolicy policy = make_scripted_policy("hanabi_simple", *env, 0.0);
//   std::vector<int32_t> actions;
//   policy(*env, actions);   // host actions [N * A] for the current state of every env
#include <functional>
#include <string>
#include <vector>

#include "core/vec_env.h"

namespace agora {

using ScriptedPolicy = std::function<void(const VecEnv& env, std::vector<int32_t>& actions)>;

/// Every scripted policy name.
std::vector<std::string> scripted_policy_names();

/// The policy `name` for `env`; an unknown name, or one that does not play this env, is an
/// agora::Error saying which envs the policy plays.
ScriptedPolicy make_scripted_policy(const std::string& name, const VecEnv& env, double rate);

}  // namespace agora
