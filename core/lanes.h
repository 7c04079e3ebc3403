#pragma once
// Helpers for games that step a block of W envs at once on the CPU with the envs in SIMD lanes
// (core/game_traits.h's step_block): every per-env value lives in an array [..][W], lane l being
// env l of the block. Lane sets are 64-bit masks, and rows of 4-byte words (a unit in a state,
// an observation row) turn into lanes and back by register transposes (16 x 16 words with
// AVX-512 and 512-bit loops, else 8 x 8 with AVX2), one word at a time on other CPUs.
#include <cassert>
#include <cstdint>
#include <cstring>

#if defined(__AVX512F__) || defined(__AVX2__)
#include <immintrin.h>
#define AGORA_LANE_TRANSPOSE 1  // rows and lanes swap by register transposes
#endif
// Lanes go 16 to a register where the compiler's loops use 512-bit vectors too. GCC tunes some
// AVX-512 CPUs for 256-bit loops (CMake then defines AGORA_LOOP_VECTOR_BITS); there the 8 x 8
// transposes read and write what the loops do, in the same widths (on an Intel Xeon: SMAX 3m
// 8%, 2s3z 17% faster than with 16 x 16; bench/RESULTS.md).
#if defined(__AVX512F__) && !(defined(AGORA_LOOP_VECTOR_BITS) && AGORA_LOOP_VECTOR_BITS < 512)
#define AGORA_LANES_512 1
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
#if defined(AGORA_LANES_512)
  // A compare into a mask register per 16 lanes: inlined into a larger loop nest, GCC makes the
  // portable loop below W scalar shifts.
  static_assert(W % 16 == 0, "whole registers of lanes");
  for (int l = 0; l < W; l += 16) {
    const __m512i v = _mm512_load_si512(flags + l);
    bits |= static_cast<uint64_t>(_mm512_test_epi32_mask(v, v)) << l;
  }
#elif defined(__AVX2__)
  // A compare and a movemask per 8 lanes, for the same reason.
  static_assert(W % 8 == 0, "whole registers of lanes");
  const __m256i none = _mm256_setzero_si256();
  for (int l = 0; l < W; l += 8) {
    const __m256i v = _mm256_load_si256(reinterpret_cast<const __m256i*>(flags + l));
    const int zero = _mm256_movemask_ps(_mm256_castsi256_ps(_mm256_cmpeq_epi32(v, none)));
    bits |= static_cast<uint64_t>(~zero & 0xFF) << l;
  }
#else
#pragma omp simd reduction(|: bits)
  for (int l = 0; l < W; ++l) bits |= static_cast<uint64_t>(flags[l] != 0) << l;
#endif
  return bits;
}

inline int lowest_lane(uint64_t bits) { return __builtin_ctzll(bits); }

/// 4-byte lanes in one SIMD register (as wide as the build's lane loops), and a lane set's bits
/// for one register: loops that skip whole registers of lanes go by these.
#if defined(AGORA_LANES_512)
constexpr int kRegisterLanes = 16;
#elif defined(__AVX2__)
constexpr int kRegisterLanes = 8;
#else
constexpr int kRegisterLanes = 4;
#endif
constexpr uint64_t kRegisterMask = (uint64_t{1} << kRegisterLanes) - 1;

namespace lanes_detail {

#if defined(AGORA_LANES_512)
/// Words per register: the side of the square blocks that rows and lanes swap by.
constexpr int kSide = 16;
using Vec = __m512;

// The shuffles in their zero-masking forms with every lane kept (the same instructions): the
// plain intrinsics start from _mm512_undefined_ps(), which GCC 12 reports as uninitialised.
constexpr __mmask16 kAllLanes = 0xFFFF;
inline Vec unpack_low(Vec a, Vec b) { return _mm512_maskz_unpacklo_ps(kAllLanes, a, b); }
inline Vec unpack_high(Vec a, Vec b) { return _mm512_maskz_unpackhi_ps(kAllLanes, a, b); }
template <int kImm>
Vec shuffle_words(Vec a, Vec b) { return _mm512_maskz_shuffle_ps(kAllLanes, a, b, kImm); }
template <int kImm>
Vec shuffle_quarters(Vec a, Vec b) { return _mm512_maskz_shuffle_f32x4(kAllLanes, a, b, kImm); }

/// r[k][q] = r[q][k] for a 16 x 16 block of words. Rounds 1-2 transpose the 4 x 4 blocks of
/// words inside each 128-bit quarter (in-lane shuffles, which Zen 5 issues twice as fast as
/// cross-lane permutes); rounds 3-4 then transpose the 4 x 4 grid of quarters.
inline void transpose(Vec r[16]) {
  Vec t[16];
  for (int i = 0; i < 16; i += 2) {
    t[i] = unpack_low(r[i], r[i + 1]);
    t[i + 1] = unpack_high(r[i], r[i + 1]);
  }
  // Quarter j of r[4g + c]: word 4j + c of rows 4g .. 4g + 3.
  for (int i = 0; i < 16; i += 4) {
    r[i] = shuffle_words<_MM_SHUFFLE(1, 0, 1, 0)>(t[i], t[i + 2]);
    r[i + 1] = shuffle_words<_MM_SHUFFLE(3, 2, 3, 2)>(t[i], t[i + 2]);
    r[i + 2] = shuffle_words<_MM_SHUFFLE(1, 0, 1, 0)>(t[i + 1], t[i + 3]);
    r[i + 3] = shuffle_words<_MM_SHUFFLE(3, 2, 3, 2)>(t[i + 1], t[i + 3]);
  }
  // Word 4j + c gathers quarter j of r[c], r[4 + c], r[8 + c], r[12 + c]: even quarters, odd
  // quarters, twice.
  constexpr int kEven = _MM_SHUFFLE(2, 0, 2, 0), kOdd = _MM_SHUFFLE(3, 1, 3, 1);
  for (int c = 0; c < 4; ++c) {
    const Vec even_ab = shuffle_quarters<kEven>(r[c], r[4 + c]), odd_ab = shuffle_quarters<kOdd>(r[c], r[4 + c]);
    const Vec even_cd = shuffle_quarters<kEven>(r[8 + c], r[12 + c]), odd_cd = shuffle_quarters<kOdd>(r[8 + c], r[12 + c]);
    t[c] = shuffle_quarters<kEven>(even_ab, even_cd);
    t[4 + c] = shuffle_quarters<kEven>(odd_ab, odd_cd);
    t[8 + c] = shuffle_quarters<kOdd>(even_ab, even_cd);
    t[12 + c] = shuffle_quarters<kOdd>(odd_ab, odd_cd);
  }
  for (int i = 0; i < 16; ++i) r[i] = t[i];
}

inline Vec load(const void* p) { return _mm512_loadu_ps(p); }
inline Vec zero() { return _mm512_setzero_ps(); }
/// The first `words` words at p (the rest 0), touching no memory past them.
inline Vec load_first(const void* p, int words) {
  return _mm512_maskz_loadu_ps(static_cast<__mmask16>((1u << words) - 1), p);
}
inline void store(void* p, Vec v) { _mm512_storeu_ps(p, v); }
/// Stores the first `words` words of v at p, touching no memory past them.
inline void store_first(void* p, Vec v, int words) {
  _mm512_mask_storeu_ps(p, static_cast<__mmask16>((1u << words) - 1), v);
}
#elif defined(__AVX2__)
constexpr int kSide = 8;
using Vec = __m256;

/// r[k][q] = r[q][k] for an 8 x 8 block of words: pairs of words interleaved, then pairs of
/// pairs, then the 128-bit halves swapped.
inline void transpose(Vec r[8]) {
  __m256 t[8], u[8];
  for (int i = 0; i < 8; i += 2) {
    t[i] = _mm256_unpacklo_ps(r[i], r[i + 1]);
    t[i + 1] = _mm256_unpackhi_ps(r[i], r[i + 1]);
  }
  for (int i = 0; i < 8; i += 4) {
    u[i] = _mm256_shuffle_ps(t[i], t[i + 2], _MM_SHUFFLE(1, 0, 1, 0));
    u[i + 1] = _mm256_shuffle_ps(t[i], t[i + 2], _MM_SHUFFLE(3, 2, 3, 2));
    u[i + 2] = _mm256_shuffle_ps(t[i + 1], t[i + 3], _MM_SHUFFLE(1, 0, 1, 0));
    u[i + 3] = _mm256_shuffle_ps(t[i + 1], t[i + 3], _MM_SHUFFLE(3, 2, 3, 2));
  }
  for (int i = 0; i < 4; ++i) {
    r[i] = _mm256_permute2f128_ps(u[i], u[i + 4], 0x20);
    r[i + 4] = _mm256_permute2f128_ps(u[i], u[i + 4], 0x31);
  }
}

/// Lanes below `words` all ones: the mask of a masked load or store.
inline __m256i first_words(int words) {
  return _mm256_cmpgt_epi32(_mm256_set1_epi32(words), _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7));
}
inline Vec load(const void* p) { return _mm256_loadu_ps(static_cast<const float*>(p)); }
inline Vec zero() { return _mm256_setzero_ps(); }
inline Vec load_first(const void* p, int words) {
  return _mm256_maskload_ps(static_cast<const float*>(p), first_words(words));
}
inline void store(void* p, Vec v) { _mm256_storeu_ps(static_cast<float*>(p), v); }
/// Not by vmaskmovps: on AMD before Zen 4 its store form costs as much as a dozen plain stores.
inline void store_first(void* p, Vec v, int words) {
  float* out = static_cast<float*>(p);
  __m128 part = _mm256_castps256_ps128(v);
  if (words >= 4) {
    _mm_storeu_ps(out, part);
    out += 4;
    words -= 4;
    part = _mm256_extractf128_ps(v, 1);
  }
  if (words >= 2) {
    _mm_storel_pi(reinterpret_cast<__m64*>(out), part);
    out += 2;
    words -= 2;
    part = _mm_movehl_ps(part, part);
  }
  if (words == 1) _mm_store_ss(out, part);
}
#endif

#if defined(AGORA_LANE_TRANSPOSE)
/// Calls f(l0, q0, words) for every square of kSide lanes by kSide words that W lanes of rows
/// `width` words wide make; the last squares hold only the `words` < kSide columns left.
template <int W, class F>
void for_each_square(int width, F&& f) {
  static_assert(W % kSide == 0, "whole registers of lanes");
  for (int l0 = 0; l0 < W; l0 += kSide)
    for (int q0 = 0; q0 < width; q0 += kSide) f(l0, q0, width - q0 < kSide ? width - q0 : kSide);
}
#endif

}  // namespace lanes_detail

/// Lanes to rows: for every lane with active[l] set, word q (q < width) of the row at
/// `out + l * stride` bytes becomes lanes[q][l]. Each lanes[q] is an array of W 4-byte words.
template <int W>
void lanes_to_rows(const void* const* lanes, int width, const uint8_t* active, void* out, int64_t stride) {
  char* rows = static_cast<char*>(out);
#if defined(AGORA_LANE_TRANSPOSE)
  using namespace lanes_detail;
  for_each_square<W>(width, [&](int l0, int q0, int words) {
    Vec r[kSide];
    for (int q = 0; q < kSide; ++q) r[q] = q < words ? load(static_cast<const float*>(lanes[q0 + q]) + l0) : zero();
    transpose(r);
    char* row = rows + l0 * stride + 4 * q0;
    for (int k = 0; k < kSide; ++k, row += stride) {
      if (!active[l0 + k]) continue;
      if (words == kSide) {
        store(row, r[k]);
      } else {
        store_first(row, r[k], words);
      }
      // Each row is a stream of its own, too many for the hardware prefetchers: where the rows
      // are not in the caches (outputs larger than L2), every store waited for its line. Asking
      // for the line four squares ahead, for writing, keeps many in flight (smax/27m_vs_30m at
      // 1024 envs and 2s3z at 16384 ran 1.5-1.8x faster on Zen 5; bench/RESULTS.md).
      __builtin_prefetch(row + 4 * kSide * 4, /*rw=*/1, /*locality=*/3);
    }
  });
#else
  for (int l = 0; l < W; ++l) {
    if (!active[l]) continue;
    for (int q = 0; q < width; ++q) std::memcpy(rows + l * stride + 4 * q, static_cast<const char*>(lanes[q]) + 4 * l, 4);
  }
#endif
}

/// Rows to lanes: for every lane, lanes[q][l] becomes word q (q < width) of the row at
/// `in + from[l] * stride` bytes.
template <int W>
void rows_to_lanes(const void* in, int64_t stride, const int32_t* from, int width, void* const* lanes) {
  const char* rows = static_cast<const char*>(in);
#if defined(AGORA_LANE_TRANSPOSE)
  using namespace lanes_detail;
  for_each_square<W>(width, [&](int l0, int q0, int words) {
    Vec r[kSide];
    for (int k = 0; k < kSide; ++k) {
      const char* row = rows + from[l0 + k] * stride + 4 * q0;
      r[k] = words == kSide ? load(row) : load_first(row, words);
    }
    transpose(r);
    for (int q = 0; q < words; ++q) store(static_cast<float*>(lanes[q0 + q]) + l0, r[q]);
  });
#else
  for (int l = 0; l < W; ++l) {
    for (int q = 0; q < width; ++q) std::memcpy(static_cast<char*>(lanes[q]) + 4 * l, rows + from[l] * stride + 4 * q, 4);
  }
#endif
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
