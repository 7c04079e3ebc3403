#include "agents/hanabi_bots.h"

namespace agora {
namespace hanabi_bots {
namespace {

using Game = HanabiGame;

/// What the holder knows about slot i of `player`'s hand: plausible (colour, rank) pairs.
bool knows_playable(const Game::State& s, const Game::Config& c, int player, int i) {
  for (int k = 0; k < c.colors; ++k) {
    if (!((s.color_plausible[player][i] >> k) & 1u)) continue;
    for (int r = 0; r < c.ranks; ++r)
      if (((s.rank_plausible[player][i] >> r) & 1u) && s.fireworks[k] != r) return false;
  }
  return true;
}

bool knows_dead(const Game::State& s, const Game::Config& c, int player, int i) {
  for (int k = 0; k < c.colors; ++k) {
    if (!((s.color_plausible[player][i] >> k) & 1u)) continue;
    for (int r = 0; r < c.ranks; ++r)
      if (((s.rank_plausible[player][i] >> r) & 1u) && r >= s.fireworks[k]) return false;
  }
  return true;
}

bool hinted(const Game::State& s, int player, int i) { return s.hinted_color[player][i] >= 0 || s.hinted_rank[player][i] >= 0; }

int color_of(const Game::Config& c, int card) { return card / c.ranks; }
int rank_of(const Game::Config& c, int card) { return card % c.ranks; }
bool playable(const Game::State& s, const Game::Config& c, int card) { return s.fireworks[color_of(c, card)] == rank_of(c, card); }

/// Is `card` the last copy still out (not discarded) of a card the fireworks still need?
bool critical(const Game::State& s, const Game::Config& c, int card) {
  const int rank = rank_of(c, card);
  if (rank < s.fireworks[color_of(c, card)]) return false;
  return s.discarded[card] == Game::copies(c, rank) - 1;
}

int discard_uid(int slot) { return slot; }
int play_uid(const Game::Config& c, int slot) { return c.hand_size + slot; }
int color_hint_uid(const Game::Config& c, int offset, int color) { return 2 * c.hand_size + (offset - 1) * c.colors + color; }
int rank_hint_uid(const Game::Config& c, int offset, int rank) {
  return 2 * c.hand_size + (c.players - 1) * c.colors + (offset - 1) * c.ranks + rank;
}

/// A hint that makes card `slot` of the player at `offset` known playable or at least
/// touched: the rank when every card of that rank in the hand is playable, else the colour.
int hint_for(const Game::State& s, const Game::Config& c, int player, int offset, int slot, bool prefer_clean_rank) {
  const int target = (player + offset) % c.players, card = s.hand[target][slot];
  if (prefer_clean_rank && s.hinted_rank[target][slot] < 0) {
    bool clean = true;
    for (int i = 0; i < s.hand_len[target]; ++i)
      if (rank_of(c, s.hand[target][i]) == rank_of(c, card) && !playable(s, c, s.hand[target][i])) clean = false;
    if (clean) return rank_hint_uid(c, offset, rank_of(c, card));
  }
  if (s.hinted_color[target][slot] < 0) return color_hint_uid(c, offset, color_of(c, card));
  return rank_hint_uid(c, offset, rank_of(c, card));
}

int oldest_unhinted(const Game::State& s, int player) {
  for (int i = 0; i < s.hand_len[player]; ++i)
    if (!hinted(s, player, i)) return i;
  return -1;
}

}  // namespace

int choose(Bot bot, const Game::State& s, const Game::Config& c) {
  const int me = s.cur_player;
  const bool convention = bot == Bot::kConvention;
  const bool can_discard = s.info < c.max_info;
  // 1. Play what I know is playable.
  for (int i = 0; i < s.hand_len[me]; ++i)
    if (knows_playable(s, c, me, i)) return play_uid(c, i);
  // 2. (convention) Discard what I know is dead.
  if (convention && can_discard)
    for (int i = 0; i < s.hand_len[me]; ++i)
      if (knows_dead(s, c, me, i)) return discard_uid(i);
  if (s.info > 0) {
    // 3. Hint a playable card its holder does not know about, nearest player first.
    for (int offset = 1; offset < c.players; ++offset) {
      const int target = (me + offset) % c.players;
      for (int i = 0; i < s.hand_len[target]; ++i)
        if (playable(s, c, s.hand[target][i]) && !knows_playable(s, c, target, i))
          return hint_for(s, c, me, offset, i, convention);
    }
    // 4. (convention) Save the next player's oldest unhinted card if it is critical.
    if (convention) {
      const int next = (me + 1) % c.players, chop = oldest_unhinted(s, next);
      if (chop >= 0 && critical(s, c, s.hand[next][chop])) return rank_hint_uid(c, 1, rank_of(c, s.hand[next][chop]));
    }
  }
  // 5. Discard: the oldest unhinted card (convention) or the oldest card.
  if (can_discard) {
    const int chop = convention ? oldest_unhinted(s, me) : -1;
    return discard_uid(chop >= 0 ? chop : 0);
  }
  // 6. Full information and nothing useful: a rank hint to the nearest player holding cards
  //    (it always touches a card); with every other hand empty, play the oldest card.
  for (int offset = 1; offset < c.players; ++offset) {
    const int target = (me + offset) % c.players;
    if (s.hand_len[target] > 0) return rank_hint_uid(c, offset, rank_of(c, s.hand[target][0]));
  }
  return play_uid(c, 0);
}

}  // namespace hanabi_bots
}  // namespace agora
