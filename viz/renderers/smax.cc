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
    const WorldToCanvas map = smax_arena(c.width, c.height, min, max);
    dl->AddRectFilled(map(0, c.height), map(c.width, 0), IM_COL32(44, 48, 40, 255));
    dl->AddRect(map(0, c.height), map(c.width, 0), colors::kDim, 0.0f, 0, 2.0f);

    const int n = Game::num_units(c);
    int alive[2] = {0, 0};
    for (int i = 0; i < n; ++i) alive[i >= c.num_allies] += Game::alive(s.units[i]);
    char status[160];
    std::snprintf(status, sizeof(status), "step %d   allies %d/%d   enemies %d/%d   %s", s.step, alive[0],
                  c.num_allies, alive[1], c.num_enemies, kOutcomes[std::clamp<int>(s.outcome, 0, 4)]);
    text(dl, min, colors::kText, status);

    // Ranges first (under the units), then attack lines, then units on top.
    for (int i = 0; i < n && ctx.options.ranges; ++i) {
      const auto& u = s.units[i];
      if (!Game::alive(u)) continue;
      const auto& t = c.types[type_of(u)];
      dl->AddCircle(map(u.x, u.y), t.sight_range * map.scale, IM_COL32(200, 200, 200, 60), 48);
      dl->AddCircle(map(u.x, u.y), t.attack_range * map.scale, (colors::kTeam[i >= c.num_allies] & 0x00FFFFFF) | 0x90000000u, 48);
    }
    for (int i = 0; i < n; ++i) {
      const auto& u = s.units[i];
      if (!Game::alive(u) || u.last_action_attack < Game::kFirstAttack) continue;
      const int target = Game::attack_target(c, i, u.last_action_attack);
      if (target < 0 || target >= n) continue;
      const auto& v = s.units[target];
      dl->AddLine(map(u.x, u.y), map(v.x, v.y), (colors::kTeam[i >= c.num_allies] & 0x00FFFFFF) | 0xB0000000u, 1.5f);
    }
    for (int i = 0; i < n; ++i) {
      const auto& u = s.units[i];
      const int team = i >= c.num_allies;
      const auto& t = c.types[type_of(u)];
      const ImVec2 p = map(u.x, u.y);
      const float r = std::max(t.radius * map.scale, 5.0f);
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
