// CUDA backend of the commons games.
#include "core/batched_env_cuda.cuh"
#include "envs/commons/commons.h"

AGORA_CUDA_GAME(agora::CommonsGame);
