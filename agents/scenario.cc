#include "agents/scenario.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/error.h"
#include "core/registry.h"

namespace agora {
namespace {

PpoConfig parse_agent(const Json& json, const std::string& where) {
  ConfigReader r(json, where + ": agent");
  PpoConfig a;
  a.algo = r.get_choice("algo", a.algo, {"ippo", "mappo"}) == 0 ? "ippo" : "mappo";
  a.network = r.get_choice("network", a.network, {"mlp", "gru"}) == 0 ? "mlp" : "gru";
  a.chunk = r.get_int("chunk", a.chunk, 1, 100000);
  a.hidden = r.get_int("hidden", a.hidden, 4, 4096);
  a.layers = r.get_int("layers", a.layers, 1, 8);
  a.agent_id = r.get_bool("agent_id", a.agent_id);
  a.lr = r.get_double("lr", a.lr, 1e-7, 1.0);
  a.anneal_lr = r.get_bool("anneal_lr", a.anneal_lr);
  a.gamma = r.get_double("gamma", a.gamma, 0.0, 1.0);
  a.gae_lambda = r.get_double("gae_lambda", a.gae_lambda, 0.0, 1.0);
  a.clip = r.get_double("clip", a.clip, 0.0, 10.0);
  a.value_clip = r.get_double("value_clip", a.value_clip, 0.0, 1e6);
  a.vf_coef = r.get_double("vf_coef", a.vf_coef, 0.0, 1e3);
  a.ent_coef = r.get_double("ent_coef", a.ent_coef, 0.0, 10.0);
  a.max_grad_norm = r.get_double("max_grad_norm", a.max_grad_norm, 0.0, 1e6);
  a.rollout_steps = r.get_int("rollout_steps", a.rollout_steps, 1, 100000);
  a.epochs = r.get_int("epochs", a.epochs, 1, 1000);
  a.minibatches = r.get_int("minibatches", a.minibatches, 1, 100000);
  AGORA_CHECK(a.network != "gru" || a.rollout_steps % a.chunk == 0,
              where + ": agent: 'chunk' (" + std::to_string(a.chunk) + ") must divide 'rollout_steps' (" +
                  std::to_string(a.rollout_steps) + ") for a GRU");
  r.finish();
  return a;
}

}  // namespace

Scenario parse_scenario(const Json& json, const std::string& where) {
  ConfigReader r(json, where);
  Scenario s;
  s.name = r.get_string("name", "");  // written into run directories; a file's stem otherwise
  s.env = r.get_string("env", "");
  AGORA_CHECK(!s.env.empty(), where + ": key 'env' is required (a registered env name, see `agora envs`)");
  s.env_config = r.get_object("env_config");
  EnvSpec spec;
  try {
    spec = env_spec(s.env, s.env_config);  // the env exists and accepts its config
  } catch (const Error& e) {
    throw Error(where + ": " + e.what());
  }
  s.num_envs = r.get_int("num_envs", s.num_envs, 1, 1 << 24);
  s.device = r.get_string("device", s.device);
  AGORA_CHECK(s.device == "auto" || s.device == "cpu" || s.device == "cuda",
              where + ": key 'device' must be auto, cpu or cuda, got '" + s.device + "'");
  s.threads = r.get_int("threads", s.threads, 0, 4096);
  s.seed = static_cast<uint64_t>(r.get_int("seed", static_cast<int>(s.seed), 0, 2147483647));
  s.env_steps = static_cast<int64_t>(r.get_double("env_steps", static_cast<double>(s.env_steps), 1.0, 1e12));
  s.agent = parse_agent(r.get_object("agent"), where);
  const int opponent = r.get_choice("opponent", s.opponent, {"builtin", "self_play", "checkpoint"});
  s.opponent = opponent == 0 ? "builtin" : opponent == 1 ? "self_play" : "checkpoint";
  s.opponent_checkpoint = r.get_string("opponent_checkpoint", "");
  for (double a : r.get_numbers("opponent_agents", {})) {
    AGORA_CHECK(a >= 0 && a < spec.num_agents && a == static_cast<int>(a),
                where + ": key 'opponent_agents' holds " + std::to_string(a) + ", not an agent of " + s.env + " (0.." +
                    std::to_string(spec.num_agents - 1) + ")");
    AGORA_CHECK(std::find(s.opponent_agents.begin(), s.opponent_agents.end(), static_cast<int>(a)) ==
                    s.opponent_agents.end(),
                where + ": key 'opponent_agents' lists agent " + std::to_string(static_cast<int>(a)) + " twice");
    s.opponent_agents.push_back(static_cast<int>(a));
  }
  if (s.opponent == "checkpoint") {
    AGORA_CHECK(!s.opponent_checkpoint.empty() && !s.opponent_agents.empty(),
                where + ": opponent 'checkpoint' needs 'opponent_checkpoint' (a file) and 'opponent_agents' (indices)");
    AGORA_CHECK(static_cast<int>(s.opponent_agents.size()) < spec.num_agents,
                where + ": 'opponent_agents' leaves no agent to train");
  } else {
    AGORA_CHECK(s.opponent_agents.empty() && s.opponent_checkpoint.empty(),
                where + ": 'opponent_checkpoint' and 'opponent_agents' belong to opponent 'checkpoint'");
  }
  s.eval_every = static_cast<int64_t>(r.get_double("eval_every", 0.0, 0.0, 1e12));
  s.eval_episodes = r.get_int("eval_episodes", s.eval_episodes, 1, 1000000);
  s.record_envs = r.get_int("record_envs", s.record_envs, 0, 1024);
  s.checkpoint_every = static_cast<int64_t>(r.get_double("checkpoint_every", 0.0, 0.0, 1e12));
  r.finish();
  return s;
}

void apply_override(Json& json, const std::string& assignment) {
  const size_t eq = assignment.find('=');
  AGORA_CHECK(eq != std::string::npos && eq > 0, "--set '" + assignment + "': expected key=value");
  const std::string key = assignment.substr(0, eq), text = assignment.substr(eq + 1);
  Json value;
  try {
    value = Json::parse(text);
  } catch (const std::exception&) {
    value = text;  // a bare word is a string
  }
  Json* node = &json;
  std::stringstream path(key);
  std::string part;
  std::vector<std::string> parts;
  while (std::getline(path, part, '.')) parts.push_back(part);
  for (size_t i = 0; i + 1 < parts.size(); ++i) {
    AGORA_CHECK(!parts[i].empty(), "--set '" + assignment + "': empty key component");
    Json& child = (*node)[parts[i]];
    if (child.is_null()) child = Json::object();
    AGORA_CHECK(child.is_object(), "--set '" + assignment + "': '" + parts[i] + "' is not an object");
    node = &child;
  }
  AGORA_CHECK(!parts.empty() && !parts.back().empty(), "--set '" + assignment + "': empty key");
  (*node)[parts.back()] = value;
}

Scenario load_scenario(const std::string& path, const std::vector<std::string>& sets) {
  std::ifstream in(path);
  AGORA_CHECK(in.good(), "scenario '" + path + "': cannot open the file");
  std::stringstream text;
  text << in.rdbuf();
  Json json = parse_json(text.str(), "scenario '" + path + "'");
  AGORA_CHECK(json.is_object(), "scenario '" + path + "': expected a JSON object");
  for (const std::string& set : sets) apply_override(json, set);
  Scenario s = parse_scenario(json, "scenario '" + path + "'");
  s.path = path;
  if (s.name.empty()) s.name = std::filesystem::path(path).stem().string();
  return s;
}

Json scenario_to_json(const Scenario& s) {
  const PpoConfig& a = s.agent;
  Json agent = {{"algo", a.algo},           {"network", a.network},     {"hidden", a.hidden},
                {"layers", a.layers},       {"agent_id", a.agent_id},   {"lr", a.lr},
                {"anneal_lr", a.anneal_lr}, {"gamma", a.gamma},         {"gae_lambda", a.gae_lambda},
                {"clip", a.clip},           {"value_clip", a.value_clip}, {"vf_coef", a.vf_coef},
                {"ent_coef", a.ent_coef},   {"max_grad_norm", a.max_grad_norm}, {"rollout_steps", a.rollout_steps},
                {"epochs", a.epochs},       {"minibatches", a.minibatches}, {"chunk", a.chunk}};
  Json j = {{"name", s.name},
            {"env", s.env},
            {"env_config", s.env_config},
            {"num_envs", s.num_envs},
            {"device", s.device},
            {"threads", s.threads},
            {"seed", s.seed},
            {"env_steps", s.env_steps},
            {"agent", agent},
            {"opponent", s.opponent},
            {"eval_every", s.eval_every},
            {"eval_episodes", s.eval_episodes},
            {"record_envs", s.record_envs},
            {"checkpoint_every", s.checkpoint_every}};
  if (s.opponent == "checkpoint") {
    j["opponent_checkpoint"] = s.opponent_checkpoint;
    j["opponent_agents"] = s.opponent_agents;
  }
  return j;
}

}  // namespace agora
