#include "agents/ppo/checkpoint.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <utility>
#include <vector>

#include "core/error.h"

namespace agora {

std::string first_line(const std::string& text) { return text.substr(0, std::min(text.find('\n'), size_t{200})); }

std::string latest_checkpoint(const std::string& dir) {
  const std::filesystem::path latest = std::filesystem::path(dir) / "checkpoints" / "latest";
  std::ifstream in(latest);
  if (!in.good()) return "";
  std::string name;
  std::getline(in, name);
  while (!name.empty() && (name.back() == '\r' || name.back() == ' ')) name.pop_back();
  return name.empty() ? "" : (std::filesystem::path(dir) / "checkpoints" / name).string();
}

std::string pin_checkpoint(const std::string& path) {
  std::string file = path;
  if (std::filesystem::is_directory(path)) {
    file = latest_checkpoint(path);
    AGORA_CHECK(!file.empty(), "checkpoint '" + path + "': a directory, but not a run directory with a checkpoint");
  }
  AGORA_CHECK(std::filesystem::is_regular_file(file), "checkpoint '" + file + "': no such file");
  return std::filesystem::absolute(file).lexically_normal().string();
}

void write_checkpoint_header(torch::serialize::OutputArchive& archive, const EnvSpec& spec, const PpoConfig& agent) {
  archive.write("sizes", torch::tensor({static_cast<int64_t>(spec.num_agents), static_cast<int64_t>(spec.obs_dim),
                                        static_cast<int64_t>(spec.state_dim), static_cast<int64_t>(spec.num_actions)}));
  archive.write("actor_shape", torch::tensor({static_cast<int64_t>(agent.hidden), static_cast<int64_t>(agent.layers),
                                              static_cast<int64_t>(agent.network == "gru"),
                                              static_cast<int64_t>(agent.agent_id)}));
}

torch::serialize::InputArchive open_checkpoint(const std::string& path) {
  AGORA_CHECK(std::filesystem::is_regular_file(path), "checkpoint '" + path + "': no such file");
  torch::serialize::InputArchive archive;
  try {
    archive.load_from(path);
  } catch (const c10::Error& e) {
    throw Error("checkpoint '" + path + "': not a readable Agora checkpoint (" + first_line(e.what_without_backtrace()) +
                ")");
  } catch (const std::exception& e) {
    throw Error("checkpoint '" + path + "': not a readable Agora checkpoint (" + first_line(e.what()) + ")");
  }
  return archive;
}

CheckpointSizes checkpoint_sizes(torch::serialize::InputArchive& archive, const std::string& path) {
  torch::Tensor sizes;
  AGORA_CHECK(archive.try_read("sizes", sizes) && sizes.numel() == 4 && sizes.scalar_type() == torch::kLong,
              "checkpoint '" + path + "': not an Agora PPO checkpoint (no env sizes)");
  const int64_t* v = sizes.data_ptr<int64_t>();
  return {v[0], v[1], v[2], v[3]};
}

void load_module(torch::nn::Module& module, torch::serialize::InputArchive& archive, const std::string& key,
                 const std::string& where) {
  std::vector<std::pair<std::string, std::vector<int64_t>>> want;
  for (const auto& p : module.named_parameters()) want.emplace_back(p.key(), p.value().sizes().vec());
  try {
    torch::serialize::InputArchive weights;
    archive.read(key, weights);
    module.load(weights);
  } catch (const c10::Error& e) {
    throw Error(where + ": its " + key + " does not load (" + first_line(e.what_without_backtrace()) + ")");
  }
  for (const auto& [name, sizes] : want) {
    const std::vector<int64_t> got = module.named_parameters()[name].sizes().vec();
    AGORA_CHECK(got == sizes, where + ": its " + key + "'s " + name + " has shape " + c10::str(c10::IntArrayRef(got)) +
                                  ", this network's is " + c10::str(c10::IntArrayRef(sizes)));
  }
}

std::optional<ActorShape> checkpoint_actor_shape(torch::serialize::InputArchive& archive, const std::string& path) {
  torch::Tensor shape;
  if (!archive.try_read("actor_shape", shape)) return std::nullopt;
  AGORA_CHECK(shape.numel() == 4 && shape.scalar_type() == torch::kLong,
              "checkpoint '" + path + "': its actor shape is not four integers");
  const int64_t* v = shape.data_ptr<int64_t>();
  // The bounds of the scenario keys (agents/scenario.cc), so a damaged file cannot ask for a
  // network of any size.
  AGORA_CHECK(v[0] >= 4 && v[0] <= 4096 && v[1] >= 1 && v[1] <= 8 && (v[2] == 0 || v[2] == 1) &&
                  (v[3] == 0 || v[3] == 1),
              "checkpoint '" + path + "': its actor shape (hidden " + std::to_string(v[0]) + ", layers " +
                  std::to_string(v[1]) + ") is out of range");
  return ActorShape{v[0], v[1], v[2] != 0, v[3] != 0};
}

}  // namespace agora
