#pragma once
// An owning array in host memory or CUDA device memory (plain cudaMalloc, never managed).
//
//   Buffer<float> obs(Device::kCuda, n);   // device memory
//   std::vector<float> host = obs.to_host();
#include <cstddef>
#include <cstdint>
#include <vector>

#include "core/device.h"

namespace agora {

/// Untyped allocation; the typed Buffer<T> below is what code uses.
class RawBuffer {
 public:
  RawBuffer() = default;
  RawBuffer(Device device, size_t bytes);
  ~RawBuffer();
  RawBuffer(RawBuffer&& other) noexcept;
  RawBuffer& operator=(RawBuffer&& other) noexcept;
  RawBuffer(const RawBuffer&) = delete;
  RawBuffer& operator=(const RawBuffer&) = delete;

  void* data() const { return data_; }
  size_t bytes() const { return bytes_; }
  Device device() const { return device_; }

  void zero();
  /// Copies `count` bytes starting at byte `offset` into host memory `dst`.
  void copy_to_host(void* dst, size_t offset, size_t count) const;
  void copy_from_host(const void* src, size_t offset, size_t count);

 private:
  void release();
  Device device_ = Device::kCpu;
  void* data_ = nullptr;
  size_t bytes_ = 0;
};

template <class T>
class Buffer {
 public:
  Buffer() = default;
  Buffer(Device device, size_t count) : raw_(device, count * sizeof(T)), count_(count) { raw_.zero(); }

  T* data() const { return static_cast<T*>(raw_.data()); }
  size_t size() const { return count_; }
  Device device() const { return raw_.device(); }

  std::vector<T> to_host() const {
    std::vector<T> out(count_);
    if (count_) raw_.copy_to_host(out.data(), 0, count_ * sizeof(T));
    return out;
  }
  void copy_to_host(T* dst, size_t first, size_t count) const {
    raw_.copy_to_host(dst, first * sizeof(T), count * sizeof(T));
  }
  void copy_from_host(const T* src, size_t first, size_t count) {
    raw_.copy_from_host(src, first * sizeof(T), count * sizeof(T));
  }
  void zero() { raw_.zero(); }

 private:
  RawBuffer raw_;
  size_t count_ = 0;
};

/// Synchronises with the CUDA device (no-op on CPU); throws on a pending CUDA error.
void device_synchronize(Device device);

}  // namespace agora
