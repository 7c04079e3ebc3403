// `agora replay export FILE [--out OUT] [--obs]`: a replay as JSON lines, for analysis outside
// Agora: the header first, then one object per frame in file order. With --obs each frame also
// carries every agent's observation and legal mask, computed by the game code from the
// recorded state (the state is checked first, as the viewer does).
#include <cstdio>
#include <fstream>
#include <iostream>
#include <memory>

#include "apps/agora/commands.h"
#include "core/error.h"
#include "core/replay.h"

namespace agora {
namespace cli {
namespace {

struct ExportArgs {
  std::string replay;
  std::string out;
  bool obs = false;
};

void run_export(const ExportArgs& a) {
  const Replay r = read_replay(a.replay);
  const ReplayHeader& h = r.header;
  const std::unique_ptr<VecEnv> game = a.obs ? make_replay_game(r, a.replay) : nullptr;
  std::ofstream file;
  if (!a.out.empty()) {
    file.open(a.out + ".tmp");
    AGORA_CHECK(file.good(), "replay export: cannot write '" + a.out + ".tmp'");
  }
  std::ostream& out = a.out.empty() ? std::cout : file;
  out << Json{{"env", h.env},          {"config", h.config},         {"spec", spec_to_json(h.spec)},
              {"seed", h.seed},        {"recorded_envs", h.recorded_envs}, {"final_states", h.final_states}}
             .dump()
      << "\n";
  for (const ReplayFrame& f : r.frames) {
    Json line = {{"env", f.env},         {"step", f.step},       {"reset", f.is_reset},
                 {"terminated", f.terminated}, {"truncated", f.truncated}, {"actions", f.actions},
                 {"rewards", f.rewards}};
    if (game) {
      game->load_states(0, 1, f.state.data());
      const std::vector<float> obs = game->obs().to_host();
      const std::vector<uint8_t> legal = game->legal().to_host();
      Json per_agent_obs = Json::array(), per_agent_legal = Json::array();
      const int A = h.spec.num_agents, O = h.spec.obs_dim, K = h.spec.num_actions;
      for (int agent = 0; agent < A; ++agent) {
        per_agent_obs.push_back(std::vector<float>(obs.begin() + agent * O, obs.begin() + (agent + 1) * O));
        std::vector<int> mask(legal.begin() + agent * K, legal.begin() + (agent + 1) * K);
        per_agent_legal.push_back(mask);
      }
      line["obs"] = per_agent_obs;
      line["legal"] = per_agent_legal;
    }
    out << line.dump() << "\n";
  }
  if (!a.out.empty()) {
    file.close();
    AGORA_CHECK(!file.fail() && std::rename((a.out + ".tmp").c_str(), a.out.c_str()) == 0,
                "replay export: cannot write '" + a.out + "'");
    std::printf("%zu frames of %s written to %s\n", r.frames.size(), h.env.c_str(), a.out.c_str());
  }
}

}  // namespace

void add_replay(CLI::App& app) {
  auto* replay = app.add_subcommand("replay", "Work with replay files (agora rollout --record, training evaluations)");
  replay->require_subcommand(1);
  auto args = std::make_shared<ExportArgs>();
  auto* cmd = replay->add_subcommand("export", "Write a replay as JSON lines: the header, then one object per frame");
  cmd->add_option("replay", args->replay, "Replay file (.agr)")->required();
  cmd->add_option("--out", args->out, "Output file (default: standard output)");
  cmd->add_flag("--obs", args->obs, "Add every agent's observation and legal mask, computed from the recorded state");
  cmd->callback([args] { run_export(*args); });
}

}  // namespace cli
}  // namespace agora
