#pragma once
// The env registry: every game registers itself by name with one line in its .cc file,
//
//   AGORA_REGISTER_ENV("toy/gather", agora::toy::Gather);
//   AGORA_REGISTER_ENV("hanabi/2p", agora::Hanabi, R"({"players": 2})");  // a preset
//
// and everything else (CLI, conformance tests, benchmarks) finds it here:
//
//   auto env = agora::make_env("toy/gather", 1024, agora::Device::kCpu, {{"grid", 7}});
#include <functional>
#include <memory>
#include <string>
#include <typeinfo>
#include <vector>

#include "core/batched_env.h"
#include "core/config.h"
#include "core/vec_env.h"

namespace agora {

struct EnvEntry {
  std::string name;
  std::string game;  // the C++ game type: several names may share one (presets)
  Json preset;       // config keys fixed by this registration; user keys override them
  bool team_step = false;  // the game has a team step: ThreadMapping::kWarp runs it
  std::function<EnvSpec(const Json& config)> spec;
  std::function<std::unique_ptr<VecEnv>(int num_envs, Device device, const Json& config,
                                        const VecEnvOptions& options)>
      make;
};

/// Adds an env; a duplicate name is a programming error and aborts at start-up.
void register_env(EnvEntry entry);
/// Registered names, sorted.
std::vector<std::string> env_names();
/// The entry for `name`; an unknown name is an agora::Error listing the known ones.
const EnvEntry& find_env(const std::string& name);
/// Whether `name` runs under `mapping` (kWarp needs a game with a team step).
bool supports_thread_mapping(const std::string& name, ThreadMapping mapping);
/// The spec of `name` under `config` (validated like make_env).
EnvSpec env_spec(const std::string& name, const Json& config = Json::object());

/// Creates N envs of a registered game on `device`. Errors (unknown env, bad config key or
/// value, no CUDA) are agora::Error naming what was wrong.
std::unique_ptr<VecEnv> make_env(const std::string& name, int num_envs, Device device,
                                 const Json& config = Json::object(), const VecEnvOptions& options = {});

/// The alphabetically first name of every game type: one representative per game, for
/// benchmarks that need not repeat every preset.
std::vector<std::string> representative_env_names();

/// Registers `Game` under `name` with config `preset`; for games that register names in a
/// loop (the usual way is AGORA_REGISTER_ENV below).
template <class Game>
void register_game(const std::string& name, const Json& preset = Json::object()) {
  EnvEntry e;
  e.name = name;
  e.game = typeid(Game).name();
  e.preset = preset;
  e.team_step = HasStepTeam<Game>::value;
  e.spec = [name](const Json& config) { return full_spec<Game>(load_game_config<Game>(name, config)); };
  e.make = [name](int num_envs, Device device, const Json& config, const VecEnvOptions& options) {
    return std::unique_ptr<VecEnv>(new BatchedEnv<Game>(name, num_envs, device, config, options));
  };
  register_env(std::move(e));
}

template <class Game>
struct EnvRegistrar {
  EnvRegistrar(const char* name, const char* preset_json = "{}") { register_game<Game>(name, Json::parse(preset_json)); }
};

}  // namespace agora

#define AGORA_CONCAT_INNER(a, b) a##b
#define AGORA_CONCAT(a, b) AGORA_CONCAT_INNER(a, b)
/// Registers `Game` under `name`, optionally with a JSON preset of config keys.
#define AGORA_REGISTER_ENV(name, Game, ...) \
  static ::agora::EnvRegistrar<Game> AGORA_CONCAT(agora_env_registrar_, __COUNTER__)(name, ##__VA_ARGS__)
