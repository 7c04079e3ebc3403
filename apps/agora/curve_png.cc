#include "apps/agora/curve_png.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <filesystem>

#if AGORA_WITH_STB
#define STB_IMAGE_WRITE_IMPLEMENTATION
#include <stb/stb_easy_font.h>
#include <stb/stb_image_write.h>
#endif

namespace agora {
namespace cli {
namespace {

struct Canvas {
  int width, height;
  std::vector<uint8_t> rgb;
  Canvas(int w, int h) : width(w), height(h), rgb(static_cast<size_t>(w) * h * 3, 255) {}
  void dot(int x, int y, const uint8_t* c) {
    if (x < 0 || y < 0 || x >= width || y >= height) return;
    uint8_t* p = &rgb[(static_cast<size_t>(y) * width + x) * 3];
    p[0] = c[0]; p[1] = c[1]; p[2] = c[2];
  }
  void line(double x0, double y0, double x1, double y1, const uint8_t* c, int thick = 1) {
    const int steps = static_cast<int>(std::max(std::fabs(x1 - x0), std::fabs(y1 - y0))) + 1;
    for (int i = 0; i <= steps; ++i) {
      const double t = static_cast<double>(i) / steps;
      const int x = static_cast<int>(std::lround(x0 + t * (x1 - x0))), y = static_cast<int>(std::lround(y0 + t * (y1 - y0)));
      for (int dx = 0; dx < thick; ++dx)
        for (int dy = 0; dy < thick; ++dy) dot(x + dx, y + dy, c);
    }
  }
  void text(int x, int y, const char* s, const uint8_t* c) {
#if AGORA_WITH_STB
    static char buffer[60000];
    const int quads = stb_easy_font_print(0.0f, 0.0f, const_cast<char*>(s), nullptr, buffer, sizeof(buffer));
    const float* v = reinterpret_cast<const float*>(buffer);
    for (int q = 0; q < quads; ++q) {
      const float* quad = v + q * 16;  // 4 vertices of (x, y, z, color)
      const int qx0 = static_cast<int>(quad[0]), qy0 = static_cast<int>(quad[1]);
      const int qx1 = static_cast<int>(quad[8]), qy1 = static_cast<int>(quad[9]);
      for (int yy = qy0; yy < qy1; ++yy)
        for (int xx = qx0; xx < qx1; ++xx) dot(x + xx, y + yy, c);
    }
#else
    (void)x; (void)y; (void)s; (void)c;
#endif
  }
};

}  // namespace

bool write_curve_png(const std::string& path, const std::string& title, const std::vector<CurvePoint>& points) {
#if AGORA_WITH_STB
  const int W = 800, H = 420, left = 70, right = 60, top = 40, bottom = 50;
  Canvas cv(W, H);
  const uint8_t black[3] = {0, 0, 0}, grey[3] = {225, 225, 225}, blue[3] = {31, 119, 180}, orange[3] = {230, 120, 20};
  double xmax = 1.0, rmin = 0.0, rmax = 1.0;
  bool any_win = false;
  if (!points.empty()) {
    rmin = rmax = points[0].episode_return;
    for (const CurvePoint& p : points) {
      xmax = std::max(xmax, p.env_steps);
      rmin = std::min(rmin, p.episode_return);
      rmax = std::max(rmax, p.episode_return);
      any_win = any_win || p.win_rate >= 0;
    }
  }
  if (rmax - rmin < 1e-9) { rmin -= 0.5; rmax += 0.5; }
  const double pw = W - left - right, ph = H - top - bottom;
  auto px = [&](double x) { return left + x / xmax * pw; };
  auto py = [&](double v, double lo, double hi) { return top + (1.0 - (v - lo) / (hi - lo)) * ph; };
  char label[64];
  for (int i = 0; i <= 4; ++i) {
    const double y = top + ph * i / 4.0;
    cv.line(left, y, W - right, y, grey);
    std::snprintf(label, sizeof(label), "%.3g", rmax - (rmax - rmin) * i / 4.0);
    cv.text(4, static_cast<int>(y) - 3, label, blue);
    if (any_win) {
      std::snprintf(label, sizeof(label), "%.2f", 1.0 - i / 4.0);
      cv.text(W - right + 6, static_cast<int>(y) - 3, label, orange);
    }
    const double x = left + pw * i / 4.0;
    std::snprintf(label, sizeof(label), "%.3g", xmax * i / 4.0);
    cv.text(static_cast<int>(x) - 10, H - bottom + 8, label, black);
  }
  cv.line(left, top, left, H - bottom, black);
  cv.line(left, H - bottom, W - right, H - bottom, black);
  cv.line(W - right, top, W - right, H - bottom, black);
  cv.text(left, 12, title.c_str(), black);
  cv.text(left + static_cast<int>(pw / 2) - 30, H - 18, "env steps", black);
  cv.text(left + 260, 26, "episode return", blue);
  if (any_win) cv.text(left + 380, 26, "win rate", orange);
  for (size_t i = 1; i < points.size(); ++i) {
    const CurvePoint &a = points[i - 1], &b = points[i];
    cv.line(px(a.env_steps), py(a.episode_return, rmin, rmax), px(b.env_steps), py(b.episode_return, rmin, rmax), blue, 2);
    if (a.win_rate >= 0 && b.win_rate >= 0)
      cv.line(px(a.env_steps), py(a.win_rate, 0, 1), px(b.env_steps), py(b.win_rate, 0, 1), orange, 2);
  }
  const std::string tmp = path + ".tmp";
  if (!stbi_write_png(tmp.c_str(), W, H, 3, cv.rgb.data(), W * 3)) return false;
  std::error_code ec;
  std::filesystem::rename(tmp, path, ec);
  return !ec;
#else
  (void)path; (void)title; (void)points;
  return false;
#endif
}

}  // namespace cli
}  // namespace agora
