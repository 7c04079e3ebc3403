#include "agents/ppo/frozen_policy.h"

#include "agents/ppo/checkpoint.h"
#include "core/error.h"

namespace agora {

FrozenPolicy::FrozenPolicy(const std::string& path, const EnvSpec& spec, const std::vector<int>& agents,
                           const PpoConfig& fallback, torch::Device device) {
  torch::serialize::InputArchive archive = open_checkpoint(path);
  const CheckpointSizes sizes = checkpoint_sizes(archive, path);
  const std::string where = "opponent checkpoint '" + path + "'";
  AGORA_CHECK(sizes.obs == spec.obs_dim && sizes.actions == spec.num_actions,
              where + ": its agents observe " + std::to_string(sizes.obs) + " floats and choose among " +
                  std::to_string(sizes.actions) + " actions, this env's " + std::to_string(spec.obs_dim) + " and " +
                  std::to_string(spec.num_actions));
  ActorShape shape;
  if (const auto recorded = checkpoint_actor_shape(archive, path)) {
    shape = *recorded;
  } else {
    shape = {fallback.hidden, fallback.layers, fallback.network == "gru", fallback.agent_id};
  }
  const int64_t played = static_cast<int64_t>(agents.size());
  const bool own_ids = sizes.agents == spec.num_agents;
  AGORA_CHECK(!shape.agent_id || own_ids || played <= sizes.agents,
              where + ": it knows " + std::to_string(sizes.agents) + " agent ids, too few to command " +
                  std::to_string(played) + " agents");
  const auto longs = torch::TensorOptions().dtype(torch::kLong).device(device);
  agents_ = torch::tensor(std::vector<int64_t>(agents.begin(), agents.end()), longs);
  if (shape.agent_id) {
    const torch::Tensor id_of = own_ids ? agents_ : torch::arange(played, longs);
    ids_ = torch::one_hot(id_of, sizes.agents).to(torch::kFloat32);
  }
  hidden_ = shape.hidden;
  actor_ = Net(spec.obs_dim + (shape.agent_id ? sizes.agents : 0), shape.hidden, shape.layers, spec.num_actions, 0.01,
               shape.recurrent);
  load_module(*actor_, archive, "actor", where);
  actor_->to(device);
  actor_->eval();
}

torch::Tensor FrozenPolicy::logits(const torch::Tensor& obs, torch::Tensor& h) {
  torch::NoGradGuard no_grad;
  const int64_t N = obs.size(0), P = agents_.size(0);
  torch::Tensor x = obs.index_select(1, agents_);  // [N, P, O]
  if (ids_.defined()) x = torch::cat({x, ids_.unsqueeze(0).expand({N, P, ids_.size(1)})}, 2);
  auto [out, next] = actor_->forward(x.reshape({N * P, -1}), h);
  h = next;
  return out;
}

torch::Tensor FrozenPolicy::initial_state(int64_t num_envs) const {
  return torch::zeros({num_envs * agents_.size(0), hidden_}, torch::TensorOptions().device(agents_.device()));
}

}  // namespace agora
