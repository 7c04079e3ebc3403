// libFuzzer target: the replay reader on arbitrary bytes. Anything may be refused with an
// agora::Error; nothing may crash, hang, leak or read out of bounds (ASan + UBSan).
// Built and run by scripts/fuzz-replays.sh.
#include <cstddef>
#include <cstdint>

#include "core/error.h"
#include "core/replay.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  try {
    agora::parse_replay(data, size, "fuzz");
  } catch (const agora::Error&) {
  }
  return 0;
}
