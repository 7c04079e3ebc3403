#pragma once
// The SMAX renderer's layout, shared with the pixel tests: where the arena lies in a canvas.
#include "viz/draw.h"

namespace agora {
namespace viz {

constexpr float kSmaxHeaderHeight = 24.0f;  // status line above the arena

/// The arena [0, width] x [0, height] (y up, as JaxMARL's positions) inside a canvas.
inline WorldToCanvas smax_arena(float width, float height, ImVec2 min, ImVec2 max) {
  return WorldToCanvas(0.0f, 0.0f, width, height, ImVec2(min.x, min.y + kSmaxHeaderHeight), max, /*y_up=*/true);
}

}  // namespace viz
}  // namespace agora
