// Registration of the toy games that prove the core until the real games land.
#include "core/registry.h"
#include "tests/toy_games/gather.h"
#include "tests/toy_games/nim.h"

AGORA_REGISTER_ENV("toy/gather", agora::toy::Gather);
AGORA_REGISTER_ENV("toy/nim", agora::toy::Nim);
