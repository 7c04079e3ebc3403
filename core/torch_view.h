#pragma once
// Zero-copy torch::Tensor views of VecEnv outputs. Only translation units that use LibTorch
// include this header (LibTorch headers are slow to compile). The tensor aliases the env's
// buffer: it is valid while the VecEnv lives and sees every later reset/step.
//
//   #include "core/torch_view.h"
//   torch::Tensor obs = agora::as_tensor(env->obs());        // [N, A, O] float32, env device
//   agora::as_tensor(env->actions()).copy_(policy_actions);  // write actions in place
//   env->step();
#include <torch/torch.h>

#include <cstdint>
#include <type_traits>

#include "core/view.h"

namespace agora {

template <class T>
constexpr torch::ScalarType torch_dtype() {
  if (std::is_same<T, float>::value) return torch::kFloat32;
  if (std::is_same<T, int32_t>::value) return torch::kInt32;
  if (std::is_same<T, int64_t>::value) return torch::kInt64;
  return torch::kUInt8;
}

template <class T>
torch::Tensor as_tensor(const View<T>& v) {
  static_assert(std::is_same<T, float>::value || std::is_same<T, int32_t>::value ||
                    std::is_same<T, int64_t>::value || std::is_same<T, uint8_t>::value,
                "no torch dtype for this view");
  const auto device = v.device == Device::kCuda ? torch::Device(torch::kCUDA, 0) : torch::Device(torch::kCPU);
  return torch::from_blob(const_cast<std::remove_const_t<T>*>(v.data), torch::IntArrayRef(v.shape),
                          torch::TensorOptions().dtype(torch_dtype<T>()).device(device));
}

}  // namespace agora
