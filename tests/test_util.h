#pragma once
// Small helpers shared by the test suites.
#include <sys/wait.h>

#include <cstdio>
#include <functional>
#include <string>

#include "core/error.h"

namespace agora {
namespace testing_util {

/// The message of the agora::Error `f` throws, or "" when it throws none.
inline std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

struct CommandResult {
  int code;         // exit status, -1 when the process did not exit normally
  std::string out;  // stdout and stderr together
};

/// Runs a shell command line and collects its output and exit status.
inline CommandResult run_command(const std::string& command) {
  FILE* pipe = popen((command + " 2>&1").c_str(), "r");
  if (!pipe) return CommandResult{-1, "popen failed"};
  std::string out;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof(buf), pipe)) > 0) out.append(buf, n);
  const int status = pclose(pipe);
  return CommandResult{WIFEXITED(status) ? WEXITSTATUS(status) : -1, out};
}

}  // namespace testing_util
}  // namespace agora
