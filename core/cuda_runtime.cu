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

int block_threads_for(int64_t work, int requested) {
  if (requested > 0) return requested;
  int device = 0, multiprocessors = 0;  // both are cheap host-side queries, no synchronisation
  AGORA_CUDA_CHECK(cudaGetDevice(&device));
  AGORA_CUDA_CHECK(cudaDeviceGetAttribute(&multiprocessors, cudaDevAttrMultiProcessorCount, device));
  int threads = 128;
  while (threads > 32 && (work + threads - 1) / threads < multiprocessors) threads /= 2;
  return threads;
}

}  // namespace cuda_detail

}  // namespace agora
