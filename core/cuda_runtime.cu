// Shared CUDA state of the batched runtime.
#include "core/batched_env_cuda.cuh"

namespace agora {
namespace cuda_detail {

int* error_slot() {
  // One slot per host thread and device-context lifetime; never freed (process lifetime).
  thread_local int* slot = nullptr;
  if (!slot) AGORA_CUDA_CHECK(cudaMalloc(&slot, sizeof(int)));
  return slot;
}

}  // namespace cuda_detail

}  // namespace agora
