#pragma once
// Rule-based Hanabi players (in the spirit of HLE's rule-based agents), acting only on what
// their seat may know: the other hands, the public board and the hints about their own cards.
//
//   simple      play a card known to be playable; else hint a playable card to the nearest
//               player who does not know it; else discard the oldest card (or, at full
//               information, hint anything).
//   convention  also: discard cards known to be dead first; hint so that a rank hint touches
//               only playable cards when possible; save the next player's oldest unhinted card
//               when it is the last copy of a card still needed; discard the oldest unhinted card.
#include <cstdint>
#include <string>
#include <vector>

#include "core/vec_env.h"
#include "envs/hanabi/hanabi.h"

namespace agora {
namespace hanabi_bots {

enum class Bot { kSimple, kConvention };

/// The move uid `bot` picks for the current player of `s`.
int choose(Bot bot, const HanabiGame::State& s, const HanabiGame::Config& c);

}  // namespace hanabi_bots
}  // namespace agora
