// `agora trace ENV --seed X --actions FILE`: one env on CPU, one JSON object per line, for
// comparison with reference implementations. No auto-reset: the last record holds the
// terminal state's observation.
#include <cstdio>
#include <fstream>
#include <sstream>

#include "apps/agora/commands.h"
#include "apps/agora/common.h"
#include "core/error.h"

namespace agora {
namespace cli {
namespace {

struct TraceArgs {
  std::string env;
  std::string config;
  uint64_t seed = 0;
  std::string actions;
};

template <class T>
Json rows(const View<T>& v, int agents, int width) {
  const std::vector<T> host = v.to_host();
  Json out = Json::array();
  for (int a = 0; a < agents; ++a) {
    Json row = Json::array();
    for (int k = 0; k < width; ++k) row.push_back(host[static_cast<size_t>(a) * width + k]);
    out.push_back(row);
  }
  return out;
}

Json snapshot(const VecEnv& env, int step) {
  const EnvSpec& s = env.spec();
  Json j;
  j["step"] = step;
  j["obs"] = rows(env.obs(), s.num_agents, s.obs_dim);
  j["legal"] = rows(env.legal(), s.num_agents, s.num_actions);
  j["acting"] = rows(env.acting(), 1, s.num_agents)[0];
  j["state"] = rows(env.state(), 1, s.state_dim)[0];
  return j;
}

/// Parses one line of A integers; errors name the file and line.
std::vector<int32_t> parse_actions(const std::string& line, int agents, const std::string& where) {
  std::istringstream in(line);
  std::vector<int32_t> out;
  std::string token;
  while (in >> token) {
    size_t used = 0;
    long long v = 0;
    try {
      v = std::stoll(token, &used);
    } catch (const std::exception&) {
      used = 0;
    }
    AGORA_CHECK(used == token.size() && v >= INT32_MIN && v <= INT32_MAX,
                where + ": '" + token + "' is not an integer action");
    out.push_back(static_cast<int32_t>(v));
  }
  AGORA_CHECK(static_cast<int>(out.size()) == agents, where + ": expected " + std::to_string(agents) +
                                                           " actions, got " + std::to_string(out.size()));
  return out;
}

void run_trace(const TraceArgs& a) {
  std::ifstream file(a.actions);
  AGORA_CHECK(file.good(), "cannot open actions file '" + a.actions + "'");
  VecEnvOptions options;
  options.auto_reset = false;
  options.num_threads = 1;
  std::unique_ptr<VecEnv> env = open_env(a.env, 1, Device::kCpu, a.config, options);
  const EnvSpec& spec = env->spec();
  env->reset(a.seed);
  std::printf("%s\n", snapshot(*env, 0).dump().c_str());
  std::string line;
  int line_number = 0, step = 0;
  while (std::getline(file, line)) {
    ++line_number;
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    const std::string where = a.actions + ":" + std::to_string(line_number);
    const std::vector<int32_t> actions = parse_actions(line, spec.num_agents, where);
    copy_from_host(env->actions().data, actions.data(), actions.size() * sizeof(int32_t), env->device());
    try {
      env->step();
    } catch (const Error& e) {
      throw Error(where + ": " + e.what());
    }
    Json j = snapshot(*env, ++step);
    j["reward"] = env->reward().to_host();
    j["terminated"] = env->terminated().to_host()[0] != 0;
    j["truncated"] = env->truncated().to_host()[0] != 0;
    std::printf("%s\n", j.dump().c_str());
    if (j["terminated"].get<bool>() || j["truncated"].get<bool>()) break;
  }
}

}  // namespace

void add_trace(CLI::App& app) {
  auto args = std::make_shared<TraceArgs>();
  auto* cmd = app.add_subcommand("trace", "Run one env on CPU from an action file, printing JSON lines");
  cmd->add_option("env", args->env, "Registered env name (see agora envs)")->required();
  cmd->add_option("--config", args->config, "Game config JSON file")->check(CLI::ExistingFile);
  cmd->add_option("--seed", args->seed, "Seed of the env")->required();
  cmd->add_option("--actions", args->actions,
                  "File with one line per step: the actions of agents 0..A-1 separated by spaces")
      ->required()
      ->check(CLI::ExistingFile);
  cmd->callback([args] { run_trace(*args); });
}

}  // namespace cli
}  // namespace agora
