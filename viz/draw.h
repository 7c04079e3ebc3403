#pragma once
// Drawing helpers shared by the renderers: the palette, and the map from a game's world
// rectangle onto a canvas rectangle.
#include <imgui.h>

#include <string>

namespace agora {
namespace viz {

namespace colors {
constexpr ImU32 kTeam[2] = {IM_COL32(60, 120, 230, 255), IM_COL32(225, 60, 50, 255)};  // allies/left, enemies/right
constexpr ImU32 kBackground = IM_COL32(24, 26, 30, 255);
constexpr ImU32 kText = IM_COL32(235, 235, 235, 255);
constexpr ImU32 kDim = IM_COL32(130, 130, 130, 255);
constexpr ImU32 kGood = IM_COL32(70, 200, 90, 255);
constexpr ImU32 kBad = IM_COL32(220, 70, 60, 255);
constexpr ImU32 kAccent = IM_COL32(250, 200, 60, 255);
/// A distinct colour per agent (plots, bars).
ImU32 agent(int i);
}  // namespace colors

/// Maps world coordinates [x0, x1] x [y0, y1] onto a canvas rectangle, keeping the aspect
/// ratio and centring; `y_up` puts y0 at the bottom (maths axes) instead of the top (screen).
struct WorldToCanvas {
  WorldToCanvas(float x0, float y0, float x1, float y1, ImVec2 min, ImVec2 max, bool y_up, float margin = 8.0f);
  ImVec2 operator()(float x, float y) const;
  float scale = 1.0f;  // pixels per world unit

 private:
  float x0_, y0_, y1_;
  ImVec2 origin_;
  bool y_up_;
};

/// Text with its top-left corner at `at`, in the canvas's draw list.
void text(ImDrawList* dl, ImVec2 at, ImU32 color, const std::string& s);
/// Text centred on `at`.
void text_centered(ImDrawList* dl, ImVec2 at, ImU32 color, const std::string& s);
/// A line chart of `values` (NaN skipped) in [min, max] with value range [lo, hi].
void line_chart(ImDrawList* dl, ImVec2 min, ImVec2 max, const float* values, int count, float lo, float hi,
                ImU32 color, float thickness = 2.0f);

}  // namespace viz
}  // namespace agora
