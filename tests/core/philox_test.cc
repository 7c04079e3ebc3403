#include "core/philox.h"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

namespace agora {
namespace {

// Known-answer vectors of Random123 (tests/kat_vectors, "philox4x32 10" lines):
// counter (4 words), key (2 words) -> output (4 words).
struct Kat {
  uint32_t ctr[4], key[2], out[4];
};
const Kat kKats[] = {
    {{0, 0, 0, 0}, {0, 0}, {0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8}},
    {{0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff},
     {0xffffffff, 0xffffffff},
     {0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd}},
    {{0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344},
     {0xa4093822, 0x299f31d0},
     {0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1}},
};

TEST(Philox, Random123KnownAnswers) {
  for (const Kat& k : kKats) {
    const Philox4x32 out = philox4x32_10(Philox4x32{{k.ctr[0], k.ctr[1], k.ctr[2], k.ctr[3]}}, k.key[0], k.key[1]);
    for (int i = 0; i < 4; ++i) EXPECT_EQ(out.v[i], k.out[i]) << "word " << i;
  }
}

TEST(Philox, RngStreamIsPhiloxOfItsCounter) {
  // Block b of stream s under seed x is Philox(ctr = {b, 0, s, 0}, key = seed words).
  Rng rng(0x299f31d0a4093822ull, 7);
  for (uint32_t block = 0; block < 3; ++block) {
    const Philox4x32 expect = philox4x32_10(Philox4x32{{block, 0, 7, 0}}, 0xa4093822u, 0x299f31d0u);
    for (int i = 0; i < 4; ++i) EXPECT_EQ(rng.next_u32(), expect.v[i]);
  }
}

TEST(Philox, RefillCarriesIntoTheHighPositionWord) {
  // A refill makes two blocks; each may cross 2^32 blocks (the SIMD refill computes both).
  for (const uint32_t start : {0xfffffffeu, 0xffffffffu}) {
    Rng rng(0xffffffffffffffffull, 0xffffffffu);
    rng.position_lo = start;
    rng.position_hi = 5;
    for (uint64_t block = (uint64_t{5} << 32) + start; block < (uint64_t{5} << 32) + start + 4; ++block) {
      const Philox4x32 expect = philox4x32_10(
          Philox4x32{{static_cast<uint32_t>(block), static_cast<uint32_t>(block >> 32), 0xffffffffu, 0}},
          0xffffffffu, 0xffffffffu);
      for (int i = 0; i < 4; ++i) EXPECT_EQ(rng.next_u32(), expect.v[i]) << "block " << block << " word " << i;
    }
  }
}

TEST(Philox, StreamsAndSeedsDiffer) {
  Rng a(1, 0), b(1, 1), c(2, 0);
  const uint32_t x = a.next_u32();
  EXPECT_NE(x, b.next_u32());
  EXPECT_NE(x, c.next_u32());
}

TEST(Philox, UniformIsInUnitIntervalWithMeanHalf) {
  Rng rng(42, 0);
  double sum = 0;
  const int n = 200000;
  for (int i = 0; i < n; ++i) {
    const float u = rng.uniform();
    ASSERT_GE(u, 0.0f);
    ASSERT_LT(u, 1.0f);
    sum += u;
  }
  EXPECT_NEAR(sum / n, 0.5, 0.005);
}

TEST(Philox, UniformIntCoversRangeEvenly) {
  Rng rng(3, 0);
  const int n = 7, draws = 70000;
  std::vector<int> counts(n, 0);
  for (int i = 0; i < draws; ++i) {
    const uint32_t x = rng.uniform_int(n);
    ASSERT_LT(x, static_cast<uint32_t>(n));
    ++counts[x];
  }
  for (int c : counts) EXPECT_NEAR(c, draws / n, 5 * std::sqrt(draws / n));
  EXPECT_EQ(rng.uniform_int(1), 0u);
}

TEST(Philox, NormalHasUnitMoments) {
  Rng rng(5, 0);
  double sum = 0, sq = 0;
  const int n = 200000;
  for (int i = 0; i < n; ++i) {
    const float x = rng.normal();
    ASSERT_TRUE(std::isfinite(x));
    sum += x;
    sq += x * x;
  }
  EXPECT_NEAR(sum / n, 0.0, 0.01);
  EXPECT_NEAR(sq / n, 1.0, 0.02);
}

TEST(Philox, CategoricalFollowsWeightsAndSkipsZeros) {
  Rng rng(9, 0);
  const float w[4] = {1.0f, 0.0f, 3.0f, 0.0f};
  int counts[4] = {0, 0, 0, 0};
  const int draws = 40000;
  for (int i = 0; i < draws; ++i) ++counts[rng.categorical(w, 4)];
  EXPECT_EQ(counts[1], 0);
  EXPECT_EQ(counts[3], 0);
  EXPECT_NEAR(counts[2] / static_cast<double>(draws), 0.75, 0.01);
}

}  // namespace
}  // namespace agora
