// `agora match ENV --team AGENTS=CHECKPOINT ...`: frozen checkpoints play each other (cross-play),
// one episode per env, and the command prints each team's mean return and the game's episode
// metrics. A checkpoint may come from another env whose agents observe and act alike
// (agents/ppo/frozen_policy.h): with SMAX self-play and mirror_enemies, a policy trained as the
// allies of a map can face another such policy, or itself.
//
//   agora match smax/3m --config mirrored_self_play.json --team 0,1,2=runs/a --team 5,4,3=runs/b
#include <algorithm>
#include <cstdio>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "apps/agora/commands.h"
#include "apps/agora/common.h"
#include "core/error.h"
#if AGORA_WITH_TORCH
#include "agents/ppo/checkpoint.h"
#include "agents/ppo/frozen_policy.h"
#include "core/torch_view.h"
#endif

namespace agora {
namespace cli {
namespace {

struct MatchArgs {
  std::string env;
  std::string config;
  std::vector<std::string> teams;
  int episodes = 1024;
  uint64_t seed = 0;
  bool greedy = false;
  std::string device = "auto";
};

#if AGORA_WITH_TORCH

/// One --team: the env agents it commands, in the order the checkpoint sees them, and the file.
struct Team {
  std::vector<int> agents;
  std::string checkpoint;
  std::string label;  // "0,1,2"
};

/// Parses "0,1,2=PATH"; errors quote the argument.
Team parse_team(const std::string& arg, int num_agents) {
  const std::string where = "--team '" + arg + "'";
  const size_t eq = arg.find('=');
  AGORA_CHECK(eq != std::string::npos && eq > 0 && eq + 1 < arg.size(), where + ": expected AGENTS=CHECKPOINT, e.g. 0,1,2=runs/x");
  Team t;
  t.label = arg.substr(0, eq);
  t.checkpoint = arg.substr(eq + 1);
  std::stringstream list(t.label);
  std::string item;
  while (std::getline(list, item, ',')) {
    size_t used = 0;
    int agent = -1;
    try {
      agent = std::stoi(item, &used);
    } catch (const std::exception&) {
      used = 0;
    }
    AGORA_CHECK(used == item.size() && !item.empty() && agent >= 0 && agent < num_agents,
                where + ": '" + item + "' is not an agent (0.." + std::to_string(num_agents - 1) + ")");
    t.agents.push_back(agent);
  }
  return t;
}

void run_match(const MatchArgs& a) {
  AGORA_CHECK(!a.teams.empty(), "match: give at least one --team AGENTS=CHECKPOINT");
  std::string reason;
  const Device device = resolve_device(a.device, &reason);
  const torch::Device torch_device = device == Device::kCuda ? torch::Device(torch::kCUDA, 0) : torch::Device(torch::kCPU);
  const int max_envs = std::min(a.episodes, 4096);
  std::unique_ptr<VecEnv> env = open_env(a.env, max_envs, device, a.config);
  const EnvSpec spec = env->spec();
  const int A = spec.num_agents, K = spec.num_actions;

  // Every agent on exactly one team.
  std::vector<Team> teams;
  std::vector<int> team_of(static_cast<size_t>(A), -1);
  for (const std::string& arg : a.teams) {
    Team t = parse_team(arg, A);
    for (int agent : t.agents) {
      AGORA_CHECK(team_of[static_cast<size_t>(agent)] < 0,
                  "--team '" + arg + "': agent " + std::to_string(agent) + " is already on a team");
      team_of[static_cast<size_t>(agent)] = static_cast<int>(teams.size());
    }
    t.checkpoint = pin_checkpoint(t.checkpoint);
    teams.push_back(t);
  }
  for (int agent = 0; agent < A; ++agent)
    AGORA_CHECK(team_of[static_cast<size_t>(agent)] >= 0,
                "match: agent " + std::to_string(agent) + " of " + a.env + " is on no --team (it has " + std::to_string(A) +
                    " agents)");
  std::vector<std::unique_ptr<FrozenPolicy>> policies;
  for (const Team& t : teams)
    policies.push_back(std::make_unique<FrozenPolicy>(t.checkpoint, spec, t.agents, PpoConfig{}, torch_device));

  if (!reason.empty()) std::printf("device %s\n", reason.c_str());
  std::printf("%s: %d episodes (one per env) on %s, %s, seed %llu\n", a.env.c_str(), a.episodes, device_name(device),
              a.greedy ? "greedy" : "sampled", static_cast<unsigned long long>(a.seed));
  torch::NoGradGuard no_grad;
  const auto floats = torch::TensorOptions().dtype(torch::kFloat64).device(torch_device);
  torch::Tensor returns = torch::zeros({A}, floats), metrics = torch::zeros({spec.num_metrics}, floats);
  torch::Tensor length = torch::zeros({}, floats), episodes = torch::zeros({}, floats);
  int remaining = a.episodes;
  for (int round = 0; remaining > 0; ++round) {
    const int n = std::min(remaining, max_envs);
    if (n != env->num_envs()) env = open_env(a.env, n, device, a.config);
    env->reset(a.seed + static_cast<uint64_t>(round) * 7919u);
    std::vector<torch::Tensor> h;
    for (const auto& p : policies) h.push_back(p->initial_state(n));
    torch::Tensor pending = torch::ones({n}, torch::TensorOptions().dtype(torch::kBool).device(torch_device));
    for (int t = 0; t <= spec.max_steps && pending.any().item<bool>(); ++t) {
      const torch::Tensor obs = as_tensor(env->obs()), legal = as_tensor(env->legal()).to(torch::kBool);
      torch::Tensor scores = torch::zeros({n, A, K}, torch::TensorOptions().device(torch_device));
      for (size_t i = 0; i < policies.size(); ++i)
        scores.index_copy_(1, policies[i]->agents(), policies[i]->logits(obs, h[i]).reshape({n, -1, K}));
      scores = scores.masked_fill(~legal, -1e9f);
      if (!a.greedy) scores = scores - torch::log(-torch::log(torch::rand_like(scores).clamp_(1e-10, 1.0)));  // Gumbel-max
      const torch::Tensor acting = as_tensor(env->acting()).to(torch::kBool);
      const torch::Tensor actions = torch::where(acting, scores.argmax(2), torch::zeros({}, torch::kLong).to(torch_device));
      as_tensor(env->actions()).copy_(actions.to(torch::kInt32));
      env->step();
      const torch::Tensor done =
          ((as_tensor(env->terminated()) | as_tensor(env->truncated())).to(torch::kBool) & pending).to(torch::kFloat64);
      episodes += done.sum();
      returns += (as_tensor(env->episode_return()).to(torch::kFloat64) * done.unsqueeze(1)).sum(0);
      length += (as_tensor(env->episode_length()).to(torch::kFloat64) * done).sum();
      if (spec.num_metrics > 0) metrics += (as_tensor(env->episode_metrics()).to(torch::kFloat64) * done.unsqueeze(1)).sum(0);
      pending = pending & ~done.to(torch::kBool);
    }
    remaining -= n;
  }
  const double count = episodes.item<double>();
  AGORA_CHECK(count > 0, "match: no episode ended within " + std::to_string(spec.max_steps + 1) + " steps");
  const torch::Tensor mean_return = (returns / count).to(torch::kCPU), mean_metrics = (metrics / count).to(torch::kCPU);
  for (size_t i = 0; i < teams.size(); ++i) {
    double sum = 0;
    for (int agent : teams[i].agents) sum += mean_return[agent].item<double>();
    std::printf("  team %zu (agents %s, %s): mean return %.4f\n", i + 1, teams[i].label.c_str(),
                teams[i].checkpoint.c_str(), sum / static_cast<double>(teams[i].agents.size()));
  }
  std::printf("  episodes %.0f, mean length %.2f\n", count, length.item<double>() / count);
  const auto& names = env->metric_names();
  for (size_t m = 0; m < names.size(); ++m) std::printf("  %s %.4f\n", names[m].c_str(), mean_metrics[m].item<double>());
}

#else

void run_match(const MatchArgs&) { throw Error("match: this build has no LibTorch (install libtorch-dev and rebuild)"); }

#endif

}  // namespace

void add_match(CLI::App& app) {
  auto args = std::make_shared<MatchArgs>();
  CLI::App* cmd = app.add_subcommand("match", "Play frozen checkpoints against each other and print the results");
  cmd->add_option("env", args->env, "Registered env name (see `agora envs`)")->required();
  cmd->add_option("--config", args->config, "JSON file with the env's config (e.g. SMAX self-play)");
  cmd->add_option("--team", args->teams,
                  "AGENTS=CHECKPOINT: these env agents (comma-separated, in the order the checkpoint sees them) "
                  "play the checkpoint file or run directory's latest checkpoint; every agent on one team")
      ->required();
  cmd->add_option("--episodes", args->episodes, "Episodes to play, one per env")->check(CLI::Range(1, 10000000));
  cmd->add_option("--seed", args->seed, "Seed of the envs' first round");
  cmd->add_flag("--greedy", args->greedy, "Take the most likely action instead of sampling");
  cmd->add_option("--device", args->device, "auto, cpu or cuda")->check(CLI::IsMember({"auto", "cpu", "cuda"}));
  cmd->callback([args]() { run_match(*args); });
}

}  // namespace cli
}  // namespace agora
