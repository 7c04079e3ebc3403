// CUDA backend of SMAX.
#include "core/batched_env_cuda.cuh"
#include "envs/smax/smax.h"

AGORA_CUDA_GAME(agora::SmaxGameT<8>);
AGORA_CUDA_GAME(agora::SmaxGameT<16>);
AGORA_CUDA_GAME(agora::SmaxGameT<32>);
AGORA_CUDA_GAME(agora::SmaxGameT<64>);
