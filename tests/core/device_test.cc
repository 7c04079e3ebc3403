#include "core/device.h"

#include <gtest/gtest.h>

#include "core/buffer.h"
#include "core/error.h"

namespace agora {
namespace {

TEST(Device, ExplicitCpuAndUnknownNames) {
  EXPECT_EQ(resolve_device("cpu"), Device::kCpu);
  EXPECT_THROW(resolve_device("gpu"), Error);
  EXPECT_THROW(resolve_device(""), Error);
}

TEST(Device, AutoFallsBackToCpuWithoutACudaDevice) {
  std::string reason;
  const Device d = resolve_device("auto", &reason);
  if (cuda_device_count() == 0) {
    EXPECT_EQ(d, Device::kCpu);
    EXPECT_NE(reason.find("picked cpu"), std::string::npos) << reason;
    EXPECT_THROW(resolve_device("cuda"), Error) << "cuda must be refused when no device is present";
  } else {
    EXPECT_EQ(d, Device::kCuda);
    EXPECT_NE(reason.find("picked cuda"), std::string::npos) << reason;
  }
}

TEST(Buffer, HostRoundTripAndZeroInit) {
  Buffer<int> b(Device::kCpu, 5);
  EXPECT_EQ(b.to_host(), std::vector<int>(5, 0));
  const int src[3] = {7, 8, 9};
  b.copy_from_host(src, 1, 3);
  EXPECT_EQ(b.to_host(), (std::vector<int>{0, 7, 8, 9, 0}));
  EXPECT_THROW(b.copy_from_host(src, 4, 3), Error);
}

TEST(Buffer, CudaRoundTrip) {
  if (cuda_device_count() == 0) GTEST_SKIP() << "no CUDA device present: device buffers not checked";
  Buffer<float> b(Device::kCuda, 4);
  const float src[4] = {1, 2, 3, 4};
  b.copy_from_host(src, 0, 4);
  EXPECT_EQ(b.to_host(), (std::vector<float>{1, 2, 3, 4}));
}

}  // namespace
}  // namespace agora
