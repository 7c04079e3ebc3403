// hanabi/*: config parsing (HLE's parameters, plus `deck`), spec, descriptions, registrations.
#include "envs/hanabi/hanabi.h"

#include <cstring>
#include <sstream>

#include "core/error.h"
#include "core/registry.h"

namespace agora {
namespace {

constexpr char kColorLetters[] = "RYGWB";

std::string card_name(int card, int ranks) {
  return std::string(1, kColorLetters[card / ranks]) + std::to_string(card % ranks + 1);
}

}  // namespace

HanabiGame::Config HanabiGame::load_config(ConfigReader& r) {
  Config c{};
  c.players = r.get_int("players", 2, 2, kMaxPlayers);
  c.colors = r.get_int("colors", kMaxColors, 1, kMaxColors);
  c.ranks = r.get_int("ranks", kMaxRanks, 1, kMaxRanks);
  c.hand_size = r.get_int("hand_size", c.players < 4 ? 5 : 4, 1, kMaxHand);
  c.max_info = r.get_int("max_information_tokens", 8, 1, 100);
  c.max_life = r.get_int("max_life_tokens", 3, 1, 100);
  c.random_start_player = r.get_bool("random_start_player", false);
  // Agora's: who moves first, to replay recorded games that did not start with player 0.
  c.start_player = r.get_int("start_player", -1, -1, c.players - 1);
  // In the order of HLE's AgentObservationType values.
  c.observation_type = r.get_choice("observation_type", "card_knowledge", {"minimal", "card_knowledge", "seer"});
  c.deck_size = 0;
  for (int rank = 0; rank < c.ranks; ++rank) c.deck_size += copies(c, rank) * c.colors;
  AGORA_CHECK(c.hand_size * c.players <= c.deck_size,
              "hanabi config: " + std::to_string(c.players) + " hands of " + std::to_string(c.hand_size) +
                  " need more than the " + std::to_string(c.deck_size) + "-card deck");
  // `deck`: the order in which cards leave the deck, initial deal first (player 0's hand,
  // then player 1's, ...), as "R1".."B5"; cards not listed follow in random order.
  const std::vector<std::string> deck = r.get_string_list("deck", {});
  AGORA_CHECK(static_cast<int>(deck.size()) <= c.deck_size,
              "hanabi config: key 'deck' lists " + std::to_string(deck.size()) + " cards, the deck has " +
                  std::to_string(c.deck_size));
  int used[kMaxColors * kMaxRanks] = {};
  c.fixed_deck_len = static_cast<int>(deck.size());
  for (size_t i = 0; i < deck.size(); ++i) {
    const std::string& name = deck[i];
    const std::string where = "hanabi config: key 'deck' entry " + std::to_string(i) + " '" + name + "'";
    const char* letter = name.size() == 2 ? std::strchr(kColorLetters, name[0]) : nullptr;
    const int color = letter && name[0] ? static_cast<int>(letter - kColorLetters) : -1;
    const int rank = name.size() == 2 ? name[1] - '1' : -1;
    AGORA_CHECK(color >= 0 && color < c.colors && rank >= 0 && rank < c.ranks,
                where + " is not a card of this game (colours " + std::string(kColorLetters, c.colors) + ", ranks 1-" +
                    std::to_string(c.ranks) + ")");
    const int card = color * c.ranks + rank;
    AGORA_CHECK(++used[card] <= copies(c, rank), where + ": more copies than the deck holds");
    c.fixed_deck[i] = static_cast<int8_t>(card);
  }
  // Canonical observation layout (canonical_encoders.cc).
  const int P = c.players, H = c.hand_size, CR = c.colors * c.ranks;
  c.obs_board = (P - 1) * H * CR + P;
  c.obs_discards = c.obs_board + (c.deck_size - P * H) + CR + c.max_info + c.max_life;
  c.obs_last = c.obs_discards + c.deck_size;
  c.obs_knowledge = c.obs_last + P + 4 + P + c.colors + c.ranks + H + H + CR + 2;
  c.obs_dim = c.obs_knowledge + (c.observation_type == kMinimal ? 0 : P * H * (CR + c.colors + c.ranks));
  for (int card = 0, offset = 0; card < CR; ++card) {
    c.discard_offset[card] = static_cast<int16_t>(offset);
    offset += copies(c, card % c.ranks);
  }
  for (uint32_t colors = 0; colors < (1u << kMaxColors); ++colors) {
    c.color_spread[colors] = 0;
    for (int k = 0; k < c.colors; ++k) c.color_spread[colors] |= ((colors >> k) & 1u) << (k * c.ranks);
  }
  return c;
}

EnvSpec HanabiGame::spec(const Config& c) {
  EnvSpec s;
  s.num_agents = c.players;
  s.obs_dim = c.obs_dim;
  s.state_dim = c.obs_dim + c.hand_size * c.colors * c.ranks + c.players;
  s.num_actions = max_moves(c);
  s.turn_based = true;
  // Plays and discards use up at most the deck; hints need tokens, of which there are the
  // initial ones plus one per discard and per completed stack.
  s.max_steps = 2 * c.deck_size + c.max_info + c.colors + c.players;
  return s;
}

const char* HanabiGame::check_state(const State& s, const Config& c) {
  StateCheck check;
  const int cards = c.colors * c.ranks;
  for (int i = 0; i < c.deck_size; ++i) check.need(s.deck[i] >= 0 && s.deck[i] < cards, "a deck card out of range");
  check.need(s.deck_next >= 0 && s.deck_next <= c.deck_size, "deck position out of range");
  check.need(s.cur_player >= 0 && s.cur_player < c.players, "no such current player");
  check.need(s.turns_to_play >= 0 && s.turns_to_play <= c.players + 1, "turns to play out of range");
  check.need(s.info >= 0 && s.info <= c.max_info, "info tokens out of range");
  check.need(s.life >= 0 && s.life <= c.max_life, "life tokens out of range");
  for (int k = 0; k < kMaxColors; ++k) check.need(s.fireworks[k] >= 0 && s.fireworks[k] <= c.ranks, "a firework out of range");
  for (int p = 0; p < kMaxPlayers; ++p) {
    check.need(s.hand_len[p] >= 0 && s.hand_len[p] <= c.hand_size, "a hand size out of range");
    for (int k = 0; k < kMaxHand; ++k) {
      const bool held = p < c.players && k < s.hand_len[p];
      check.need(held ? (s.hand[p][k] >= 0 && s.hand[p][k] < cards) : s.hand[p][k] >= -1, "a hand card out of range");
      check.need(s.color_plausible[p][k] < (1u << c.colors) && s.rank_plausible[p][k] < (1u << c.ranks),
                 "card knowledge out of range");
      check.need(s.hinted_color[p][k] >= -1 && s.hinted_color[p][k] < c.colors, "a colour hint out of range");
      check.need(s.hinted_rank[p][k] >= -1 && s.hinted_rank[p][k] < c.ranks, "a rank hint out of range");
    }
  }
  for (int i = 0; i < kMaxColors * kMaxRanks; ++i) check.need(s.discarded[i] >= 0 && s.discarded[i] <= 3, "a discard count out of range");
  check.need(s.last_type >= kNone && s.last_type <= kRevealRank, "last move type out of range");
  check.need(s.last_player >= -1 && s.last_player < c.players, "last mover out of range");
  check.need(s.last_target >= -1 && s.last_target < c.players, "last target out of range");
  check.need(s.last_color >= -1 && s.last_color < c.colors, "last colour out of range");
  check.need(s.last_rank >= -1 && s.last_rank < c.ranks, "last rank out of range");
  check.need(s.last_index >= -1 && s.last_index < c.hand_size, "last card index out of range");
  check.need(s.last_card >= -1 && s.last_card < cards, "last card out of range");
  check.need(s.last_info_token >= -1 && s.last_info_token <= 1 && s.last_scored >= -1 && s.last_scored <= 1,
             "last move flags out of range");
  return check.reason;
}

std::string HanabiGame::describe(const State& s, const Config& c, int agent) {
  std::ostringstream out;
  out << "Hanabi, " << c.players << " players; you are player " << agent << ". ";
  out << (s.cur_player == agent ? "It is your turn. " : "It is player " + std::to_string(s.cur_player) + "'s turn. ");
  out << "Score " << score(s, c) << ", information tokens " << int(s.info) << "/" << c.max_info << ", lives "
      << int(s.life) << "/" << c.max_life << ", deck " << deck_left(s, c) << " cards.\nFireworks:";
  for (int k = 0; k < c.colors; ++k) out << " " << kColorLetters[k] << int(s.fireworks[k]);
  out << "\nYour hand (what hints told you):";
  for (int i = 0; i < s.hand_len[agent]; ++i) {
    out << " [";
    for (int k = 0; k < c.colors; ++k)
      if ((s.color_plausible[agent][i] >> k) & 1u) out << kColorLetters[k];
    for (int r = 0; r < c.ranks; ++r)
      if ((s.rank_plausible[agent][i] >> r) & 1u) out << r + 1;
    out << "]";
  }
  for (int rel = 1; rel < c.players; ++rel) {
    const int p = (agent + rel) % c.players;
    out << "\nPlayer " << p << "'s hand:";
    for (int i = 0; i < s.hand_len[p]; ++i) out << " " << card_name(s.hand[p][i], c.ranks);
  }
  out << "\nDiscards:";
  for (int card = 0; card < c.colors * c.ranks; ++card)
    for (int k = 0; k < s.discarded[card]; ++k) out << " " << card_name(card, c.ranks);
  return out.str();
}

AGORA_REGISTER_ENV("hanabi/2p", HanabiGame, R"({"players": 2})");
AGORA_REGISTER_ENV("hanabi/3p", HanabiGame, R"({"players": 3})");
AGORA_REGISTER_ENV("hanabi/4p", HanabiGame, R"({"players": 4})");
AGORA_REGISTER_ENV("hanabi/5p", HanabiGame, R"({"players": 5})");
// HLE's rl_env presets "Hanabi-Small" and "Hanabi-Very-Small".
AGORA_REGISTER_ENV("hanabi/small", HanabiGame,
                   R"({"players": 2, "colors": 2, "ranks": 5, "hand_size": 2, "max_information_tokens": 3, "max_life_tokens": 1})");
AGORA_REGISTER_ENV("hanabi/very_small", HanabiGame,
                   R"({"players": 2, "colors": 1, "ranks": 5, "hand_size": 2, "max_information_tokens": 3, "max_life_tokens": 1})");

}  // namespace agora
