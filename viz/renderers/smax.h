#pragma once
// The SMAX renderer's layout, shared with the pixel tests: where the arena lies in a canvas.
#include <algorithm>

#include "viz/draw.h"

namespace agora {
namespace viz {

constexpr float kSmaxHeaderHeight = 24.0f;  // status line above the arena

/// The arena [0, width] x [0, height] (y up, as JaxMARL's positions) inside a canvas.
inline WorldToCanvas smax_arena(float width, float height, ImVec2 min, ImVec2 max) {
  return WorldToCanvas(0.0f, 0.0f, width, height, ImVec2(min.x, min.y + kSmaxHeaderHeight), max, /*y_up=*/true);
}

/// The box around the living units of some states (an episode's, so the view holds still).
struct SmaxBox {
  float x0 = 1e30f, y0 = 1e30f, x1 = -1e30f, y1 = -1e30f;
  template <class Game>
  void add(const typename Game::State& s, const typename Game::Config& c) {
    for (int i = 0; i < Game::num_units(c); ++i) {
      const auto& u = s.units[i];
      if (!Game::alive(u)) continue;
      x0 = std::min(x0, u.x), y0 = std::min(y0, u.y), x1 = std::max(x1, u.x), y1 = std::max(y1, u.y);
    }
  }
  bool empty() const { return x1 < x0; }
};

/// The view frames are drawn in: the whole arena, or (zoom) `box` with 3 units of margin and
/// at least 12 units wide, so a battle fills the picture.
inline WorldToCanvas smax_view(const SmaxBox& box, float width, float height, ImVec2 min, ImVec2 max, bool zoom) {
  if (!zoom || box.empty()) return smax_arena(width, height, min, max);
  const float margin = 3.0f, side = 12.0f;
  const float cx = (box.x0 + box.x1) / 2, cy = (box.y0 + box.y1) / 2;
  const float half_w = std::max((box.x1 - box.x0) / 2 + margin, side / 2);
  const float half_h = std::max((box.y1 - box.y0) / 2 + margin, side / 2);
  return WorldToCanvas(cx - half_w, cy - half_h, cx + half_w, cy + half_h, ImVec2(min.x, min.y + kSmaxHeaderHeight), max,
                       /*y_up=*/true);
}

}  // namespace viz
}  // namespace agora
