#pragma once
// Legal-action masks (one byte per action, nonzero = legal) as 64-bit sets, for the runtime's
// per-agent loops: counting legal actions, drawing the n-th one, testing for any, without a
// branch per action (data-dependent branches mispredict on random masks).
#include <cstdint>
#include <cstring>

#if defined(__BMI2__) && !defined(__CUDA_ARCH__)
#include <immintrin.h>
#endif

#include "core/hd.h"

namespace agora {

/// Bit k set when byte k of `w` (little-endian) is nonzero.
AGORA_HD uint64_t nonzero_byte_bits(uint64_t w) {
  constexpr uint64_t kLow7 = 0x7f7f7f7f7f7f7f7full;
  const uint64_t high = (((w & kLow7) + kLow7) | w) & ~kLow7;  // the top bit of every nonzero byte
  return ((high >> 7) * 0x0102040810204080ull) >> 56;          // gathers the eight top bits
}

/// Bit k set when mask[k] != 0, for k < count <= 64.
AGORA_HD uint64_t legal_bits(const uint8_t* mask, int count) {
  uint64_t bits = 0;
  int k = 0;
  for (; k + 8 <= count; k += 8) {
    uint64_t w;
    std::memcpy(&w, mask + k, sizeof(w));
    bits |= nonzero_byte_bits(w) << k;
  }
  for (; k < count; ++k) bits |= static_cast<uint64_t>(mask[k] != 0) << k;
  return bits;
}

AGORA_HD int popcount64(uint64_t bits) {
#ifdef __CUDA_ARCH__
  return __popcll(bits);
#else
  return __builtin_popcountll(bits);
#endif
}

/// Index of the n-th (from 0) set bit; n < popcount64(bits).
AGORA_HD int nth_set_bit(uint64_t bits, int n) {
#if defined(__BMI2__) && !defined(__CUDA_ARCH__)
  return __builtin_ctzll(_pdep_u64(uint64_t{1} << n, bits));  // deposit bit n on the n-th set bit
#else
  for (int k = 0; k < n; ++k) bits &= bits - 1;  // drop the lowest set bit
#ifdef __CUDA_ARCH__
  return __ffsll(static_cast<long long>(bits)) - 1;
#else
  return __builtin_ctzll(bits);
#endif
#endif
}

}  // namespace agora
