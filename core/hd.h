#pragma once
// AGORA_HD marks functions that run on both the host and the device: game rules, the RNG and
// the per-env step are compiled once by the host compiler (CPU backend) and once by nvcc.
#if defined(__CUDACC__)
#define AGORA_HD __host__ __device__ inline
#else
#define AGORA_HD inline
#endif
