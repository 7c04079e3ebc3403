#pragma once
// Scenarios: what `agora train` runs, read from a JSON file and validated strictly (unknown
// keys and bad values are errors naming the key and the file).
//
//   {
//     "name": "smax_3m",                         // optional: the file's stem by default
//     "env": "smax/3m", "env_config": {},        // a registered env and its config
//     "num_envs": 64, "device": "auto", "threads": 0, "seed": 1,
//     "env_steps": 5000000,                      // the budget
//     "agent": {"algo": "mappo", "hidden": 64, "lr": 0.0005, ...},   // PpoConfig below
//     "opponent": "builtin",                     // builtin | self_play | checkpoint
//     "opponent_checkpoint": "", "opponent_agents": [],              // for "checkpoint": a file
//                                                // or a run directory (its latest checkpoint)
//     "eval_every": 250000, "eval_episodes": 64, "record_envs": 2,
//     "checkpoint_every": 250000
//   }
//
//   Scenario s = load_scenario("scenarios/smax_3m.json", {"agent.lr=0.001", "env_steps=100000"});
#include <cstdint>
#include <string>
#include <vector>

#include "core/config.h"

namespace agora {

/// PPO hyper-parameters shared by IPPO and MAPPO (MAPPO: the critic sees the world state).
struct PpoConfig {
  std::string algo = "mappo";  // ippo | mappo
  std::string network = "mlp";  // mlp | gru (recurrent actor and critic)
  int chunk = 16;              // GRU: training sequence length (divides rollout_steps)
  int hidden = 64;
  int layers = 2;
  bool agent_id = true;        // append the agent's one-hot id to the inputs (shared parameters)
  double lr = 5e-4;
  bool anneal_lr = true;       // linearly to 0 over the budget
  double gamma = 0.99;
  double gae_lambda = 0.95;
  double clip = 0.2;           // policy ratio clip
  double value_clip = 0.2;     // value clip (0 = unclipped)
  double vf_coef = 0.5;
  double ent_coef = 0.01;
  double max_grad_norm = 0.5;
  int rollout_steps = 128;     // env steps per update
  int epochs = 4;
  int minibatches = 4;
};

struct Scenario {
  std::string name;            // the file's stem: names the run directory
  std::string path;            // the file it came from
  std::string env;
  Json env_config = Json::object();
  int num_envs = 64;
  std::string device = "auto";
  int threads = 0;
  uint64_t seed = 1;
  int64_t env_steps = 1000000;
  PpoConfig agent;
  std::string opponent = "builtin";
  std::string opponent_checkpoint;
  std::vector<int> opponent_agents;
  int64_t eval_every = 0;      // env steps between evaluations (0 = only at the end)
  int eval_episodes = 32;
  int record_envs = 2;         // evaluation envs written to replays
  int64_t checkpoint_every = 0;  // env steps between checkpoints (0 = every 10% of the budget)
};

/// Reads and validates `path`, after applying `sets` ("key=value", dotted keys reach into
/// "agent" and "env_config"; a value that parses as JSON is taken as JSON, else as a string).
/// Checks that the env exists and accepts env_config.
Scenario load_scenario(const std::string& path, const std::vector<std::string>& sets = {});
/// Validates a scenario given as JSON; `where` names it in errors.
Scenario parse_scenario(const Json& json, const std::string& where);
/// The resolved scenario, every key explicit (what a run directory's config.json holds).
Json scenario_to_json(const Scenario& s);
/// Applies one "key=value" override to `json`; errors name the override.
void apply_override(Json& json, const std::string& assignment);

}  // namespace agora
