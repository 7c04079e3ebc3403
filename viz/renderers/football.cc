// Football: the pitch, numbered players of both teams, the ball (lifted by its height), who has
// it, the score, the clock and the game mode.
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "envs/football/football.h"
#include "viz/draw.h"
#include "viz/renderer.h"

namespace agora {
namespace viz {
namespace {

const char* const kModes[] = {"play", "kick-off", "goal kick", "free kick", "corner", "throw-in", "penalty"};
const char* const kRoles[] = {"GK", "CB", "LB", "RB", "DM", "CM", "LM", "RM", "AM", "CF"};

class FootballRenderer final : public GameRenderer<FootballGame> {
 public:
  using GameRenderer::GameRenderer;

  void draw(const RenderContext& ctx, ImVec2 min, ImVec2 max) override {
    using G = FootballGame;
    const State s = state(ctx);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    char status[200];
    const int mode = std::clamp<int>(s.mode, 0, 6);
    std::snprintf(status, sizeof(status), "Left %d - %d Right    step %d/%d    %s%s", s.goals[0], s.goals[1], s.step,
                  cfg_.game_duration, kModes[mode], mode == G::kNormal ? "" : (s.mode_team == 0 ? " (left)" : " (right)"));
    text(dl, min, colors::kText, status);

    const float hl = G::kPitchHalfLength, hw = G::kPitchHalfWidth;
    const WorldToCanvas map(-hl - 0.06f, -hw - 0.04f, hl + 0.06f, hw + 0.04f, ImVec2(min.x, min.y + 22), max, false);
    dl->AddRectFilled(map(-hl - 0.06f, -hw - 0.04f), map(hl + 0.06f, hw + 0.04f), IM_COL32(38, 110, 50, 255));
    const ImU32 line = IM_COL32(235, 245, 235, 200);
    dl->AddRect(map(-hl, -hw), map(hl, hw), line, 0, 0, 2.0f);
    dl->AddLine(map(0, -hw), map(0, hw), line, 2.0f);
    dl->AddCircle(map(0, 0), 0.174f * map.scale, line, 48, 2.0f);  // 9.15 m
    for (float side : {-1.0f, 1.0f}) {
      const float x = side * hl, box = side * (hl - 0.314f), small = side * (hl - 0.105f);  // 16.5 m, 5.5 m
      dl->AddRect(map(std::min(x, box), -0.384f), map(std::max(x, box), 0.384f), line, 0, 0, 2.0f);
      dl->AddRect(map(std::min(x, small), -0.175f), map(std::max(x, small), 0.175f), line, 0, 0, 1.5f);
      const float back = x + side * 0.04f;
      dl->AddRectFilled(map(std::min(x, back), -G::kGoalHalfWidth), map(std::max(x, back), G::kGoalHalfWidth),
                        IM_COL32(240, 240, 240, 230));
    }

    bool controlled[G::kPlayers] = {};
    const int agents = std::clamp<int>(cfg_.agents, 0, G::kTeamSize);
    for (int k = 0; k < agents; ++k) {
      const int p = s.controlled[k];
      if (p >= 0 && p < G::kPlayers) controlled[p] = true;
    }
    const float r = std::max(0.018f * map.scale, 7.0f);
    for (int p = 0; p < G::kPlayers; ++p) {
      if (!G::exists(cfg_, p)) continue;
      const G::Player& q = s.players[p];
      const int team = G::team_of(p), i = G::index_in_team(p);
      const ImVec2 at = map(q.x, q.y);
      dl->AddLine(at, ImVec2(at.x + q.face_x * r * 1.6f, at.y + q.face_y * r * 1.6f), IM_COL32(0, 0, 0, 150), 2.0f);
      dl->AddCircleFilled(at, r, colors::kTeam[team], 20);
      if (controlled[p]) dl->AddCircle(at, r + 3, colors::kAccent, 20, 2.5f);
      if (p == s.owner) dl->AddCircle(at, r + 6, IM_COL32(255, 255, 255, 255), 20, 1.5f);
      text_centered(dl, at, IM_COL32(255, 255, 255, 255), std::to_string(i));
      if (cfg_.role[team][i] == G::kGK) text(dl, ImVec2(at.x + r, at.y + r - 4), colors::kDim, kRoles[0]);
    }
    // The ball's shadow on the ground, the ball lifted by its height.
    const ImVec2 ground = map(s.ball[0], s.ball[1]);
    const float lift = std::max(s.ball[2], 0.0f) * map.scale * 2.0f;
    dl->AddCircleFilled(ground, 4.0f, IM_COL32(0, 0, 0, 110), 12);
    dl->AddCircleFilled(ImVec2(ground.x, ground.y - lift), 5.0f, IM_COL32(255, 255, 255, 255), 12);
    dl->AddCircle(ImVec2(ground.x, ground.y - lift), 5.0f, IM_COL32(0, 0, 0, 255), 12, 1.0f);

    std::string owner = "ball free";
    if (s.owner >= 0 && s.owner < G::kPlayers)
      owner = std::string("ball: ") + (G::team_of(s.owner) == 0 ? "left #" : "right #") +
              std::to_string(G::index_in_team(s.owner));
    char footer[200];
    std::snprintf(footer, sizeof(footer), "%s    shots %d-%d    passes %d-%d", owner.c_str(), s.shots[0], s.shots[1],
                  s.passes[0], s.passes[1]);
    text(dl, ImVec2(min.x, max.y - 18), colors::kText, footer);
  }
};

AGORA_REGISTER_RENDERER(FootballGame, FootballRenderer);

}  // namespace
}  // namespace viz
}  // namespace agora
