// CUDA backends of the toy games.
#include "core/batched_env_cuda.cuh"
#include "tests/toy_games/gather.h"
#include "tests/toy_games/nim.h"

AGORA_CUDA_GAME(agora::toy::Gather);
AGORA_CUDA_GAME(agora::toy::Nim);
