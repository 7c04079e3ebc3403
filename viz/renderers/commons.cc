// Commons (fishery, pasture, pollution): the stock month by month with the collapse and
// sustainability lines, and each agent's harvest last month and in total.
#include <algorithm>
#include <cstdio>

#include "envs/commons/commons.h"
#include "viz/draw.h"
#include "viz/renderer.h"

namespace agora {
namespace viz {
namespace {

const char* const kResources[] = {"fish (tons)", "pasture", "pollution allowance"};

class CommonsRenderer final : public GameRenderer<CommonsGame> {
 public:
  using GameRenderer::GameRenderer;

  void draw(const RenderContext& ctx, ImVec2 min, ImVec2 max) override {
    const State s = state(ctx);
    const int n = std::clamp(cfg_.agents, 1, CommonsGame::kMaxAgents);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    char status[200];
    std::snprintf(status, sizeof(status), "month %d/%d   stock %d   %s", s.month, cfg_.months, s.pool,
                  s.collapsed_month ? ("collapsed in month " + std::to_string(s.collapsed_month)).c_str() : "");
    text(dl, min, colors::kText, status);

    // The stock through the episode: at the start of each month, then after that month's
    // harvest (before it regrows), so over-harvesting shows as deep teeth.
    const float mid = min.y + (max.y - min.y) * 0.55f;
    const ImVec2 a(min.x + 40, min.y + 30), b(max.x - 10, mid - 10);
    dl->AddRectFilled(a, b, IM_COL32(30, 40, 55, 255));
    const float cap = static_cast<float>(std::max(cfg_.capacity, 1));
    std::vector<float> stock;
    int previous_pool = -1;
    for (size_t k = ctx.episode_start(); k <= ctx.frame; ++k) {
      const State sk = state_at(ctx, k);
      if (previous_pool >= 0) {
        int harvested = 0;
        for (int i = 0; i < n; ++i) harvested += sk.last_harvest[i];
        stock.push_back(static_cast<float>(std::max(previous_pool - harvested, 0)));
      }
      if (!sk.collapsed_month) stock.push_back(static_cast<float>(sk.pool));
      previous_pool = sk.pool;
    }
    const int points = 2 * std::max(cfg_.months, 1);  // a start and an after-harvest per month
    const ImVec2 b_used(a.x + (b.x - a.x) * std::min(1.0f, static_cast<float>(stock.size() - 1) / (points - 1)), b.y);
    auto level = [&](float v) { return b.y - std::clamp(v / cap, 0.0f, 1.0f) * (b.y - a.y); };
    dl->AddLine(ImVec2(a.x, level(static_cast<float>(cfg_.collapse_below))), ImVec2(b.x, level(static_cast<float>(cfg_.collapse_below))), colors::kBad, 1.0f);
    dl->AddLine(ImVec2(a.x, level(cap / 2)), ImVec2(b.x, level(cap / 2)), colors::kDim, 1.0f);
    text(dl, ImVec2(min.x, level(cap) - 7), colors::kDim, std::to_string(cfg_.capacity));
    text(dl, ImVec2(min.x, level(0) - 7), colors::kDim, "0");
    text(dl, ImVec2(a.x + 4, a.y + 2), colors::kDim,
         std::string("stock of ") + kResources[std::clamp<int>(cfg_.scenario, 0, 2)] + ": month start, after harvest");
    line_chart(dl, a, stock.size() > 1 ? b_used : a, stock.data(), static_cast<int>(stock.size()), 0.0f, cap,
               IM_COL32(80, 200, 230, 255), 2.5f);

    // Harvests: last month's (solid) against the sustainable share, and totals.
    const float top = mid + 20, bottom = max.y - 24;
    const float bar_w = std::min(60.0f, (max.x - min.x - 60) / n - 8);
    int max_gain = 1;
    for (int i = 0; i < n; ++i) max_gain = std::max({max_gain, s.gain[i], s.last_harvest[i]});
    text(dl, ImVec2(min.x, mid), colors::kDim, "harvest last month (bar) and in total (outline)");
    for (int i = 0; i < n; ++i) {
      const float x = min.x + 40 + i * (bar_w + 8);
      auto h = [&](int v) { return bottom - (bottom - top) * std::clamp(static_cast<float>(v) / max_gain, 0.0f, 1.0f); };
      dl->AddRect(ImVec2(x, h(s.gain[i])), ImVec2(x + bar_w, bottom), colors::agent(i), 0, 0, 1.5f);
      dl->AddRectFilled(ImVec2(x + 4, h(s.last_harvest[i])), ImVec2(x + bar_w - 4, bottom), colors::agent(i));
      text_centered(dl, ImVec2(x + bar_w / 2, bottom + 10), colors::kText,
                    std::to_string(s.last_harvest[i]) + "/" + std::to_string(s.gain[i]));
    }
  }
};

AGORA_REGISTER_RENDERER(CommonsGame, CommonsRenderer);

}  // namespace
}  // namespace viz
}  // namespace agora
