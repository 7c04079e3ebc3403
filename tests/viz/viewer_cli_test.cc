// The agora-viewer binary: screenshots headless, and bad input is one line and exit code 2.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <string>

#include "tests/test_util.h"
#include "tests/viz/viz_test_util.h"

namespace agora {
namespace {

using Result = testing_util::CommandResult;

Result viewer(const std::string& args, const std::string& env_prefix = "") {
  return testing_util::run_command(env_prefix + std::string(AGORA_VIEWER_BINARY) + " " + args);
}

int lines(const std::string& s) {
  int n = 0;
  for (char c : s) n += c == '\n';
  return n;
}

void expect_refused(const Result& r, const std::string& needle) {
  EXPECT_EQ(r.code, 2) << r.out;
  EXPECT_EQ(lines(r.out), 1) << r.out;
  EXPECT_NE(r.out.find(needle), std::string::npos) << r.out;
}

TEST(ViewerCli, ScreenshotWritesAPng) {
  const std::string replay = testing_viz::record("smax/3m", 10, 2, 2);
  const std::string png = ::testing::TempDir() + "/shot.png";
  std::remove(png.c_str());
  const Result r = viewer(replay + " --screenshot " + png + " --frame 5 --env 1 --size 320x240");
  ASSERT_EQ(r.code, 0) << r.out;
  const std::string bytes = testing_viz::read_bytes(png);
  ASSERT_GT(bytes.size(), 24u);
  EXPECT_EQ(bytes.substr(1, 3), "PNG");
  // IHDR: big-endian width and height at bytes 16 and 20.
  auto be32 = [&](size_t at) {
    return (uint32_t(uint8_t(bytes[at])) << 24) | (uint32_t(uint8_t(bytes[at + 1])) << 16) |
           (uint32_t(uint8_t(bytes[at + 2])) << 8) | uint32_t(uint8_t(bytes[at + 3]));
  };
  EXPECT_EQ(be32(16), 320u);
  EXPECT_EQ(be32(20), 240u);
}

TEST(ViewerCli, BadReplaysAreOneLineAndExitTwo) {
  const std::string good = testing_viz::read_bytes(testing_viz::record("toy/nim", 10, 3, 1));
  const std::string dir = ::testing::TempDir() + "/";
  const std::string png = " --screenshot " + dir + "never.png";
  testing_viz::write_bytes(dir + "truncated.agr", good.substr(0, good.size() - 7));
  expect_refused(viewer(dir + "truncated.agr" + png), "truncated frame");
  std::string flipped = good;
  flipped[flipped.size() - 10] ^= 1;
  testing_viz::write_bytes(dir + "flipped.agr", flipped);
  expect_refused(viewer(dir + "flipped.agr" + png), "damaged");
  std::string old = good;
  old[8] = 1;
  testing_viz::write_bytes(dir + "old.agr", old);
  expect_refused(viewer(dir + "old.agr" + png), "format version 1");
  const std::string unknown =
      testing_viz::with_header(testing_viz::record("toy/nim", 4, 3, 1), "unknown.agr", [](Json& h) { h["env"] = "go/19x19"; });
  expect_refused(viewer(unknown + png), "unknown env 'go/19x19'");
  testing_viz::write_bytes(dir + "junk.agr", "not a replay at all, just text");
  expect_refused(viewer(dir + "junk.agr" + png), "not an Agora replay");
  expect_refused(viewer(dir + "missing.agr" + png), "cannot open");
  std::FILE* none = std::fopen((dir + "never.png").c_str(), "rb");
  EXPECT_EQ(none, nullptr) << "a refused replay must not leave a picture";
  if (none) std::fclose(none);
}

TEST(ViewerCli, BadFlagsAreRefused) {
  const std::string replay = testing_viz::record("toy/nim", 10, 4, 1);
  const std::string png = " --screenshot " + ::testing::TempDir() + "/x.png";
  expect_refused(viewer(replay + png + " --frame 100000"), "frame 100000 is past the end");
  expect_refused(viewer(replay + png + " --env 7"), "env 7 is not recorded");
  expect_refused(viewer(replay + png + " --size 12by9"), "--size");
  EXPECT_EQ(viewer(replay + png + " --frame -3").code, 2);
  EXPECT_EQ(viewer("").code, 2);
}

// The interactive window, driven for a few frames: on a replay, on a run directory (curves and
// replay list), and on a bad file (the error window instead of a crash).
TEST(ViewerCli, InteractiveWindowRunsOnReplaysRunsAndBadFiles) {
  const std::string replay = testing_viz::record("hanabi/2p", 20, 6, 2);
  Result r = viewer(replay + " --exit-after 5 --frame 3");
  EXPECT_EQ(r.code, 0) << r.out;
  const std::string run = ::testing::TempDir() + "/viewer_run";
  ASSERT_EQ(std::system(("mkdir -p " + run + "/replays && cp " + replay + " " + run + "/replays/eval_000000000100.agr").c_str()), 0);
  testing_viz::write_bytes(run + "/metrics.csv", "env_steps,episode_return,win_rate\n100,1,0.5\n200,2,0.6\n");
  r = viewer(run + " --exit-after 5");
  EXPECT_EQ(r.code, 0) << r.out;
  testing_viz::write_bytes(::testing::TempDir() + "/bad_interactive.agr", "garbage");
  r = viewer(::testing::TempDir() + "/bad_interactive.agr --exit-after 5");
  EXPECT_EQ(r.code, 0) << r.out;
}

TEST(ViewerCli, NoDisplayIsAClearError) {
  const std::string replay = testing_viz::record("toy/nim", 5, 5, 1);
  const Result r = viewer(replay + " --screenshot " + ::testing::TempDir() + "/nodisplay.png", "env -u DISPLAY -u WAYLAND_DISPLAY ");
  expect_refused(r, "xvfb-run");
}

}  // namespace
}  // namespace agora
