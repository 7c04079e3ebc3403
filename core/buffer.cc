#include "core/buffer.h"

#include "core/view.h"

#include <cstdlib>
#include <cstring>
#include <new>

#include "core/cuda_check.h"
#include "core/error.h"

namespace agora {

RawBuffer::RawBuffer(Device device, size_t bytes) : device_(device), bytes_(bytes) {
  if (bytes == 0) return;
  if (device == Device::kCpu) {
    // 64-byte alignment keeps SIMD loads and cache lines clean.
    data_ = std::aligned_alloc(64, (bytes + 63) / 64 * 64);
    if (!data_) throw Error("out of host memory allocating " + std::to_string(bytes) + " bytes");
  } else {
#if AGORA_WITH_CUDA
    AGORA_CUDA_CHECK(cudaMalloc(&data_, bytes));
#else
    throw Error("device 'cuda': this build of Agora has no CUDA support");
#endif
  }
}

void RawBuffer::release() {
  if (!data_) return;
  if (device_ == Device::kCpu) {
    std::free(data_);
  } else {
#if AGORA_WITH_CUDA
    cudaFree(data_);
#endif
  }
  data_ = nullptr;
}

RawBuffer::~RawBuffer() { release(); }

RawBuffer::RawBuffer(RawBuffer&& other) noexcept
    : device_(other.device_), data_(other.data_), bytes_(other.bytes_) {
  other.data_ = nullptr;
  other.bytes_ = 0;
}

RawBuffer& RawBuffer::operator=(RawBuffer&& other) noexcept {
  if (this != &other) {
    release();
    device_ = other.device_;
    data_ = other.data_;
    bytes_ = other.bytes_;
    other.data_ = nullptr;
    other.bytes_ = 0;
  }
  return *this;
}

void RawBuffer::zero() {
  if (!data_) return;
  if (device_ == Device::kCpu) {
    std::memset(data_, 0, bytes_);
  } else {
#if AGORA_WITH_CUDA
    AGORA_CUDA_CHECK(cudaMemset(data_, 0, bytes_));
#endif
  }
}

void RawBuffer::copy_to_host(void* dst, size_t offset, size_t count) const {
  AGORA_CHECK(offset + count <= bytes_, "buffer read out of range");
  agora::copy_to_host(dst, static_cast<const char*>(data_) + offset, count, device_);
}

void RawBuffer::copy_from_host(const void* src, size_t offset, size_t count) {
  AGORA_CHECK(offset + count <= bytes_, "buffer write out of range");
  agora::copy_from_host(static_cast<char*>(data_) + offset, src, count, device_);
}

namespace {

enum class CopyDirection { kToHost, kFromHost, kWithinDevice };

void copy_bytes(void* dst, const void* src, size_t bytes, Device device, CopyDirection direction) {
  if (bytes == 0) return;
#if AGORA_WITH_CUDA
  if (device == Device::kCuda) {
    const cudaMemcpyKind kind = direction == CopyDirection::kToHost     ? cudaMemcpyDeviceToHost
                                : direction == CopyDirection::kFromHost ? cudaMemcpyHostToDevice
                                                                        : cudaMemcpyDeviceToDevice;
    AGORA_CUDA_CHECK(cudaMemcpy(dst, src, bytes, kind));
    return;
  }
#endif
  (void)device;
  (void)direction;
  std::memcpy(dst, src, bytes);
}

}  // namespace

void copy_to_host(void* dst, const void* src, size_t bytes, Device device) {
  copy_bytes(dst, src, bytes, device, CopyDirection::kToHost);
}

void copy_from_host(void* dst, const void* src, size_t bytes, Device device) {
  copy_bytes(dst, src, bytes, device, CopyDirection::kFromHost);
}

void copy_device_to_device(void* dst, const void* src, size_t bytes, Device device) {
  copy_bytes(dst, src, bytes, device, CopyDirection::kWithinDevice);
}

void device_synchronize(Device device) {
#if AGORA_WITH_CUDA
  if (device == Device::kCuda) AGORA_CUDA_CHECK(cudaDeviceSynchronize());
#else
  (void)device;
#endif
}

}  // namespace agora
