// The lane helpers (register transposes where the CPU has them) against plain per-word loops:
// every width up to 16 and beyond, inactive lanes and the words past a row left untouched.
#include "core/lanes.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

#include "core/philox.h"

namespace agora {
namespace {

constexpr int W = 64;

TEST(Lanes, LanesWhereSetsTheBitOfEveryNonzeroFlag) {
  Rng rng(5, 0);
  for (int trial = 0; trial < 200; ++trial) {
    alignas(64) int32_t flags[W];
    uint64_t want = 0;
    for (int l = 0; l < W; ++l) {
      flags[l] = rng.uniform() < 0.3f ? static_cast<int32_t>(rng.next_u32()) | 1 : 0;
      if (l == trial % W) flags[l] = INT32_MIN;  // only the sign bit: still nonzero
      want |= static_cast<uint64_t>(flags[l] != 0) << l;
    }
    EXPECT_EQ(lanes_where<W>(flags), want) << "trial " << trial;
  }
}

TEST(Lanes, RowsToLanesReadsWordQOfRowFromL) {
  constexpr int kRows = 80, kStride = 24;  // words per row, wider than any width tested
  Rng rng(7, 0);
  std::vector<uint32_t> rows(kRows * kStride);
  for (uint32_t& w : rows) w = rng.next_u32();
  for (int width = 1; width <= 20; ++width) {
    alignas(64) int32_t from[W];
    for (int l = 0; l < W; ++l) from[l] = static_cast<int32_t>(rng.uniform_int(kRows));
    std::vector<std::vector<uint32_t>> lanes(width, std::vector<uint32_t>(W + 1, 0xDEADBEEF));
    std::vector<void*> columns;
    for (auto& lane : lanes) columns.push_back(lane.data());
    rows_to_lanes<W>(rows.data(), kStride * 4, from, width, columns.data());
    for (int q = 0; q < width; ++q) {
      for (int l = 0; l < W; ++l) ASSERT_EQ(lanes[q][l], rows[from[l] * kStride + q]) << "width " << width << " word " << q << " lane " << l;
      EXPECT_EQ(lanes[q][W], 0xDEADBEEF) << "written past lane W-1";
    }
  }
}

TEST(Lanes, LanesToRowsWritesActiveRowsOnly) {
  constexpr int kStride = 24;
  Rng rng(9, 0);
  for (int width = 1; width <= 20; ++width) {
    std::vector<std::vector<uint32_t>> lanes(width, std::vector<uint32_t>(W));
    std::vector<const void*> columns;
    for (auto& lane : lanes) {
      for (uint32_t& w : lane) w = rng.next_u32();
      columns.push_back(lane.data());
    }
    uint8_t active[W];
    for (uint8_t& a : active) a = rng.uniform() < 0.7f;
    std::vector<uint32_t> rows(W * kStride, 0x55555555);
    lanes_to_rows<W>(columns.data(), width, active, rows.data(), kStride * 4);
    for (int l = 0; l < W; ++l) {
      for (int q = 0; q < kStride; ++q) {
        const uint32_t want = active[l] && q < width ? lanes[q][l] : 0x55555555;
        ASSERT_EQ(rows[l * kStride + q], want) << "width " << width << " lane " << l << " word " << q;
      }
    }
  }
}

TEST(Lanes, RowWriterSendsPiecesOfAnyWidthToTheirColumns) {
  constexpr int kPieces[] = {13, 13, 4, 7, 1, 16, 3};  // SMAX-like rows: pieces not multiples of 16
  int dim = 0;
  for (int p : kPieces) dim += p;
  uint8_t active[W];
  for (int l = 0; l < W; ++l) active[l] = l % 5 != 2;
  std::vector<float> rows(W * (dim + 1), -1.0f);
  LaneRowWriter<W> writer(active, rows.data(), (dim + 1) * static_cast<int64_t>(sizeof(float)));
  int column = 0;
  for (int p : kPieces) {
    for (int q = 0; q < p; ++q, ++column) {
      float* c = writer.column();
      for (int l = 0; l < W; ++l) c[l] = static_cast<float>(1000 * l + column);
    }
    writer.write_full();
  }
  writer.flush();
  for (int l = 0; l < W; ++l) {
    for (int q = 0; q <= dim; ++q) {
      const float want = active[l] && q < dim ? static_cast<float>(1000 * l + q) : -1.0f;
      ASSERT_EQ(rows[l * (dim + 1) + q], want) << "lane " << l << " column " << q;
    }
  }
}

}  // namespace
}  // namespace agora
