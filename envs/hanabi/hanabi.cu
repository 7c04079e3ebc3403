// CUDA backend of Hanabi.
#include "core/batched_env_cuda.cuh"
#include "envs/hanabi/hanabi.h"

AGORA_CUDA_GAME(agora::HanabiGame);
