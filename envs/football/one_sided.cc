// football/one_sided: config parsing, description and registration of the homing game.
#include "envs/football/one_sided.h"

#include <cstdio>
#include <sstream>

#include "core/error.h"
#include "core/registry.h"

namespace agora {

OneSidedGame::Config OneSidedGame::load_config(ConfigReader& r) {
  Config c{};
  c.types = r.get_int("types", 2, 1, kMaxTypes);
  // Hexner's goals for I = 2; any other I names its goals.
  std::vector<std::vector<double>> fallback = {{0.0, 1.0}, {0.0, -1.0}};
  fallback.resize(static_cast<size_t>(c.types), {0.0, 0.0});
  const auto goals = r.get_matrix("goals", c.types <= 2 ? fallback : std::vector<std::vector<double>>{});
  AGORA_CHECK(static_cast<int>(goals.size()) == c.types && goals[0].size() == 2,
              "football/one_sided config: 'goals' must list " + std::to_string(c.types) + " [x, y] pairs, one per type");
  const auto prior = r.get_numbers("prior", std::vector<double>(static_cast<size_t>(c.types), 1.0 / c.types));
  AGORA_CHECK(static_cast<int>(prior.size()) == c.types,
              "football/one_sided config: 'prior' must be a list of " + std::to_string(c.types) + " probabilities");
  double total = 0.0;
  for (int j = 0; j < c.types; ++j) {
    c.goal_x[j] = static_cast<float>(goals[static_cast<size_t>(j)][0]);
    c.goal_y[j] = static_cast<float>(goals[static_cast<size_t>(j)][1]);
    const double p = prior[static_cast<size_t>(j)];
    AGORA_CHECK(p > 0.0 && p <= 1.0, "football/one_sided config: 'prior' entries must be in (0, 1]");
    c.prior[j] = static_cast<float>(p);
    total += p;
  }
  AGORA_CHECK(total > 0.999 && total < 1.001, "football/one_sided config: 'prior' must sum to 1");
  c.grid = r.get_int("grid", 3, 2, 5);
  c.split_levels = r.get_int("split_levels", 5, 2, kMaxSplitLevels);
  c.steps = r.get_int("steps", 10, 1, 1000);
  c.start_range = static_cast<float>(r.get_double("start_range", 0.5, 0.0, 10.0));
  AGORA_CHECK(attacker_actions(c) <= (1 << 20), "football/one_sided config: grid " + std::to_string(c.grid) +
                                                    " with " + std::to_string(c.types) + " types and " +
                                                    std::to_string(c.split_levels) + " split levels gives too many actions");
  return c;
}

EnvSpec OneSidedGame::spec(const Config& c) {
  EnvSpec s;
  s.num_agents = 2;
  s.obs_dim = kObsDim;
  s.state_dim = kObsDim;
  s.num_actions = attacker_actions(c);
  s.turn_based = false;
  s.max_steps = c.steps;
  return s;
}

const char* OneSidedGame::check_state(const State& s, const Config& c) {
  StateCheck check;
  for (int p = 0; p < 2; ++p)
    for (int k = 0; k < 4; ++k) check.finite(s.x[p][k], "a player value is not finite");
  for (int t = 0; t < kMaxTypes; ++t) check.need(s.belief[t] >= 0.0f && s.belief[t] <= 1.0f, "a belief outside [0, 1]");
  check.need(s.type >= 0 && s.type < c.types, "type out of range");
  check.need(s.step >= 0 && s.step <= c.steps, "step out of range");
  for (int p = 0; p < 2; ++p)
    check.need(s.last_control[p] >= -1 && s.last_control[p] < c.grid * c.grid, "a last control out of range");
  check.finite(s.cost, "cost is not finite", 1e30f);
  return check.reason;
}

std::string OneSidedGame::describe(const State& s, const Config& c, int agent) {
  std::ostringstream out;
  char buf[160];
  std::snprintf(buf, sizeof(buf), "Homing game, step %d of %d. Attacker at (%.2f, %.2f) moving (%.2f, %.2f); "
                "defender at (%.2f, %.2f) moving (%.2f, %.2f).", s.step, c.steps, s.x[0][0], s.x[0][1], s.x[0][2],
                s.x[0][3], s.x[1][0], s.x[1][1], s.x[1][2], s.x[1][3]);
  out << buf << " The attacker's goal is one of";
  for (int j = 0; j < c.types; ++j) {
    std::snprintf(buf, sizeof(buf), " %d: (%.2f, %.2f) with belief %.3f", j + 1, c.goal_x[j], c.goal_y[j], s.belief[j]);
    out << buf << (j + 1 < c.types ? "," : ".");
  }
  if (agent == 0) out << " You are the attacker; your goal is " << s.type + 1 << ".";
  else out << " You are the defender: end near the attacker's goal.";
  return out.str();
}

AGORA_REGISTER_ENV("football/one_sided", OneSidedGame);

}  // namespace agora
