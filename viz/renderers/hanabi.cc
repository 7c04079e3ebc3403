// Hanabi: every hand (cards face up, as an observer sees them) with what its holder knows
// (plausible colours and ranks, direct hints), the fireworks, info and life tokens, the
// discard pile and the last move.
#include <algorithm>
#include <cstdio>

#include "envs/hanabi/hanabi.h"
#include "viz/draw.h"
#include "viz/renderer.h"

namespace agora {
namespace viz {
namespace {

// HLE's colour order: red, yellow, green, white, blue.
constexpr ImU32 kCardColors[] = {IM_COL32(220, 60, 60, 255), IM_COL32(235, 205, 50, 255), IM_COL32(60, 180, 80, 255),
                                 IM_COL32(235, 235, 235, 255), IM_COL32(60, 110, 230, 255)};
constexpr char kColorLetters[] = "RYGWB";
constexpr float kCardW = 34, kCardH = 48, kGap = 8;

class HanabiRenderer final : public GameRenderer<HanabiGame> {
 public:
  using GameRenderer::GameRenderer;

  void draw(const RenderContext& ctx, ImVec2 min, ImVec2 max) override {
    (void)max;
    using G = HanabiGame;
    const State s = state(ctx);
    const int colors_n = std::clamp(cfg_.colors, 1, G::kMaxColors), ranks = std::clamp(cfg_.ranks, 1, G::kMaxRanks);
    const int players = std::clamp(cfg_.players, 1, G::kMaxPlayers);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    char status[200];
    std::snprintf(status, sizeof(status), "score %d   deck %d   turn: player %d", G::score(s, cfg_),
                  G::deck_left(s, cfg_), s.cur_player);
    text(dl, min, colors::kText, status);

    // Tokens: info (blue) and life (red), filled while available.
    float x = min.x, y = min.y + 22;
    text(dl, ImVec2(x, y), colors::kDim, "info");
    for (int k = 0; k < cfg_.max_info && k < 16; ++k) {
      const ImVec2 c(x + 48 + k * 16, y + 7);
      if (k < s.info) dl->AddCircleFilled(c, 6, kCardColors[4]);
      else dl->AddCircle(c, 6, kCardColors[4], 12, 1.5f);
    }
    text(dl, ImVec2(x + 48 + 16 * std::min(cfg_.max_info, 16) + 12, y), colors::kDim, "life");
    for (int k = 0; k < cfg_.max_life && k < 8; ++k) {
      const ImVec2 c(x + 48 + 16 * std::min(cfg_.max_info, 16) + 60 + k * 16, y + 7);
      if (k < s.life) dl->AddCircleFilled(c, 6, kCardColors[0]);
      else dl->AddCircle(c, 6, kCardColors[0], 12, 1.5f);
    }

    // Fireworks: one pile per colour showing its top rank.
    y += 26;
    text(dl, ImVec2(x, y + kCardH / 2 - 7), colors::kDim, "fireworks");
    for (int k = 0; k < colors_n; ++k) {
      const int top = std::clamp<int>(s.fireworks[k], 0, ranks);
      card(dl, ImVec2(x + 80 + k * (kCardW + kGap), y), k, top > 0 ? std::to_string(top) : "", top > 0);
    }

    // Hands, with the holder's knowledge under each card.
    y += kCardH + 16;
    for (int p = 0; p < players; ++p) {
      const ImU32 label = p == s.cur_player ? colors::kAccent : colors::kText;
      text(dl, ImVec2(x, y + kCardH / 2 - 7), label, "player " + std::to_string(p) + (p == s.cur_player ? " *" : ""));
      const int len = std::clamp<int>(s.hand_len[p], 0, G::kMaxHand);
      for (int k = 0; k < len; ++k) {
        const int c = s.hand[p][k];
        const ImVec2 at(x + 80 + k * (kCardW + kGap), y);
        if (c < 0 || c >= colors_n * ranks) {
          card(dl, at, -1, "?", false);
          continue;
        }
        card(dl, at, c / ranks, std::to_string(c % ranks + 1), true);
        // What the holder knows: plausible colours as dots, plausible ranks as digits; a
        // direct hint is drawn brighter.
        const float ky = y + kCardH + 3;
        for (int col = 0; col < colors_n; ++col) {
          if (!(s.color_plausible[p][k] >> col & 1)) continue;
          const float rad = s.hinted_color[p][k] == col ? 4.0f : 2.5f;
          dl->AddCircleFilled(ImVec2(at.x + 4 + col * 6.5f, ky + 4), rad, kCardColors[col]);
        }
        std::string known;
        for (int r = 0; r < ranks; ++r)
          if (s.rank_plausible[p][k] >> r & 1) known += static_cast<char>('1' + r);
        text(dl, ImVec2(at.x, ky + 9), s.hinted_rank[p][k] >= 0 ? colors::kAccent : colors::kDim, known);
        if (p == s.last_target && (s.last_type == G::kRevealColor || s.last_type == G::kRevealRank) &&
            (s.last_reveal_mask >> k & 1))
          dl->AddRect(ImVec2(at.x - 3, at.y - 3), ImVec2(at.x + kCardW + 3, at.y + kCardH + 3), colors::kAccent, 4, 0, 2);
      }
      y += kCardH + 36;
    }

    // Discards: copies of each card in the pile.
    text(dl, ImVec2(x, y), colors::kDim, "discards");
    for (int col = 0; col < colors_n; ++col) {
      std::string row;
      for (int r = 0; r < ranks; ++r)
        for (int n = 0; n < s.discarded[col * ranks + r]; ++n) row += std::to_string(r + 1) + " ";
      text(dl, ImVec2(x + 80, y + col * 16), kCardColors[col], std::string(1, kColorLetters[col]) + ": " + row);
    }
    y += colors_n * 16 + 8;
    text(dl, ImVec2(x, y), colors::kText, "last move: " + last_move(s, colors_n, ranks));
  }

 private:
  static void card(ImDrawList* dl, ImVec2 at, int color, const std::string& label, bool filled) {
    const ImVec2 end(at.x + kCardW, at.y + kCardH);
    const ImU32 c = color >= 0 && color < 5 ? kCardColors[color] : colors::kDim;
    if (filled) dl->AddRectFilled(at, end, c, 4);
    dl->AddRect(at, end, filled ? IM_COL32(0, 0, 0, 200) : c, 4, 0, 1.5f);
    text_centered(dl, ImVec2((at.x + end.x) / 2, (at.y + end.y) / 2), filled ? IM_COL32(0, 0, 0, 255) : c, label);
  }

  static std::string card_name(int card, int colors_n, int ranks) {
    if (card < 0 || card >= colors_n * ranks) return "?";
    return std::string(1, kColorLetters[card / ranks]) + std::to_string(card % ranks + 1);
  }

  static std::string last_move(const State& s, int colors_n, int ranks) {
    const std::string who = "player " + std::to_string(s.last_player);
    switch (s.last_type) {
      case HanabiGame::kPlay:
        return who + " played " + card_name(s.last_card, colors_n, ranks) + (s.last_scored ? " (scored)" : " (miss)");
      case HanabiGame::kDiscard:
        return who + " discarded " + card_name(s.last_card, colors_n, ranks);
      case HanabiGame::kRevealColor:
        return who + " told player " + std::to_string(s.last_target) + " about " +
               (s.last_color >= 0 && s.last_color < 5 ? std::string(1, kColorLetters[s.last_color]) : "?");
      case HanabiGame::kRevealRank:
        return who + " told player " + std::to_string(s.last_target) + " about " + std::to_string(s.last_rank + 1) + "s";
      default:
        return "none";
    }
  }
};

AGORA_REGISTER_RENDERER(HanabiGame, HanabiRenderer);

}  // namespace
}  // namespace viz
}  // namespace agora
