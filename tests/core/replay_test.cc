// Malformed replay files are errors naming the file and the problem, never crashes.
#include "core/replay.h"

#include <gtest/gtest.h>

#include <cstring>
#include <fstream>

#include "core/error.h"
#include "core/registry.h"

namespace agora {
namespace {

std::string write_file(const std::string& name, const std::string& bytes) {
  const std::string path = ::testing::TempDir() + "/" + name;
  std::ofstream(path, std::ios::binary) << bytes;
  return path;
}

std::string read_error(const std::string& path) {
  try {
    read_replay(path);
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

// Written under the running test's name: ctest runs tests in parallel processes.
std::string good_replay() {
  auto env = make_env("toy/gather", 2, Device::kCpu);
  const std::string path =
      ::testing::TempDir() + "/" + ::testing::UnitTest::GetInstance()->current_test_info()->name() + ".agr";
  ReplayWriter w(path, *env, 3, 2);
  env->reset(3);
  w.record(*env);
  env->sample_random_actions();
  env->step();
  w.record(*env);
  w.close();
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

TEST(Replay, WriterLeavesNoTemporaryFile) {
  good_replay();
  const std::string path = ::testing::TempDir() + "/WriterLeavesNoTemporaryFile.agr";
  EXPECT_FALSE(std::ifstream(path + ".tmp").good());
  EXPECT_EQ(read_replay(path).frames.size(), 4u);
}

TEST(Replay, MissingFile) { EXPECT_NE(read_error("/nonexistent.agr").find("cannot open"), std::string::npos); }

TEST(Replay, NotAReplay) {
  EXPECT_NE(read_error(write_file("junk.agr", "hello world, this is not a replay")).find("not an Agora replay"),
            std::string::npos);
}

TEST(Replay, TruncatedFrame) {
  const std::string bytes = good_replay();
  const std::string msg = read_error(write_file("cut.agr", bytes.substr(0, bytes.size() - 5)));
  EXPECT_NE(msg.find("truncated frame"), std::string::npos) << msg;
}

TEST(Replay, TruncatedHeader) {
  const std::string msg = read_error(write_file("cuthead.agr", good_replay().substr(0, 40)));
  EXPECT_NE(msg.find("header"), std::string::npos) << msg;
}

TEST(Replay, UnsupportedVersion) {
  std::string bytes = good_replay();
  bytes[8] = 99;
  EXPECT_NE(read_error(write_file("v99.agr", bytes)).find("version 99"), std::string::npos);
}

TEST(Replay, CorruptHeaderJson) {
  std::string bytes = good_replay();
  bytes[16] = '#';
  EXPECT_NE(read_error(write_file("json.agr", bytes)).find("invalid JSON"), std::string::npos);
}

TEST(Replay, DamagedFrameIsRefused) {
  std::string bytes = good_replay();
  bytes[bytes.size() - 20] ^= 0x40;  // a bit flip inside the last frame
  const std::string msg = read_error(write_file("flip.agr", bytes));
  EXPECT_NE(msg.find("damaged (checksum mismatch)"), std::string::npos) << msg;
}

// good_replay() with its header's recorded_envs value written as `value` (header length fixed).
std::string with_recorded_envs(const std::string& value) {
  std::string bytes = good_replay();
  const std::string field = "\"recorded_envs\":2";
  const size_t at = bytes.find(field);
  EXPECT_NE(at, std::string::npos);
  bytes.replace(at + field.size() - 1, 1, value);
  uint32_t length = 0;
  std::memcpy(&length, bytes.data() + 12, 4);
  length += static_cast<uint32_t>(value.size()) - 1;
  std::memcpy(&bytes[12], &length, 4);
  return bytes;
}

TEST(Replay, BadRecordedEnvCountIsRefused) {
  const std::string msg = read_error(write_file("zero.agr", with_recorded_envs("0")));
  EXPECT_NE(msg.find("'recorded_envs' = 0 is out of range"), std::string::npos) << msg;
}

// A float where an integer belongs (nlohmann would convert it with undefined behaviour).
TEST(Replay, HugeFloatInAnIntegerFieldIsRefused) {
  const std::string msg = read_error(write_file("float.agr", with_recorded_envs("4e30")));
  EXPECT_NE(msg.find("'recorded_envs' must be a non-negative integer"), std::string::npos) << msg;
}

// With keep_final_state an ended episode leaves its last state, then a reset frame with the
// next episode's first state.
TEST(Replay, KeepsTheLastStateOfEachEpisode) {
  VecEnvOptions options;
  options.keep_final_state = true;
  auto env = make_env("toy/nim", 1, Device::kCpu, Json::object(), options);
  const std::string path = ::testing::TempDir() + "/final_states.agr";
  std::vector<uint8_t> final_state(env->state_bytes()), first_state(env->state_bytes());
  {
    ReplayWriter w(path, *env, 5, 1);
    env->reset(5);
    w.record(*env);
    for (int t = 0; t < 200; ++t) {
      env->sample_random_actions();
      env->step();
      w.record(*env);
      if (env->terminated().data[0] || env->truncated().data[0]) {
        env->copy_final_states(0, 1, final_state.data());
        env->copy_states(0, 1, first_state.data());
        break;
      }
    }
  }
  const Replay r = read_replay(path);
  EXPECT_TRUE(r.header.final_states);
  ASSERT_GE(r.frames.size(), 3u);
  const ReplayFrame& last = r.frames[r.frames.size() - 2];
  const ReplayFrame& next = r.frames.back();
  EXPECT_TRUE(last.terminated || last.truncated);
  EXPECT_FALSE(last.is_reset);
  EXPECT_EQ(last.state, final_state);
  EXPECT_TRUE(next.is_reset);
  EXPECT_EQ(next.state, first_state);
  EXPECT_NE(final_state, first_state);
}

}  // namespace
}  // namespace agora
