// football/one_sided_22: config parsing, description and registration.
#include "envs/football/one_sided_22.h"

#include <cmath>
#include <cstdio>
#include <sstream>

#include "core/error.h"
#include "core/registry.h"

namespace agora {

OneSided22Game::Config OneSided22Game::load_config(ConfigReader& r) {
  Config c{};
  c.split.types = kTypes;  // the paper's two plays: power run and throw
  const auto prior = r.get_numbers("prior", {0.5, 0.5});
  AGORA_CHECK(prior.size() == 2 && prior[0] > 0.0 && prior[1] > 0.0 && std::fabs(prior[0] + prior[1] - 1.0) < 1e-3,
              "football/one_sided_22 config: 'prior' must be two positive probabilities (run, throw) summing to 1");
  c.split.prior[0] = static_cast<float>(prior[0]);
  c.split.prior[1] = static_cast<float>(prior[1]);
  c.split.grid = r.get_int("grid", 3, 2, 5);
  c.split.split_levels = r.get_int("split_levels", 5, 2, OneSidedGame::kMaxSplitLevels);
  c.split.steps = c.steps = r.get_int("steps", 10, 1, 1000);
  c.dt = static_cast<float>(r.get_double("dt", 0.25, 1e-3, 10.0));
  c.substeps = r.get_int("substeps", 4, 1, 64);
  return c;
}

EnvSpec OneSided22Game::spec(const Config& c) {
  EnvSpec s;
  s.num_agents = 2 * kN;
  s.obs_dim = kObsDim;
  s.state_dim = kWorldDim;
  s.num_actions = OneSidedGame::attacker_actions(c.split);
  s.turn_based = false;
  s.max_steps = c.steps;
  return s;
}

const char* OneSided22Game::check_state(const State& s, const Config& c) {
  StateCheck check;
  for (int t = 0; t < 2; ++t)
    for (int i = 0; i < kN; ++i)
      for (int k = 0; k < 2; ++k) {
        check.finite(s.pos[t][i][k], "a position is not finite");
        check.finite(s.vel[t][i][k], "a velocity is not finite");
      }
  for (int i = 0; i < kN; ++i)
    for (int j = 0; j < kN; ++j) check.finite(s.merge[i][j], "a contact weight is not finite");
  for (int t = 0; t < kTypes; ++t) check.need(s.belief[t] >= 0.0f && s.belief[t] <= 1.0f, "a belief outside [0, 1]");
  check.need(s.type >= 0 && s.type < c.split.types, "type out of range");
  check.need(s.step >= 0 && s.step <= c.steps, "step out of range");
  check.finite(s.cost, "cost is not finite", 1e30f);
  return check.reason;
}

std::string OneSided22Game::describe(const State& s, const Config& c, int agent) {
  static const char* kOffence[kN] = {"left tackle", "left guard", "center", "right guard", "right tackle",
                                     "tight end", "left receiver", "right receiver", "quarterback",
                                     "fullback", "running back"};
  static const char* kDefence[kN] = {"left end", "left tackle", "right tackle", "right end",
                                     "strong linebacker", "middle linebacker", "weak linebacker",
                                     "left cornerback", "right cornerback", "free safety", "strong safety"};
  const int team = agent < kN ? 0 : 1, k = agent % kN;
  char buf[200];
  std::snprintf(buf, sizeof(buf), "American football, step %d of %d. You are the %s %s at (%.2f, %.2f); the "
                "running back is at (%.2f, %.2f). The offence attacks +x.", s.step, c.steps,
                team == 0 ? "offensive" : "defensive", team == 0 ? kOffence[k] : kDefence[k], s.pos[team][k][0],
                s.pos[team][k][1], s.pos[0][kRB][0], s.pos[0][kRB][1]);
  std::ostringstream out;
  out << buf;
  std::snprintf(buf, sizeof(buf), " Belief: power run %.3f, throw %.3f.", s.belief[0], s.belief[1]);
  out << buf;
  if (team == 0) out << " Your team's play is the " << (s.type == 0 ? "power run." : "throw.");
  return out.str();
}

AGORA_REGISTER_ENV("football/one_sided_22", OneSided22Game);

}  // namespace agora
