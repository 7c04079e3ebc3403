#pragma once
// Helpers shared by the `agora` subcommands.
#include <memory>
#include <string>

#include "core/registry.h"

namespace agora {
namespace cli {

/// Reads `--config FILE` ("" = defaults) and creates the env; errors name the file.
std::unique_ptr<VecEnv> open_env(const std::string& env_name, int num_envs, Device device,
                                 const std::string& config_path, const VecEnvOptions& options = {});

/// Seconds since an arbitrary epoch (steady clock).
double now_seconds();

}  // namespace cli
}  // namespace agora
