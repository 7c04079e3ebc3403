// smax/*: JaxMARL's maps, config parsing, spec, descriptions, registrations.
#include "envs/smax/smax.h"

#include <cmath>
#include <cstdio>
#include <sstream>

#include "core/error.h"
#include "core/registry.h"
#include "envs/smax/smax_block.h"

namespace agora {
namespace {

// JaxMARL's unit table (smax_env.py SMAX.__init__), in type index order.
constexpr const char* kTypeNames[SmaxGame::kNumTypes] = {"marine", "marauder", "stalker", "zealot", "zergling", "hydralisk"};
constexpr const char* kTypeShorthands[SmaxGame::kNumTypes] = {"m", "M", "s", "Z", "z", "h"};
constexpr SmaxUnitType kTypes[SmaxGame::kNumTypes] = {
    // speed, damage, attack range, sight range, radius, health, cooldown
    {3.15f, 9.0f, 5.0f, 9.0f, 0.375f, 45.0f, 0.61f},     // marine
    {2.25f, 10.0f, 6.0f, 10.0f, 0.5625f, 125.0f, 1.07f},  // marauder
    {4.13f, 13.0f, 6.0f, 10.0f, 0.625f, 160.0f, 1.87f},   // stalker
    {3.15f, 8.0f, 2.0f, 9.0f, 0.5f, 150.0f, 0.86f},       // zealot
    {4.13f, 5.0f, 2.0f, 8.0f, 0.375f, 35.0f, 0.5f},       // zergling
    {3.15f, 12.0f, 5.0f, 9.0f, 0.625f, 80.0f, 0.59f},     // hydralisk
};
enum { kMarine = 0, kStalker = 2, kZealot = 3, kHydralisk = 5 };

struct MapDef {
  const char* name;
  std::vector<int> allies, enemies;
  bool smacv2;  // surround-and-reflect spawns and random unit types
};

std::vector<int> units(std::initializer_list<std::pair<int, int>> groups) {
  std::vector<int> out;
  for (auto [count, type] : groups) out.insert(out.end(), count, type);
  return out;
}

// MAP_NAME_TO_SCENARIO of smax_env.py.
const std::vector<MapDef>& maps() {
  static const std::vector<MapDef> table = {
      {"3m", units({{3, kMarine}}), units({{3, kMarine}}), false},
      {"8m", units({{8, kMarine}}), units({{8, kMarine}}), false},
      {"25m", units({{25, kMarine}}), units({{25, kMarine}}), false},
      {"2s3z", units({{2, kStalker}, {3, kZealot}}), units({{2, kStalker}, {3, kZealot}}), false},
      {"3s5z", units({{3, kStalker}, {5, kZealot}}), units({{3, kStalker}, {5, kZealot}}), false},
      {"5m_vs_6m", units({{5, kMarine}}), units({{6, kMarine}}), false},
      {"10m_vs_11m", units({{10, kMarine}}), units({{11, kMarine}}), false},
      {"27m_vs_30m", units({{27, kMarine}}), units({{30, kMarine}}), false},
      {"3s5z_vs_3s6z", units({{3, kStalker}, {5, kZealot}}), units({{3, kStalker}, {6, kZealot}}), false},
      {"3s_vs_5z", units({{3, kStalker}}), units({{5, kZealot}}), false},
      {"6h_vs_8z", units({{6, kHydralisk}}), units({{8, kZealot}}), false},
      {"smacv2_5_units", units({{5, kMarine}}), units({{5, kMarine}}), true},
      {"smacv2_10_units", units({{10, kMarine}}), units({{10, kMarine}}), true},
      {"smacv2_20_units", units({{20, kMarine}}), units({{20, kMarine}}), true},
  };
  return table;
}

std::vector<int> parse_side(ConfigReader& r, const std::string& key, const std::vector<int>& fallback) {
  std::vector<std::string> fallback_names;
  for (int t : fallback) fallback_names.push_back(kTypeNames[t]);
  const std::vector<std::string> names = r.get_string_list(key, fallback_names);
  std::vector<int> out;
  for (size_t i = 0; i < names.size(); ++i) {
    int found = -1;
    for (int t = 0; t < SmaxGame::kNumTypes; ++t)
      if (names[i] == kTypeNames[t] || names[i] == kTypeShorthands[t]) found = t;
    AGORA_CHECK(found >= 0, "smax config: key '" + key + "' entry " + std::to_string(i) + " '" + names[i] +
                                "' is not a unit type (marine, marauder, stalker, zealot, zergling, hydralisk, or "
                                "m, M, s, Z, z, h)");
    out.push_back(found);
  }
  AGORA_CHECK(!out.empty(), "smax config: key '" + key + "' lists no units");
  return out;
}

std::string fmt(float x) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", x);
  return buf;
}

}  // namespace

template <int C>
typename SmaxGameT<C>::Config SmaxGameT<C>::load_config(ConfigReader& r) {
  Config c{};
  std::vector<std::string> map_names;
  for (const MapDef& m : maps()) map_names.push_back(m.name);
  const MapDef& map = maps()[r.get_choice("map", "3m", map_names)];
  // A user-defined map: unit types per side (names or JaxMARL's shorthands).
  const std::vector<int> allies = parse_side(r, "allies", map.allies);
  const std::vector<int> enemies = parse_side(r, "enemies", map.enemies);
  AGORA_CHECK(allies.size() + enemies.size() <= static_cast<size_t>(kMaxUnits),
              "smax config: " + std::to_string(allies.size() + enemies.size()) + " units; this env holds at most " +
                  std::to_string(kMaxUnits) + " (smax/custom holds 64)");
  c.num_allies = static_cast<int>(allies.size());
  c.num_enemies = static_cast<int>(enemies.size());
  for (size_t i = 0; i < allies.size(); ++i) c.unit_type[i] = static_cast<int8_t>(allies[i]);
  for (size_t i = 0; i < enemies.size(); ++i) c.unit_type[allies.size() + i] = static_cast<int8_t>(enemies[i]);
  for (int t = 0; t < kNumTypes; ++t) c.types[t] = kTypes[t];

  c.opponent = r.get_choice("opponent", "heuristic", {"heuristic", "self_play"});
  c.attack_mode = r.get_choice("attack_mode", "closest", {"closest", "random"});
  c.observation = r.get_choice("observation_type", "unit_list", {"unit_list", "conic"});
  c.enemy_shoots = r.get_bool("enemy_shoots", true);
  c.see_enemy_actions = r.get_bool("see_enemy_actions", true);
  c.walls_cause_death = r.get_bool("walls_cause_death", true);
  c.cooldown_jitter = r.get_bool("cooldown_jitter", true);
  c.self_play_reward = r.get_bool("self_play_reward", false);
  c.mirror_enemies = r.get_bool("mirror_enemies", false);
  AGORA_CHECK(!c.mirror_enemies || c.opponent == kSelfPlay,
              "smax config: key 'mirror_enemies' needs \"opponent\": \"self_play\" (the heuristic enemy moves by the map)");
  c.won_battle_bonus = static_cast<float>(r.get_double("won_battle_bonus", 1.0, 0.0, 1e6));
  c.max_steps = r.get_int("max_steps", 100, 1, 1000000);
  c.ticks_per_step = r.get_int("world_steps_per_env_step", 8, 1, 1000);
  c.dt = static_cast<float>(r.get_double("time_per_step", 1.0 / 16, 1e-4, 10.0));
  c.width = static_cast<float>(r.get_double("map_width", 32, 1, 1e4));
  c.height = static_cast<float>(r.get_double("map_height", 32, 1, 1e4));

  const int spawn = r.get_choice("spawn", "map", {"map", "clusters", "surround_and_reflect", "fixed"});
  c.spawn = spawn == 0 ? (map.smacv2 ? kSurroundAndReflect : kClusters) : spawn - 1;
  c.random_unit_types = r.get_bool("random_unit_types", map.smacv2);
  c.spawn_noise = static_cast<float>(r.get_double("spawn_noise", c.spawn == kFixed ? 0.0 : 2.0, 0.0, 1e4));
  const int n = num_units(c);
  const auto positions = r.get_matrix("positions", {});
  if (c.spawn == kFixed) {
    AGORA_CHECK(static_cast<int>(positions.size()) == n && positions[0].size() == 2,
                "smax config: spawn 'fixed' needs key 'positions' with one [x, y] per unit (" + std::to_string(n) +
                    ", allies first)");
    for (int i = 0; i < n; ++i)
      for (int k = 0; k < 2; ++k) c.fixed_position[i][k] = static_cast<float>(positions[i][k]);
  } else {
    AGORA_CHECK(positions.empty(), "smax config: key 'positions' is only used with \"spawn\": \"fixed\"");
  }
  return c;
}

template <int C>
EnvSpec SmaxGameT<C>::spec(const Config& c) {
  EnvSpec s;
  const int n = num_units(c);
  s.num_agents = num_agents(c);
  s.obs_dim = obs_dim(c);
  s.state_dim = (kStateFeatures + 2) * n;
  s.num_actions = num_actions(c);
  s.turn_based = false;
  s.max_steps = c.max_steps + 1;  // JaxMARL's limit fires on step max_steps + 1
  return s;
}

template <int C>
const char* SmaxGameT<C>::check_state(const State& s, const Config& c) {
  StateCheck check;
  const int n = num_units(c), limit = 4 * static_cast<int>(c.width + c.height) + 64;
  for (int i = 0; i < n; ++i) {
    const Unit& u = s.units[i];
    check.finite(u.x, "a unit position is not finite", static_cast<float>(limit));
    check.finite(u.y, "a unit position is not finite", static_cast<float>(limit));
    check.finite(u.health, "a unit's health is not finite");
    check.finite(u.cooldown, "a unit's cooldown is not finite");
    check.finite(u.move_x, "a unit's movement is not finite");
    check.finite(u.move_y, "a unit's movement is not finite");
    check.finite(u.target_x, "a unit's target is not finite", static_cast<float>(limit));
    check.finite(u.target_y, "a unit's target is not finite", static_cast<float>(limit));
    check.need(u.type >= 0 && u.type < kNumTypes, "a unit type out of range");
    check.need(u.last_action_attack == 0 || (u.last_action_attack >= kFirstAttack && u.last_action_attack < num_actions(c)),
               "a last attack action out of range");
    check.need(u.last_attacked >= -1 && u.last_attacked < n, "a heuristic target out of range");
    check.need(u.pad == 0, "a unit's padding byte is not zero");
    // The rules never make -0 (a move clamps to +0): SmaxBlock adds a dead unit's zero push to
    // its position, which leaves every other position as it is.
    check.need(!(u.x == 0.0f && std::signbit(u.x)) && !(u.y == 0.0f && std::signbit(u.y)), "a unit position is -0");
  }
  check.need(s.step >= 0, "negative step");
  check.need(s.outcome >= kRunning && s.outcome <= kTimeout, "outcome out of range");
  return check.reason;
}

template <int C>
std::string SmaxGameT<C>::describe(const State& s, const Config& c, int agent) {
  const int na = c.num_allies, n = num_units(c);
  const Unit& me = s.units[agent];
  const bool ally = agent < na;
  std::ostringstream out;
  out << "You command " << (ally ? "ally " : "enemy ") << (ally ? agent : agent - na) << ", a "
      << kTypeNames[me.type] << ", on a " << fmt(c.width) << "x" << fmt(c.height) << " arena; step " << s.step
      << " of " << c.max_steps << ".";
  if (!alive(me)) return out.str() + " Your unit is dead: you can only stop.";
  const UnitType& t = c.types[me.type];
  out << " You are at (" << fmt(me.x) << ", " << fmt(me.y) << ") with " << fmt(me.health) << "/" << fmt(t.health)
      << " health; weapon range " << fmt(t.attack_range) << ", sight " << fmt(t.sight_range) << ".";
  int seen = 0;
  for (int k = 0; k < (ally ? c.num_enemies : na); ++k) {
    const int j = attack_target(c, agent, kFirstAttack + k);
    const Unit& o = s.units[j];
    if (!alive(o) || !(distance(me, o) < t.sight_range)) continue;
    out << (seen++ ? "; " : " Visible opponents: ") << "target " << k << " (action " << kFirstAttack + k << ") a "
        << kTypeNames[o.type] << " at (" << fmt(o.x) << ", " << fmt(o.y) << "), health " << fmt(o.health)
        << (distance(me, o) < t.attack_range ? ", in range" : "");
  }
  if (!seen) out << " No opponent in sight.";
  int friends = 0;
  for (int j = 0; j < n; ++j) friends += j != agent && (j < na) == ally && alive(s.units[j]);
  out << " " << friends << " teammates alive. Actions: 0 north, 1 east, 2 south, 3 west, 4 stop, 5+k attack target k.";
  return out.str();
}

template <int C>
void SmaxGameT<C>::step_block(State* states, const Config& c, const int32_t* actions, float* rewards, Rng* rngs,
                              const uint8_t* active, StepResult* results) {
  SmaxBlock<SmaxGameT<C>, kStepBlock>::step(states, c, actions, rewards, rngs, active, results);
}

template <int C>
void SmaxGameT<C>::outputs_block(const State* states, const Config& c, const uint8_t* active,
                                 const uint8_t* restarted, float* obs, uint8_t* legal, float* world) {
  SmaxOutputsBlock<SmaxGameT<C>, kStepBlock>::write(states, c, active, restarted, obs, legal, world);
}

template struct SmaxGameT<8>;
template struct SmaxGameT<16>;
template struct SmaxGameT<32>;
template struct SmaxGameT<64>;

// Each map with the smallest capacity that holds it; smax/custom (64 units) for user maps.
AGORA_REGISTER_ENV("smax/3m", SmaxGameT<8>, R"({"map": "3m"})");
AGORA_REGISTER_ENV("smax/8m", SmaxGameT<16>, R"({"map": "8m"})");
AGORA_REGISTER_ENV("smax/25m", SmaxGameT<64>, R"({"map": "25m"})");
AGORA_REGISTER_ENV("smax/2s3z", SmaxGameT<16>, R"({"map": "2s3z"})");
AGORA_REGISTER_ENV("smax/3s5z", SmaxGameT<16>, R"({"map": "3s5z"})");
AGORA_REGISTER_ENV("smax/5m_vs_6m", SmaxGameT<16>, R"({"map": "5m_vs_6m"})");
AGORA_REGISTER_ENV("smax/10m_vs_11m", SmaxGameT<32>, R"({"map": "10m_vs_11m"})");
AGORA_REGISTER_ENV("smax/27m_vs_30m", SmaxGameT<64>, R"({"map": "27m_vs_30m"})");
AGORA_REGISTER_ENV("smax/3s5z_vs_3s6z", SmaxGameT<32>, R"({"map": "3s5z_vs_3s6z"})");
AGORA_REGISTER_ENV("smax/3s_vs_5z", SmaxGameT<8>, R"({"map": "3s_vs_5z"})");
AGORA_REGISTER_ENV("smax/6h_vs_8z", SmaxGameT<16>, R"({"map": "6h_vs_8z"})");
AGORA_REGISTER_ENV("smax/smacv2_5_units", SmaxGameT<16>, R"({"map": "smacv2_5_units"})");
AGORA_REGISTER_ENV("smax/smacv2_10_units", SmaxGameT<32>, R"({"map": "smacv2_10_units"})");
AGORA_REGISTER_ENV("smax/smacv2_20_units", SmaxGameT<64>, R"({"map": "smacv2_20_units"})");
AGORA_REGISTER_ENV("smax/custom", SmaxGameT<64>);

}  // namespace agora
