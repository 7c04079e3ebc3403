#pragma once
// Checked CUDA runtime calls: a failing call becomes an agora::Error naming the call and site.
#if AGORA_WITH_CUDA
#include <cuda_runtime.h>

#include <string>

#include "core/error.h"

#define AGORA_CUDA_CHECK(call)                                                              \
  do {                                                                                      \
    cudaError_t agora_cuda_status_ = (call);                                                \
    if (agora_cuda_status_ != cudaSuccess)                                                  \
      throw ::agora::Error(std::string("CUDA error in ") + #call + " at " + __FILE__ + ":" + \
                           std::to_string(__LINE__) + ": " + cudaGetErrorString(agora_cuda_status_)); \
  } while (0)
#endif
