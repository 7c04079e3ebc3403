// The renderer of games without their own: the game's own description of the state, the
// world state and every agent's observation, as tables (values computed by the game's code
// from the recorded state).
#include <algorithm>
#include <cstdio>

#include "viz/draw.h"
#include "viz/renderer.h"

namespace agora {
namespace viz {
namespace {

class TableRenderer final : public Renderer {
 public:
  explicit TableRenderer(const ReplayHeader&) {}

  void draw(const RenderContext& ctx, ImVec2 min, ImVec2 max) override {
    const VecEnv& game = ctx.game;
    const EnvSpec& spec = game.spec();
    ImGui::SetCursorScreenPos(min);
    ImGui::BeginChild("table_view", ImVec2(max.x - min.x, max.y - min.y), false);
    ImGui::Text("%s: no picture for this game; its state as the game describes it", game.name().c_str());
    ImGui::SetNextItemWidth(160);
    ImGui::SliderInt("point of view", &agent_, 0, spec.num_agents - 1);
    agent_ = std::clamp(agent_, 0, spec.num_agents - 1);
    ImGui::TextWrapped("%s", game.describe(0, agent_).c_str());
    ImGui::Separator();

    const float* obs = game.obs().data;
    const uint8_t* legal = game.legal().data;
    const int shown_agents = std::min(spec.num_agents, 60);  // ImGui tables hold 64 columns
    if (ImGui::BeginTable("obs", shown_agents + 1,
                          ImGuiTableFlags_Borders | ImGuiTableFlags_ScrollY | ImGuiTableFlags_RowBg,
                          ImVec2(0, (max.y - ImGui::GetCursorScreenPos().y) * 0.6f))) {
      ImGui::TableSetupScrollFreeze(1, 1);
      ImGui::TableSetupColumn("obs");
      for (int a = 0; a < shown_agents; ++a) ImGui::TableSetupColumn(("agent " + std::to_string(a)).c_str());
      ImGui::TableHeadersRow();
      ImGui::TableNextRow();
      ImGui::TableSetColumnIndex(0);
      ImGui::TextUnformatted("legal");
      for (int a = 0; a < shown_agents; ++a) {
        ImGui::TableSetColumnIndex(a + 1);
        std::string mask;
        for (int k = 0; k < spec.num_actions && k < 40; ++k) mask += legal[a * spec.num_actions + k] ? '1' : '.';
        ImGui::TextUnformatted(mask.c_str());
      }
      ImGuiListClipper clipper;
      clipper.Begin(spec.obs_dim);
      while (clipper.Step()) {
        for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
          ImGui::TableNextRow();
          ImGui::TableSetColumnIndex(0);
          ImGui::Text("%d", i);
          for (int a = 0; a < shown_agents; ++a) {
            ImGui::TableSetColumnIndex(a + 1);
            ImGui::Text("%.4g", obs[static_cast<size_t>(a) * spec.obs_dim + i]);
          }
        }
      }
      ImGui::EndTable();
    }
    if (spec.state_dim > 0 && game.state().data) {
      ImGui::Text("world state (%d floats)", spec.state_dim);
      std::string line;
      const float* w = game.state().data;
      for (int i = 0; i < spec.state_dim; ++i) {
        char cell[32];
        std::snprintf(cell, sizeof(cell), "%.4g ", w[i]);
        line += cell;
      }
      ImGui::TextWrapped("%s", line.c_str());
    }
    ImGui::EndChild();
  }

 private:
  int agent_ = 0;
};

}  // namespace

std::unique_ptr<Renderer> make_table_renderer(const ReplayHeader& header) {
  return std::unique_ptr<Renderer>(new TableRenderer(header));
}

}  // namespace viz
}  // namespace agora
