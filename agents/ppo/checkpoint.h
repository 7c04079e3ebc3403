#pragma once
// The parts of a PPO checkpoint besides its weights: the env sizes it was trained for and the
// shape of its actor, so that a checkpoint can be checked before its weights are read, and its
// actor rebuilt without the scenario that trained it (a frozen opponent in another scenario).
#include <torch/torch.h>

#include <cstdint>
#include <optional>
#include <string>

#include "agents/scenario.h"
#include "core/env_spec.h"

namespace agora {

/// The env sizes a checkpoint was trained for.
struct CheckpointSizes {
  int64_t agents = 0, obs = 0, state = 0, actions = 0;
};

/// The actor's shape (agent_id: the input ends with the agent's one-hot id among `agents`).
struct ActorShape {
  int64_t hidden = 0, layers = 0;
  bool recurrent = false, agent_id = false;
};

/// The checkpoint `latest` names in run directory `dir` (dir/checkpoints/latest), or "" when the
/// run has none yet.
std::string latest_checkpoint(const std::string& dir);
/// A checkpoint file, pinned: a run directory stands for its latest checkpoint, and the path is
/// made absolute, so a run that names it keeps the same opponent when resumed or evaluated
/// later from anywhere. Errors name the path.
std::string pin_checkpoint(const std::string& path);

/// Writes the sizes and the actor's shape next to the weights.
void write_checkpoint_header(torch::serialize::OutputArchive& archive, const EnvSpec& spec, const PpoConfig& agent);

/// Opens a checkpoint file; errors name the file and say what is wrong with it.
torch::serialize::InputArchive open_checkpoint(const std::string& path);
CheckpointSizes checkpoint_sizes(torch::serialize::InputArchive& archive, const std::string& path);
/// The actor's shape, or nothing for checkpoints written before it was recorded.
std::optional<ActorShape> checkpoint_actor_shape(torch::serialize::InputArchive& archive, const std::string& path);

/// Reads module `key` of the archive into `module`, whose parameters must have the shapes the
/// file holds (LibTorch would take a tensor of any shape); errors begin with `where`.
void load_module(torch::nn::Module& module, torch::serialize::InputArchive& archive, const std::string& key,
                 const std::string& where);

/// The first line of a LibTorch message (its errors append source locations and backtraces).
std::string first_line(const std::string& text);

}  // namespace agora
