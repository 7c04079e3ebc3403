#pragma once
// CUDA kernels of BatchedEnv<Game>: threads running the same per-env functions as the CPU
// backend (core/env_kernels.h), one per env, a warp per env (the game's team step) or, for the
// outputs, one per agent (ThreadMapping).
// Include only from a game's .cu file:
//
//   // envs/mygame/mygame.cu
//   #include "core/batched_env_cuda.cuh"
//   #include "envs/mygame/mygame.h"
//   AGORA_CUDA_GAME(agora::MyGame);
#include "core/batched_env.h"
#include "core/cuda_check.h"

namespace agora {
namespace cuda_detail {

/// A device int holding the lowest failing env index; allocated once per process and thread.
int* error_slot();

/// Threads per block for `work` threads: `requested` when set, else 128, halved down to 32
/// while fewer blocks than the device has multiprocessors would leave some of them idle (at
/// 1k envs and one thread each, 128 per block would run on 8 of an H200's 132).
int block_threads_for(int64_t work, int requested);

struct Launch {
  int blocks, threads;
};

inline Launch launch_for(int64_t work, int requested) {
  const int threads = block_threads_for(work, requested);
  return Launch{static_cast<int>((work + threads - 1) / threads), threads};
}

template <class Game>
__global__ void reset_kernel(EnvArrays<Game> a, int n, uint64_t seed) {
  const int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) reset_env(a, i, seed);
}

template <class Game>
__global__ void step_kernel(EnvArrays<Game> a, int n, int* first_error) {
  const int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n && step_env(a, i) != kStepOk) atomicMin(first_error, i);
}

/// ThreadMapping::kAgent, first kernel: the rules, one thread per env.
template <class Game>
__global__ void step_rules_kernel(EnvArrays<Game> a, int n, int* first_error) {
  const int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n && step_env_rules(a, i) != kStepOk) atomicMin(first_error, i);
}

/// ThreadMapping::kAgent, second kernel: the outputs, one thread per (env, agent) row.
template <class Game>
__global__ void agent_outputs_kernel(EnvArrays<Game> a, int64_t rows) {
  const int64_t r = static_cast<int64_t>(blockIdx.x) * blockDim.x + threadIdx.x;
  const int A = a.spec.num_agents;
  if (r < rows) write_agent_outputs(a, static_cast<int>(r / A), static_cast<int>(r % A));
}

/// `width` lanes of a warp as a team (core/team.h); a warp holds 32 / width teams, each
/// synchronised on its own lanes (`mask`). Host bodies are empty: step_team is instantiated
/// with this team for the device only.
struct WarpTeam {
  int lane, width;  // width: a power of two, at most 32
  unsigned mask;
  template <class F>
  __host__ __device__ void for_each(int n, F&& f) const {
#ifdef __CUDA_ARCH__
    for (int u = lane; u < n; u += width) f(u);
    __syncwarp(mask);
#endif
  }
  template <class F>
  __host__ __device__ void serial(F&& f) const {
#ifdef __CUDA_ARCH__
    if (lane == 0) f();
    __syncwarp(mask);
#endif
  }
  __host__ __device__ bool any(bool p) const {
#ifdef __CUDA_ARCH__
    return __any_sync(mask, p);
#else
    return p;
#endif
  }
};

/// Lanes per env under ThreadMapping::kWarp: the game's useful lanes rounded up to a power of
/// two, at most a warp (3m: 8 lanes, four envs a warp; 27m_vs_30m: a warp).
template <class Game>
int team_width(const typename Game::Config& c) {
  const int lanes = Game::team_lanes(c);
  int width = 1;
  while (width < lanes && width < 32) width *= 2;
  return width;
}

/// ThreadMapping::kWarp, first kernel: the rules, a team of `width` lanes per env, each team's
/// scratch in shared memory. The outputs follow by agent_outputs_kernel.
template <class Game>
__global__ void team_rules_kernel(EnvArrays<Game> a, int n, int width, int* first_error) {
  extern __shared__ __align__(16) unsigned char shared[];
  const int team = threadIdx.x / width, lane = threadIdx.x % width;
  const int i = blockIdx.x * (blockDim.x / width) + team;
  if (i >= n) return;  // the whole team
  const int first_lane = (threadIdx.x % 32) / width * width;
  const unsigned mask = (width == 32 ? 0xFFFFFFFFu : (1u << width) - 1) << first_lane;
  int verdict = lane == 0 ? check_step(a, i) : kStepOk;
  verdict = __shfl_sync(mask, verdict, 0, width);
  if (verdict != kStepOk) {
    if (lane == 0) atomicMin(first_error, i);
    return;
  }
  auto* scratch = reinterpret_cast<typename Game::TeamScratch*>(shared) + team;
  step_env_team(a, i, WarpTeam{lane, width, mask}, *scratch);
}

/// Teams per block for team_rules_kernel: those of the requested (or automatic) block size,
/// fewer where their scratch would pass the 48 KB of shared memory a block gets by default
/// (whole warps of them).
template <class Game>
int teams_per_block(int n, int width, int requested) {
  const int threads = block_threads_for(static_cast<int64_t>(n) * width, requested);
  const int per_warp = 32 / width;
  const int fit = static_cast<int>((48 * 1024) / (per_warp * sizeof(typename Game::TeamScratch)));
  const int warps = threads / 32 < fit ? threads / 32 : fit;
  return (warps > 0 ? warps : 1) * per_warp;
}

template <class Game>
__global__ void sample_kernel(EnvArrays<Game> a, int n) {
  const int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) sample_env(a, i);
}

}  // namespace cuda_detail

template <class Game>
void CudaBackend<Game>::reset(const EnvArrays<Game>& a, int n, uint64_t seed, int block_threads) {
  const cuda_detail::Launch l = cuda_detail::launch_for(n, block_threads);
  cuda_detail::reset_kernel<Game><<<l.blocks, l.threads>>>(a, n, seed);
  AGORA_CUDA_CHECK(cudaGetLastError());
}

template <class Game>
int CudaBackend<Game>::step(const EnvArrays<Game>& a, int n, ThreadMapping mapping, int block_threads) {
  int* slot = cuda_detail::error_slot();
  // Every byte 0x7f: INT32 0x7f7f7f7f, above any env index. Unlike a copy of n from pageable
  // host memory, the memset is queued without waiting for the GPU.
  AGORA_CUDA_CHECK(cudaMemsetAsync(slot, 0x7f, sizeof(int)));
  const cuda_detail::Launch l = cuda_detail::launch_for(n, block_threads);
  if (mapping == ThreadMapping::kAgent || mapping == ThreadMapping::kWarp) {
    bool by_warps = false;  // BatchedEnv refuses kWarp for games without a team step
    if constexpr (HasStepTeam<Game>::value) {
      if (mapping == ThreadMapping::kWarp) {
        const int width = cuda_detail::team_width<Game>(a.cfg);
        const int teams = cuda_detail::teams_per_block<Game>(n, width, block_threads);
        const size_t shared = teams * sizeof(typename Game::TeamScratch);
        cuda_detail::team_rules_kernel<Game><<<(n + teams - 1) / teams, teams * width, shared>>>(a, n, width, slot);
        by_warps = true;
      }
    }
    if (!by_warps) cuda_detail::step_rules_kernel<Game><<<l.blocks, l.threads>>>(a, n, slot);
    AGORA_CUDA_CHECK(cudaGetLastError());
    const int64_t rows = static_cast<int64_t>(n) * a.spec.num_agents;
    const cuda_detail::Launch r = cuda_detail::launch_for(rows, block_threads);
    cuda_detail::agent_outputs_kernel<Game><<<r.blocks, r.threads>>>(a, rows);
  } else {
    cuda_detail::step_kernel<Game><<<l.blocks, l.threads>>>(a, n, slot);
  }
  AGORA_CUDA_CHECK(cudaGetLastError());
  // The device-side error flag is read back every step: an illegal action must surface at
  // the step that made it. This 4-byte copy is also the step's synchronisation point.
  int first_error = n;
  AGORA_CUDA_CHECK(cudaMemcpy(&first_error, slot, sizeof(int), cudaMemcpyDeviceToHost));
  return first_error < n ? first_error : n;
}

template <class Game>
void CudaBackend<Game>::sample(const EnvArrays<Game>& a, int n, int block_threads) {
  const cuda_detail::Launch l = cuda_detail::launch_for(n, block_threads);
  cuda_detail::sample_kernel<Game><<<l.blocks, l.threads>>>(a, n);
  AGORA_CUDA_CHECK(cudaGetLastError());
}

}  // namespace agora

/// Instantiates the CUDA backend of one game; put it in the game's .cu file.
#define AGORA_CUDA_GAME(Game) template struct agora::CudaBackend<Game>
