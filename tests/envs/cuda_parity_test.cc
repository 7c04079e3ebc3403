// CPU-vs-CUDA parity of every registered env: the CPU backend is the oracle. Integer-state
// games must match bit for bit; observations are compared exactly too (they are computed by
// the same expressions), with a float tolerance only where a game documents one.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/error.h"
#include "tests/envs/env_test_util.h"

namespace agora {
namespace {

/// `name` with `config` on the GPU under every thread mapping it runs, step for step against
/// the CPU.
void expect_cuda_matches_cpu(const std::string& name, const Json& config) {
  const int N = 1000, steps = 300;
  auto cpu = make_env(name, N, Device::kCpu, config);
  const auto rc = testing_util::random_run(*cpu, 123, steps);
  // Every thread mapping the game runs under, with the automatic block size and a set one.
  VecEnvOptions by_env, by_agent, by_warp;
  by_agent.thread_mapping = ThreadMapping::kAgent;
  by_agent.cuda_block_threads = 64;
  by_warp.thread_mapping = ThreadMapping::kWarp;
  std::vector<VecEnvOptions> mappings = {by_env, by_agent};
  if (supports_thread_mapping(name, ThreadMapping::kWarp)) mappings.push_back(by_warp);
  for (const VecEnvOptions& options : mappings) {
    SCOPED_TRACE(thread_mapping_name(options.thread_mapping));
    auto gpu = make_env(name, N, Device::kCuda, config, options);
    const auto rg = testing_util::random_run(*gpu, 123, steps);
    for (size_t t = 0; t < rc.size(); ++t) {
      ASSERT_EQ(rc[t].game_states, rg[t].game_states) << "step " << t;
      ASSERT_EQ(rc[t].actions, rg[t].actions) << "step " << t;
      ASSERT_EQ(rc[t].reward, rg[t].reward) << "step " << t;
      ASSERT_EQ(rc[t].terminated, rg[t].terminated) << "step " << t;
      ASSERT_EQ(rc[t].truncated, rg[t].truncated) << "step " << t;
      ASSERT_EQ(rc[t].legal, rg[t].legal) << "step " << t;
      ASSERT_EQ(rc[t].acting, rg[t].acting) << "step " << t;
      ASSERT_EQ(rc[t].obs, rg[t].obs) << "step " << t;
      ASSERT_EQ(rc[t].state, rg[t].state) << "step " << t;
    }
    const EpisodeStats a = cpu->episode_stats(), b = gpu->episode_stats();
    EXPECT_EQ(a.episodes, b.episodes);
    EXPECT_DOUBLE_EQ(a.mean_return, b.mean_return);
  }
}

class CudaParity : public ::testing::TestWithParam<std::string> {};

TEST_P(CudaParity, MatchesCpuStepForStep) {
  if (cuda_device_count() == 0) GTEST_SKIP() << "no CUDA device present: CPU-vs-CUDA parity not checked";
  expect_cuda_matches_cpu(GetParam(), Json::object());
}

// Options that change what a game computes beyond its registered defaults.
TEST(CudaParityOptions, SmaxConicObservationMatchesCpu) {
  if (cuda_device_count() == 0) GTEST_SKIP() << "no CUDA device present: CPU-vs-CUDA parity not checked";
  for (const char* name : {"smax/3m", "smax/3s5z_vs_3s6z"}) {
    SCOPED_TRACE(name);
    expect_cuda_matches_cpu(name, Json{{"observation_type", "conic"}});
    expect_cuda_matches_cpu(name, Json{{"observation_type", "conic"}, {"opponent", "self_play"}, {"mirror_enemies", true}});
  }
}

TEST_P(CudaParity, IllegalActionRaisesTheDeviceFlag) {
  if (cuda_device_count() == 0) GTEST_SKIP() << "no CUDA device present: device-side error flag not checked";
  for (ThreadMapping mapping : {ThreadMapping::kEnv, ThreadMapping::kAgent, ThreadMapping::kWarp}) {
    if (!supports_thread_mapping(GetParam(), mapping)) continue;
    SCOPED_TRACE(thread_mapping_name(mapping));
    VecEnvOptions options;
    options.thread_mapping = mapping;
    auto gpu = make_env(GetParam(), 64, Device::kCuda, Json::object(), options);
    gpu->reset(1);
    gpu->sample_random_actions();
    auto actions = gpu->actions().to_host();
    const auto acting = gpu->acting().to_host();
    const int A = gpu->spec().num_agents;
    int agent = 0;
    while (!acting[5 * A + agent]) ++agent;
    actions[5 * A + agent] = gpu->spec().num_actions + 4;
    testing_util::set_actions(*gpu, actions);
    try {
      gpu->step();
      FAIL() << "illegal action accepted on CUDA";
    } catch (const Error& e) {
      EXPECT_NE(std::string(e.what()).find("env 5"), std::string::npos) << e.what();
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Registry, CudaParity, ::testing::ValuesIn(env_names()),
                         [](const ::testing::TestParamInfo<std::string>& info) {
                           return testing_util::test_name(info.param);
                         });

}  // namespace
}  // namespace agora
