// `agora rollout ENV`: steps N envs with a random legal policy, prints throughput and episode
// statistics, and optionally records a replay of the first envs.
#include <cstdio>
#include <filesystem>
#include <memory>

#include "agents/scripted.h"
#include "apps/agora/commands.h"
#include "apps/agora/common.h"
#include "core/error.h"
#include "core/replay.h"

namespace agora {
namespace cli {
namespace {

struct RolloutArgs {
  std::string env;
  int num_envs = 1024;
  int steps = 1000;
  std::string device = "auto";
  uint64_t seed = 0;
  std::string config;
  std::string record;
  int record_envs = 4;
  int threads = 0;
  std::string policy = "random";
  double rate = 0.5;
};

void run_rollout(const RolloutArgs& a) {
  std::string reason;
  const Device device = resolve_device(a.device, &reason);
  VecEnvOptions options;
  options.num_threads = a.threads;
  options.keep_final_state = !a.record.empty();  // replays show each episode's last state
  std::unique_ptr<VecEnv> env = open_env(a.env, a.num_envs, device, a.config, options);
  const bool scripted = a.policy != "random";
  const ScriptedPolicy policy = scripted ? make_scripted_policy(a.policy, *env, a.rate) : ScriptedPolicy();
  std::vector<int32_t> actions;
  if (!reason.empty()) std::printf("device %s\n", reason.c_str());
  const EnvSpec& spec = env->spec();
  std::printf("%s: %d envs x %d agents on %s, %d steps, seed %llu, policy %s\n", a.env.c_str(), a.num_envs,
              spec.num_agents, device_name(device), a.steps, static_cast<unsigned long long>(a.seed), a.policy.c_str());

  std::unique_ptr<ReplayWriter> replay;
  if (!a.record.empty()) {
    const std::filesystem::path parent = std::filesystem::path(a.record).parent_path();
    if (!parent.empty()) std::filesystem::create_directories(parent);
    replay = std::make_unique<ReplayWriter>(a.record, *env, a.seed, std::min(a.record_envs, a.num_envs));
  }
  env->reset(a.seed);
  if (replay) replay->record(*env);
  const double start = now_seconds();
  for (int t = 0; t < a.steps; ++t) {
    if (scripted) {
      policy(*env, actions);
      copy_from_host(env->actions().data, actions.data(), actions.size() * sizeof(int32_t), device);
    } else {
      env->sample_random_actions();
    }
    env->step();
    if (replay) replay->record(*env);
  }
  device_synchronize(device);
  const double seconds = now_seconds() - start;
  const double env_steps = static_cast<double>(a.steps) * a.num_envs;
  std::printf("%.0f env-steps in %.3f s: %.4g env-steps/s, %.4g agent-steps/s (steps/s)\n", env_steps, seconds,
              env_steps / seconds, env_steps * spec.num_agents / seconds);
  const EpisodeStats s = env->episode_stats();
  std::printf("episodes %lld, mean return %.4f, mean length %.2f, mean score %.4f\n",
              static_cast<long long>(s.episodes), s.mean_return, s.mean_length, s.mean_score);
  for (size_t m = 0; m < s.mean_metrics.size(); ++m)
    std::printf("  mean %s %.4f\n", env->metric_names()[m].c_str(), s.mean_metrics[m]);
  if (replay) {
    replay->close();
    std::printf("replay of %d envs written to %s\n", std::min(a.record_envs, a.num_envs), a.record.c_str());
  }
}

}  // namespace

void add_rollout(CLI::App& app) {
  auto args = std::make_shared<RolloutArgs>();
  auto* cmd = app.add_subcommand("rollout", "Run a random legal policy, print throughput and episode statistics");
  cmd->add_option("env", args->env, "Registered env name (see agora envs)")->required();
  cmd->add_option("--num-envs", args->num_envs, "Envs stepped together")->check(CLI::Range(1, 1 << 26));
  cmd->add_option("--steps", args->steps, "Steps of every env")->check(CLI::Range(0, 1 << 30));
  cmd->add_option("--device", args->device, "auto, cpu or cuda")->check(CLI::IsMember({"auto", "cpu", "cuda"}));
  cmd->add_option("--seed", args->seed, "Run seed");
  cmd->add_option("--config", args->config, "Game config JSON file")->check(CLI::ExistingFile);
  cmd->add_option("--record", args->record, "Write a replay of the first envs to FILE");
  cmd->add_option("--record-envs", args->record_envs, "How many envs the replay records")->check(CLI::Range(1, 1 << 16));
  cmd->add_option("--threads", args->threads, "CPU threads (0 = all)")->check(CLI::Range(0, 4096));
  std::vector<std::string> policies = scripted_policy_names();
  policies.insert(policies.begin(), "random");
  cmd->add_option("--policy", args->policy,
                  "random (uniform over legal actions), a commons baseline (greedy, sustainable, fixed_rate, "
                  "reciprocal), a Hanabi bot (hanabi_simple, hanabi_convention), JaxMARL's SMAX heuristic "
                  "(smax_heuristic, smax_heuristic_random) or a football script (football_run_and_shoot, "
                  "football_builtin)")
      ->check(CLI::IsMember(policies));
  cmd->add_option("--rate", args->rate, "Share of the pool the fixed_rate baseline takes")->check(CLI::Range(0.0, 1.0));
  cmd->callback([args] { run_rollout(*args); });
}

}  // namespace cli
}  // namespace agora
