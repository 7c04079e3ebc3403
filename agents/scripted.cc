#include "agents/scripted.h"

#include "agents/commons_baselines.h"
#include "agents/hanabi_bots.h"
#include "core/batched_env.h"
#include "core/error.h"

namespace agora {
namespace {

bool starts_with(const std::string& s, const std::string& prefix) { return s.rfind(prefix, 0) == 0; }

ScriptedPolicy hanabi_policy(hanabi_bots::Bot bot, const VecEnv& env) {
  const HanabiGame::Config cfg = load_game_config<HanabiGame>(env.name(), env.config());
  std::vector<HanabiGame::State> states;  // reused across calls: no allocation per step
  return [bot, cfg, states](const VecEnv& e, std::vector<int32_t>& actions) mutable {
    const int n = e.num_envs(), players = e.spec().num_agents;
    states.resize(n);
    e.copy_states(0, n, states.data());
    actions.assign(static_cast<size_t>(n) * players, 0);
    for (int i = 0; i < n; ++i) actions[i * players + states[i].cur_player] = hanabi_bots::choose(bot, states[i], cfg);
  };
}

}  // namespace

std::vector<std::string> scripted_policy_names() {
  return {"greedy", "sustainable", "fixed_rate", "reciprocal", "hanabi_simple", "hanabi_convention"};
}

ScriptedPolicy make_scripted_policy(const std::string& name, const VecEnv& env, double rate) {
  if (starts_with(name, "hanabi_")) {
    AGORA_CHECK(starts_with(env.name(), "hanabi/"), "policy '" + name + "' plays hanabi/* envs, not " + env.name());
    if (name == "hanabi_simple") return hanabi_policy(hanabi_bots::Bot::kSimple, env);
    if (name == "hanabi_convention") return hanabi_policy(hanabi_bots::Bot::kConvention, env);
  } else {
    const commons_baselines::Policy policy = commons_baselines::parse(name);  // names the policy if unknown
    AGORA_CHECK(starts_with(env.name(), "commons/"), "policy '" + name + "' plays commons/* envs, not " + env.name());
    return [policy, rate](const VecEnv& e, std::vector<int32_t>& actions) { commons_baselines::act(e, policy, rate, actions); };
  }
  throw Error("unknown scripted policy '" + name + "'");
}

}  // namespace agora
