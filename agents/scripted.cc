#include "agents/scripted.h"

#include "agents/commons_baselines.h"
#include "agents/football_bots.h"
#include "agents/hanabi_bots.h"
#include "core/batched_env.h"
#include "core/error.h"
#include "envs/smax/smax.h"

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

ScriptedPolicy football_policy(football_bots::Bot bot, const VecEnv& env) {
  const FootballGame::Config cfg = load_game_config<FootballGame>(env.name(), env.config());
  std::vector<FootballGame::State> states;  // reused across calls: no allocation per step
  Rng rng(0xf00b, 0);
  return [bot, cfg, states, rng](const VecEnv& e, std::vector<int32_t>& actions) mutable {
    const int n = e.num_envs(), agents = e.spec().num_agents;
    states.resize(n);
    e.copy_states(0, n, states.data());
    actions.resize(static_cast<size_t>(n) * agents);
    for (int i = 0; i < n; ++i)
      for (int a = 0; a < agents; ++a) actions[static_cast<size_t>(i) * agents + a] = football_bots::choose(bot, states[i], cfg, a, rng);
  };
}

/// JaxMARL's heuristic (the enemy's script) for every agent of a smax/* env. Its memory (default
/// target, last target) is kept here per env and agent and cleared when an episode starts.
template <class Game>
ScriptedPolicy smax_policy(int mode, const VecEnv& env) {
  typename Game::Config cfg = load_game_config<Game>(env.name(), env.config());
  cfg.attack_mode = mode;
  std::vector<typename Game::State> states;
  std::vector<typename Game::Unit> memory;
  Rng rng(0x5eed, 0);
  return [cfg, states, memory, rng](const VecEnv& e, std::vector<int32_t>& actions) mutable {
    const int n = e.num_envs(), agents = e.spec().num_agents;
    states.resize(n);
    e.copy_states(0, n, states.data());
    memory.resize(static_cast<size_t>(n) * agents);
    actions.assign(static_cast<size_t>(n) * agents, SmaxGame::kStop);
    for (int i = 0; i < n; ++i) {
      typename Game::State& s = states[i];
      for (int a = 0; a < agents; ++a) {
        typename Game::Unit& unit = s.units[a];
        typename Game::Unit& mem = memory[static_cast<size_t>(i) * agents + a];
        if (s.step == 0) {
          mem.target_x = mem.target_y = 0.0f;
          mem.last_attacked = -1;
        }
        unit.target_x = mem.target_x;
        unit.target_y = mem.target_y;
        unit.last_attacked = mem.last_attacked;
        const int action = Game::heuristic_action(s, cfg, a, rng);
        // A dead unit may only stop (JaxMARL lets the script "move" it, to no effect).
        if (Game::alive(unit)) actions[static_cast<size_t>(i) * agents + a] = action;
        mem.target_x = unit.target_x;
        mem.target_y = unit.target_y;
        mem.last_attacked = unit.last_attacked;
      }
    }
  };
}

/// The smax policy for the capacity the env was registered with (its state size tells).
ScriptedPolicy smax_policy(int mode, const VecEnv& env) {
  if (env.state_bytes() == sizeof(SmaxGameT<8>::State)) return smax_policy<SmaxGameT<8>>(mode, env);
  if (env.state_bytes() == sizeof(SmaxGameT<16>::State)) return smax_policy<SmaxGameT<16>>(mode, env);
  if (env.state_bytes() == sizeof(SmaxGameT<32>::State)) return smax_policy<SmaxGameT<32>>(mode, env);
  AGORA_CHECK(env.state_bytes() == sizeof(SmaxGameT<64>::State), env.name() + ": not an smax game state");
  return smax_policy<SmaxGameT<64>>(mode, env);
}

}  // namespace

std::vector<std::string> scripted_policy_names() {
  return {"greedy",        "sustainable",    "fixed_rate",           "reciprocal", "hanabi_simple", "hanabi_convention",
          "smax_heuristic", "smax_heuristic_random", "football_run_and_shoot", "football_builtin"};
}

ScriptedPolicy make_scripted_policy(const std::string& name, const VecEnv& env, double rate) {
  if (starts_with(name, "smax_")) {
    AGORA_CHECK(starts_with(env.name(), "smax/"), "policy '" + name + "' plays smax/* envs, not " + env.name());
    if (name == "smax_heuristic") return smax_policy(SmaxGame::kClosest, env);
    if (name == "smax_heuristic_random") return smax_policy(SmaxGame::kRandomTarget, env);
  } else if (starts_with(name, "football_")) {
    AGORA_CHECK(starts_with(env.name(), "football/"), "policy '" + name + "' plays football/* envs, not " + env.name());
    if (name == "football_run_and_shoot") return football_policy(football_bots::Bot::kRunAndShoot, env);
    if (name == "football_builtin") return football_policy(football_bots::Bot::kBuiltin, env);
  } else if (starts_with(name, "hanabi_")) {
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
