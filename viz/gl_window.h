#pragma once
// GlWindow: a GLFW window with an OpenGL 3.3 context and ImGui on it, shown for the
// interactive viewer or hidden for off-screen captures (screenshots, pixel tests).
//
//   agora::viz::GlWindow w(800, 600, /*visible=*/false, "agora-viewer");
//   agora::viz::Image img = w.capture(800, 600, [] { ImGui::Text("hello"); });
//   agora::viz::write_png(img, "hello.png");
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

struct GLFWwindow;
struct ImGuiContext;

namespace agora {
namespace viz {

/// RGBA pixels, top row first.
struct Image {
  int width = 0, height = 0;
  std::vector<uint8_t> rgba;
  const uint8_t* pixel(int x, int y) const { return &rgba[(static_cast<size_t>(y) * width + x) * 4]; }
};

class GlWindow {
 public:
  /// Opens the window; without a display (no X server) this is an agora::Error that says so.
  GlWindow(int width, int height, bool visible, const std::string& title);
  ~GlWindow();
  GlWindow(const GlWindow&) = delete;
  GlWindow& operator=(const GlWindow&) = delete;

  bool should_close() const;
  /// One interactive frame: waits for events (or `timeout_s`), builds `ui`, draws, swaps.
  void frame(const std::function<void()>& ui, double timeout_s);
  /// Builds `ui` for a width x height display `frames` times (ImGui sizes some widgets on
  /// their first frame) and returns what the last one drew, rendered into an off-screen
  /// framebuffer.
  Image capture(int width, int height, const std::function<void()>& ui, int frames = 3);

 private:
  GLFWwindow* window_ = nullptr;
  ImGuiContext* imgui_ = nullptr;  // made current by each call: other contexts may exist
};

/// Writes `image` as a PNG; failure is an agora::Error naming the file.
void write_png(const Image& image, const std::string& path);

}  // namespace viz
}  // namespace agora
