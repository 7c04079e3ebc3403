#pragma once
// Errors raised by Agora on the host. Everything that comes from outside (flags, JSON,
// files, actions) is reported with an agora::Error naming what was wrong and where.
#include <stdexcept>
#include <string>

namespace agora {

class Error : public std::runtime_error {
 public:
  explicit Error(const std::string& what) : std::runtime_error(what) {}
};

}  // namespace agora

#define AGORA_CHECK(cond, msg)                                   \
  do {                                                           \
    if (!(cond)) throw ::agora::Error(std::string() + msg);      \
  } while (0)
