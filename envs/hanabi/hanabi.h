#pragma once
// hanabi/*: Hanabi exactly as the Hanabi Learning Environment (HLE) plays and encodes it
// (google-deepmind/hanabi-learning-environment @54e7959, hanabi_lib/). Rules, move encoding
// and the canonical observation layout are in envs/hanabi/README.md; HLE file names are cited
// where a rule lives.
//
// One env is one game driven as HLE's rl_env does: each step the current player moves, the
// replacement card is dealt at once (chance never takes a turn), and every player gets the
// same reward, the change in score (0 once the last life is lost, so the last step may be
// large and negative).
#include <cstdint>
#include <cstring>
#include <string>

#if defined(__SSE2__) && !defined(__CUDA_ARCH__)
#include <emmintrin.h>
#endif

#include "core/config.h"
#include "core/env_spec.h"
#include "core/hd.h"
#include "core/philox.h"

namespace agora {

struct HanabiGame {
  static constexpr int kMaxPlayers = 5, kMaxHand = 8, kMaxColors = 5, kMaxRanks = 5;
  static constexpr int kMaxDeck = kMaxColors * 10;  // at most 3 + 2 + 2 + 2 + 1 cards per colour
  enum ObservationType : int32_t { kMinimal = 0, kCardKnowledge = 1, kSeer = 2 };
  enum MoveType : int8_t { kNone = -1, kPlay = 0, kDiscard = 1, kRevealColor = 2, kRevealRank = 3 };

  struct Config {
    int players, colors, ranks, hand_size, max_info, max_life;
    int32_t observation_type;
    bool random_start_player;
    int start_player;    // -1: player 0, or a random one with random_start_player
    int deck_size;       // colors * cards per colour
    int fixed_deck_len;  // cards of `fixed_deck` that open the deck (the rest is shuffled)
    int8_t fixed_deck[kMaxDeck];  // card = color * ranks + rank
    // Observation layout (section starts and length), derived from the rest.
    int obs_board, obs_discards, obs_last, obs_knowledge, obs_dim;
    // Encoder tables, derived too: where each card's discard thermometer starts, and for each
    // set of plausible colours a word with bit k * ranks set for every colour k in it.
    int16_t discard_offset[kMaxColors * kMaxRanks];
    uint32_t color_spread[1 << kMaxColors];
  };

  struct State {
    int8_t deck[kMaxDeck];  // the order cards leave the deck, fixed at reset
    int8_t deck_next;       // index of the next card to deal
    int8_t cur_player, turns_to_play, info, life;
    int8_t fireworks[kMaxColors];
    int8_t hand_len[kMaxPlayers];
    int8_t hand[kMaxPlayers][kMaxHand];          // cards, -1 past hand_len
    uint8_t color_plausible[kMaxPlayers][kMaxHand];  // bit c: colour c still possible (hints only)
    uint8_t rank_plausible[kMaxPlayers][kMaxHand];
    int8_t hinted_color[kMaxPlayers][kMaxHand];  // -1 = not directly hinted
    int8_t hinted_rank[kMaxPlayers][kMaxHand];
    int8_t discarded[kMaxColors * kMaxRanks];    // copies of each card in the discard pile
    // The last move other than a deal, absolute player numbers (HLE's HanabiHistoryItem).
    int8_t last_type, last_player, last_target, last_color, last_rank, last_index, last_card;
    int8_t last_scored, last_info_token;
    uint8_t last_reveal_mask;  // cards of the target hand that match the hint
  };

  static Config load_config(ConfigReader& r);
  static EnvSpec spec(const Config& c);
  static std::string describe(const State& s, const Config& c, int agent);
  /// Why a state from outside (a replay) is not one of this game's, or nullptr (game_traits.h).
  static const char* check_state(const State& s, const Config& c);

  // --- card and move helpers (HLE hanabi_game.cc) ---------------------------------------
  AGORA_HD static int copies(const Config& c, int rank) { return rank == 0 ? 3 : rank == c.ranks - 1 ? 1 : 2; }
  AGORA_HD static int max_moves(const Config& c) {
    return 2 * c.hand_size + (c.players - 1) * (c.colors + c.ranks);
  }
  AGORA_HD static int score(const State& s, const Config& c) {
    if (s.life <= 0) return 0;
    int total = 0;
    for (int k = 0; k < c.colors; ++k) total += s.fireworks[k];
    return total;
  }
  AGORA_HD static int deck_left(const State& s, const Config& c) { return c.deck_size - s.deck_next; }

  AGORA_HD static void deal(State& s, const Config& c, int player) {
    const int slot = s.hand_len[player]++;
    const int8_t card = s.deck[s.deck_next++];
    s.hand[player][slot] = card;
    if (c.observation_type == kSeer) {  // HLE reveals dealt cards to their holder in seer mode
      const int color = card / c.ranks, rank = card % c.ranks;
      s.color_plausible[player][slot] = static_cast<uint8_t>(1u << color);
      s.rank_plausible[player][slot] = static_cast<uint8_t>(1u << rank);
      s.hinted_color[player][slot] = static_cast<int8_t>(color);
      s.hinted_rank[player][slot] = static_cast<int8_t>(rank);
    } else {
      s.color_plausible[player][slot] = static_cast<uint8_t>((1u << c.colors) - 1);
      s.rank_plausible[player][slot] = static_cast<uint8_t>((1u << c.ranks) - 1);
      s.hinted_color[player][slot] = -1;
      s.hinted_rank[player][slot] = -1;
    }
  }

  AGORA_HD static void remove_card(State& s, int player, int slot) {
    const int len = s.hand_len[player]--;
    for (int i = slot; i + 1 < len; ++i) {
      s.hand[player][i] = s.hand[player][i + 1];
      s.color_plausible[player][i] = s.color_plausible[player][i + 1];
      s.rank_plausible[player][i] = s.rank_plausible[player][i + 1];
      s.hinted_color[player][i] = s.hinted_color[player][i + 1];
      s.hinted_rank[player][i] = s.hinted_rank[player][i + 1];
    }
    s.hand[player][len - 1] = -1;
  }

  AGORA_HD static void reset(State& s, const Config& c, Rng& rng) {
    // The deck order: the configured opening, then the remaining cards shuffled
    // (Fisher-Yates), which draws them with HLE's probabilities count / deck size.
    int8_t remaining[kMaxColors * kMaxRanks];
    for (int color = 0; color < c.colors; ++color)
      for (int rank = 0; rank < c.ranks; ++rank) remaining[color * c.ranks + rank] = static_cast<int8_t>(copies(c, rank));
    int n = 0;
    for (; n < c.fixed_deck_len; ++n) {
      s.deck[n] = c.fixed_deck[n];
      --remaining[c.fixed_deck[n]];
    }
    for (int card = 0; card < c.colors * c.ranks; ++card)
      for (int k = 0; k < remaining[card]; ++k) s.deck[n++] = static_cast<int8_t>(card);
    for (int i = c.deck_size - 1; i > c.fixed_deck_len; --i) {
      const int j = c.fixed_deck_len + static_cast<int>(rng.uniform_int(static_cast<uint32_t>(i - c.fixed_deck_len + 1)));
      const int8_t t = s.deck[i];
      s.deck[i] = s.deck[j];
      s.deck[j] = t;
    }
    s.deck_next = 0;
    s.info = static_cast<int8_t>(c.max_info);
    s.life = static_cast<int8_t>(c.max_life);
    s.turns_to_play = static_cast<int8_t>(c.players);
    for (int k = 0; k < kMaxColors; ++k) s.fireworks[k] = 0;
    for (int k = 0; k < kMaxColors * kMaxRanks; ++k) s.discarded[k] = 0;
    for (int p = 0; p < kMaxPlayers; ++p) {
      s.hand_len[p] = 0;
      for (int i = 0; i < kMaxHand; ++i) {
        s.hand[p][i] = -1;
        s.color_plausible[p][i] = s.rank_plausible[p][i] = 0;
        s.hinted_color[p][i] = s.hinted_rank[p][i] = -1;
      }
    }
    // HLE deals to the lowest-numbered player whose hand is short: player 0's hand first.
    for (int p = 0; p < c.players; ++p)
      for (int i = 0; i < c.hand_size; ++i) deal(s, c, p);
    s.cur_player = static_cast<int8_t>(c.start_player >= 0         ? c.start_player
                                        : c.random_start_player ? rng.uniform_int(static_cast<uint32_t>(c.players))
                                                                : 0);
    s.last_type = kNone;
    s.last_player = s.last_target = s.last_color = s.last_rank = s.last_index = s.last_card = -1;
    s.last_scored = s.last_info_token = 0;
    s.last_reveal_mask = 0;
  }

  AGORA_HD static StepResult step(State& s, const Config& c, const int32_t* actions, float* rewards, Rng&) {
    const int before = score(s, c);
    const int player = s.cur_player, uid = actions[player];
    if (deck_left(s, c) == 0) --s.turns_to_play;  // HLE ApplyMove: moves after the last draw
    s.last_player = static_cast<int8_t>(player);
    s.last_target = s.last_color = s.last_rank = s.last_index = s.last_card = -1;
    s.last_scored = s.last_info_token = 0;
    s.last_reveal_mask = 0;
    const int h = c.hand_size, color_moves = (c.players - 1) * c.colors;
    if (uid < 2 * h) {  // discard [0, h) or play [h, 2h)
      const bool play = uid >= h;
      const int slot = play ? uid - h : uid;
      const int8_t card = s.hand[player][slot];
      const int color = card / c.ranks, rank = card % c.ranks;
      s.last_type = play ? kPlay : kDiscard;
      s.last_index = static_cast<int8_t>(slot);
      s.last_card = card;
      s.last_color = static_cast<int8_t>(color);
      s.last_rank = static_cast<int8_t>(rank);
      if (!play) {
        s.last_info_token = s.info < c.max_info;
        if (s.last_info_token) ++s.info;
        ++s.discarded[card];
      } else if (s.fireworks[color] == rank) {
        s.last_scored = 1;
        if (++s.fireworks[color] == c.ranks && s.info < c.max_info) {  // a completed stack
          ++s.info;
          s.last_info_token = 1;
        }
      } else {
        --s.life;
        ++s.discarded[card];
      }
      remove_card(s, player, slot);
      if (deck_left(s, c) > 0) deal(s, c, player);
    } else {  // hints: reveal colour, then reveal rank
      const bool by_color = uid - 2 * h < color_moves;
      const int k = by_color ? uid - 2 * h : uid - 2 * h - color_moves;
      const int width = by_color ? c.colors : c.ranks;
      const int target = (player + 1 + k / width) % c.players, value = k % width;
      --s.info;
      s.last_type = by_color ? kRevealColor : kRevealRank;
      s.last_target = static_cast<int8_t>(target);
      (by_color ? s.last_color : s.last_rank) = static_cast<int8_t>(value);
      for (int i = 0; i < s.hand_len[target]; ++i) {
        const int card = s.hand[target][i];
        const int card_value = by_color ? card / c.ranks : card % c.ranks;
        uint8_t& plausible = by_color ? s.color_plausible[target][i] : s.rank_plausible[target][i];
        int8_t& hinted = by_color ? s.hinted_color[target][i] : s.hinted_rank[target][i];
        if (card_value == value) {
          s.last_reveal_mask |= static_cast<uint8_t>(1u << i);
          plausible = static_cast<uint8_t>(1u << value);
          hinted = static_cast<int8_t>(value);
        } else {
          plausible &= static_cast<uint8_t>(~(1u << value));
        }
      }
    }
    s.cur_player = static_cast<int8_t>((player + 1) % c.players);
    const int after = score(s, c);
    for (int p = 0; p < c.players; ++p) rewards[p] = static_cast<float>(after - before);
    StepResult r;
    r.terminated = s.life < 1 || after >= c.colors * c.ranks || s.turns_to_play <= 0;
    r.score = static_cast<float>(after);
    return r;
  }

  AGORA_HD static void legal(const State& s, const Config& c, int agent, uint8_t* mask) {
    const int moves = max_moves(c), h = c.hand_size;
    for (int k = 0; k < moves; ++k) mask[k] = 0;
    if (agent != s.cur_player) return;
    const int len = s.hand_len[agent];
    for (int i = 0; i < len; ++i) {
      mask[i] = s.info < c.max_info;  // discarding at full information is illegal
      mask[h + i] = 1;
    }
    if (s.info <= 0) return;
    int k = 2 * h;
    const int rank_base = 2 * h + (c.players - 1) * c.colors;
    for (int offset = 1; offset < c.players; ++offset) {
      const int target = (agent + offset) % c.players;
      uint32_t colors = 0, ranks = 0;
      for (int i = 0; i < s.hand_len[target]; ++i) {
        colors |= 1u << (s.hand[target][i] / c.ranks);
        ranks |= 1u << (s.hand[target][i] % c.ranks);
      }
      for (int v = 0; v < c.colors; ++v) mask[k + (offset - 1) * c.colors + v] = (colors >> v) & 1u;
      for (int v = 0; v < c.ranks; ++v) mask[rank_base + (offset - 1) * c.ranks + v] = (ranks >> v) & 1u;
    }
  }

  /// HLE's CanonicalObservationEncoder (canonical_encoders.cc), bit for bit.
  AGORA_HD static void observe(const State& s, const Config& c, int agent, float* obs) {
    encode(s, c, agent, false, obs);
  }

  /// Every player's observation, [players, obs_dim]: player 0's is encoded in full; the others
  /// copy what is the same from every seat (board, discards, each player's hand and knowledge
  /// block, in their own seat order) out of it, which halves the work for two players and more
  /// for five. Same bits as `observe` for each player.
  AGORA_HD static void observe_all(const State& s, const Config& c, float* out) {
    encode(s, c, 0, false, out);
    const int P = c.players, H = c.hand_size, CR = c.colors * c.ranks;
    const int hand_block = H * CR, knowledge_block = H * (CR + c.colors + c.ranks);
    for (int observer = 1; observer < P; ++observer) {
      float* o = out + observer * c.obs_dim;
      // Hands: player p sits at seat (p - observer) here and at seat p in player 0's view,
      // which lacks only player 0's own hand.
      for (int rel = 1; rel < P; ++rel) {
        const int p = (observer + rel) % P;
        float* block = o + (rel - 1) * hand_block;
        if (p != 0) {
          copy_floats(block, out + (p - 1) * hand_block, hand_block);
        } else {
          for (int k = 0; k < hand_block; ++k) block[k] = 0.0f;
          for (int i = 0; i < s.hand_len[0]; ++i) block[i * CR + s.hand[0][i]] = 1.0f;
        }
      }
      for (int rel = 0; rel < P; ++rel) o[(P - 1) * hand_block + rel] = s.hand_len[(observer + rel) % P] < H ? 1.0f : 0.0f;
      // Board and discards are the same from every seat.
      copy_floats(o + c.obs_board, out + c.obs_board, c.obs_last - c.obs_board);
      // The last move names players relative to the observer: encode it.
      Bits b;
      const int last_len = c.obs_knowledge - c.obs_last;
      b.clear(last_len);
      encode_last_move(s, c, observer, b, 0);
      b.expand(o + c.obs_last, last_len);
      if (c.observation_type == kMinimal) continue;
      for (int rel = 0; rel < P; ++rel) {
        const int p = (observer + rel) % P;
        copy_floats(o + c.obs_knowledge + rel * knowledge_block, out + c.obs_knowledge + p * knowledge_block,
                    knowledge_block);
      }
    }
  }

  AGORA_HD static void copy_floats(float* dst, const float* src, int n) {
#if defined(__CUDA_ARCH__)
    for (int k = 0; k < n; ++k) dst[k] = src[k];
#else
    std::memcpy(dst, src, n * sizeof(float));
#endif
  }

  /// The canonical encoding from player 0's seat with every hand visible (player 0's cards
  /// too), followed by a one-hot of the current player: a centralised critic's input.
  AGORA_HD static void world_state(const State& s, const Config& c, float* out) {
    encode(s, c, 0, true, out);
    const int base = c.obs_dim + c.hand_size * c.colors * c.ranks;
    for (int p = 0; p < c.players; ++p) out[base + p] = p == s.cur_player ? 1.0f : 0.0f;
  }

  /// A fixed-size bit vector: the encoder sets bits with a few integer operations per field,
  /// then expands them to floats in one pass (far cheaper than zeroing and storing floats
  /// one by one: the 2-player observation has 658 entries, about 60 of them ones).
  struct Bits {
    static constexpr int kWords = 48;  // 3072 bits: the largest legal configuration needs < 2700
    uint64_t w[kWords];
    AGORA_HD void clear(int n) {
      for (int i = 0; i < (n + 63) / 64; ++i) w[i] = 0;
    }
    AGORA_HD void set(int i) { w[i >> 6] |= uint64_t(1) << (i & 63); }
    /// ORs the low `width` bits of `mask` in at bit `at` (width <= 32; 25 for 5x5 cards).
    AGORA_HD void put(int at, uint32_t mask, int width) {
      const uint64_t m = static_cast<uint64_t>(mask) & ((uint64_t(1) << width) - 1);
      w[at >> 6] |= m << (at & 63);
      if ((at & 63) + width > 64) w[(at >> 6) + 1] |= m >> (64 - (at & 63));
    }
    /// Sets `count` bits from `at` on (a thermometer), word by word.
    AGORA_HD void fill(int at, int count) {
      while (count > 0) {
        const int bit = at & 63, take = count < 64 - bit ? count : 64 - bit;
        w[at >> 6] |= (take == 64 ? ~uint64_t(0) : ((uint64_t(1) << take) - 1)) << bit;
        at += take;
        count -= take;
      }
    }
    AGORA_HD void expand(float* out, int n) const {
      int i = 0;
#if defined(__SSE2__) && !defined(__CUDA_ARCH__)
      // Eight floats per byte: broadcast the byte, test one bit per lane, keep 1.0f where set.
      const __m128i lo_bits = _mm_setr_epi32(1, 2, 4, 8), hi_bits = _mm_setr_epi32(16, 32, 64, 128);
      const __m128i one = _mm_castps_si128(_mm_set1_ps(1.0f));
      auto eight = [&](float* dst, uint32_t byte_value) {
        const __m128i byte = _mm_set1_epi32(static_cast<int>(byte_value));
        const __m128i lo = _mm_cmpeq_epi32(_mm_and_si128(byte, lo_bits), lo_bits);
        const __m128i hi = _mm_cmpeq_epi32(_mm_and_si128(byte, hi_bits), hi_bits);
        _mm_storeu_si128(reinterpret_cast<__m128i*>(dst), _mm_and_si128(lo, one));
        _mm_storeu_si128(reinterpret_cast<__m128i*>(dst + 4), _mm_and_si128(hi, one));
      };
      for (; i + 64 <= n; i += 64) {  // a whole word: constant shifts, unrolled
        const uint64_t word = w[i >> 6];
        for (int j = 0; j < 8; ++j) eight(out + i + 8 * j, static_cast<uint32_t>(word >> (8 * j)) & 0xFFu);
      }
      for (; i + 8 <= n; i += 8) eight(out + i, static_cast<uint32_t>(w[i >> 6] >> (i & 63)) & 0xFFu);
#endif
      for (; i < n; ++i) out[i] = static_cast<float>((w[i >> 6] >> (i & 63)) & 1u);
    }
  };

  AGORA_HD static void encode(const State& s, const Config& c, int observer, bool all_hands, float* out) {
    const int P = c.players, H = c.hand_size, C = c.colors, R = c.ranks, CR = C * R;
    // With all hands the hands section is one hand longer; the rest shifts by `extra`.
    const int extra = all_hands ? H * CR : 0;
    const int total = c.obs_dim + extra;
    Bits b;
    b.clear(total);
    // Hands: other players' cards (observer-relative order), then "hand is short" bits.
    int at = 0;
    for (int rel = all_hands ? 0 : 1; rel < P; ++rel, at += H * CR) {
      const int p = (observer + rel) % P;
      for (int i = 0; i < s.hand_len[p]; ++i) b.set(at + i * CR + s.hand[p][i]);
    }
    for (int rel = 0; rel < P; ++rel)
      if (s.hand_len[(observer + rel) % P] < H) b.set(at + rel);
    // Board: deck thermometer, fireworks one-hot of the top rank, info and life thermometers.
    at = extra + c.obs_board;
    b.fill(at, deck_left(s, c));
    at += c.deck_size - P * H;
    for (int k = 0; k < C; ++k, at += R)
      if (s.fireworks[k] > 0) b.set(at + s.fireworks[k] - 1);
    b.fill(at, s.info);
    at += c.max_info;
    b.fill(at, s.life);
    // Discards: per card, a thermometer as wide as its number of copies.
    for (int card = 0; card < CR; ++card)
      if (s.discarded[card]) b.fill(extra + c.obs_discards + c.discard_offset[card], s.discarded[card]);
    encode_last_move(s, c, observer, b, extra + c.obs_last);
    // Card knowledge from hints, for every hand (observer first): plausible cards (plausible
    // colours x plausible ranks), then the directly hinted colour and rank.
    if (c.observation_type != kMinimal) {
      at = extra + c.obs_knowledge;
      for (int rel = 0; rel < P; ++rel) {
        const int p = (observer + rel) % P;
        for (int i = 0; i < H; ++i, at += CR + C + R) {
          if (i >= s.hand_len[p]) continue;
          // colours x ranks in one go: the rank mask times a word with bit k*R set for every
          // plausible colour k lays one copy of the rank bits per colour (they cannot overlap).
          b.put(at, s.rank_plausible[p][i] * c.color_spread[s.color_plausible[p][i]], CR);
          if (s.hinted_color[p][i] >= 0) b.set(at + CR + s.hinted_color[p][i]);
          if (s.hinted_rank[p][i] >= 0) b.set(at + CR + C + s.hinted_rank[p][i]);
        }
      }
    }
    b.expand(out, total);
  }

  /// The last move other than a deal (all zeros before the first move), at bit `at`.
  AGORA_HD static void encode_last_move(const State& s, const Config& c, int observer, Bits& b, int at) {
    const int P = c.players, H = c.hand_size, C = c.colors, R = c.ranks, CR = C * R;
    if (s.last_type != kNone) {
      b.set(at + (s.last_player - observer + P) % P);
      at += P;
      b.set(at + s.last_type);
      at += 4;
      const bool hint = s.last_type == kRevealColor || s.last_type == kRevealRank;
      if (hint) b.set(at + (s.last_target - observer + P) % P);
      at += P;
      if (s.last_type == kRevealColor) b.set(at + s.last_color);
      at += C;
      if (s.last_type == kRevealRank) b.set(at + s.last_rank);
      at += R;
      if (hint) b.put(at, s.last_reveal_mask, H);
      at += H;
      if (!hint) b.set(at + s.last_index);
      at += H;
      if (!hint) b.set(at + s.last_card);
      at += CR;
      if (s.last_type == kPlay) {
        if (s.last_scored) b.set(at);
        if (s.last_info_token) b.set(at + 1);
      }
    }
  }
};

}  // namespace agora
