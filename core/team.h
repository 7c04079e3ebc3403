#pragma once
// Teams: the threads that step one env together under ThreadMapping::kWarp (on CUDA up to 32
// lanes of a warp sharing the env's units). A game's team step (core/game_traits.h) is written as
// phases over the env's units, each ended by a barrier, with the few ordered parts (random
// draws, sums in a fixed order) on one lane:
//
//   team.for_each(n, f)  f(u) for every u < n, spread over the lanes, then a barrier. Within one
//                        call f(u) writes only unit u's entries of the shared arrays, and reads
//                        other units' entries only of arrays that no f(v) of the call writes,
//                        so any order of the units gives the same result.
//   team.serial(f)       f() on the leader lane alone, then a barrier.
//   team.any(p)          whether p holds on any lane (a barrier); a lane's p may gather all of
//                        its units from the for_each before.
//
// Here is the host team: one lane that runs every unit in turn. Running the units in reverse
// order too (a test does) catches a phase that breaks the for_each rule, which on a GPU would
// be a race. The CUDA team is in core/batched_env_cuda.cuh.
#include "core/hd.h"

namespace agora {

struct SerialTeam {
  bool reverse = false;  // units in descending order

  template <class F>
  AGORA_HD void for_each(int n, F&& f) const {
    if (reverse) {
      for (int u = n - 1; u >= 0; --u) f(u);
    } else {
      for (int u = 0; u < n; ++u) f(u);
    }
  }
  template <class F>
  AGORA_HD void serial(F&& f) const {
    f();
  }
  AGORA_HD bool any(bool p) const { return p; }
};

}  // namespace agora
