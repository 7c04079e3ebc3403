#pragma once
// Learning curves as a PNG: episode return (left scale) and win rate (0..1, right scale)
// against env steps, drawn with stb_image_write and stb_easy_font (no plotting library).
#include <string>
#include <vector>

namespace agora {
namespace cli {

struct CurvePoint {
  double env_steps;
  double episode_return;
  double win_rate;  // < 0: the game has no winner
};

/// Writes the curve to `path` atomically (temp file + rename); false if the PNG encoder is
/// not built in (stb headers absent) or the file cannot be written.
bool write_curve_png(const std::string& path, const std::string& title, const std::vector<CurvePoint>& points);

}  // namespace cli
}  // namespace agora
