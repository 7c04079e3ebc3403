#pragma once
// IPPO and MAPPO on LibTorch: one actor and one critic shared by all agents (with the agent's
// one-hot id appended), MLPs or GRU recurrent nets (trained on chunks of `chunk` steps), trained with PPO's clipped objective on GAE advantages. MAPPO's critic
// sees the env's world state, IPPO's the agent's own observation. Illegal actions are masked
// out of the policy; in turn-based games only the acting agent's decisions enter the policy
// loss. Rollouts stay on the env's device.
//
//   PpoTrainer trainer(scenario, Device::kCpu);
//   while (trainer.env_steps() < scenario.env_steps) {
//     const PpoUpdateStats u = trainer.iterate();     // one rollout + one update
//     const EpisodeWindow w = trainer.take_episodes(); // episodes that ended meanwhile
//   }
//   trainer.save("run/checkpoints/ckpt_000100000.pt");  // written atomically
#include <torch/torch.h>

#include <cstdint>
#include <memory>
#include <string>

#include "agents/scenario.h"
#include "core/registry.h"

namespace agora {

class FrozenPolicy;

/// The actor's or the critic's network: Linear + ReLU, then (with `recurrent`) a GRU cell whose
/// state carries across steps, then `layers - 1` more Linear + ReLU layers and a linear head.
struct NetImpl : torch::nn::Module {
  NetImpl(int64_t in, int64_t hidden, int64_t layers, int64_t out, double out_gain, bool recurrent);
  /// The output and the next hidden state (a feed-forward net returns `h` as given).
  std::pair<torch::Tensor, torch::Tensor> forward(const torch::Tensor& x, const torch::Tensor& h);
  bool recurrent;
  int64_t hidden;
  torch::nn::Linear input{nullptr}, head{nullptr};
  torch::nn::GRUCell gru{nullptr};
  torch::nn::Sequential body{nullptr};
};
TORCH_MODULE(Net);

struct PpoUpdateStats {
  double policy_loss = 0, value_loss = 0, entropy = 0, approx_kl = 0, clip_fraction = 0, learning_rate = 0;
};

/// Episodes that ended since the last take_episodes().
struct EpisodeWindow {
  int64_t episodes = 0;
  double return_sum = 0, length_sum = 0, score_sum = 0;
  double win_sum = 0;  // of the game's "win" metric, where it has one
  bool has_win = false;
  double win_rate() const { return episodes ? win_sum / static_cast<double>(episodes) : 0.0; }
  double mean_return() const { return episodes ? return_sum / static_cast<double>(episodes) : 0.0; }
  double mean_length() const { return episodes ? length_sum / static_cast<double>(episodes) : 0.0; }
  double mean_score() const { return episodes ? score_sum / static_cast<double>(episodes) : 0.0; }
};

struct EvalResult {
  EpisodeWindow episodes;
  std::string replay_path;  // "" when nothing was recorded
};

class PpoTrainer {
 public:
  /// Creates the envs, the networks and the optimiser; `device` is where envs and networks live.
  PpoTrainer(const Scenario& scenario, Device device);
  ~PpoTrainer();

  /// One rollout of `rollout_steps` steps of every env, then `epochs` x `minibatches` updates.
  PpoUpdateStats iterate();
  EpisodeWindow take_episodes();
  int64_t env_steps() const { return env_steps_; }
  int64_t updates() const { return updates_; }
  VecEnv& env() { return *env_; }

  /// Plays `episodes` episodes on fresh envs (sampling from the policy; greedy = argmax) and
  /// records the first `record_envs` of them to `replay_path` when both are given.
  EvalResult evaluate(int episodes, uint64_t seed, bool greedy, const std::string& replay_path, int record_envs);

  /// Networks, optimiser and counters, written to `path` atomically (temp file + rename).
  void save(const std::string& path) const;
  /// Restores what save() wrote; errors name the file.
  void load(const std::string& path);

 private:
  torch::Tensor actor_input(const VecEnv& env) const;
  torch::Tensor critic_input(const VecEnv& env) const;
  /// Samples (or takes the argmax of) the policy `logits` masked by `legal` ([N * A, K] bool);
  /// a frozen opponent chooses for its agents from their observations. Writes the env's actions.
  torch::Tensor act(VecEnv& env, const torch::Tensor& logits, const torch::Tensor& legal, bool greedy,
                    torch::Tensor* opponent_h);

  Scenario scenario_;
  EnvSpec spec_;
  torch::Device device_;
  std::unique_ptr<VecEnv> env_;
  Net actor_{nullptr}, critic_{nullptr};
  torch::Tensor actor_h_, critic_h_;  // recurrent states [N * A, hidden] (GRU only)
  std::unique_ptr<FrozenPolicy> opponent_;  // "opponent": "checkpoint"
  torch::Tensor opponent_h_;                // its recurrent state [N * P, hidden]
  std::unique_ptr<torch::optim::Adam> optimizer_;
  torch::Tensor agent_ids_;       // [A, A] one-hot rows
  torch::Tensor learner_agents_;  // [A] 1 for agents this trainer learns for
  int64_t env_steps_ = 0, updates_ = 0;
  EpisodeWindow window_;
};

}  // namespace agora
