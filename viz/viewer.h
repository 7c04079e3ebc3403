#pragma once
// Viewer: the state and ImGui layout of agora-viewer, apart from the window that shows it, so
// screenshots and tests build exactly what the window shows.
//
//   agora::viz::Viewer v("runs/smax_3m/x");     // a run directory or a replay file
//   window.frame([&] { v.ui(); }, 1.0 / 60);    // interactive
//   window.capture(800, 600, [&] { v.canvas_only(); });  // a picture of one frame
#include <memory>
#include <optional>
#include <string>

#include "viz/renderer.h"
#include "viz/replay_session.h"
#include "viz/run_directory.h"

namespace agora {
namespace viz {

class Viewer {
 public:
  /// Opens a replay file or a run directory (then its newest replay). Errors are
  /// agora::Error; the interactive viewer catches them and shows them in a window.
  explicit Viewer(const std::string& input);
  /// A viewer with nothing open that shows `message` in its error window.
  static Viewer showing_error(const std::string& message);

  /// Shows recorded env `env` at frame `frame` (index among that env's frames).
  void select(int env, size_t frame);
  ReplaySession* session() { return session_.get(); }
  int env() const { return env_; }
  size_t frame() const { return frame_; }
  RenderOptions& options() { return options_; }

  /// The whole interactive layout for the current display size; `now` in seconds drives play.
  void ui(double now);
  /// Only the game's picture, filling the display (screenshots).
  void canvas_only();
  /// Whether the viewer is playing (the window then redraws at the play speed).
  bool playing() const { return playing_; }
  bool quit_requested() const { return quit_; }

 private:
  Viewer() = default;
  /// Opens a replay in place of the current one; an error leaves the current one shown.
  void load_replay(const std::string& path);
  /// load_replay, with an error shown in the error window (a replay picked from a run).
  void open_replay(const std::string& path);
  void draw_canvas(ImVec2 min, ImVec2 max);
  void controls_panel();
  void run_panel();
  void plots_panel();
  void error_popup();

  std::optional<RunDirectory> run_;
  std::unique_ptr<ReplaySession> session_;
  std::unique_ptr<Renderer> renderer_, table_;
  int env_ = 0;
  size_t frame_ = 0;
  RenderOptions options_;
  bool playing_ = false, quit_ = false;
  float speed_ = 10.0f;  // frames per second
  double last_advance_ = 0.0;
  int plot_agent_ = 0;
  std::string error_;
};

}  // namespace viz
}  // namespace agora
