#include "viz/viewer.h"

#include <algorithm>
#include <cmath>
#include <filesystem>

#include "core/error.h"
#include "viz/draw.h"

namespace agora {
namespace viz {
namespace {

constexpr float kPanelWidth = 330.0f, kPlotsHeight = 190.0f;
constexpr ImGuiWindowFlags kFixed = ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize |
                                    ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoSavedSettings;

void begin_fixed(const char* name, ImVec2 pos, ImVec2 size, ImGuiWindowFlags extra = 0) {
  ImGui::SetNextWindowPos(pos);
  ImGui::SetNextWindowSize(size);
  ImGui::Begin(name, nullptr, kFixed | extra);
}

void plot(const char* label, const std::vector<float>& values, float height) {
  std::vector<float> finite;
  for (float v : values)
    if (std::isfinite(v)) finite.push_back(v);
  if (finite.empty()) return;
  ImGui::PlotLines(label, finite.data(), static_cast<int>(finite.size()), 0, nullptr, FLT_MAX, FLT_MAX,
                   ImVec2(ImGui::GetContentRegionAvail().x - 110, height));
}

}  // namespace

Viewer::Viewer(const std::string& input) {
  std::error_code ec;
  if (std::filesystem::is_directory(input, ec)) {
    run_.emplace(input);  // not a run directory: an agora::Error saying so
    if (!run_->replays().empty()) open_replay(run_->replays().back());
  } else {
    load_replay(input);  // the only replay: an error is the viewer's error
  }
}

Viewer Viewer::showing_error(const std::string& message) {
  Viewer v;
  v.error_ = message;
  return v;
}

void Viewer::load_replay(const std::string& path) {
  auto session = std::make_unique<ReplaySession>(path);  // throws before anything changes
  renderer_ = make_renderer(*session);
  table_ = make_table_renderer(session->header());
  session_ = std::move(session);
  env_ = 0;
  frame_ = 0;
  playing_ = false;
}

void Viewer::open_replay(const std::string& path) {
  try {
    load_replay(path);
  } catch (const Error& e) {
    error_ = e.what();
  }
}

void Viewer::select(int env, size_t frame) {
  AGORA_CHECK(session_, "viewer: no replay is open");
  AGORA_CHECK(env >= 0 && env < session_->num_envs(),
              "viewer: env " + std::to_string(env) + " is not recorded (the replay has " +
                  std::to_string(session_->num_envs()) + ")");
  const size_t n = session_->frames(env).size();
  AGORA_CHECK(frame < n, "viewer: frame " + std::to_string(frame) + " is past the end (env " + std::to_string(env) +
                             " has frames 0.." + std::to_string(n - 1) + ")");
  env_ = env;
  frame_ = frame;
}

void Viewer::draw_canvas(ImVec2 min, ImVec2 max) {
  ImGui::GetWindowDrawList()->AddRectFilled(min, max, colors::kBackground);
  if (!session_) {
    text(ImGui::GetWindowDrawList(), ImVec2(min.x + 10, min.y + 10), colors::kText,
         "No replay to show yet: the run writes replays/ at its evaluations.");
    return;
  }
  const VecEnv& game = session_->load(env_, frame_);
  RenderContext ctx{*session_, env_, frame_, game, options_};
  renderer_->draw(ctx, min, max);
}

void Viewer::canvas_only() {
  const ImGuiIO& io = ImGui::GetIO();
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(0, 0));
  ImGui::PushStyleVar(ImGuiStyleVar_WindowBorderSize, 0.0f);
  begin_fixed("canvas", ImVec2(0, 0), io.DisplaySize, ImGuiWindowFlags_NoDecoration);
  draw_canvas(ImVec2(0, 0), io.DisplaySize);
  ImGui::End();
  ImGui::PopStyleVar(2);
}

void Viewer::ui(double now) {
  const ImVec2 display = ImGui::GetIO().DisplaySize;
  // Keyboard: space plays and pauses, the arrows step.
  if (session_ && !ImGui::GetIO().WantTextInput) {
    const size_t last = session_->frames(env_).size() - 1;
    if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Space))) playing_ = !playing_;
    if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_RightArrow)) && frame_ < last) ++frame_;
    if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_LeftArrow)) && frame_ > 0) --frame_;
    if (playing_ && now - last_advance_ >= 1.0 / speed_) {
      last_advance_ = now;
      if (frame_ < last) ++frame_;
      else playing_ = false;
    }
  }

  begin_fixed("Agora viewer", ImVec2(0, 0), ImVec2(kPanelWidth, display.y));
  controls_panel();
  if (run_) run_panel();
  ImGui::End();

  const ImVec2 canvas_pos(kPanelWidth, 0), canvas_size(display.x - kPanelWidth, display.y - kPlotsHeight);
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(6, 6));
  begin_fixed("##canvas", canvas_pos, canvas_size, ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoScrollbar);
  const ImVec2 min = ImGui::GetCursorScreenPos();
  const ImVec2 max(canvas_pos.x + canvas_size.x - 6, canvas_pos.y + canvas_size.y - 6);
  draw_canvas(min, max);
  ImGui::End();
  ImGui::PopStyleVar();

  begin_fixed("Rewards and observations", ImVec2(kPanelWidth, display.y - kPlotsHeight),
              ImVec2(display.x - kPanelWidth, kPlotsHeight));
  plots_panel();
  ImGui::End();
  error_popup();
}

void Viewer::controls_panel() {
  if (!session_) {
    ImGui::TextWrapped("No replay open.");
    return;
  }
  const ReplayHeader& h = session_->header();
  ImGui::TextWrapped("%s", std::filesystem::path(session_->path()).filename().c_str());
  ImGui::Text("env   %s", h.env.c_str());
  ImGui::Text("seed  %llu   agents %d", static_cast<unsigned long long>(h.seed), h.spec.num_agents);
  ImGui::Separator();
  if (session_->num_envs() > 1) {
    int env = env_;
    if (ImGui::SliderInt("recorded env", &env, 0, session_->num_envs() - 1)) {
      env_ = std::clamp(env, 0, session_->num_envs() - 1);
      frame_ = std::min(frame_, session_->frames(env_).size() - 1);
    }
  }
  const auto& frames = session_->frames(env_);
  const ReplayFrame& f = *frames[frame_];
  ImGui::Text("episode %d   step %zu%s", session_->episode_of(env_, frame_), frame_ - session_->episode_start(env_, frame_),
              f.terminated ? "   (terminated)" : f.truncated ? "   (truncated)" : "");
  if (ImGui::Button(playing_ ? "Pause" : "Play")) playing_ = !playing_;
  ImGui::SameLine();
  if (ImGui::Button("|<")) {  // this episode's start, or the previous episode's from there
    const size_t start = session_->episode_start(env_, frame_);
    frame_ = frame_ == start && start > 0 ? session_->episode_start(env_, start - 1) : start;
  }
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("episode start (again: previous episode)");
  ImGui::SameLine();
  if (ImGui::Button("<") && frame_ > 0) --frame_;
  ImGui::SameLine();
  if (ImGui::Button(">") && frame_ + 1 < frames.size()) ++frame_;
  ImGui::SameLine();
  if (ImGui::Button(">|") && session_->episode_end(env_, frame_) + 1 < frames.size())
    frame_ = session_->episode_end(env_, frame_) + 1;  // the next episode's first frame
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("next episode");
  ImGui::SliderFloat("speed (fps)", &speed_, 1.0f, 60.0f, "%.0f");
  int frame = static_cast<int>(frame_);
  if (ImGui::SliderInt("frame", &frame, 0, static_cast<int>(frames.size()) - 1))
    frame_ = static_cast<size_t>(std::clamp(frame, 0, static_cast<int>(frames.size()) - 1));
  ImGui::Checkbox("sight and attack ranges", &options_.ranges);
  ImGui::Checkbox("zoom to the units", &options_.zoom);
}

void Viewer::run_panel() {
  ImGui::Separator();
  ImGui::TextWrapped("run %s", run_->path().c_str());
  if (ImGui::CollapsingHeader("learning curves", ImGuiTreeNodeFlags_DefaultOpen)) {
    for (const char* column : {"episode_return", "win_rate", "score", "episode_length", "entropy"})
      plot(column, run_->column(column), 60.0f);
  }
  if (ImGui::CollapsingHeader("replays", ImGuiTreeNodeFlags_DefaultOpen)) {
    for (const std::string& path : run_->replays()) {
      const bool open = session_ && session_->path() == path;
      if (ImGui::Selectable(std::filesystem::path(path).filename().c_str(), open) && !open) open_replay(path);
    }
  }
}

void Viewer::plots_panel() {
  if (!session_) return;
  if (!ImGui::BeginTabBar("bottom")) return;
  if (ImGui::BeginTabItem("rewards")) {
    const int agents = session_->header().spec.num_agents;
    ImGui::SetNextItemWidth(200);
    ImGui::SliderInt("agent", &plot_agent_, 0, agents - 1);
    plot_agent_ = std::clamp(plot_agent_, 0, agents - 1);
    const std::vector<float> rewards = session_->rewards(env_, plot_agent_), returns = session_->returns(env_, plot_agent_);
    ImGui::Text("reward %.3f   return %.3f at this frame", rewards[frame_], returns[frame_]);
    plot("reward", rewards, 45.0f);
    plot("return", returns, 45.0f);
    ImGui::EndTabItem();
  }
  if (ImGui::BeginTabItem("state and observations")) {
    const VecEnv& game = session_->load(env_, frame_);
    RenderContext ctx{*session_, env_, frame_, game, options_};
    const ImVec2 min = ImGui::GetCursorScreenPos(), avail = ImGui::GetContentRegionAvail();
    table_->draw(ctx, min, ImVec2(min.x + avail.x, min.y + avail.y));
    ImGui::EndTabItem();
  }
  ImGui::EndTabBar();
}

void Viewer::error_popup() {
  if (error_.empty()) return;
  ImGui::OpenPopup("error");
  ImGui::SetNextWindowSize(ImVec2(520, 0));
  if (ImGui::BeginPopupModal("error", nullptr, ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoSavedSettings)) {
    ImGui::PushTextWrapPos(500);
    ImGui::TextUnformatted(error_.c_str());
    ImGui::PopTextWrapPos();
    if (ImGui::Button(session_ || run_ ? "Close" : "Quit")) {
      if (!session_ && !run_) quit_ = true;
      error_.clear();
      ImGui::CloseCurrentPopup();
    }
    ImGui::EndPopup();
  }
}

}  // namespace viz
}  // namespace agora
