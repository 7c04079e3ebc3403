#pragma once
// A non-owning, shape-typed view of an env output on the env's device. Views stay valid until
// the VecEnv is destroyed; their contents change on every reset/step.
#include <cstdint>
#include <vector>

#include "core/device.h"

namespace agora {

/// Copies `bytes` from `src` (memory on `device`) into host memory `dst`.
void copy_to_host(void* dst, const void* src, size_t bytes, Device device);
/// Copies `bytes` from host memory `src` into `dst` (memory on `device`).
void copy_from_host(void* dst, const void* src, size_t bytes, Device device);
/// Copies `bytes` between two allocations on the same `device`.
void copy_device_to_device(void* dst, const void* src, size_t bytes, Device device);

template <class T>
struct View {
  T* data = nullptr;
  std::vector<int64_t> shape;
  Device device = Device::kCpu;

  size_t size() const {
    size_t n = 1;
    for (int64_t d : shape) n *= static_cast<size_t>(d);
    return n;
  }
  /// A host copy of the whole view (a plain memcpy on CPU).
  std::vector<T> to_host() const {
    std::vector<T> out(size());
    if (!out.empty()) copy_to_host(out.data(), data, out.size() * sizeof(T), device);
    return out;
  }
};

}  // namespace agora
