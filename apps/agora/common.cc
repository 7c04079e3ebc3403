#include "apps/agora/common.h"

#include <chrono>

#include "core/error.h"

namespace agora {
namespace cli {

std::unique_ptr<VecEnv> open_env(const std::string& env_name, int num_envs, Device device,
                                 const std::string& config_path, const VecEnvOptions& options) {
  find_env(env_name);  // unknown env: report that before anything about the config
  if (config_path.empty()) return make_env(env_name, num_envs, device, Json::object(), options);
  const Json config = read_json_file(config_path);
  try {
    return make_env(env_name, num_envs, device, config, options);
  } catch (const Error& e) {
    throw Error(std::string(e.what()) + " (in '" + config_path + "')");
  }
}

double now_seconds() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

}  // namespace cli
}  // namespace agora
