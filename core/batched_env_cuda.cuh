#pragma once
// CUDA kernels of BatchedEnv<Game>: one thread per env running the same per-env functions as
// the CPU backend (core/env_kernels.h). Include only from a game's .cu file:
//
//   // envs/mygame/mygame.cu
//   #include "core/batched_env_cuda.cuh"
//   #include "envs/mygame/mygame.h"
//   AGORA_CUDA_GAME(agora::MyGame);
#include "core/batched_env.h"
#include "core/cuda_check.h"

namespace agora {
namespace cuda_detail {

constexpr int kThreadsPerBlock = 128;

inline int blocks_for(int n) { return (n + kThreadsPerBlock - 1) / kThreadsPerBlock; }

/// A device int holding the lowest failing env index; allocated once per process and thread.
int* error_slot();

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

template <class Game>
__global__ void sample_kernel(EnvArrays<Game> a, int n) {
  const int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) sample_env(a, i);
}

}  // namespace cuda_detail

template <class Game>
void CudaBackend<Game>::reset(const EnvArrays<Game>& a, int n, uint64_t seed) {
  cuda_detail::reset_kernel<Game><<<cuda_detail::blocks_for(n), cuda_detail::kThreadsPerBlock>>>(a, n, seed);
  AGORA_CUDA_CHECK(cudaGetLastError());
}

template <class Game>
int CudaBackend<Game>::step(const EnvArrays<Game>& a, int n) {
  int* slot = cuda_detail::error_slot();
  AGORA_CUDA_CHECK(cudaMemcpy(slot, &n, sizeof(int), cudaMemcpyHostToDevice));
  cuda_detail::step_kernel<Game><<<cuda_detail::blocks_for(n), cuda_detail::kThreadsPerBlock>>>(a, n, slot);
  AGORA_CUDA_CHECK(cudaGetLastError());
  // The device-side error flag is read back every step: an illegal action must surface at
  // the step that made it. This 4-byte copy is also the step's synchronisation point.
  int first_error = n;
  AGORA_CUDA_CHECK(cudaMemcpy(&first_error, slot, sizeof(int), cudaMemcpyDeviceToHost));
  return first_error;
}

template <class Game>
void CudaBackend<Game>::sample(const EnvArrays<Game>& a, int n) {
  cuda_detail::sample_kernel<Game><<<cuda_detail::blocks_for(n), cuda_detail::kThreadsPerBlock>>>(a, n);
  AGORA_CUDA_CHECK(cudaGetLastError());
}

}  // namespace agora

/// Instantiates the CUDA backend of one game; put it in the game's .cu file.
#define AGORA_CUDA_GAME(Game) template struct agora::CudaBackend<Game>
