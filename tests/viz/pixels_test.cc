// Real pixels: frames rendered off-screen by OpenGL (Mesa under xvfb-run in CI) and read back.
#include <gtest/gtest.h>

#include <cmath>

#include "envs/smax/smax.h"
#include "tests/viz/viz_test_util.h"
#include "viz/draw.h"
#include "viz/gl_window.h"
#include "viz/renderers/smax.h"
#include "viz/viewer.h"

namespace agora {
namespace viz {
namespace {

constexpr int kW = 640, kH = 480;

// One window for the whole suite, closed by a gtest environment before static destruction
// (GLFW and Mesa must not be torn down from exit handlers).
GlWindow* the_window = nullptr;
GlWindow& window() {
  if (!the_window) the_window = new GlWindow(kW, kH, /*visible=*/false, "agora-viewer tests");
  return *the_window;
}
struct CloseWindow : ::testing::Environment {
  void TearDown() override {
    delete the_window;
    the_window = nullptr;
  }
};
const auto* const close_window = ::testing::AddGlobalTestEnvironment(new CloseWindow);

Image picture(Viewer& v, int env, size_t frame) {
  v.select(env, frame);
  return window().capture(kW, kH, [&] { v.canvas_only(); });
}

bool near(const uint8_t* p, ImU32 color, int tolerance = 40) {
  const int r = color & 0xFF, g = (color >> 8) & 0xFF, b = (color >> 16) & 0xFF;
  return std::abs(p[0] - r) <= tolerance && std::abs(p[1] - g) <= tolerance && std::abs(p[2] - b) <= tolerance;
}

size_t differing_pixels(const Image& a, const Image& b) {
  size_t n = 0;
  for (size_t i = 0; i < a.rgba.size(); i += 4) n += std::memcmp(&a.rgba[i], &b.rgba[i], 3) != 0;
  return n;
}

// Team colours appear where the units stand (units far from any other unit, so nothing of
// another unit's drawing covers their centre).
TEST(Pixels, SmaxTeamColoursWhereUnitsStand) {
  using Game = SmaxGameT<16>;
  Viewer v(testing_viz::record("smax/2s3z", 20, 21, 1));
  const size_t frame = 6;
  const Image img = picture(v, 0, frame);
  Game::State s;
  std::memcpy(&s, v.session()->frames(0)[frame]->state.data(), sizeof(s));
  const Game::Config c = load_game_config<Game>("smax/2s3z", v.session()->header().config);
  SmaxBox box;
  ReplaySession& session = *v.session();
  for (size_t k = session.episode_start(0, frame); k <= session.episode_end(0, frame); ++k) {
    Game::State sk;
    std::memcpy(&sk, session.frames(0)[k]->state.data(), sizeof(sk));
    box.add<Game>(sk, c);
  }
  const WorldToCanvas map = smax_view(box, c.width, c.height, ImVec2(0, 0), ImVec2(kW, kH), /*zoom=*/true);
  const int n = c.num_allies + c.num_enemies;
  int checked[2] = {0, 0};
  for (int i = 0; i < n; ++i) {
    if (!Game::alive(s.units[i])) continue;
    bool isolated = true;
    for (int j = 0; j < n; ++j)
      if (j != i && Game::alive(s.units[j]) && Game::distance(s.units[i], s.units[j]) * map.scale < 40) isolated = false;
    if (!isolated) continue;
    const ImVec2 p = map(s.units[i].x, s.units[i].y);
    const int team = i >= c.num_allies;
    EXPECT_TRUE(near(img.pixel(static_cast<int>(p.x), static_cast<int>(p.y)), colors::kTeam[team])) << "unit " << i;
    EXPECT_FALSE(near(img.pixel(static_cast<int>(p.x), static_cast<int>(p.y)), colors::kTeam[1 - team])) << "unit " << i;
    ++checked[team];
  }
  EXPECT_GT(checked[0] + checked[1], 0) << "no isolated unit to check";
  // And no team colour where no unit stands: the picture's corners.
  for (int x : {2, kW - 3})
    for (int y : {static_cast<int>(kSmaxHeaderHeight) + 2, kH - 3})
      for (int team = 0; team < 2; ++team) EXPECT_FALSE(near(img.pixel(x, y), colors::kTeam[team])) << x << "," << y;
}

// Two frames of a game in motion give two different pictures, for every game with a renderer.
TEST(Pixels, DifferentFramesDiffer) {
  for (const char* env : {"smax/3m", "football/11_vs_11_easy_stochastic", "hanabi/2p", "matrix/prisoners_dilemma",
                          "commons/fishery", "toy/gather"}) {
    SCOPED_TRACE(env);
    Viewer v(testing_viz::record(env, 12, 5, 1));
    const Image first = picture(v, 0, 0), later = picture(v, 0, 3);
    ASSERT_EQ(first.rgba.size(), static_cast<size_t>(kW) * kH * 4);
    EXPECT_GT(differing_pixels(first, later), 20u);
    EXPECT_EQ(differing_pixels(first, picture(v, 0, 0)), 0u) << "the same frame twice must render the same";
  }
}

TEST(Pixels, FootballShowsThePitchAndBothTeams) {
  Viewer v(testing_viz::record("football/11_vs_11_easy_stochastic", 3, 1, 1));
  const Image img = picture(v, 0, 0);
  size_t grass = 0, team[2] = {0, 0};
  for (int y = 0; y < kH; ++y)
    for (int x = 0; x < kW; ++x) {
      grass += near(img.pixel(x, y), IM_COL32(38, 110, 50, 255), 10);
      for (int t = 0; t < 2; ++t) team[t] += near(img.pixel(x, y), colors::kTeam[t], 12);
    }
  EXPECT_GT(grass, static_cast<size_t>(kW * kH / 3));
  EXPECT_GT(team[0], 11u * 40) << "eleven left players, each a disc";
  EXPECT_GT(team[1], 11u * 40);
}

}  // namespace
}  // namespace viz
}  // namespace agora
