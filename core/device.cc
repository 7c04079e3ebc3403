#include "core/device.h"

#include "core/error.h"

#if AGORA_WITH_CUDA
#include <cuda_runtime.h>
#endif

namespace agora {

bool cuda_compiled() { return AGORA_WITH_CUDA != 0; }

int cuda_device_count() {
#if AGORA_WITH_CUDA
  int count = 0;
  if (cudaGetDeviceCount(&count) != cudaSuccess) {
    cudaGetLastError();  // clear the sticky "no driver"/"no device" error
    return 0;
  }
  return count;
#else
  return 0;
#endif
}

std::string cuda_device_description() {
#if AGORA_WITH_CUDA
  if (cuda_device_count() == 0) return "";
  cudaDeviceProp prop{};
  if (cudaGetDeviceProperties(&prop, 0) != cudaSuccess) return "";
  return prop.name;
#else
  return "";
#endif
}

Device resolve_device(const std::string& name, std::string* reason) {
  if (name == "cpu") return Device::kCpu;
  if (name == "cuda") {
    AGORA_CHECK(cuda_compiled(), "device 'cuda': this build of Agora has no CUDA support");
    AGORA_CHECK(cuda_device_count() > 0, "device 'cuda': no CUDA device is present");
    return Device::kCuda;
  }
  AGORA_CHECK(name == "auto", "unknown device '" + name + "' (expected auto, cpu or cuda)");
  if (!cuda_compiled()) {
    if (reason) *reason = "auto: picked cpu (built without CUDA)";
    return Device::kCpu;
  }
  if (cuda_device_count() == 0) {
    if (reason) *reason = "auto: picked cpu (no CUDA device present)";
    return Device::kCpu;
  }
  if (reason) *reason = "auto: picked cuda (" + cuda_device_description() + ")";
  return Device::kCuda;
}

Device resolve_device(const std::string& name) { return resolve_device(name, nullptr); }

const char* device_name(Device d) { return d == Device::kCuda ? "cuda" : "cpu"; }

}  // namespace agora
