// ReplaySession and RunDirectory: frames split by env and episode, game code applied to
// recorded states, and every kind of bad input refused with a message naming it.
#include "viz/replay_session.h"

#include <gtest/gtest.h>

#include <cstddef>
#include <cstring>
#include <filesystem>

#include "core/error.h"
#include "envs/smax/smax.h"
#include "tests/test_util.h"
#include "tests/viz/viz_test_util.h"
#include "viz/run_directory.h"

namespace agora {
namespace viz {
namespace {

using testing_viz::record;
using testing_viz::with_header;

using testing_util::error_of;

TEST(ReplaySession, SplitsFramesByEnvAndEpisode) {
  const std::string path = record("toy/nim", 60, 3, 3);
  ReplaySession s(path);
  ASSERT_EQ(s.num_envs(), 3);
  for (int e = 0; e < 3; ++e) {
    const auto& frames = s.frames(e);
    ASSERT_GE(frames.size(), 61u);
    EXPECT_TRUE(frames[0]->is_reset);
    int episodes = 0;
    for (size_t k = 0; k < frames.size(); ++k) {
      EXPECT_EQ(frames[k]->env, static_cast<uint32_t>(e));
      if (k > 0 && (frames[k - 1]->terminated || frames[k - 1]->truncated)) {
        EXPECT_TRUE(frames[k]->is_reset);  // final states kept: a reset frame follows each end
        EXPECT_EQ(s.episode_start(e, k), k);
        ++episodes;
      }
      EXPECT_EQ(s.episode_of(e, k), episodes);
      const size_t end = s.episode_end(e, k);
      EXPECT_TRUE(end + 1 == frames.size() || frames[end]->terminated || frames[end]->truncated) << k;
    }
    EXPECT_GT(episodes, 1) << "nim episodes are short: 60 steps hold several";
  }
}

TEST(ReplaySession, ReturnsRestartWithEachEpisode) {
  ReplaySession s(record("toy/gather", 80, 4, 1));
  const std::vector<float> rewards = s.rewards(0, 0), returns = s.returns(0, 0);
  ASSERT_EQ(rewards.size(), returns.size());
  float total = 0;
  for (size_t k = 0; k < rewards.size(); ++k) {
    if (s.starts_episode(0, k)) total = 0;
    total += rewards[k];
    EXPECT_FLOAT_EQ(returns[k], total) << k;
  }
}

// The viewer's observations come from the game code applied to the recorded state: they
// equal what the env computed when the frame was recorded.
TEST(ReplaySession, LoadGivesTheObservationsTheEnvHadWhenRecording) {
  auto env = make_env("smax/3m", 1, Device::kCpu);
  const std::string path = ::testing::TempDir() + "/obs_check.agr";
  std::vector<std::vector<float>> seen;
  {
    ReplayWriter w(path, *env, 9, 1);
    env->reset(9);
    w.record(*env);
    seen.push_back(env->obs().to_host());
    for (int t = 0; t < 15; ++t) {
      env->sample_random_actions();
      env->step();
      w.record(*env);
      seen.push_back(env->obs().to_host());
    }
  }
  ReplaySession s(path);
  ASSERT_EQ(s.frames(0).size(), seen.size());
  for (size_t k = 0; k < seen.size(); ++k) {
    const VecEnv& game = s.load(0, k);
    EXPECT_EQ(game.obs().to_host(), seen[k]) << "frame " << k;
  }
}

TEST(ReplaySession, RefusesAnUnknownEnv) {
  const std::string bad = with_header(record("toy/nim", 5, 1), "unknown_env.agr", [](Json& h) { h["env"] = "chess/9x9"; });
  const std::string msg = error_of([&] { ReplaySession s(bad); });
  EXPECT_NE(msg.find("unknown_env.agr"), std::string::npos) << msg;
  EXPECT_NE(msg.find("unknown env 'chess/9x9'"), std::string::npos) << msg;
}

TEST(ReplaySession, RefusesABadConfig) {
  const std::string bad = with_header(record("smax/3m", 3, 1), "bad_config.agr", [](Json& h) { h["config"]["map"] = "99z"; });
  const std::string msg = error_of([&] { ReplaySession s(bad); });
  EXPECT_NE(msg.find("bad_config.agr"), std::string::npos) << msg;
  EXPECT_NE(msg.find("99z"), std::string::npos) << msg;
}

TEST(ReplaySession, RefusesAReplayOfAnotherGameVersion) {
  // Same env name, but the recorded sizes are not this build's.
  const std::string bad = with_header(record("toy/gather", 3, 1), "other_version.agr",
                                      [](Json& h) { h["spec"]["obs_dim"] = 99; });
  const std::string msg = error_of([&] { ReplaySession s(bad); });
  EXPECT_NE(msg.find("different version of toy/gather"), std::string::npos) << msg;
}

TEST(ReplaySession, RefusesMoreRecordedEnvsThanFrames) {
  const std::string bad = with_header(record("toy/nim", 3, 1, 1), "many_envs.agr",
                                      [](Json& h) { h["recorded_envs"] = 2000000000; });
  const std::string msg = error_of([&] { ReplaySession s(bad); });
  EXPECT_NE(msg.find("declares 2000000000 recorded envs but holds only 4 frames"), std::string::npos) << msg;
}

TEST(ReplaySession, RefusesAnOldFormatVersion) {
  std::string bytes = testing_viz::read_bytes(record("toy/nim", 3, 2));
  bytes[8] = 1;
  const std::string path = ::testing::TempDir() + "/v1.agr";
  testing_viz::write_bytes(path, bytes);
  const std::string msg = error_of([&] { ReplaySession s(path); });
  EXPECT_NE(msg.find("format version 1 is not supported"), std::string::npos) << msg;
}

// A frame whose checksum is right but whose state no game could reach (a crafted file) is
// refused by the game's own state check before any game code reads it.
TEST(ReplaySession, RefusesAStateTheGameCouldNotReach) {
  std::string bytes = testing_viz::read_bytes(record("smax/3m", 4, 7, 1));
  uint32_t length = 0;
  std::memcpy(&length, bytes.data() + 12, 4);
  const Json header = Json::parse(bytes.substr(16, length));
  const size_t frame_bytes = header["frame_bytes"].get<size_t>();
  const size_t frame = 16 + length + 2 * frame_bytes;  // the third frame
  const size_t unit0_type = frame + 16 + offsetof(SmaxGameT<8>::Unit, type);
  bytes[unit0_type] = 42;
  uint8_t* p = reinterpret_cast<uint8_t*>(&bytes[frame]);
  const uint32_t sum = replay_frame_checksum(p, frame_bytes);
  std::memcpy(p + kReplayChecksumOffset, &sum, 4);
  const std::string path = ::testing::TempDir() + "/crafted.agr";
  testing_viz::write_bytes(path, bytes);
  const std::string msg = error_of([&] { ReplaySession s(path); });
  EXPECT_NE(msg.find("not a valid smax/3m state (a unit type out of range)"), std::string::npos) << msg;
}

TEST(RunDirectory, ReadsCurvesAndReplays) {
  const std::filesystem::path dir = std::filesystem::path(::testing::TempDir()) / "run_dir_ok";
  std::filesystem::create_directories(dir / "replays");
  testing_viz::write_bytes((dir / "metrics.csv").string(), "env_steps,episode_return,win_rate\n100,1.5,\n200,2.5,0.5\n");
  std::filesystem::copy_file(record("toy/nim", 3, 5), dir / "replays" / "eval_000000000200.agr",
                             std::filesystem::copy_options::overwrite_existing);
  std::filesystem::copy_file(record("toy/nim", 3, 6), dir / "replays" / "eval_000000000100.agr",
                             std::filesystem::copy_options::overwrite_existing);
  RunDirectory run(dir.string());
  EXPECT_EQ(run.columns(), (std::vector<std::string>{"env_steps", "episode_return", "win_rate"}));
  EXPECT_EQ(run.column("episode_return"), (std::vector<float>{1.5f, 2.5f}));
  EXPECT_TRUE(std::isnan(run.column("win_rate")[0]));
  ASSERT_EQ(run.replays().size(), 2u);
  EXPECT_NE(run.replays()[0].find("eval_000000000100"), std::string::npos);
}

TEST(RunDirectory, NamesTheBadMetricsLine) {
  const std::filesystem::path dir = std::filesystem::path(::testing::TempDir()) / "run_dir_bad";
  std::filesystem::create_directories(dir);
  testing_viz::write_bytes((dir / "metrics.csv").string(), "env_steps,episode_return\n100,1.5\n200,oops\n");
  const std::string msg = error_of([&] { RunDirectory run(dir.string()); });
  EXPECT_NE(msg.find("metrics.csv:3"), std::string::npos) << msg;
  EXPECT_NE(msg.find("'oops'"), std::string::npos) << msg;
  EXPECT_NE(error_of([] { RunDirectory run("/nonexistent_dir"); }).find("not a run directory"), std::string::npos);
}

}  // namespace
}  // namespace viz
}  // namespace agora
