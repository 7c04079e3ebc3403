// Zero-copy torch::Tensor views of VecEnv outputs.
#include "core/torch_view.h"

#include <gtest/gtest.h>

#include "core/registry.h"

namespace agora {
namespace {

TEST(TorchView, TensorsAliasTheEnvBuffers) {
  auto env = make_env("toy/gather", 8, Device::kCpu);
  env->reset(1);
  torch::Tensor obs = as_tensor(env->obs());
  EXPECT_EQ(obs.sizes(), torch::IntArrayRef({8, 2, 6}));
  EXPECT_EQ(obs.dtype(), torch::kFloat32);
  EXPECT_EQ(obs.data_ptr<float>(), env->obs().data);
  EXPECT_EQ(as_tensor(env->legal()).dtype(), torch::kUInt8);
  // Writing actions through the tensor steps the env with them.
  torch::Tensor actions = as_tensor(env->actions());
  EXPECT_EQ(actions.dtype(), torch::kInt32);
  actions.zero_();  // "stay" is always legal in toy/gather
  const std::vector<float> before = env->obs().to_host();
  env->step();
  EXPECT_TRUE(torch::equal(obs, as_tensor(env->obs())));
  EXPECT_EQ(as_tensor(env->reward()).sum().item<float>() >= 0, true);
  EXPECT_TRUE(torch::equal(torch::from_blob(const_cast<float*>(before.data()), {8, 2, 6}), obs))
      << "nobody moved, so observations stay";
}

}  // namespace
}  // namespace agora
