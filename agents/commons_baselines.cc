#include "agents/commons_baselines.h"

#include <algorithm>
#include <cmath>

#include "core/error.h"

namespace agora {
namespace commons_baselines {

Policy parse(const std::string& name) {
  if (name == "greedy") return Policy::kGreedy;
  if (name == "sustainable") return Policy::kSustainable;
  if (name == "fixed_rate") return Policy::kFixedRate;
  if (name == "reciprocal") return Policy::kReciprocal;
  throw Error("unknown commons baseline '" + name + "' (expected greedy, sustainable, fixed_rate or reciprocal)");
}

void act(const VecEnv& env, Policy policy, double rate, std::vector<int32_t>& actions) {
  AGORA_CHECK(env.name().rfind("commons/", 0) == 0, "commons baselines need a commons env, got " + env.name());
  const EnvSpec& s = env.spec();
  const int n = s.num_agents, capacity = s.num_actions - 1;
  const std::vector<float> obs = env.obs().to_host();
  actions.assign(static_cast<size_t>(env.num_envs()) * n, 0);
  // Observation layout (envs/commons/README.md): pool, month, own last, others' last, limit.
  auto units = [capacity](float x) { return static_cast<int>(std::lround(x * capacity)); };
  for (size_t row = 0; row < actions.size(); ++row) {
    const float* o = obs.data() + row * s.obs_dim;
    const int pool = units(o[0]);
    const int share = (pool / 2) / n;
    int request = 0;
    switch (policy) {
      case Policy::kGreedy:
        request = pool;
        break;
      case Policy::kSustainable:
        request = share;
        break;
      case Policy::kFixedRate:
        request = static_cast<int>(std::floor(rate * pool / n));
        break;
      case Policy::kReciprocal: {
        if (o[1] == 0.0f) {  // month one: nothing to reciprocate yet
          request = share;
          break;
        }
        int lowest = units(o[2]);
        for (int k = 0; k < n - 1; ++k) lowest = std::min(lowest, units(o[3 + k]));
        request = lowest;
        break;
      }
    }
    actions[row] = std::clamp(request, 0, capacity);
  }
}

}  // namespace commons_baselines
}  // namespace agora
