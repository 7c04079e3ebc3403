// CUDA backend of the matrix games.
#include "core/batched_env_cuda.cuh"
#include "envs/matrix/matrix.h"

AGORA_CUDA_GAME(agora::MatrixGame);
