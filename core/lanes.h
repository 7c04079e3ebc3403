#pragma once
// Helpers for games that step a block of W envs at once on the CPU with the envs in SIMD lanes
// (core/game_traits.h's step_block): every per-env value lives in an array [..][W], lane l being
// env l of the block. Lane sets are 64-bit masks, and rows of 4-byte words (a unit in a state,
// an observation row) turn into lanes and back by 16 x 16 register transposes where the CPU has
// AVX-512, and one word at a time where it has not.
#include <cassert>
#include <cstdint>
#include <cstring>

#if defined(__AVX512F__)
#include <immintrin.h>
#endif

namespace agora {

/// The first lane with active[l] set, or -1.
template <int W>
int first_active_lane(const uint8_t* active) {
  for (int l = 0; l < W; ++l)
    if (active[l]) return l;
  return -1;
}

/// Bit l set where flags[l] != 0 (flags 64-byte aligned): loops over the lanes that need work
/// (`for (todo = lanes_where(f); todo; todo &= todo - 1)`) instead of branching on every lane.
template <int W>
uint64_t lanes_where(const int32_t* flags) {
  static_assert(W <= 64, "lanes are tracked in 64-bit sets");
  uint64_t bits = 0;
#if defined(__AVX512F__)
  // A compare into a mask register per 16 lanes: inlined into a larger loop nest, GCC makes the
  // portable loop below W scalar shifts.
  static_assert(W % 16 == 0, "whole registers of lanes");
  for (int l = 0; l < W; l += 16) {
    const __m512i v = _mm512_load_si512(flags + l);
    bits |= static_cast<uint64_t>(_mm512_test_epi32_mask(v, v)) << l;
  }
#else
#pragma omp simd reduction(|: bits)
  for (int l = 0; l < W; ++l) bits |= static_cast<uint64_t>(flags[l] != 0) << l;
#endif
  return bits;
}

inline int lowest_lane(uint64_t bits) { return __builtin_ctzll(bits); }

#if defined(__AVX512F__)
namespace lanes_detail {

/// Permute indices of transpose16's four rounds (16-31 pick from the second source).
struct TransposeIndices {
  alignas(64) int32_t low[4][16];
  alignas(64) int32_t high[4][16];
};
constexpr TransposeIndices kTranspose = [] {
  TransposeIndices t{};
  for (int round = 0; round < 4; ++round) {
    const int s = 8 >> round;
    for (int p = 0; p < 16; ++p) {
      t.low[round][p] = (p & s) ? 16 + p - s : p;
      t.high[round][p] = (p & s) ? 16 + p : p + s;
    }
  }
  return t;
}();

/// r[k][q] = r[q][k] for a 16 x 16 block of words: four rounds of swapping the off-diagonal
/// s x s blocks (s = 8, 4, 2, 1) of each row pair (i, i + s), two-source permutes only.
inline void transpose16(__m512 r[16]) {
#pragma GCC unroll 4
  for (int round = 0; round < 4; ++round) {
    const int s = 8 >> round;
    const __m512i low = _mm512_load_si512(kTranspose.low[round]);
    const __m512i high = _mm512_load_si512(kTranspose.high[round]);
#pragma GCC unroll 16
    for (int i = 0; i < 16; ++i) {
      if (i & s) continue;
      const __m512 a = r[i], b = r[i + s];
      r[i] = _mm512_permutex2var_ps(a, low, b);
      r[i + s] = _mm512_permutex2var_ps(a, high, b);
    }
  }
}

}  // namespace lanes_detail
#endif

/// Lanes to rows: for every lane with active[l] set, word q (q < width <= 16) of the row at
/// `out + l * stride` bytes becomes lanes[q][l]. Each lanes[q] is an array of W 4-byte words.
template <int W>
void lanes_to_rows(const void* const* lanes, int width, const uint8_t* active, void* out, int64_t stride) {
  char* rows = static_cast<char*>(out);
#if defined(__AVX512F__)
  if (W % 16 == 0) {
    const __mmask16 row_mask = static_cast<__mmask16>((1u << width) - 1);
    for (int l0 = 0; l0 < W; l0 += 16) {
      __m512 r[16];
      for (int q = 0; q < 16; ++q)
        r[q] = q < width ? _mm512_loadu_ps(static_cast<const float*>(lanes[q]) + l0) : _mm512_setzero_ps();
      lanes_detail::transpose16(r);
      for (int k = 0; k < 16; ++k)
        if (active[l0 + k]) _mm512_mask_storeu_ps(rows + (l0 + k) * stride, row_mask, r[k]);
    }
    return;
  }
#endif
  for (int l = 0; l < W; ++l) {
    if (!active[l]) continue;
    for (int q = 0; q < width; ++q) std::memcpy(rows + l * stride + 4 * q, static_cast<const char*>(lanes[q]) + 4 * l, 4);
  }
}

/// Rows to lanes: for every lane, lanes[q][l] becomes word q (q < width <= 16) of the row at
/// `in + from[l] * stride` bytes.
template <int W>
void rows_to_lanes(const void* in, int64_t stride, const int32_t* from, int width, void* const* lanes) {
  const char* rows = static_cast<const char*>(in);
#if defined(__AVX512F__)
  if (W % 16 == 0) {
    const __mmask16 row_mask = static_cast<__mmask16>((1u << width) - 1);
    for (int l0 = 0; l0 < W; l0 += 16) {
      __m512 r[16];
      for (int k = 0; k < 16; ++k) r[k] = _mm512_maskz_loadu_ps(row_mask, rows + from[l0 + k] * stride);
      lanes_detail::transpose16(r);
      for (int q = 0; q < width; ++q) _mm512_storeu_ps(static_cast<float*>(lanes[q]) + l0, r[q]);
    }
    return;
  }
#endif
  for (int l = 0; l < W; ++l) {
    for (int q = 0; q < width; ++q) std::memcpy(static_cast<char*>(lanes[q]) + 4 * l, rows + from[l] * stride + 4 * q, 4);
  }
}

/// Rows of 4-byte words (one per active lane, `stride` bytes apart) written column by column:
/// the caller takes the columns of a piece of the rows (at most 16) from column(), fills them
/// lane-wise, then calls write_full(), which sends every whole group of 16 columns as one
/// transpose; rows made of narrow pieces (SMAX: 13 words per other unit) so still use whole
/// registers. flush() sends the rest.
template <int W>
class LaneRowWriter {
 public:
  LaneRowWriter(const uint8_t* active, void* out, int64_t stride)
      : active_(active), out_(static_cast<char*>(out)), stride_(stride) {}

  /// The next column of every row: fill its W lanes.
  float* column() {
    assert(filled_ - written_ < kColumns && "write_full() after each piece of at most 16 columns");
    return columns_[filled_++ % kColumns];
  }

  /// Writes the columns filled so far in whole groups of 16.
  void write_full() {
    while (filled_ - written_ >= 16) emit(16);
  }

  /// Writes every column filled so far.
  void flush() {
    write_full();
    if (filled_ > written_) emit(filled_ - written_);
  }

 private:
  static constexpr int kColumns = 32;
  void emit(int width) {
    const void* lanes[16];
    for (int q = 0; q < width; ++q) lanes[q] = columns_[(written_ + q) % kColumns];
    lanes_to_rows<W>(lanes, width, active_, out_ + 4 * static_cast<int64_t>(written_), stride_);
    written_ += width;
  }

  alignas(64) float columns_[kColumns][W];
  const uint8_t* active_;
  char* out_;
  int64_t stride_;
  int filled_ = 0, written_ = 0;
};

}  // namespace agora
