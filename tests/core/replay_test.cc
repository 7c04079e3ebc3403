// Malformed replay files are errors naming the file and the problem, never crashes.
#include "core/replay.h"

#include <gtest/gtest.h>

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

}  // namespace
}  // namespace agora
