#pragma once
// Philox-4x32-10 (Salmon et al., "Parallel Random Numbers: As Easy as 1, 2, 3", SC'11), the
// counter-based generator of Random123, and the draws Agora's games need on top of it.
//
// Every env owns one `Rng` keyed by the run seed, with the env index in the counter, so the
// random stream of env i does not depend on how envs are split over threads or GPU threads:
// a run is reproducible bit for bit on any thread count, and integer-state games replay
// identically on CPU and GPU.
//
//   agora::Rng rng(/*seed=*/42, /*stream=*/env_index);
//   int card = rng.uniform_int(50);          // in [0, 50), unbiased
//   float u  = rng.uniform();                // in [0, 1)
#include <cmath>
#include <cstdint>

#include "core/hd.h"

#if defined(__AVX2__) && !defined(__CUDA_ARCH__)
#include <immintrin.h>
#endif

namespace agora {

struct Philox4x32 {
  uint32_t v[4];
};

/// Philox-4x32's round multipliers and key increments (Weyl sequence).
constexpr uint32_t kPhiloxMul0 = 0xD2511F53u, kPhiloxMul1 = 0xCD9E8D57u;
constexpr uint32_t kPhiloxWeyl0 = 0x9E3779B9u, kPhiloxWeyl1 = 0xBB67AE85u;

/// One Philox-4x32 block: ten rounds on `ctr` with key schedule from `key`.
AGORA_HD Philox4x32 philox4x32_10(Philox4x32 ctr, uint32_t key0, uint32_t key1) {
  const uint32_t kMul0 = kPhiloxMul0, kMul1 = kPhiloxMul1, kWeyl0 = kPhiloxWeyl0, kWeyl1 = kPhiloxWeyl1;
  for (int round = 0; round < 10; ++round) {
    if (round > 0) {
      key0 += kWeyl0;
      key1 += kWeyl1;
    }
    const uint64_t p0 = static_cast<uint64_t>(kMul0) * ctr.v[0];
    const uint64_t p1 = static_cast<uint64_t>(kMul1) * ctr.v[2];
    const uint32_t hi0 = static_cast<uint32_t>(p0 >> 32), lo0 = static_cast<uint32_t>(p0);
    const uint32_t hi1 = static_cast<uint32_t>(p1 >> 32), lo1 = static_cast<uint32_t>(p1);
    ctr = Philox4x32{{hi1 ^ ctr.v[1] ^ key0, lo1, hi0 ^ ctr.v[3] ^ key1, lo0}};
  }
  return ctr;
}

/// A stream of random numbers: key = 64-bit seed, counter = (64-bit position, 32-bit stream, 0).
/// Plain data, so it lives in device memory next to the env it drives.
struct Rng {
  /// Blocks made per refill. A block is a chain of ten dependent multiplies; blocks of one
  /// refill are independent, so the CPU runs them side by side, in about the time of one.
  static constexpr int kBlocks = 2;
  static constexpr uint32_t kWords = 4 * kBlocks;

  uint32_t key[2];
  uint32_t stream;
  uint32_t position_lo, position_hi;  // index of the next 4-word block
  uint32_t buffered[kWords];
  uint32_t used;  // words of `buffered` already handed out (kWords = empty)

  Rng() = default;
  AGORA_HD Rng(uint64_t seed, uint32_t stream_id)
      : key{static_cast<uint32_t>(seed), static_cast<uint32_t>(seed >> 32)},
        stream(stream_id), position_lo(0), position_hi(0), buffered{}, used(kWords) {}

  AGORA_HD uint32_t next_u32() {
    if (used == kWords) refill();
    return buffered[used++];
  }

  /// The next kBlocks blocks of four words, in stream order. Kept out of next_u32 so that the
  /// common path (a buffered word) is small enough to inline into every draw.
  AGORA_HD __attribute__((noinline)) void refill() {
#if defined(__AVX2__) && !defined(__CUDA_ARCH__)
    refill_avx2();
#else
    for (int b = 0; b < kBlocks; ++b) {
      const Philox4x32 out = philox4x32_10(Philox4x32{{position_lo, position_hi, stream, 0u}}, key[0], key[1]);
      for (int i = 0; i < 4; ++i) buffered[4 * b + i] = out.v[i];
      if (++position_lo == 0) ++position_hi;
    }
#endif
    used = 0;
  }

#if defined(__AVX2__) && !defined(__CUDA_ARCH__)
  /// The two blocks' rounds side by side in one vector, the same words as philox4x32_10. The
  /// scalar chains spill registers: this is half the time per refill (and a quarter of the
  /// instructions, so it overlaps with the code around it).
  void refill_avx2() {
    static_assert(kBlocks == 2, "two blocks in one 4 x 64-bit vector");
    // 64-bit lanes [v0, v2] of block a, then of block b, in x; [v1, v3] in y. A round multiplies
    // x by [M0, M1] (vpmuludq reads the low 32 bits of a lane; the high ones may hold junk),
    // swaps each block's two products, and keeps the high halves xor y xor key in x, the low
    // halves in y.
    const __m256i mul = _mm256_setr_epi64x(kPhiloxMul0, kPhiloxMul1, kPhiloxMul0, kPhiloxMul1);
    const __m256i weyl = _mm256_setr_epi64x(kPhiloxWeyl0, kPhiloxWeyl1, kPhiloxWeyl0, kPhiloxWeyl1);
    const uint32_t next_lo = position_lo + 1, next_hi = position_hi + (next_lo == 0);
    __m256i x = _mm256_setr_epi64x(position_lo, stream, next_lo, stream);
    __m256i y = _mm256_setr_epi64x(position_hi, 0, next_hi, 0);
    __m256i k = _mm256_setr_epi64x(key[0], key[1], key[0], key[1]);
    for (int round = 0; round < 10; ++round) {
      const __m256i swapped = _mm256_shuffle_epi32(_mm256_mul_epu32(x, mul), 0x4E);
      x = _mm256_xor_si256(_mm256_srli_epi64(swapped, 32), _mm256_xor_si256(y, k));
      y = swapped;
      k = _mm256_add_epi32(k, weyl);
    }
    // Lane j of the result is [x_j, y_j]: a0 a1 a2 a3 b0 b1 b2 b3.
    const __m256i words = _mm256_blend_epi32(x, _mm256_slli_epi64(y, 32), 0xAA);
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(buffered), words);
    position_lo = next_lo + 1;
    position_hi = next_hi + (position_lo == 0);
  }
#endif

  /// Uniform in [0, 1) with 24 random bits (exactly representable in float).
  AGORA_HD float uniform() { return static_cast<float>(next_u32() >> 8) * (1.0f / 16777216.0f); }

  /// Uniform integer in [0, n), n > 0, without modulo bias (Lemire's multiply-and-reject).
  AGORA_HD uint32_t uniform_int(uint32_t n) {
    uint64_t m = static_cast<uint64_t>(next_u32()) * n;
    uint32_t low = static_cast<uint32_t>(m);
    if (low < n) {
      const uint32_t threshold = (0u - n) % n;
      while (low < threshold) {
        m = static_cast<uint64_t>(next_u32()) * n;
        low = static_cast<uint32_t>(m);
      }
    }
    return static_cast<uint32_t>(m >> 32);
  }

  /// Standard normal draw (Box-Muller). Float results may differ in the last bits between
  /// host and device math libraries; integer games should not depend on it.
  AGORA_HD float normal() {
    const float u1 = (static_cast<float>(next_u32() >> 8) + 1.0f) * (1.0f / 16777216.0f);  // (0, 1]
    const float u2 = uniform();
    return sqrtf(-2.0f * logf(u1)) * cosf(6.28318530717958647692f * u2);
  }

  /// Index drawn with probability weights[i] / sum(weights); weights are >= 0 with a
  /// positive sum. Zero-weight entries are never drawn.
  AGORA_HD int categorical(const float* weights, int n) {
    float total = 0.0f;
    for (int i = 0; i < n; ++i) total += weights[i];
    const float target = uniform() * total;
    float acc = 0.0f;
    int last_positive = -1;
    for (int i = 0; i < n; ++i) {
      if (weights[i] <= 0.0f) continue;
      acc += weights[i];
      last_positive = i;
      if (target < acc) return i;
    }
    return last_positive;  // rounding put target at the very top
  }
};

}  // namespace agora
