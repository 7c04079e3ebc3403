// CUDA backend of SMAX.
#include "core/batched_env_cuda.cuh"
#include "envs/smax/smax.h"

AGORA_CUDA_GAME(agora::SmaxGame);
