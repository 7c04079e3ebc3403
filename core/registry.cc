#include "core/registry.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <set>

#include "core/error.h"

namespace agora {
namespace {

std::map<std::string, EnvEntry>& registry() {
  static std::map<std::string, EnvEntry> entries;  // constructed on first use: safe at static init
  return entries;
}

Json with_preset(const EnvEntry& e, const Json& config) {
  AGORA_CHECK(config.is_object() || config.is_null(), e.name + " config: expected a JSON object");
  Json merged = e.preset;
  if (config.is_object()) merged.merge_patch(config);
  return merged;
}

}  // namespace

void register_env(EnvEntry entry) {
  if (registry().count(entry.name)) {
    std::fprintf(stderr, "agora: env '%s' is registered twice\n", entry.name.c_str());
    std::abort();
  }
  std::string name = entry.name;
  registry().emplace(std::move(name), std::move(entry));
}

std::vector<std::string> env_names() {
  std::vector<std::string> names;
  for (const auto& kv : registry()) names.push_back(kv.first);
  return names;
}

std::vector<std::string> representative_env_names() {
  std::vector<std::string> names;
  std::set<std::string> games;
  for (const auto& kv : registry())
    if (games.insert(kv.second.game).second) names.push_back(kv.first);
  return names;
}

const EnvEntry& find_env(const std::string& name) {
  auto it = registry().find(name);
  if (it != registry().end()) return it->second;
  std::string known;
  for (const auto& n : env_names()) known += (known.empty() ? "" : ", ") + n;
  throw Error("unknown env '" + name + "' (known: " + known + ")");
}

bool supports_thread_mapping(const std::string& name, ThreadMapping mapping) {
  return mapping != ThreadMapping::kWarp || find_env(name).team_step;
}

EnvSpec env_spec(const std::string& name, const Json& config) {
  const EnvEntry& e = find_env(name);
  return e.spec(with_preset(e, config));
}

std::unique_ptr<VecEnv> make_env(const std::string& name, int num_envs, Device device, const Json& config,
                                 const VecEnvOptions& options) {
  const EnvEntry& e = find_env(name);
  return e.make(num_envs, device, with_preset(e, config), options);
}

}  // namespace agora
