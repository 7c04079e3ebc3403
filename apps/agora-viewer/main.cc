// agora-viewer: plays back a replay (or a run directory's replays and learning curves) with
// the game code that recorded it.
//
//   agora-viewer runs/smax_3m/20261125-101500            # interactive window
//   agora-viewer r.agr --screenshot r.png --frame 40     # one frame, off-screen, then exit
//
// In screenshot mode any problem (bad replay, no display, frame out of range) is one line on
// stderr and exit code 2; the interactive viewer shows it in an error window.
#include <CLI/CLI.hpp>

#include <chrono>
#include <cstdio>
#include <string>

#include "core/error.h"
#include "viz/gl_window.h"
#include "viz/viewer.h"

namespace {

struct Args {
  std::string input, screenshot, size = "960x640";
  int env = 0, frame = 0, exit_after = 0;
  bool ranges = false, whole_ui = false, whole_arena = false;
};

void parse_size(const std::string& text, int* width, int* height) {
  char x = 0;
  int consumed = 0;
  AGORA_CHECK(std::sscanf(text.c_str(), "%d%c%d%n", width, &x, height, &consumed) == 3 && x == 'x' &&
                  consumed == static_cast<int>(text.size()) && *width >= 64 && *height >= 64 && *width <= 8192 &&
                  *height <= 8192,
              "--size: '" + text + "' is not WIDTHxHEIGHT with both in [64, 8192]");
}

int screenshot(const Args& a) {
  int width = 0, height = 0;
  parse_size(a.size, &width, &height);
  agora::viz::Viewer viewer(a.input);
  AGORA_CHECK(viewer.session(), "'" + a.input + "' has no replay to take a picture of");
  viewer.select(a.env, static_cast<size_t>(a.frame));
  viewer.options().ranges = a.ranges;
  viewer.options().zoom = !a.whole_arena;
  agora::viz::GlWindow window(width, height, /*visible=*/false, "agora-viewer");
  const agora::viz::Image image = window.capture(width, height, [&] {
    if (a.whole_ui) viewer.ui(0.0);
    else viewer.canvas_only();
  });
  agora::viz::write_png(image, a.screenshot);
  std::printf("wrote %s (%dx%d, env %d, frame %d)\n", a.screenshot.c_str(), width, height, a.env, a.frame);
  return 0;
}

int interactive(const Args& a) {
  int width = 0, height = 0;
  parse_size(a.size == "960x640" ? "1400x900" : a.size, &width, &height);
  agora::viz::GlWindow window(width, height, /*visible=*/true, "agora-viewer: " + a.input);
  agora::viz::Viewer viewer = [&] {
    try {
      agora::viz::Viewer v(a.input);
      if (v.session()) v.select(a.env, static_cast<size_t>(a.frame));
      v.options().ranges = a.ranges;
      v.options().zoom = !a.whole_arena;
      return v;
    } catch (const agora::Error& e) {
      return agora::viz::Viewer::showing_error(e.what());
    }
  }();
  const auto start = std::chrono::steady_clock::now();
  for (int frames = 0; !window.should_close() && !viewer.quit_requested(); ++frames) {
    if (a.exit_after > 0 && frames >= a.exit_after) break;
    const double now = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    window.frame([&] { viewer.ui(now); }, viewer.playing() ? 0.005 : 0.25);
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"agora-viewer: watch Agora replays and training runs"};
  Args a;
  app.add_option("input", a.input, "A replay file (.agr) or a run directory")->required();
  app.add_option("--screenshot", a.screenshot, "Render one frame off-screen to this PNG and exit");
  app.add_option("--frame", a.frame, "Frame to show (index among the env's recorded frames)")->check(CLI::NonNegativeNumber);
  app.add_option("--env", a.env, "Recorded env to show")->check(CLI::NonNegativeNumber);
  app.add_option("--size", a.size, "Picture or window size, WIDTHxHEIGHT");
  app.add_flag("--ranges", a.ranges, "SMAX: draw sight and attack ranges");
  app.add_flag("--whole-arena", a.whole_arena, "SMAX: show the whole arena, not the box around the units");
  app.add_option("--exit-after", a.exit_after, "Interactive: close after this many frames (smoke tests)")
      ->check(CLI::NonNegativeNumber);
  app.add_flag("--ui", a.whole_ui, "With --screenshot: picture the whole viewer, not just the game");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? 0 : 2;
  }
  try {
    return a.screenshot.empty() ? interactive(a) : screenshot(a);
  } catch (const agora::Error& e) {
    std::fprintf(stderr, "agora-viewer: %s\n", e.what());
    return 2;
  }
}
