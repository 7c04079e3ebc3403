#include "agents/ppo/ppo.h"

#include <algorithm>
#include <cmath>
#include <filesystem>

#include "agents/ppo/checkpoint.h"
#include "agents/ppo/frozen_policy.h"
#include "core/error.h"
#include "core/replay.h"
#include "core/torch_view.h"

namespace agora {
namespace {

constexpr float kMaskedLogit = -1e9f;

torch::Device torch_device(Device d) { return d == Device::kCuda ? torch::Device(torch::kCUDA, 0) : torch::Device(torch::kCPU); }

VecEnvOptions env_options(const Scenario& s) {
  VecEnvOptions o;
  o.num_threads = s.threads;
  o.world_state = s.agent.algo == "mappo";
  return o;
}

/// Sums over the episodes that ended at this step, kept on the env's device so a rollout
/// never waits for the host: [episodes, return, length, score, win]. The return is the mean
/// over the learners' agents ([A] 1 or 0: a frozen opponent's return is not the learners').
/// `only` ([N] bool, optional) restricts which envs count.
torch::Tensor episode_sums(const VecEnv& env, const torch::Tensor& learners, const torch::Tensor* only = nullptr) {
  torch::Tensor done = (as_tensor(env.terminated()) | as_tensor(env.truncated())).to(torch::kFloat32);
  if (only) done = done * only->to(torch::kFloat32);
  const torch::Tensor learner_return = (as_tensor(env.episode_return()) * learners).sum(1) / learners.sum();
  std::vector<torch::Tensor> parts = {done.sum(), (learner_return * done).sum(),
                                      (as_tensor(env.episode_length()).to(torch::kFloat32) * done).sum(),
                                      (as_tensor(env.episode_score()) * done).sum()};
  const auto& names = env.metric_names();
  const auto win = std::find(names.begin(), names.end(), "win");
  parts.push_back(win == names.end() ? torch::zeros({}, done.options())
                                     : (as_tensor(env.episode_metrics()).select(1, win - names.begin()) * done).sum());
  return torch::stack(parts).to(torch::kFloat64);
}

/// Adds sums from episode_sums() to a window (one host read).
void add_sums(EpisodeWindow& w, const torch::Tensor& sums, bool has_win) {
  const torch::Tensor host = sums.to(torch::kCPU);
  const double* v = host.data_ptr<double>();
  w.episodes += static_cast<int64_t>(std::llround(v[0]));
  w.return_sum += v[1];
  w.length_sum += v[2];
  w.score_sum += v[3];
  w.win_sum += v[4];
  w.has_win = w.has_win || has_win;
}

bool has_win_metric(const VecEnv& env) {
  const auto& names = env.metric_names();
  return std::find(names.begin(), names.end(), "win") != names.end();
}

}  // namespace

NetImpl::NetImpl(int64_t in, int64_t hidden_size, int64_t layers, int64_t out, double out_gain, bool is_recurrent)
    : recurrent(is_recurrent), hidden(hidden_size) {
  auto linear = [](int64_t from, int64_t to, double gain) {
    torch::nn::Linear l(from, to);
    torch::nn::init::orthogonal_(l->weight, gain);
    torch::nn::init::zeros_(l->bias);
    return l;
  };
  input = register_module("input", linear(in, hidden, std::sqrt(2.0)));
  if (recurrent) gru = register_module("gru", torch::nn::GRUCell(hidden, hidden));
  body = torch::nn::Sequential();
  for (int64_t i = 1; i < layers; ++i) {
    body->push_back(linear(hidden, hidden, std::sqrt(2.0)));
    body->push_back(torch::nn::ReLU());
  }
  register_module("body", body);
  head = register_module("head", linear(hidden, out, out_gain));
}

std::pair<torch::Tensor, torch::Tensor> NetImpl::forward(const torch::Tensor& x, const torch::Tensor& h) {
  torch::Tensor y = torch::relu(input->forward(x));
  torch::Tensor next = h;
  if (recurrent) y = next = gru->forward(y, h);
  if (!body->is_empty()) y = body->forward(y);
  return {head->forward(y), next};
}

PpoTrainer::PpoTrainer(const Scenario& scenario, Device device)
    : scenario_(scenario), device_(torch_device(device)) {
  env_ = make_env(scenario.env, scenario.num_envs, device, scenario.env_config, env_options(scenario));
  spec_ = env_->spec();
  torch::manual_seed(scenario.seed);
  const PpoConfig& a = scenario.agent;
  const int64_t A = spec_.num_agents, id = a.agent_id ? A : 0;
  const int64_t critic_in = (a.algo == "mappo" ? spec_.state_dim : spec_.obs_dim) + id;
  const bool gru = a.network == "gru";
  actor_ = Net(spec_.obs_dim + id, a.hidden, a.layers, spec_.num_actions, 0.01, gru);
  critic_ = Net(critic_in, a.hidden, a.layers, 1, 1.0, gru);
  actor_->to(device_);
  critic_->to(device_);
  std::vector<torch::Tensor> params = actor_->parameters();
  for (const torch::Tensor& p : critic_->parameters()) params.push_back(p);
  optimizer_ = std::make_unique<torch::optim::Adam>(params, torch::optim::AdamOptions(a.lr).eps(1e-5));
  agent_ids_ = torch::eye(A, torch::TensorOptions().device(device_));
  learner_agents_ = torch::ones({A}, torch::TensorOptions().device(device_));
  if (scenario.opponent == "checkpoint") {
    for (int agent : scenario.opponent_agents) learner_agents_[agent] = 0.0f;
    opponent_ = std::make_unique<FrozenPolicy>(scenario.opponent_checkpoint, spec_, scenario.opponent_agents, a, device_);
    opponent_h_ = opponent_->initial_state(env_->num_envs());
  }
  env_->reset(scenario.seed);
  const auto zeros = torch::zeros({static_cast<int64_t>(env_->num_envs()) * A, a.hidden}, torch::TensorOptions().device(device_));
  actor_h_ = zeros;
  critic_h_ = zeros.clone();
}

PpoTrainer::~PpoTrainer() = default;

torch::Tensor PpoTrainer::actor_input(const VecEnv& env) const {
  const int64_t N = env.num_envs(), A = spec_.num_agents;
  torch::Tensor obs = as_tensor(env.obs());  // [N, A, O], aliases the env
  if (!scenario_.agent.agent_id) return obs.reshape({N * A, spec_.obs_dim}).clone();
  return torch::cat({obs, agent_ids_.unsqueeze(0).expand({N, A, A})}, 2).reshape({N * A, -1});
}

torch::Tensor PpoTrainer::critic_input(const VecEnv& env) const {
  if (scenario_.agent.algo != "mappo") return actor_input(env);
  const int64_t N = env.num_envs(), A = spec_.num_agents;
  torch::Tensor state = as_tensor(env.state()).unsqueeze(1).expand({N, A, spec_.state_dim});
  if (!scenario_.agent.agent_id) return state.reshape({N * A, spec_.state_dim}).clone();
  return torch::cat({state, agent_ids_.unsqueeze(0).expand({N, A, A})}, 2).reshape({N * A, -1});
}

torch::Tensor PpoTrainer::act(VecEnv& env, const torch::Tensor& logits, const torch::Tensor& legal, bool greedy,
                              torch::Tensor* opponent_h) {
  const int64_t N = env.num_envs(), A = spec_.num_agents, K = spec_.num_actions;
  torch::Tensor scores = logits.masked_fill(~legal, kMaskedLogit);
  if (opponent_) {
    // The frozen opponent's choices replace the learner's for its agents.
    torch::NoGradGuard no_grad;
    const torch::Tensor& theirs = opponent_->agents();
    const torch::Tensor their_legal = legal.reshape({N, A, K}).index_select(1, theirs);
    const torch::Tensor their_scores =
        opponent_->logits(as_tensor(env.obs()), *opponent_h).reshape({N, -1, K}).masked_fill(~their_legal, kMaskedLogit);
    scores = scores.reshape({N, A, K}).index_copy(1, theirs, their_scores).reshape({N * A, K});
  }
  if (!greedy) {
    // Gumbel-max: argmax of logits plus Gumbel noise samples the softmax.
    const torch::Tensor u = torch::rand_like(scores).clamp_(1e-10, 1.0);
    scores = scores - torch::log(-torch::log(u));
  }
  torch::Tensor actions = scores.argmax(1);
  const torch::Tensor acting = as_tensor(env.acting()).reshape({N * A}).to(torch::kBool);
  actions = torch::where(acting, actions, torch::zeros_like(actions));  // non-acting agents pass 0
  as_tensor(env.actions()).copy_(actions.reshape({N, A}).to(torch::kInt32));
  return actions;
}

PpoUpdateStats PpoTrainer::iterate() {
  const PpoConfig& cfg = scenario_.agent;
  const int64_t T = cfg.rollout_steps, N = env_->num_envs(), A = spec_.num_agents, NA = N * A;
  const bool gru = actor_->recurrent;
  std::vector<torch::Tensor> obs_in, crit_in, actions, logps, values, rewards, dones, legals, weights, h_actor, h_critic;
  torch::Tensor episodes;  // device-side sums of the episodes that end during the rollout
  const torch::Tensor learner = learner_agents_.repeat({N});  // [NA]
  {
    torch::NoGradGuard no_grad;
    for (int64_t t = 0; t < T; ++t) {
      torch::Tensor x = actor_input(*env_), c = critic_input(*env_);
      h_actor.push_back(actor_h_);
      h_critic.push_back(critic_h_);
      auto [logits, next_actor_h] = actor_->forward(x, actor_h_);
      auto [value, next_critic_h] = critic_->forward(c, critic_h_);
      const torch::Tensor legal = as_tensor(env_->legal()).reshape({NA, spec_.num_actions}).to(torch::kBool);
      const torch::Tensor acting = as_tensor(env_->acting()).reshape({NA}).to(torch::kFloat32);
      torch::Tensor a = act(*env_, logits, legal, false, &opponent_h_);
      const torch::Tensor logp_all = torch::log_softmax(logits.masked_fill(~legal, kMaskedLogit), 1);
      obs_in.push_back(x);
      crit_in.push_back(c);
      actions.push_back(a);
      logps.push_back(logp_all.gather(1, a.unsqueeze(1)).squeeze(1));
      values.push_back(value.squeeze(1));
      legals.push_back(legal);
      weights.push_back(acting * learner);
      env_->step();
      rewards.push_back(as_tensor(env_->reward()).reshape({NA}).clone());
      const torch::Tensor done = (as_tensor(env_->terminated()) | as_tensor(env_->truncated())).to(torch::kFloat32);
      const torch::Tensor done_na = done.unsqueeze(1).expand({N, A}).reshape({NA});
      dones.push_back(done_na);
      if (gru) {  // a new episode starts from a zero state
        const torch::Tensor keep = (1.0 - done_na).unsqueeze(1);
        actor_h_ = next_actor_h * keep;
        critic_h_ = next_critic_h * keep;
      }
      if (opponent_) {  // so does the opponent's (unused unless its actor is recurrent)
        const int64_t P = opponent_->agents().size(0);
        opponent_h_ = opponent_h_ * (1.0 - done).unsqueeze(1).expand({N, P}).reshape({N * P, 1});
      }
      const torch::Tensor ended = episode_sums(*env_, learner_agents_);
      episodes = episodes.defined() ? episodes + ended : ended;
      env_steps_ += N;
    }
    values.push_back(critic_->forward(critic_input(*env_), critic_h_).first.squeeze(1));
  }
  add_sums(window_, episodes, has_win_metric(*env_));
  // Generalised advantage estimation (a truncated episode is treated as ended, as JaxMARL does).
  torch::Tensor v = torch::stack(values), r = torch::stack(rewards), d = torch::stack(dones);
  torch::Tensor adv = torch::zeros({T, NA}, v.options());
  torch::Tensor last = torch::zeros({NA}, v.options());
  for (int64_t t = T - 1; t >= 0; --t) {
    const torch::Tensor live = 1.0 - d[t];
    const torch::Tensor delta = r[t] + cfg.gamma * v[t + 1] * live - v[t];
    last = delta + cfg.gamma * cfg.gae_lambda * live * last;
    adv[t] = last;
  }
  // Training samples are sequences of L consecutive steps of one agent (L = 1 for MLPs):
  // [T, NA, ...] -> [T / L, L, NA, ...] -> [S = T / L * NA, L, ...].
  const int64_t L = gru ? cfg.chunk : 1, S = T / L * NA;
  auto sequences = [&](const torch::Tensor& per_step) {  // per_step: [T, NA, ...]
    std::vector<int64_t> shape = {T / L, L, NA};
    for (int64_t i = 2; i < per_step.dim(); ++i) shape.push_back(per_step.size(i));
    std::vector<int64_t> order = {0, 2, 1};
    for (int64_t i = 3; i < static_cast<int64_t>(shape.size()); ++i) order.push_back(i);
    std::vector<int64_t> out = {S, L};
    for (int64_t i = 2; i < per_step.dim(); ++i) out.push_back(per_step.size(i));
    return per_step.reshape(shape).permute(order).reshape(out);
  };
  const torch::Tensor s_obs = sequences(torch::stack(obs_in)), s_crit = sequences(torch::stack(crit_in));
  const torch::Tensor s_act = sequences(torch::stack(actions)), s_logp = sequences(torch::stack(logps));
  const torch::Tensor s_val = sequences(v.slice(0, 0, T)), s_ret = sequences(adv + v.slice(0, 0, T));
  const torch::Tensor s_adv = sequences(adv), s_done = sequences(d);
  const torch::Tensor s_legal = sequences(torch::stack(legals)), s_weight = sequences(torch::stack(weights));
  const torch::Tensor s_value_weight = sequences(learner.unsqueeze(0).expand({T, NA}));  // every step's value counts
  // The recurrent state at the start of each sequence.
  const torch::Tensor s_h_actor = gru ? sequences(torch::stack(h_actor)).select(1, 0) : torch::Tensor();
  const torch::Tensor s_h_critic = gru ? sequences(torch::stack(h_critic)).select(1, 0) : torch::Tensor();

  // Learning rate: annealed linearly to 0 over the budget.
  double lr = cfg.lr;
  if (cfg.anneal_lr) {
    const double done_share = static_cast<double>(env_steps_ - T * N) / static_cast<double>(scenario_.env_steps);
    lr = cfg.lr * std::max(0.0, 1.0 - done_share);
  }
  for (auto& group : optimizer_->param_groups()) static_cast<torch::optim::AdamOptions&>(group.options()).lr(lr);

  // Runs a net over sequences [B, L, D] from states h [B, H], resetting after episode ends.
  auto unroll = [&](Net& net, const torch::Tensor& x, torch::Tensor h, const torch::Tensor& done) {
    if (!gru) return net->forward(x.select(1, 0), h).first;
    std::vector<torch::Tensor> outs;
    for (int64_t l = 0; l < L; ++l) {
      auto [out, next] = net->forward(x.select(1, l), h);
      outs.push_back(out);
      h = next * (1.0 - done.select(1, l)).unsqueeze(1);
    }
    return torch::stack(outs, 1).reshape({-1, outs[0].size(1)});
  };

  PpoUpdateStats stats;
  stats.learning_rate = lr;
  const int64_t batch = std::max<int64_t>(1, S / cfg.minibatches);
  int64_t count = 0;
  for (int epoch = 0; epoch < cfg.epochs; ++epoch) {
    const torch::Tensor perm = torch::randperm(S, torch::TensorOptions().dtype(torch::kLong).device(device_));
    for (int64_t start = 0; start + batch <= S; start += batch) {
      const torch::Tensor idx = perm.slice(0, start, start + batch);
      auto take = [&](const torch::Tensor& t) {  // [B * L, ...] samples of the chosen sequences
        torch::Tensor chosen = t.index_select(0, idx);
        std::vector<int64_t> shape = {-1};
        for (int64_t i = 2; i < chosen.dim(); ++i) shape.push_back(chosen.size(i));
        return chosen.reshape(shape);
      };
      const torch::Tensor done = s_done.index_select(0, idx);
      const torch::Tensor w = take(s_weight), wv = take(s_value_weight), legal = take(s_legal);
      const torch::Tensor logits =
          unroll(actor_, s_obs.index_select(0, idx), gru ? s_h_actor.index_select(0, idx) : torch::Tensor(), done)
              .masked_fill(~legal, kMaskedLogit);
      const torch::Tensor logp_all = torch::log_softmax(logits, 1);
      const torch::Tensor logp = logp_all.gather(1, take(s_act).unsqueeze(1)).squeeze(1);
      const torch::Tensor entropy = -(logp_all.exp() * logp_all).masked_fill(~legal, 0.0).sum(1);
      const torch::Tensor wsum = w.sum().clamp_min(1.0);
      torch::Tensor a = take(s_adv);
      const torch::Tensor mean = (a * w).sum() / wsum;
      const torch::Tensor stdev = (((a - mean) * (a - mean) * w).sum() / wsum).sqrt();
      a = (a - mean) / (stdev + 1e-8);
      const torch::Tensor log_ratio = logp - take(s_logp);
      const torch::Tensor ratio = log_ratio.exp();
      const torch::Tensor surrogate =
          torch::min(ratio * a, torch::clamp(ratio, 1.0 - cfg.clip, 1.0 + cfg.clip) * a);
      const torch::Tensor policy_loss = -(surrogate * w).sum() / wsum;
      const torch::Tensor entropy_mean = (entropy * w).sum() / wsum;
      const torch::Tensor value =
          unroll(critic_, s_crit.index_select(0, idx), gru ? s_h_critic.index_select(0, idx) : torch::Tensor(), done)
              .squeeze(1);
      const torch::Tensor target = take(s_ret), old = take(s_val);
      torch::Tensor value_err = (value - target).pow(2);
      if (cfg.value_clip > 0) {
        const torch::Tensor clipped = old + torch::clamp(value - old, -cfg.value_clip, cfg.value_clip);
        value_err = torch::max(value_err, (clipped - target).pow(2));
      }
      const torch::Tensor value_loss = 0.5 * (value_err * wv).sum() / wv.sum().clamp_min(1.0);
      const torch::Tensor loss = policy_loss + cfg.vf_coef * value_loss - cfg.ent_coef * entropy_mean;
      optimizer_->zero_grad();
      loss.backward();
      if (cfg.max_grad_norm > 0) {
        torch::nn::utils::clip_grad_norm_(actor_->parameters(), cfg.max_grad_norm);
        torch::nn::utils::clip_grad_norm_(critic_->parameters(), cfg.max_grad_norm);
      }
      optimizer_->step();
      torch::NoGradGuard no_grad;
      stats.policy_loss += policy_loss.item<double>();
      stats.value_loss += value_loss.item<double>();
      stats.entropy += entropy_mean.item<double>();
      stats.approx_kl += (((ratio - 1.0) - log_ratio) * w).sum().item<double>() / wsum.item<double>();
      stats.clip_fraction += (((ratio - 1.0).abs() > cfg.clip).to(torch::kFloat32) * w).sum().item<double>() /
                             wsum.item<double>();
      ++count;
    }
  }
  const double k = std::max<int64_t>(count, 1);
  stats.policy_loss /= k;
  stats.value_loss /= k;
  stats.entropy /= k;
  stats.approx_kl /= k;
  stats.clip_fraction /= k;
  ++updates_;
  return stats;
}

EpisodeWindow PpoTrainer::take_episodes() {
  EpisodeWindow w = window_;
  window_ = EpisodeWindow{};
  return w;
}

EvalResult PpoTrainer::evaluate(int episodes, uint64_t seed, bool greedy, const std::string& replay_path,
                                int record_envs) {
  // Each eval env plays exactly one episode, so short episodes are not over-counted.
  const Device device = env_->device();
  EvalResult result;
  torch::NoGradGuard no_grad;
  int remaining = episodes;
  for (int round = 0; remaining > 0; ++round) {
    const int n = std::min(remaining, 4096);
    const bool recording = round == 0 && !replay_path.empty() && record_envs > 0;
    VecEnvOptions options = env_options(scenario_);
    options.keep_final_state = recording;  // replays show each episode's last state
    auto env = make_env(scenario_.env, n, device, scenario_.env_config, options);
    env->reset(seed + static_cast<uint64_t>(round) * 7919u);
    std::unique_ptr<ReplayWriter> writer;
    if (recording) {
      std::filesystem::create_directories(std::filesystem::path(replay_path).parent_path());
      writer = std::make_unique<ReplayWriter>(replay_path, *env, seed, std::min(record_envs, n));
      writer->record(*env);
      result.replay_path = replay_path;
    }
    torch::Tensor pending = torch::ones({n}, torch::TensorOptions().dtype(torch::kBool).device(device_));
    torch::Tensor h = torch::zeros({static_cast<int64_t>(n) * spec_.num_agents, scenario_.agent.hidden},
                                   torch::TensorOptions().device(device_));
    torch::Tensor opponent_h = opponent_ ? opponent_->initial_state(n) : torch::Tensor();
    for (int t = 0; t <= spec_.max_steps && pending.any().item<bool>(); ++t) {
      const torch::Tensor x = actor_input(*env);
      const torch::Tensor legal = as_tensor(env->legal()).reshape({-1, spec_.num_actions}).to(torch::kBool);
      auto [logits, next_h] = actor_->forward(x, h);
      act(*env, logits, legal, greedy, &opponent_h);
      h = next_h;  // each eval env plays one episode: no reset needed
      env->step();
      if (writer) writer->record(*env);
      add_sums(result.episodes, episode_sums(*env, learner_agents_, &pending), has_win_metric(*env));
      pending = pending & ~(as_tensor(env->terminated()) | as_tensor(env->truncated())).to(torch::kBool);
    }
    if (writer) writer->close();
    remaining -= n;
  }
  return result;
}

void PpoTrainer::save(const std::string& path) const {
  torch::serialize::OutputArchive archive, actor, critic, optimizer;
  actor_->save(actor);
  critic_->save(critic);
  optimizer_->save(optimizer);
  archive.write("actor", actor);
  archive.write("critic", critic);
  archive.write("optimizer", optimizer);
  archive.write("env_steps", torch::tensor(env_steps_));
  archive.write("updates", torch::tensor(updates_));
  write_checkpoint_header(archive, spec_, scenario_.agent);
  const std::string tmp = path + ".tmp";
  archive.save_to(tmp);
  std::filesystem::rename(tmp, path);
}

void PpoTrainer::load(const std::string& path) {
  torch::serialize::InputArchive archive = open_checkpoint(path);
  const CheckpointSizes sizes = checkpoint_sizes(archive, path);
  AGORA_CHECK(sizes.agents == spec_.num_agents && sizes.obs == spec_.obs_dim && sizes.state == spec_.state_dim &&
                  sizes.actions == spec_.num_actions,
              "checkpoint '" + path + "': written for another env (agents, obs, state, actions differ)");
  const std::string where = "checkpoint '" + path + "'";
  load_module(*actor_, archive, "actor", where);
  load_module(*critic_, archive, "critic", where);
  try {
    torch::serialize::InputArchive optimizer;
    archive.read("optimizer", optimizer);
    optimizer_->load(optimizer);
    torch::Tensor steps, updates;
    archive.read("env_steps", steps);
    archive.read("updates", updates);
    env_steps_ = steps.item<int64_t>();
    updates_ = updates.item<int64_t>();
  } catch (const c10::Error& e) {
    throw Error(where + ": does not match this scenario's networks (" + first_line(e.what_without_backtrace()) + ")");
  }
}

}  // namespace agora
