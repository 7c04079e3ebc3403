// Matrix games: the payoff table with the last joint action marked, the history of joint
// actions this episode, and each player's cumulative payoff.
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "envs/matrix/matrix.h"
#include "viz/draw.h"
#include "viz/renderer.h"

namespace agora {
namespace viz {
namespace {

class MatrixRenderer final : public GameRenderer<MatrixGame> {
 public:
  using GameRenderer::GameRenderer;

  void draw(const RenderContext& ctx, ImVec2 min, ImVec2 max) override {
    const State s = state(ctx);
    const int rows = std::clamp(cfg_.rows, 1, MatrixGame::kMaxActions), cols = std::clamp(cfg_.cols, 1, MatrixGame::kMaxActions);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    char status[160];
    std::snprintf(status, sizeof(status), "round %d/%d   welfare %.2f", s.round, cfg_.rounds, s.welfare);
    text(dl, min, colors::kText, status);

    // Payoff table: row player's payoff in its colour, column player's in its colour.
    const float cell_w = 96, cell_h = 40, x0 = min.x + 40, y0 = min.y + 48;
    text(dl, ImVec2(x0, y0 - 36), colors::agent(1), "column player (1)");
    text(dl, ImVec2(min.x, y0 - 18), colors::agent(0), "row (0)");
    const int last_row = s.last[0][0], last_col = s.last[0][1];
    for (int r = 0; r < rows; ++r) {
      text(dl, ImVec2(min.x + 8, y0 + r * cell_h + cell_h / 2 - 7), colors::agent(0), std::to_string(r));
      for (int c = 0; c < cols; ++c) {
        const ImVec2 a(x0 + c * cell_w, y0 + r * cell_h), b(a.x + cell_w, a.y + cell_h);
        const bool last = r == last_row && c == last_col;
        dl->AddRectFilled(a, b, last ? IM_COL32(90, 80, 30, 255) : IM_COL32(40, 44, 52, 255));
        dl->AddRect(a, b, last ? colors::kAccent : colors::kDim, 0, 0, last ? 2.5f : 1.0f);
        char p0[32], p1[32];
        std::snprintf(p0, sizeof(p0), "%g", cfg_.payoff[0][r * cfg_.cols + c]);
        std::snprintf(p1, sizeof(p1), "%g", cfg_.payoff[1][r * cfg_.cols + c]);
        text(dl, ImVec2(a.x + 10, a.y + 12), colors::agent(0), p0);
        text(dl, ImVec2(a.x + cell_w / 2 + 6, a.y + 12), colors::agent(1), p1);
      }
    }
    for (int c = 0; c < cols; ++c)
      text_centered(dl, ImVec2(x0 + c * cell_w + cell_w / 2, y0 - 8), colors::agent(1), std::to_string(c));

    // This episode's joint actions, oldest first (at most the last 40).
    const float hy = y0 + rows * cell_h + 20;
    const size_t start = ctx.episode_start();
    std::string history;
    const size_t first = ctx.frame > start + 40 ? ctx.frame - 40 : start + 1;
    for (size_t k = first; k <= ctx.frame; ++k) {
      const ReplayFrame& f = ctx.at(k);
      if (f.is_reset) continue;
      history += "(" + std::to_string(f.actions[0]) + "," + std::to_string(f.actions[1]) + ") ";
    }
    text(dl, ImVec2(min.x, hy), colors::kDim, "history:");
    dl->PushClipRect(ImVec2(min.x + 70, hy), ImVec2(max.x, hy + 40), true);
    text(dl, ImVec2(min.x + 70, hy), colors::kText, history.empty() ? "-" : history);
    dl->PopClipRect();

    // Cumulative payoff of each player over the episode so far.
    const float cy = hy + 30;
    text(dl, ImVec2(min.x, cy), colors::kDim, "cumulative payoff");
    const ImVec2 a(min.x + 10, cy + 20), b(max.x - 10, std::max(cy + 80, max.y - 10));
    dl->AddRect(a, b, colors::kDim);
    std::vector<float> series[2];
    float lo = 0, hi = 0;
    for (int p = 0; p < 2; ++p) {
      const std::vector<float> ret = ctx.session.returns(ctx.env, p);
      series[p].assign(ret.begin() + start, ret.begin() + ctx.frame + 1);
      for (float v : series[p]) lo = std::min(lo, v), hi = std::max(hi, v);
    }
    for (int p = 0; p < 2; ++p) {
      line_chart(dl, a, b, series[p].data(), static_cast<int>(series[p].size()), lo, hi, colors::agent(p));
      char label[64];
      std::snprintf(label, sizeof(label), "player %d: %.2f", p, series[p].empty() ? 0.0f : series[p].back());
      text(dl, ImVec2(a.x + 6 + p * 150, a.y + 4), colors::agent(p), label);
    }
  }
};

AGORA_REGISTER_RENDERER(MatrixGame, MatrixRenderer);

}  // namespace
}  // namespace viz
}  // namespace agora
