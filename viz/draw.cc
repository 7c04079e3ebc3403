#include "viz/draw.h"

#include <algorithm>
#include <cmath>

namespace agora {
namespace viz {

ImU32 colors::agent(int i) {
  static const ImU32 kAgents[] = {IM_COL32(90, 160, 250, 255), IM_COL32(250, 130, 60, 255),
                                  IM_COL32(90, 210, 120, 255), IM_COL32(220, 90, 200, 255),
                                  IM_COL32(240, 220, 80, 255), IM_COL32(80, 220, 220, 255),
                                  IM_COL32(200, 200, 200, 255), IM_COL32(250, 110, 110, 255)};
  return kAgents[((i % 8) + 8) % 8];
}

WorldToCanvas::WorldToCanvas(float x0, float y0, float x1, float y1, ImVec2 min, ImVec2 max, bool y_up,
                             float margin)
    : x0_(x0), y0_(y0), y1_(y1), y_up_(y_up) {
  const float w = std::max(max.x - min.x - 2 * margin, 1.0f), h = std::max(max.y - min.y - 2 * margin, 1.0f);
  scale = std::min(w / std::max(x1 - x0, 1e-6f), h / std::max(y1 - y0, 1e-6f));
  origin_ = ImVec2(min.x + margin + (w - scale * (x1 - x0)) / 2, min.y + margin + (h - scale * (y1 - y0)) / 2);
}

ImVec2 WorldToCanvas::operator()(float x, float y) const {
  const float v = y_up_ ? (y1_ - y) : (y - y0_);
  return ImVec2(origin_.x + (x - x0_) * scale, origin_.y + v * scale);
}

void text(ImDrawList* dl, ImVec2 at, ImU32 color, const std::string& s) { dl->AddText(at, color, s.c_str()); }

void text_centered(ImDrawList* dl, ImVec2 at, ImU32 color, const std::string& s) {
  const ImVec2 size = ImGui::CalcTextSize(s.c_str());
  dl->AddText(ImVec2(at.x - size.x / 2, at.y - size.y / 2), color, s.c_str());
}

void line_chart(ImDrawList* dl, ImVec2 min, ImVec2 max, const float* values, int count, float lo, float hi,
                ImU32 color, float thickness) {
  if (count <= 0) return;
  const float span = hi > lo ? hi - lo : 1.0f;
  const float dx = count > 1 ? (max.x - min.x) / (count - 1) : 0.0f;
  ImVec2 prev;
  bool have_prev = false;
  for (int i = 0; i < count; ++i) {
    if (!std::isfinite(values[i])) {
      have_prev = false;
      continue;
    }
    const float t = std::clamp((values[i] - lo) / span, 0.0f, 1.0f);
    const ImVec2 p(min.x + dx * i, max.y - t * (max.y - min.y));
    if (have_prev) dl->AddLine(prev, p, color, thickness);
    else if (count == 1) dl->AddCircleFilled(p, thickness + 1, color);
    prev = p;
    have_prev = true;
  }
}

}  // namespace viz
}  // namespace agora
