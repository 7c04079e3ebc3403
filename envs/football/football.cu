// CUDA backend of the football games.
#include "core/batched_env_cuda.cuh"
#include "envs/football/football.h"

AGORA_CUDA_GAME(agora::FootballGame);
#include "envs/football/one_sided.h"
AGORA_CUDA_GAME(agora::OneSidedGame);
#include "envs/football/one_sided_22.h"
AGORA_CUDA_GAME(agora::OneSided22Game);
