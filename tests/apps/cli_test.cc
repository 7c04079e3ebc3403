// The `agora` CLI contract (issue 2), tested by running the real binary.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "core/config.h"
#include "core/registry.h"
#include "core/replay.h"
#include "tests/test_util.h"

namespace agora {
namespace {

using CliResult = testing_util::CommandResult;

CliResult agora(const std::string& args) { return testing_util::run_command(std::string(AGORA_BINARY) + " " + args); }

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
  for (const char* cmd : {"--help", "envs --help", "rollout --help", "trace --help", "bench --help", "train --help",
                          "eval --help", "match --help"}) {
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
  // 61 frames per env, plus a reset frame after each ended episode (final states are kept).
  EXPECT_TRUE(rep.header.final_states);
  size_t ended = 0;
  for (const ReplayFrame& f : rep.frames) ended += f.terminated || f.truncated;
  EXPECT_EQ(rep.frames.size(), 61u * 4 + ended);
}

TEST(Cli, ReplayExportWritesJsonLinesWithObservations) {
  const std::string replay = ::testing::TempDir() + "/cli_export/r.agr";
  ASSERT_EQ(agora("rollout toy/nim --num-envs 2 --steps 8 --seed 6 --record " + replay).code, 0);
  const std::string out = ::testing::TempDir() + "/cli_export/r.jsonl";
  const CliResult r = agora("replay export " + replay + " --obs --out " + out);
  ASSERT_EQ(r.code, 0) << r.out;
  std::ifstream in(out);
  std::stringstream text;
  text << in.rdbuf();
  const std::vector<Json> lines = json_lines(text.str());
  const Replay rep = read_replay(replay);
  ASSERT_EQ(lines.size(), rep.frames.size() + 1);
  EXPECT_EQ(lines[0]["env"], "toy/nim");
  EXPECT_EQ(lines[0]["spec"]["num_agents"], 2);
  // Frame 0 is env 0's reset: its observations are what a fresh env of that seed shows.
  EXPECT_EQ(lines[1]["reset"], true);
  auto env = make_env("toy/nim", 2, Device::kCpu);
  env->reset(6);
  const std::vector<float> obs = env->obs().to_host();
  const int O = env->spec().obs_dim;
  EXPECT_EQ(lines[1]["obs"][1].get<std::vector<float>>(), std::vector<float>(obs.begin() + O, obs.begin() + 2 * O));
  for (size_t k = 1; k < lines.size(); ++k) EXPECT_EQ(lines[k]["actions"], Json(rep.frames[k - 1].actions));
  // Bad input: one line, exit 2.
  const CliResult bad = agora("replay export /nonexistent.agr");
  EXPECT_EQ(bad.code, 2);
  EXPECT_EQ(count_lines(bad.out), 1) << bad.out;
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

// The warp mapping runs only games with a team step: the others are left out, not an error.
TEST(Cli, BenchRunsTheWarpMappingWhereTheGameHasATeamStep) {
  const std::string json = ::testing::TempDir() + "/bench_warp.json";
  const CliResult r = agora("bench --envs toy/nim,smax/3m --batch-sizes 8 --thread-mappings env,warp --seconds 0.02 --json " + json);
  ASSERT_EQ(r.code, 0) << r.out;
  const Json results = read_json_file(json)["results"];
  std::vector<std::string> points;
  for (const Json& row : results)
    points.push_back(row["env"].get<std::string>() + " " + row["thread_mapping"].get<std::string>());
  EXPECT_EQ(points, (std::vector<std::string>{"toy/nim env", "smax/3m env", "smax/3m warp"}));
  EXPECT_NE(agora("bench --envs smax/3m --thread-mappings team").code, 0);
}

// --config gives every benchmarked env the same game config: SMAX's conic observation is 842
// floats per agent, not 3m's 75, and a bad value is named with its file.
TEST(Cli, BenchTakesAGameConfig) {
  const std::string conic = temp_file("conic.json", R"({"observation_type": "conic"})");
  const std::string json = ::testing::TempDir() + "/bench_conic.json";
  CliResult r = agora("bench --envs smax/3m --batch-sizes 8 --seconds 0.02 --config " + conic + " --json " + json);
  ASSERT_EQ(r.code, 0) << r.out;
  const Json conic_row = read_json_file(json)["results"][0];
  EXPECT_EQ(conic_row["config"].get<std::string>(), conic);
  ASSERT_EQ(agora("bench --envs smax/3m --batch-sizes 8 --seconds 0.02 --json " + json).code, 0);
  const Json list_row = read_json_file(json)["results"][0];
  EXPECT_EQ(conic_row["bytes_per_env_step"].get<int>() - list_row["bytes_per_env_step"].get<int>(), 3 * (842 - 75) * 4);
  const std::string bad = temp_file("cone.json", R"({"observation_type": "cone"})");
  r = agora("bench --envs smax/3m --batch-sizes 8 --config " + bad);
  EXPECT_NE(r.code, 0);
  EXPECT_NE(r.out.find("observation_type"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find(bad), std::string::npos) << r.out;
}


// --- agora train / eval (issue 7) ----------------------------------------------------------

#if AGORA_WITH_TORCH
const std::string kTinyTrain = std::string("train ") + AGORA_SOURCE_DIR +
                               "/scenarios/smax_3m.json --set num_envs=8 --set agent.rollout_steps=16 "
                               "--set agent.hidden=16 --set eval_episodes=4 --set record_envs=1 ";

std::vector<std::vector<std::string>> csv_rows(const std::string& path) {
  std::vector<std::vector<std::string>> rows;
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) {
    std::vector<std::string> cells;
    std::stringstream row(line);
    std::string cell;
    while (std::getline(row, cell, ',')) cells.push_back(cell);
    rows.push_back(cells);
  }
  return rows;
}

TEST(CliTrain, WritesACompleteRunDirectoryAndEvalReadsIt) {
  const std::string dir = ::testing::TempDir() + "/train_run";
  std::filesystem::remove_all(dir);
  const CliResult r = agora(kTinyTrain + "--steps 1024 --set checkpoint_every=512 --out " + dir);
  ASSERT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find("run directory: " + dir), std::string::npos) << r.out;
  const Json config = Json::parse(std::ifstream(dir + "/config.json"));
  EXPECT_EQ(config["env"], "smax/3m");
  EXPECT_EQ(config["num_envs"], 8);
  EXPECT_EQ(config["env_steps"], 1024);
  const auto metrics = csv_rows(dir + "/metrics.csv");
  ASSERT_EQ(metrics.size(), 1u + 1024 / 128);  // header + one row per update of 8 x 16 steps
  EXPECT_EQ(metrics[0][0], "env_steps");
  EXPECT_EQ(metrics.back()[0], "1024");
  for (const char* column : {"wall_seconds", "episode_return", "win_rate", "entropy", "policy_loss", "value_loss"})
    EXPECT_NE(std::find(metrics[0].begin(), metrics[0].end(), column), metrics[0].end()) << column;
  const auto evals = csv_rows(dir + "/eval.csv");
  ASSERT_GE(evals.size(), 2u);
  EXPECT_EQ(evals.back()[1], "4");  // episodes
  EXPECT_TRUE(std::filesystem::exists(dir + "/replays/" + evals.back().back())) << evals.back().back();
  std::ifstream png(dir + "/curve.png", std::ios::binary);
  char magic[8] = {};
  png.read(magic, 8);
  EXPECT_EQ(std::string(magic + 1, 3), "PNG");
  std::string latest;
  std::ifstream(dir + "/checkpoints/latest") >> latest;
  EXPECT_EQ(latest, "ckpt_000000001024.pt");
  EXPECT_TRUE(std::filesystem::exists(dir + "/checkpoints/ckpt_000000000512.pt"));

  const CliResult e = agora("eval " + dir + " --episodes 6");
  ASSERT_EQ(e.code, 0) << e.out;
  EXPECT_NE(e.out.find("after 1024 env steps"), std::string::npos) << e.out;
  EXPECT_NE(e.out.find("6 episodes"), std::string::npos) << e.out;
  EXPECT_NE(e.out.find("win rate"), std::string::npos) << e.out;

  // A second run into the same directory is refused: runs never mix.
  const CliResult again = agora(kTinyTrain + "--steps 128 --out " + dir);
  EXPECT_EQ(again.code, 2) << again.out;
  EXPECT_NE(again.out.find("not empty"), std::string::npos) << again.out;
}

TEST(CliTrain, ResumeAfterAKillLosesAtMostOneCheckpointInterval) {
  const std::string dir = ::testing::TempDir() + "/train_killed";
  std::filesystem::remove_all(dir);
  // Start a long run, kill -9 it as soon as its second checkpoint exists, then resume.
  const std::string start = std::string("sh -c '") + AGORA_BINARY + " " + kTinyTrain +
                            "--steps 100000 --set checkpoint_every=256 --out " + dir + " > /dev/null 2>&1 & pid=$!; " +
                            "i=0; while [ ! -f " + dir + "/checkpoints/ckpt_000000000512.pt ] && [ $i -lt 1200 ]; do " +
                            "sleep 0.05; i=$((i+1)); done; " +  // at most a minute: never hang the suite
                            "kill -9 $pid; wait $pid 2>/dev/null; echo killed'";
  FILE* pipe = popen(start.c_str(), "r");
  ASSERT_NE(pipe, nullptr);
  char buf[256] = {};
  const size_t n = fread(buf, 1, sizeof(buf) - 1, pipe);
  pclose(pipe);
  ASSERT_NE(std::string(buf, n).find("killed"), std::string::npos);
  std::string latest;
  std::ifstream(dir + "/checkpoints/latest") >> latest;
  const long long saved = std::stoll(latest.substr(5, 12));
  EXPECT_GE(saved, 512);
  const CliResult r = agora("train --resume " + dir + " --steps 1536");
  ASSERT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find("resuming " + dir + " at " + std::to_string(saved) + " env steps"), std::string::npos) << r.out;
  // The metrics continue from the checkpoint without duplicated or missing updates.
  const auto metrics = csv_rows(dir + "/metrics.csv");
  long long previous = 0;
  for (size_t i = 1; i < metrics.size(); ++i) {
    const long long steps = std::stoll(metrics[i][0]);
    EXPECT_EQ(steps, previous + 128) << "row " << i;
    previous = steps;
  }
  EXPECT_EQ(previous, 1536);
}

TEST(CliTrain, BadScenariosAreOneLineAndExitCodeTwo) {
  const std::string bad = temp_file("bad_scenario.json", R"({"env": "smax/3m", "agent": {"learning_rate": 0.1}})");
  for (const std::string& args : std::vector<std::string>{"train " + bad, "train /nonexistent.json", "train " + bad + " --set agent.lr",
                                  "train --resume /nonexistent_dir", "eval /nonexistent_dir"}) {
    const CliResult r = agora(args);
    EXPECT_EQ(r.code, 2) << args << ": " << r.out;
    EXPECT_EQ(count_lines(r.out), 1) << args << ": " << r.out;
  }
  EXPECT_NE(agora("train " + bad).out.find("'learning_rate'"), std::string::npos);
  // A run whose checkpoint is garbage: eval names the file in one line.
  const std::string dir = ::testing::TempDir() + "/train_garbage";
  std::filesystem::remove_all(dir);
  ASSERT_EQ(agora(kTinyTrain + "--steps 128 --out " + dir).code, 0);
  std::ofstream(dir + "/checkpoints/ckpt_000000000128.pt") << "garbage";
  const CliResult garbage = agora("eval " + dir);
  EXPECT_EQ(garbage.code, 2) << garbage.out;
  EXPECT_EQ(count_lines(garbage.out), 1) << garbage.out;
  EXPECT_NE(garbage.out.find("ckpt_000000000128.pt"), std::string::npos) << garbage.out;
}

TEST(CliTrain, ARunCommandsTheEnemiesOfASelfPlayRun) {
  // JaxMARL's LearnedPolicyEnemySMAX: train allies against the heuristic, then train new allies
  // against them, the first run's policy commanding the enemies.
  const std::string first = ::testing::TempDir() + "/train_allies", second = ::testing::TempDir() + "/train_vs_allies";
  std::filesystem::remove_all(first);
  std::filesystem::remove_all(second);
  ASSERT_EQ(agora(kTinyTrain + "--steps 256 --out " + first).code, 0);
  const std::string against = kTinyTrain + "--steps 256 --set env_config.opponent=self_play --set opponent=checkpoint " +
                              "--set 'opponent_agents=[3,4,5]' --set opponent_checkpoint=";
  const CliResult r = agora(against + first + " --out " + second);
  ASSERT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find("8 envs x 6 agents"), std::string::npos) << r.out;
  // The run directory stood for its latest checkpoint; the new run pins that file.
  const Json config = Json::parse(std::ifstream(second + "/config.json"));
  const std::string pinned = config["opponent_checkpoint"];
  EXPECT_EQ(pinned, std::filesystem::absolute(first + "/checkpoints/ckpt_000000000256.pt").lexically_normal().string());
  const CliResult e = agora("eval " + second + " --episodes 4");
  ASSERT_EQ(e.code, 0) << e.out;
  EXPECT_NE(e.out.find("win rate"), std::string::npos) << e.out;
  // A directory without a checkpoint, and a checkpoint of another map, are refused in one line,
  // and leave no run directory behind.
  const std::string third = ::testing::TempDir() + "/train_vs_nothing";
  std::filesystem::remove_all(third);
  for (const std::string& bad : {::testing::TempDir(), pinned + " --set env=smax/2s3z --set 'opponent_agents=[5,6]'"}) {
    const CliResult refused = agora(against + bad + " --out " + third);
    EXPECT_EQ(refused.code, 2) << refused.out;
    EXPECT_EQ(count_lines(refused.out), 1) << refused.out;
    EXPECT_FALSE(std::filesystem::exists(third)) << bad;
  }
}

TEST(CliMatch, CheckpointsPlayEachOtherAndEveryAgentIsOnOneTeam) {
  const std::string run = ::testing::TempDir() + "/match_allies";
  std::filesystem::remove_all(run);
  ASSERT_EQ(agora(kTinyTrain + "--steps 256 --out " + run).code, 0);
  // Against the heuristic (3 agents), and on both sides of a mirrored self-play battle.
  const CliResult heuristic = agora("match smax/3m --team 0,1,2=" + run + " --episodes 16");
  ASSERT_EQ(heuristic.code, 0) << heuristic.out;
  EXPECT_NE(heuristic.out.find("episodes 16, mean length"), std::string::npos) << heuristic.out;
  const std::string mirrored = temp_file("mirrored.json", R"({"opponent": "self_play", "mirror_enemies": true})");
  const std::string both = "match smax/3m --config " + mirrored + " --team 0,1,2=" + run + " --team 5,4,3=" + run;
  const CliResult r = agora(both + " --episodes 40 --greedy");
  ASSERT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find("40 episodes (one per env) on cpu, greedy"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("team 1 (agents 0,1,2, "), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("team 2 (agents 5,4,3, "), std::string::npos) << r.out;
  double outcomes = 0;  // win, loss, draw and timeout: each episode has exactly one
  for (const char* metric : {"  win ", "  loss ", "  draw ", "  timeout "}) {
    const size_t at = r.out.find(metric);
    ASSERT_NE(at, std::string::npos) << metric << r.out;
    outcomes += std::stod(r.out.substr(at + std::string(metric).size()));
  }
  EXPECT_NEAR(outcomes, 1.0, 1e-3) << r.out;
  // Every agent on exactly one team, and agents the env has.
  for (const std::string& bad : std::vector<std::string>{both.substr(0, both.rfind(" --team")), both + " --team 2=" + run,
                                 "match smax/3m --team 0,1,x=" + run, "match smax/3m --team 0,1,2",
                                 "match smax/3m --team 0,1,3=" + run, "match smax/2s3z --team 0,1,2,3,4=" + run}) {
    const CliResult refused = agora(bad);
    EXPECT_EQ(refused.code, 2) << bad << ": " << refused.out;
    EXPECT_EQ(count_lines(refused.out), 1) << bad << ": " << refused.out;
  }
  EXPECT_NE(agora(both + " --team 2=" + run).out.find("agent 2 is already on a team"), std::string::npos);
  EXPECT_NE(agora(both.substr(0, both.rfind(" --team"))).out.find("agent 3 of smax/3m is on no --team"), std::string::npos);
}
#else
TEST(CliTrain, NeedsLibTorch) { GTEST_SKIP() << "this build has no LibTorch: agora train is not built"; }
#endif

}  // namespace
}  // namespace agora
