// The `agora` CLI contract (issue 2), tested by running the real binary.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>

#include "core/config.h"
#include "core/replay.h"

namespace agora {
namespace {

struct CliResult {
  int code;
  std::string out;  // stdout and stderr together
};

CliResult agora(const std::string& args) {
  const std::string cmd = std::string(AGORA_BINARY) + " " + args + " 2>&1";
  FILE* pipe = popen(cmd.c_str(), "r");
  EXPECT_NE(pipe, nullptr);
  std::string out;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof(buf), pipe)) > 0) out.append(buf, n);
  const int status = pclose(pipe);
  return CliResult{WIFEXITED(status) ? WEXITSTATUS(status) : -1, out};
}

std::string temp_file(const std::string& name, const std::string& text) {
  const std::string path = ::testing::TempDir() + "/" + name;
  std::ofstream(path) << text;
  return path;
}

std::vector<Json> json_lines(const std::string& text) {
  std::vector<Json> out;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) out.push_back(Json::parse(line));
  return out;
}

int count_lines(const std::string& s) {
  int n = 0;
  for (char c : s) n += c == '\n';
  return n;
}

TEST(Cli, EnvsJsonListsEverySpecField) {
  const CliResult r = agora("envs --json");
  ASSERT_EQ(r.code, 0) << r.out;
  const Json list = Json::parse(r.out);
  ASSERT_TRUE(list.is_array());
  ASSERT_GE(list.size(), 2u);
  for (const Json& e : list) {
    for (const char* key : {"name", "num_agents", "obs_dim", "state_dim", "num_actions", "turn_based", "max_steps"})
      EXPECT_TRUE(e.contains(key)) << key << " missing in " << e.dump();
  }
  EXPECT_EQ(agora("envs").code, 0);
}

TEST(Cli, EveryCommandHasHelp) {
  for (const char* cmd : {"--help", "envs --help", "rollout --help", "trace --help", "bench --help"}) {
    const CliResult r = agora(cmd);
    EXPECT_EQ(r.code, 0) << cmd;
    EXPECT_NE(r.out.find("Usage"), std::string::npos) << cmd << ": " << r.out;
  }
}

TEST(Cli, RolloutPrintsThroughputAndWritesAReplay) {
  const std::string replay = ::testing::TempDir() + "/cli_rollout/sub/r.agr";
  const CliResult r = agora("rollout toy/gather --num-envs 16 --steps 60 --seed 4 --device cpu --record " + replay);
  ASSERT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find("env-steps/s"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("agent-steps/s (steps/s)"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("episodes "), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("written to " + replay), std::string::npos) << r.out;
  const Replay rep = read_replay(replay);
  EXPECT_EQ(rep.header.env, "toy/gather");
  EXPECT_EQ(rep.header.seed, 4u);
  EXPECT_EQ(rep.frames.size(), 61u * 4);
}

TEST(Cli, RolloutRunsCommonsBaselinesAndPrintsGovSimMetrics) {
  const CliResult r = agora("rollout commons/fishery --num-envs 8 --steps 12 --policy sustainable");
  ASSERT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find("mean survived 1.0000"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("mean gain 120.0000"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("mean efficiency 1.0000"), std::string::npos) << r.out;
}

TEST(Cli, RolloutRunsHanabiBotsAndBenchCanSkipTheWorldState) {
  CliResult r = agora("rollout hanabi/2p --num-envs 16 --steps 90 --policy hanabi_convention --seed 3");
  ASSERT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find("episodes 16,"), std::string::npos) << r.out;
  const std::string with = ::testing::TempDir() + "/bench_ws.json", without = ::testing::TempDir() + "/bench_nows.json";
  ASSERT_EQ(agora("bench --envs hanabi/2p --batch-sizes 8 --seconds 0.02 --json " + with).code, 0);
  r = agora("bench --envs hanabi/2p --batch-sizes 8 --seconds 0.02 --no-world-state --json " + without);
  ASSERT_EQ(r.code, 0) << r.out;
  const Json a = read_json_file(with)["results"][0], b = read_json_file(without)["results"][0];
  EXPECT_TRUE(a["world_state"].get<bool>());
  EXPECT_FALSE(b["world_state"].get<bool>());
  // The 2p world state is 785 floats: skipping it moves that many fewer bytes per step.
  EXPECT_EQ(a["bytes_per_env_step"].get<int>() - b["bytes_per_env_step"].get<int>(), 785 * 4);
}

TEST(Cli, RolloutPlaysSmaxCustomMapsWithTheHeuristic) {
  const std::string map = temp_file("smax_map.json",
                                    R"({"allies": ["stalker", "stalker", "zealot"], "enemies": ["zergling", "z"]})");
  const CliResult r = agora("rollout smax/custom --config " + map + " --num-envs 16 --steps 101 --policy smax_heuristic");
  ASSERT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find("smax/custom: 16 envs x 3 agents"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("mean win 1.0000"), std::string::npos) << r.out;  // three big units against two zerglings
  const std::string too_big = temp_file("smax_big.json", R"({"allies": ["m", "m", "m", "m", "m"], "enemies": ["m", "m", "m", "m"]})");
  const CliResult refused = agora("rollout smax/3m --config " + too_big);
  EXPECT_EQ(refused.code, 2) << refused.out;
  EXPECT_NE(refused.out.find("holds at most 8"), std::string::npos) << refused.out;
  EXPECT_EQ(count_lines(refused.out), 1) << refused.out;
}

TEST(Cli, RolloutPlaysFootballWithAScriptAndRefusesTooManyAgents) {
  const CliResult r = agora("rollout football/academy_empty_goal_close --num-envs 16 --steps 100 --policy football_run_and_shoot");
  ASSERT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find("mean goals_for 0.9"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("mean goals_against 0.0000"), std::string::npos) << r.out;
  const std::string three = temp_file("football_three.json", R"({"agents": 3})");
  const CliResult refused = agora("rollout football/academy_empty_goal_close --config " + three);
  EXPECT_EQ(refused.code, 2) << refused.out;
  EXPECT_NE(refused.out.find("agents"), std::string::npos) << refused.out;
  EXPECT_EQ(count_lines(refused.out), 1) << refused.out;
}

TEST(Cli, BadInputIsOneLineAndExitCodeTwo) {
  const std::string bad_config = temp_file("bad_config.json", "{\"grid\": 5, \"gird\": 3}");
  const std::string not_json = temp_file("not.json", "{grid");
  for (const std::string& args :
       {std::string("rollout no/such"), std::string("rollout toy/gather --num-envs abc"),
        std::string("rollout toy/gather --num-envs -3"), std::string("rollout toy/gather --config /nonexistent.json"),
        std::string("rollout toy/gather --device tpu"), std::string("rollout toy/gather --config ") + bad_config,
        std::string("rollout toy/gather --config ") + not_json, std::string("trace toy/nim --seed 1"),
        std::string("trace toy/nim --seed 1 --actions /nonexistent"), std::string("frobnicate"),
        std::string("bench --envs no/such"), std::string("envs --bogus"),
        std::string("rollout toy/gather --policy sustainable"), std::string("rollout commons/fishery --policy nice")}) {
    const CliResult r = agora(args);
    EXPECT_EQ(r.code, 2) << args << ": " << r.out;
    EXPECT_EQ(count_lines(r.out), 1) << args << ": " << r.out;
    EXPECT_EQ(r.out.rfind("agora: ", 0), 0u) << args << ": " << r.out;
  }
  const CliResult r = agora(std::string("rollout toy/gather --config ") + bad_config);
  EXPECT_NE(r.out.find("unknown key 'gird'"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find(bad_config), std::string::npos) << r.out;
}

TEST(Cli, TracePrintsResetThenStepsAndStopsAtTheEnd) {
  const std::string config = temp_file("nim4.json", "{\"min_pile\": 4, \"max_pile\": 4}");
  // Player 0 takes 3, player 1 takes the last stick; the third line is never played.
  const std::string actions = temp_file("nim4.txt", "2 0\n0 0\n0 0\n");
  const CliResult r = agora("trace toy/nim --seed 3 --config " + config + " --actions " + actions);
  ASSERT_EQ(r.code, 0) << r.out;
  const std::vector<Json> lines = json_lines(r.out);
  ASSERT_EQ(lines.size(), 3u) << r.out;
  for (const char* key : {"obs", "legal", "acting", "state"}) EXPECT_TRUE(lines[0].contains(key)) << key;
  EXPECT_FALSE(lines[0].contains("reward"));
  EXPECT_EQ(lines[0]["acting"], Json::parse("[1, 0]"));
  EXPECT_EQ(lines[0]["obs"][0][4], 1.0) << "one-hot pile of 4";
  EXPECT_EQ(lines[1]["reward"], Json::parse("[0.0, 0.0]"));
  EXPECT_EQ(lines[1]["terminated"], false);
  EXPECT_EQ(lines[2]["reward"], Json::parse("[-1.0, 1.0]"));
  EXPECT_EQ(lines[2]["terminated"], true);
  EXPECT_EQ(lines[2]["obs"][0][0], 1.0) << "the last record shows the terminal state (pile 0)";
}

TEST(Cli, TraceNamesTheLineOfAnIllegalOrMalformedAction) {
  const std::string config = temp_file("nim4b.json", "{\"min_pile\": 4, \"max_pile\": 4}");
  const std::string illegal = temp_file("illegal.txt", "2 0\n1 1\n");
  CliResult r = agora("trace toy/nim --seed 3 --config " + config + " --actions " + illegal);
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.out.find(illegal + ":2"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("illegal action 1"), std::string::npos) << r.out;
  const std::string malformed = temp_file("malformed.txt", "2 x\n");
  r = agora("trace toy/nim --seed 3 --config " + config + " --actions " + malformed);
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.out.find(malformed + ":1"), std::string::npos) << r.out;
  const std::string short_line = temp_file("short.txt", "2\n");
  r = agora("trace toy/nim --seed 3 --config " + config + " --actions " + short_line);
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.out.find("expected 2 actions"), std::string::npos) << r.out;
}

TEST(Cli, TraceIsDeterministicPerSeed) {
  const std::string actions = temp_file("gather.txt", "0 0\n0 0\n0 0\n");
  const CliResult a = agora("trace toy/gather --seed 9 --actions " + actions);
  const CliResult b = agora("trace toy/gather --seed 9 --actions " + actions);
  const CliResult c = agora("trace toy/gather --seed 10 --actions " + actions);
  ASSERT_EQ(a.code, 0) << a.out;
  EXPECT_EQ(a.out, b.out);
  EXPECT_NE(a.out, c.out);
}

TEST(Cli, BenchWritesJsonAndMarkdown) {
  const std::string json = ::testing::TempDir() + "/bench.json", md = ::testing::TempDir() + "/bench.md";
  const CliResult r = agora("bench --envs toy/nim --batch-sizes 1,64 --seconds 0.02 --json " + json + " --markdown " + md);
  ASSERT_EQ(r.code, 0) << r.out;
  const Json j = read_json_file(json);
  ASSERT_EQ(j["results"].size(), 2u);
  for (const Json& row : j["results"]) {
    EXPECT_GT(row["env_steps_per_s"].get<double>(), 0);
    EXPECT_DOUBLE_EQ(row["agent_steps_per_s"].get<double>(), 2 * row["env_steps_per_s"].get<double>());
    EXPECT_GT(row["bytes_per_env_step"].get<double>(), 0);
    EXPECT_GT(row["roofline_fraction"].get<double>(), 0);
  }
  EXPECT_GT(j["copy_bandwidth_bytes_per_s"]["cpu"].get<double>(), 0);
  std::ifstream in(md);
  std::string first;
  std::getline(in, first);
  EXPECT_NE(first.find("Machine:"), std::string::npos);
}

}  // namespace
}  // namespace agora
