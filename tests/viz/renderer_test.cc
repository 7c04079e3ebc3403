// Every game renders: each registered env's replay goes through its renderer (or the table
// renderer) into an ImGui draw list, without a window or GPU.
#include "viz/renderer.h"

#include <gtest/gtest.h>
#include <imgui.h>

#include "tests/viz/headless_imgui.h"
#include "tests/viz/viz_test_util.h"

namespace agora {
namespace viz {
namespace {

/// Draws frame `k` of env 0 in the current (headless) ImGui context and returns the vertices it
/// produced.
int draw(ReplaySession& s, Renderer& r, size_t k) {
  ImGui::GetIO().DeltaTime = 1.0f / 60;
  ImGui::NewFrame();
  ImGui::SetNextWindowPos(ImVec2(0, 0));
  ImGui::SetNextWindowSize(ImVec2(900, 600));
  ImGui::Begin("canvas");
  RenderContext ctx{s, 0, k, s.load(0, k), RenderOptions{true}};
  r.draw(ctx, ImVec2(0, 0), ImVec2(900, 600));
  ImGui::End();
  ImGui::Render();
  return ImGui::GetDrawData()->TotalVtxCount;
}

TEST(Renderers, TheGamesOfTheIssueHaveTheirOwn) {
  for (const char* env : {"smax/3m", "smax/27m_vs_30m", "football/11_vs_11_stochastic", "hanabi/2p",
                          "matrix/prisoners_dilemma", "commons/fishery"})
    EXPECT_TRUE(has_renderer(find_env(env).game)) << env;
  EXPECT_FALSE(has_renderer(find_env("toy/gather").game));
}

// One representative per game type, every frame of a short random replay.
TEST(Renderers, EveryGameDrawsEveryFrame) {
  testing_viz::HeadlessImGui imgui;
  for (const std::string& name : representative_env_names()) {
    SCOPED_TRACE(name);
    ReplaySession s(testing_viz::record(name, 30, 11, 1));
    std::unique_ptr<Renderer> r = make_renderer(s);
    std::unique_ptr<Renderer> table = make_table_renderer(s.header());
    for (size_t k = 0; k < s.frames(0).size(); ++k) {
      EXPECT_GT(draw(s, *r, k), 100) << "frame " << k;
      EXPECT_GT(draw(s, *table, k), 100) << "frame " << k;
    }
  }
}

}  // namespace
}  // namespace viz
}  // namespace agora
