// SMAX: the arena, units by team and type (health bars, attack lines, ranges on demand).
#include "viz/renderers/smax.h"

#include <algorithm>
#include <cstdio>

#include "envs/smax/smax.h"
#include "viz/renderer.h"

namespace agora {
namespace viz {
namespace {

const char* const kTypeLetters[] = {"Ma", "Mr", "St", "Ze", "Zg", "Hy"};  // JaxMARL's type order
const char* const kOutcomes[] = {"", "won", "lost", "draw", "timeout"};

template <int K>
class SmaxRenderer final : public GameRenderer<SmaxGameT<K>> {
  using Game = SmaxGameT<K>;
  using Base = GameRenderer<Game>;

 public:
  using Base::Base;

  void draw(const RenderContext& ctx, ImVec2 min, ImVec2 max) override {
    const typename Game::State s = Base::state(ctx);
    const typename Game::Config& c = this->cfg_;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    SmaxBox box;  // the whole episode's units, so the view holds still while it plays
    for (size_t k = ctx.episode_start(); k <= ctx.episode_end(); ++k) box.add<Game>(Base::state_at(ctx, k), c);
    const WorldToCanvas map = smax_view(box, c.width, c.height, min, max, ctx.options.zoom);
    dl->PushClipRect(ImVec2(min.x, min.y + kSmaxHeaderHeight), max, true);
    dl->AddRectFilled(map(0, c.height), map(c.width, 0), IM_COL32(44, 48, 40, 255));
    dl->AddRect(map(0, c.height), map(c.width, 0), IM_COL32(190, 150, 70, 255), 0.0f, 0, 3.0f);  // lethal walls
    // A grid line every 4 units gives the zoomed view its scale.
    for (int g = 4; g < static_cast<int>(c.width); g += 4)
      dl->AddLine(map(static_cast<float>(g), 0), map(static_cast<float>(g), c.height), IM_COL32(60, 66, 56, 255));
    for (int g = 4; g < static_cast<int>(c.height); g += 4)
      dl->AddLine(map(0, static_cast<float>(g)), map(c.width, static_cast<float>(g)), IM_COL32(60, 66, 56, 255));

    const int n = Game::num_units(c);
    int alive[2] = {0, 0};
    for (int i = 0; i < n; ++i) alive[i >= c.num_allies] += Game::alive(s.units[i]);
    char status[160];
    std::snprintf(status, sizeof(status), "step %d   allies %d/%d   enemies %d/%d   %s", s.step, alive[0],
                  c.num_allies, alive[1], c.num_enemies, kOutcomes[std::clamp<int>(s.outcome, 0, 4)]);

    // Ranges first (under the units), then attack lines, then units on top.
    for (int i = 0; i < n && ctx.options.ranges; ++i) {
      const auto& u = s.units[i];
      if (!Game::alive(u)) continue;
      const auto& t = c.types[type_of(u)];
      dl->AddCircle(map(u.x, u.y), t.sight_range * map.scale, IM_COL32(200, 200, 200, 60), 48);
      dl->AddCircle(map(u.x, u.y), t.attack_range * map.scale, (colors::kTeam[i >= c.num_allies] & 0x00FFFFFF) | 0x90000000u, 48);
    }
    // A unit keeps its last attack action after its target falls: draw the line to a dead
    // target only on the frame of the killing shot (the target was alive the frame before).
    const bool has_previous = ctx.frame > ctx.episode_start();
    const typename Game::State previous = has_previous ? Base::state_at(ctx, ctx.frame - 1) : s;
    for (int i = 0; i < n; ++i) {
      const auto& u = s.units[i];
      if (!Game::alive(u) || u.last_action_attack < Game::kFirstAttack) continue;
      const int target = Game::attack_target(c, i, u.last_action_attack);
      if (target < 0 || target >= n) continue;
      const auto& v = s.units[target];
      if (!Game::alive(v) && !(has_previous && Game::alive(previous.units[target]))) continue;
      dl->AddLine(map(u.x, u.y), map(v.x, v.y), (colors::kTeam[i >= c.num_allies] & 0x00FFFFFF) | 0xB0000000u, 1.5f);
    }
    for (int i = 0; i < n; ++i) {
      const auto& u = s.units[i];
      const int team = i >= c.num_allies;
      const auto& t = c.types[type_of(u)];
      const ImVec2 p = map(u.x, u.y);
      const float r = std::max(t.radius * map.scale, 6.0f);
      if (!Game::alive(u)) {  // a small grey cross where it fell
        dl->AddLine(ImVec2(p.x - r / 2, p.y - r / 2), ImVec2(p.x + r / 2, p.y + r / 2), colors::kDim, 1.5f);
        dl->AddLine(ImVec2(p.x - r / 2, p.y + r / 2), ImVec2(p.x + r / 2, p.y - r / 2), colors::kDim, 1.5f);
        continue;
      }
      dl->AddCircleFilled(p, r, colors::kTeam[team], 24);
      dl->AddCircle(p, r, IM_COL32(0, 0, 0, 160), 24, 1.0f);
      const float frac = std::clamp(u.health / t.health, 0.0f, 1.0f);
      const ImVec2 bar(p.x - r, p.y - r - 5);
      dl->AddRectFilled(bar, ImVec2(bar.x + 2 * r, bar.y + 3), IM_COL32(70, 20, 20, 255));
      dl->AddRectFilled(bar, ImVec2(bar.x + 2 * r * frac, bar.y + 3), colors::kGood);
      text(dl, ImVec2(p.x + r + 1, p.y - r), colors::kText, kTypeLetters[type_of(u)]);
    }
    dl->PopClipRect();
    text(dl, min, colors::kText, status);
  }

 private:
  static int type_of(const typename Game::Unit& u) { return std::clamp<int>(u.type, 0, Game::kNumTypes - 1); }
};

AGORA_REGISTER_RENDERER(SmaxGameT<8>, SmaxRenderer<8>);
AGORA_REGISTER_RENDERER(SmaxGameT<16>, SmaxRenderer<16>);
AGORA_REGISTER_RENDERER(SmaxGameT<32>, SmaxRenderer<32>);
AGORA_REGISTER_RENDERER(SmaxGameT<64>, SmaxRenderer<64>);

}  // namespace
}  // namespace viz
}  // namespace agora
