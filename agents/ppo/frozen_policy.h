#pragma once
// A checkpoint's actor, frozen, commanding some of an env's agents: the opponent of a scenario's
// `"opponent": "checkpoint"`. The checkpoint may come from another env whose agents observe and
// act alike (the same observation and action sizes), so a policy trained as SMAX's allies
// against the heuristic can command the enemies of a self-play battle, as JaxMARL's
// LearnedPolicyEnemySMAX does. The actor is rebuilt with the checkpoint's own shape.
//
// Agent ids (for checkpoints whose actor reads one): a checkpoint written for this env's number
// of agents sees each agent under its own id (it was trained here, e.g. in self-play); one from
// another env sees the k-th agent it commands as its agent k.
//
//   FrozenPolicy enemy("runs/smax_3m/.../ckpt_005000000.pt", spec, {3, 4, 5}, scenario.agent, device);
//   torch::Tensor h = enemy.initial_state(num_envs);
//   torch::Tensor logits = enemy.logits(as_tensor(env.obs()), h);  // [num_envs * 3, actions]
#include <torch/torch.h>

#include <string>
#include <vector>

#include "agents/ppo/ppo.h"

namespace agora {

class FrozenPolicy {
 public:
  /// Loads the actor; `fallback` gives its shape for checkpoints that predate recording it.
  /// Errors name the file and what does not fit.
  FrozenPolicy(const std::string& path, const EnvSpec& spec, const std::vector<int>& agents, const PpoConfig& fallback,
               torch::Device device);

  /// The logits of the agents it commands, [N * P, K] with P = agents().size(), env-major, from
  /// every agent's observation obs [N, A, O]; advances the recurrent state h [N * P, hidden].
  torch::Tensor logits(const torch::Tensor& obs, torch::Tensor& h);
  /// A zero recurrent state for `num_envs` envs, [num_envs * P, hidden].
  torch::Tensor initial_state(int64_t num_envs) const;
  /// The env agents it commands, [P] (int64, on the device).
  const torch::Tensor& agents() const { return agents_; }

 private:
  Net actor_{nullptr};
  torch::Tensor agents_;  // [P]
  torch::Tensor ids_;     // [P, checkpoint agents] one-hot rows, or undefined without agent ids
  int64_t hidden_ = 0;
};

}  // namespace agora
