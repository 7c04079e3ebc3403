#pragma once
// Where envs run: CPU threads or a CUDA device. `auto` picks CUDA when this build has it and
// a device is present, and says which it picked.
#include <string>

namespace agora {

enum class Device { kCpu, kCuda };

/// "auto", "cpu" or "cuda"; anything else is an agora::Error naming the value.
/// "cuda" on a build or machine without a CUDA device is an error too.
Device resolve_device(const std::string& name);
/// Like resolve_device; for "auto" also writes why it chose what it chose into `reason`.
Device resolve_device(const std::string& name, std::string* reason);

const char* device_name(Device d);

/// True when Agora was compiled with CUDA.
bool cuda_compiled();
/// Number of usable CUDA devices (0 without CUDA, a driver or a GPU).
int cuda_device_count();
/// Name of CUDA device 0, or "" when there is none.
std::string cuda_device_description();

}  // namespace agora
