#pragma once
// Helpers of the viewer tests: record small replays with random play, and rewrite a replay's
// header to make files the viewer must refuse.
#include <gtest/gtest.h>

#include <cstring>
#include <fstream>
#include <functional>
#include <string>

#include "core/config.h"
#include "core/registry.h"
#include "core/replay.h"

namespace agora {
namespace testing_viz {

/// Records `steps` random steps of `num_envs` envs of `env` (final states kept) into a temp file.
inline std::string record(const std::string& env_name, int steps, uint64_t seed, int num_envs = 2,
                          const Json& config = Json::object()) {
  VecEnvOptions options;
  options.keep_final_state = true;
  auto env = make_env(env_name, num_envs, Device::kCpu, config, options);
  std::string file = env_name + "_" + std::to_string(seed) + ".agr";
  for (char& c : file)
    if (c == '/') c = '_';
  const std::string path = ::testing::TempDir() + "/" + file;
  ReplayWriter w(path, *env, seed, num_envs);
  env->reset(seed);
  w.record(*env);
  for (int t = 0; t < steps; ++t) {
    env->sample_random_actions();
    env->step();
    w.record(*env);
  }
  w.close();
  return path;
}

inline std::string read_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

inline void write_bytes(const std::string& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary) << bytes;
}

/// Copies replay `path` to `out` with its header JSON changed by `edit` (frames untouched).
inline std::string with_header(const std::string& path, const std::string& out, const std::function<void(Json&)>& edit) {
  const std::string bytes = read_bytes(path);
  uint32_t length = 0;
  std::memcpy(&length, bytes.data() + 12, 4);
  Json header = Json::parse(bytes.substr(16, length));
  edit(header);
  const std::string text = header.dump();
  const uint32_t new_length = static_cast<uint32_t>(text.size());
  std::string result = bytes.substr(0, 12);
  result.append(reinterpret_cast<const char*>(&new_length), 4);
  result += text;
  result += bytes.substr(16 + length);
  const std::string target = ::testing::TempDir() + "/" + out;
  write_bytes(target, result);
  return target;
}

}  // namespace testing_viz
}  // namespace agora
