#include "core/registry.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "core/error.h"

namespace agora {
namespace {

TEST(Registry, ListsTheToyGamesSorted) {
  const auto names = env_names();
  EXPECT_TRUE(std::is_sorted(names.begin(), names.end()));
  EXPECT_NE(std::find(names.begin(), names.end(), "toy/gather"), names.end());
  EXPECT_NE(std::find(names.begin(), names.end(), "toy/nim"), names.end());
}

TEST(Registry, UnknownEnvErrorListsKnownOnes) {
  try {
    make_env("no/such", 1, Device::kCpu);
    FAIL();
  } catch (const Error& e) {
    const std::string msg = e.what();
    EXPECT_NE(msg.find("unknown env 'no/such'"), std::string::npos) << msg;
    EXPECT_NE(msg.find("toy/gather"), std::string::npos) << msg;
  }
}

TEST(Registry, ConfigChangesTheSpec) {
  EXPECT_EQ(env_spec("toy/nim").obs_dim, 23);
  EXPECT_EQ(env_spec("toy/nim", Json{{"max_pile", 30}}).obs_dim, 33);
  EXPECT_EQ(make_env("toy/gather", 2, Device::kCpu, Json{{"max_steps", 9}})->spec().max_steps, 9);
}

TEST(Registry, BadConfigValuesAreErrorsNamingTheKey) {
  try {
    make_env("toy/gather", 1, Device::kCpu, Json{{"grid", 1}});
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("'grid'"), std::string::npos) << e.what();
  }
}

TEST(Registry, CudaWithoutADeviceIsAnError) {
  if (cuda_device_count() > 0) GTEST_SKIP() << "a CUDA device is present";
  EXPECT_THROW(make_env("toy/gather", 4, Device::kCuda), Error);
}

}  // namespace
}  // namespace agora
