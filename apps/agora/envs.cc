// `agora envs [--json]`: the registered envs and their specs.
#include <cstdio>

#include "apps/agora/commands.h"
#include "core/registry.h"
#include "core/replay.h"

namespace agora {
namespace cli {

void add_envs(CLI::App& app) {
  auto* cmd = app.add_subcommand("envs", "List every registered env with its spec");
  auto* json = cmd->add_flag("--json", "Print a JSON list of objects instead of a table");
  cmd->callback([json] {
    Json list = Json::array();
    for (const std::string& name : env_names()) {
      Json entry = spec_to_json(env_spec(name));
      entry["name"] = name;
      list.push_back(entry);
    }
    if (*json) {
      std::printf("%s\n", list.dump(2).c_str());
      return;
    }
    std::printf("%-24s %7s %8s %10s %8s %11s %10s\n", "name", "agents", "obs_dim", "state_dim", "actions",
                "turn_based", "max_steps");
    for (const Json& e : list) {
      std::printf("%-24s %7d %8d %10d %8d %11s %10d\n", e["name"].get<std::string>().c_str(),
                  e["num_agents"].get<int>(), e["obs_dim"].get<int>(), e["state_dim"].get<int>(),
                  e["num_actions"].get<int>(), e["turn_based"].get<bool>() ? "yes" : "no", e["max_steps"].get<int>());
    }
  });
}

}  // namespace cli
}  // namespace agora
