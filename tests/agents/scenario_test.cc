// Scenario files: validation names the key and the file; overrides reach nested keys.
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>

#include "agents/scenario.h"
#include "core/error.h"

namespace agora {
namespace {

std::string write_scenario(const std::string& name, const std::string& text) {
  const std::string path = ::testing::TempDir() + "/" + name + ".json";
  std::ofstream(path) << text;
  return path;
}

std::string error_of(const std::string& path, const std::vector<std::string>& sets = {}) {
  try {
    load_scenario(path, sets);
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

TEST(Scenario, ShippedScenariosLoad) {
  for (const char* name : {"smax_3m", "smax_2s3z", "smax_5m_vs_6m", "hanabi_2p", "football_academy_3_vs_1_with_keeper",
                           "football_11_vs_11_easy", "matrix_ipd", "commons_fishery"}) {
    const Scenario s = load_scenario(std::string(AGORA_TEST_DATA_DIR) + "/../scenarios/" + name + ".json");
    EXPECT_EQ(s.name, name);
    EXPECT_GT(s.env_steps, 0) << name;
  }
}

TEST(Scenario, ErrorsNameTheKeyAndTheFile) {
  const std::string unknown = write_scenario("unknown_key", R"({"env": "smax/3m", "num_env": 8})");
  EXPECT_NE(error_of(unknown).find("'num_env'"), std::string::npos) << error_of(unknown);
  EXPECT_NE(error_of(unknown).find("unknown_key.json"), std::string::npos) << error_of(unknown);
  const std::string agent = write_scenario("bad_agent", R"({"env": "smax/3m", "agent": {"lr": -1}})");
  EXPECT_NE(error_of(agent).find("'lr'"), std::string::npos) << error_of(agent);
  const std::string env = write_scenario("bad_env", R"({"env": "smax/4m"})");
  EXPECT_NE(error_of(env).find("smax/4m"), std::string::npos) << error_of(env);
  const std::string env_config = write_scenario("bad_env_config", R"({"env": "smax/3m", "env_config": {"speed": 2}})");
  EXPECT_NE(error_of(env_config).find("'speed'"), std::string::npos) << error_of(env_config);
  const std::string missing = write_scenario("no_env", R"({"num_envs": 8})");
  EXPECT_NE(error_of(missing).find("'env'"), std::string::npos) << error_of(missing);
  const std::string malformed = write_scenario("malformed", R"({"env": "smax/3m",)");
  EXPECT_NE(error_of(malformed).find("malformed.json"), std::string::npos) << error_of(malformed);
  EXPECT_NE(error_of("/nonexistent/x.json").find("cannot open"), std::string::npos);
  const std::string opponent = write_scenario("opponent", R"({"env": "smax/3m", "opponent": "checkpoint"})");
  EXPECT_NE(error_of(opponent).find("opponent_checkpoint"), std::string::npos) << error_of(opponent);
  const std::string agents = write_scenario(
      "opponent_agents", R"({"env": "smax/3m", "opponent": "checkpoint", "opponent_checkpoint": "x.pt", "opponent_agents": [3]})");
  EXPECT_NE(error_of(agents).find("opponent_agents"), std::string::npos) << error_of(agents);
  const std::string twice = write_scenario(
      "opponent_twice", R"({"env": "smax/3m", "env_config": {"opponent": "self_play"}, "opponent": "checkpoint",
                            "opponent_checkpoint": "x.pt", "opponent_agents": [3, 4, 3]})");
  EXPECT_NE(error_of(twice).find("lists agent 3 twice"), std::string::npos) << error_of(twice);
}

TEST(Scenario, OverridesReachNestedKeysAndAreValidated) {
  const std::string path = write_scenario("override", R"({"env": "smax/3m", "agent": {"lr": 0.001}})");
  const Scenario s = load_scenario(path, {"agent.lr=0.01", "num_envs=8", "env_config.max_steps=50", "agent.algo=ippo"});
  EXPECT_DOUBLE_EQ(s.agent.lr, 0.01);
  EXPECT_EQ(s.num_envs, 8);
  EXPECT_EQ(s.env_config["max_steps"], 50);
  EXPECT_EQ(s.agent.algo, "ippo");
  EXPECT_NE(error_of(path, {"agent.lr"}).find("key=value"), std::string::npos);
  EXPECT_NE(error_of(path, {"agent.algo=ppo"}).find("'algo'"), std::string::npos);
  // The resolved scenario round-trips through its JSON.
  const Scenario back = parse_scenario(scenario_to_json(s), "resolved");
  EXPECT_EQ(scenario_to_json(back), scenario_to_json(s));
}

}  // namespace
}  // namespace agora
