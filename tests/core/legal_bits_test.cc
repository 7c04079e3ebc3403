// The runtime's mask-to-bits helpers against the plain per-byte loop.
#include "core/legal_bits.h"

#include <gtest/gtest.h>

#include <vector>

#include "core/philox.h"

namespace agora {
namespace {

TEST(LegalBits, EveryByteValueCountsAsLegalWhenNonzero) {
  for (int value = 0; value < 256; ++value) {
    for (int at = 0; at < 8; ++at) {
      uint8_t bytes[8] = {};
      bytes[at] = static_cast<uint8_t>(value);
      EXPECT_EQ(legal_bits(bytes, 8), value ? uint64_t{1} << at : 0u) << "byte " << at << " = " << value;
    }
  }
}

TEST(LegalBits, RandomMasksMatchTheByteLoop) {
  Rng rng(3, 0);
  for (int trial = 0; trial < 2000; ++trial) {
    const int count = static_cast<int>(rng.uniform_int(65));
    std::vector<uint8_t> mask(count + 8, 0xAB);  // bytes past `count` must be ignored
    uint64_t want = 0;
    for (int k = 0; k < count; ++k) {
      mask[k] = rng.uniform() < 0.5f ? 0 : static_cast<uint8_t>(1 + rng.uniform_int(255));
      if (mask[k]) want |= uint64_t{1} << k;
    }
    ASSERT_EQ(legal_bits(mask.data(), count), want) << "count " << count;
    const int set = popcount64(want);
    std::vector<int> order;
    for (int k = 0; k < count; ++k)
      if (mask[k]) order.push_back(k);
    ASSERT_EQ(set, static_cast<int>(order.size()));
    for (int n = 0; n < set; ++n) ASSERT_EQ(nth_set_bit(want, n), order[n]);
  }
}

}  // namespace
}  // namespace agora
