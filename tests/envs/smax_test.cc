// SMAX: sizes of every map, hand-computed rules, and JaxMARL v0.2.0 transitions replayed
// step by step (tests/envs/data/make_smax_vectors.py writes them).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <string>
#include <vector>

#include "core/batched_env.h"
#include "envs/smax/smax.h"
#include "tests/envs/env_test_util.h"
#include "tests/envs/smax_cases.h"
#include "tests/envs/smax_test_util.h"

namespace agora {
namespace {

using Unit = SmaxGame::Unit;
using testing_util::Duel;

SmaxGame::Config config(const Json& json) { return load_game_config<SmaxGame>("smax", json); }

// --- sizes -----------------------------------------------------------------------------------

TEST(Smax, EveryMapHasJaxMarlSizes) {
  // smax.md section 3: map, ally obs, ally actions, world state.
  const struct {
    const char* map;
    int agents, obs, actions, state;
  } table[] = {{"3m", 3, 75, 8, 72},           {"2s3z", 5, 127, 10, 120},
               {"25m", 25, 647, 30, 600},      {"3s5z", 8, 205, 13, 192},
               {"8m", 8, 205, 13, 192},        {"5m_vs_6m", 5, 140, 11, 132},
               {"10m_vs_11m", 10, 270, 16, 252}, {"27m_vs_30m", 27, 738, 35, 684},
               {"3s5z_vs_3s6z", 8, 218, 14, 204}, {"3s_vs_5z", 3, 101, 10, 96},
               {"6h_vs_8z", 6, 179, 13, 168},  {"smacv2_5_units", 5, 127, 10, 120},
               {"smacv2_10_units", 10, 257, 15, 240}, {"smacv2_20_units", 20, 517, 25, 480}};
  for (const auto& row : table) {
    const EnvSpec s = env_spec(std::string("smax/") + row.map, Json::object());
    EXPECT_EQ(s.num_agents, row.agents) << row.map;
    EXPECT_EQ(s.obs_dim, row.obs) << row.map;
    EXPECT_EQ(s.num_actions, row.actions) << row.map;
    EXPECT_EQ(s.state_dim, row.state) << row.map;
    EXPECT_EQ(s.max_steps, 101) << row.map;
  }
  // Self-play: both teams are agents; the wider side's action count.
  const EnvSpec sp = env_spec("smax/5m_vs_6m", Json{{"opponent", "self_play"}});
  EXPECT_EQ(sp.num_agents, 11);
  EXPECT_EQ(sp.num_actions, 11);
}

TEST(Smax, BadConfigsNameTheKey) {
  auto message = [](const Json& j) {
    try {
      config(j);
    } catch (const Error& e) {
      return std::string(e.what());
    }
    return std::string();
  };
  EXPECT_NE(message(Json{{"map", "4m"}}).find("map"), std::string::npos);
  EXPECT_NE(message(Json{{"allies", {"marine", "tank"}}}).find("'tank'"), std::string::npos);
  EXPECT_NE(message(Json{{"spawn", "fixed"}}).find("positions"), std::string::npos);
  EXPECT_NE(message(Json{{"positions", {{1, 2}}}}).find("positions"), std::string::npos);
  const SmaxGame::Config c = config(Json{{"allies", {"s", "Z", "hydralisk"}}, {"enemies", {"z"}}});
  EXPECT_EQ(c.num_allies, 3);
  EXPECT_EQ(c.num_enemies, 1);
  EXPECT_EQ(c.unit_type[2], 5);
  EXPECT_EQ(c.unit_type[3], 4);
}

// --- hand-computed rules ---------------------------------------------------------------------

TEST(SmaxRules, MarineMovesOnePointFiveSevenFiveUnitsPerStep) {
  Duel d(Json{{"allies", {"marine"}}, {"enemies", {"marine"}}});
  d.place(0, 10, 10);
  d.place(1, 25, 25);
  d.step({1, 4});  // east; the enemy stops
  EXPECT_NEAR(d.s.units[0].x, 10 + 8 * 3.15 / 16, 1e-5);  // 8 ticks of 1/16 s at 3.15 units/s
  EXPECT_NEAR(d.s.units[0].y, 10, 1e-6);
  d.step({0, 4});  // north
  EXPECT_NEAR(d.s.units[0].y, 11.575, 1e-5);
  EXPECT_FLOAT_EQ(d.s.units[1].x, 25);
}

TEST(SmaxRules, FocusFireKillsAMarineOnTheSecondVolley) {
  // Three marines at range 3 of one: 27 damage on tick 1, then the cooldown of 0.61 s lasts
  // ceil(0.61 * 16) + 1 = 11 ticks, so the second volley lands on tick 12, in step 2.
  Duel d(Json{{"allies", {"m", "m", "m"}}, {"enemies", {"m"}}});
  for (int i = 0; i < 3; ++i) d.place(i, 10, 8 + 2.0f * i);
  d.place(3, 13, 10);
  std::vector<float> r;
  StepResult out = d.step({5, 5, 5, 4}, &r);
  EXPECT_FLOAT_EQ(d.s.units[3].health, 18);
  EXPECT_FALSE(out.terminated);
  EXPECT_FLOAT_EQ(r[0], 27.0f / 45);
  EXPECT_NEAR(d.s.units[0].cooldown, 0.61 - 7.0 / 16, 1e-6);
  out = d.step({5, 5, 5, 4}, &r);
  EXPECT_FLOAT_EQ(d.s.units[3].health, 0);
  EXPECT_TRUE(out.terminated);
  EXPECT_EQ(out.score, 1.0f);
  EXPECT_FLOAT_EQ(r[0], 18.0f / 45 + 1);  // the rest of its health plus the win bonus
  EXPECT_FLOAT_EQ(r[3], 0);               // the enemy dealt nothing
  EXPECT_EQ(d.s.outcome, SmaxGame::kWon);
}

// --- mirrored enemies (Agora's option for self-play, not JaxMARL's) ------------------------

TEST(SmaxMirror, AnEnemyMovesInTheMapTurnedAround) {
  Duel d(Json{{"allies", {"marine"}}, {"enemies", {"marine"}}, {"mirror_enemies", true}});
  d.place(0, 10, 10);
  d.place(1, 25, 25);
  d.step({1, 1});  // both "east": the ally goes east, the enemy west
  EXPECT_NEAR(d.s.units[0].x, 10 + 1.575, 1e-5);
  EXPECT_NEAR(d.s.units[1].x, 25 - 1.575, 1e-5);
  d.step({0, 0});  // both "north"
  EXPECT_NEAR(d.s.units[0].y, 10 + 1.575, 1e-5);
  EXPECT_NEAR(d.s.units[1].y, 25 - 1.575, 1e-5);
  // Only self-play has enemies that choose moves.
  EXPECT_THROW(config(Json{{"mirror_enemies", true}}), Error);
}

TEST(SmaxMirror, AnEnemySeesTheMapTurnedAsTheAllyItMirrorsSeesIt) {
  // A 3m state, and the same battle turned 180 degrees about the centre with the teams swapped:
  // unit u becomes unit 5 - u (enemies list units in reverse index order, allies in order).
  // Positions on a 1/8 grid keep every difference and 32 - x exact.
  Duel a(Json{{"map", "3m"}, {"mirror_enemies", true}}), b(Json{{"map", "3m"}, {"mirror_enemies", true}});
  const float xy[6][2] = {{8, 16}, {9.5f, 14.25f}, {7.125f, 18}, {14, 15.5f}, {24, 16}, {12.5f, 19.75f}};
  for (int u = 0; u < 6; ++u) {
    Unit& ua = a.s.units[u];
    ua.x = xy[u][0];
    ua.y = xy[u][1];
    ua.health = 45.0f - 5.0f * static_cast<float>(u);
    ua.cooldown = 0.125f * static_cast<float>(u);
    ua.move_x = u % 3 == 0 ? 0.0f : (u % 2 ? 0.99999994f : -0.99999994f);
    ua.move_y = u % 3 == 1 ? 1.26880515e-08f : 0.0f;
    ua.last_action_attack = static_cast<int8_t>(u % 2 ? 5 + u % 3 : 0);
  }
  a.s.units[2].health = 0.0f;  // a dead unit is seen as zeros; unit 4 is out of everyone's sight
  for (int u = 0; u < 6; ++u) {
    const Unit& ua = a.s.units[u];
    Unit& ub = b.s.units[5 - u];
    ub = ua;
    ub.x = 32.0f - ua.x;
    ub.y = 32.0f - ua.y;
    ub.move_x = -ua.move_x;
    ub.move_y = -ua.move_y;
  }
  const int O = SmaxGame::kOtherFeatures * 5 + SmaxGame::kOwnFeatures;
  std::vector<float> ally(O), enemy(O);
  for (int j = 0; j < 3; ++j) {
    SmaxGame::observe(a.s, a.cfg, j, ally.data());
    SmaxGame::observe(b.s, b.cfg, 5 - j, enemy.data());
    EXPECT_EQ(0, std::memcmp(ally.data(), enemy.data(), O * sizeof(float))) << "ally " << j;
  }
  // JaxMARL's enemies see the map as it is: the features differ.
  b.cfg.mirror_enemies = false;
  SmaxGame::observe(a.s, a.cfg, 0, ally.data());
  SmaxGame::observe(b.s, b.cfg, 5, enemy.data());
  EXPECT_NE(0, std::memcmp(ally.data(), enemy.data(), O * sizeof(float)));
}

TEST(SmaxRules, WalkingIntoAWallKills) {
  Duel d(Json{{"allies", {"m"}}, {"enemies", {"m"}}});
  d.place(0, 0.5f, 16);
  d.place(1, 25, 16);
  const StepResult out = d.step({3, 4});  // west: 0.197 per tick reaches x = 0 on tick 3
  EXPECT_EQ(d.s.units[0].health, 0);
  EXPECT_EQ(d.s.units[0].x, 0.0f);
  EXPECT_TRUE(out.terminated);
  EXPECT_EQ(d.s.outcome, SmaxGame::kLost);
  // Without lethal walls the unit just stands at the edge.
  Duel safe(Json{{"allies", {"m"}}, {"enemies", {"m"}}, {"walls_cause_death", false}});
  safe.place(0, 0.5f, 16);
  safe.step({3, 4});
  EXPECT_EQ(safe.s.units[0].health, 45);
  EXPECT_EQ(safe.s.units[0].x, 0.0f);
}

TEST(SmaxRules, OverlappingUnitsArePushedApart) {
  Duel d(Json{{"allies", {"m"}}, {"enemies", {"m"}}});
  d.place(0, 10, 10);
  d.place(1, 10.5f, 10);
  SmaxGame::push_apart(d.s, d.cfg);
  // Overlap term 0.75 / 0.5 - 1 = 0.5: each moves half of 0.5 * 0.5 away from the other.
  EXPECT_NEAR(d.s.units[0].x, 9.875, 1e-5);
  EXPECT_NEAR(d.s.units[1].x, 10.625, 1e-5);
  EXPECT_EQ(d.s.units[0].y, 10.0f);
  // Dead units neither push nor move.
  d.place(1, 10.2f, 10);
  d.s.units[1].health = 0;
  SmaxGame::push_apart(d.s, d.cfg);
  EXPECT_NEAR(d.s.units[0].x, 9.875, 1e-5);
  EXPECT_EQ(d.s.units[1].x, 10.2f);
}

TEST(SmaxRules, CheckStateRejectsWhatTheRulesNeverMake) {
  Duel d(Json{{"allies", {"m"}}, {"enemies", {"m"}}});
  EXPECT_EQ(SmaxGame::check_state(d.s, d.cfg), nullptr);
  d.place(1, 0.0f, 5);  // +0 is a wall position a unit can reach
  EXPECT_EQ(SmaxGame::check_state(d.s, d.cfg), nullptr);
  d.place(1, -0.0f, 5);  // -0 never comes out of a move (SmaxBlock relies on it)
  ASSERT_NE(SmaxGame::check_state(d.s, d.cfg), nullptr);
  EXPECT_NE(std::string(SmaxGame::check_state(d.s, d.cfg)).find("-0"), std::string::npos);
  d.place(1, 3, -0.0f);
  EXPECT_NE(SmaxGame::check_state(d.s, d.cfg), nullptr);
  d.place(1, 3, 5);
  d.s.units[0].pad = 1;  // SmaxBlock moves whole words
  EXPECT_NE(SmaxGame::check_state(d.s, d.cfg), nullptr);
}

TEST(SmaxRules, MutualKillIsADraw) {
  Duel d(Json{{"allies", {"m"}}, {"enemies", {"m"}}});
  d.place(0, 10, 10);
  d.place(1, 13, 10);
  d.s.units[0].health = d.s.units[1].health = 9;
  std::vector<float> r;
  const StepResult out = d.step({5, 5}, &r);
  EXPECT_TRUE(out.terminated);
  EXPECT_EQ(d.s.outcome, SmaxGame::kDraw);
  EXPECT_EQ(out.score, 0.0f);
  EXPECT_FLOAT_EQ(r[0], 9.0f / 45);  // damage only, no bonus for anyone
  EXPECT_FLOAT_EQ(r[1], 9.0f / 45);
}

TEST(SmaxRules, MaskAllowsStopWhenDeadAndAttacksInRangeOnly) {
  Duel d(Json{{"allies", {"m", "m"}}, {"enemies", {"m", "m", "m"}}});
  d.place(0, 10, 10);
  d.place(1, 5, 5);
  d.place(2, 14, 10);  // enemy 0: in range of ally 0 (4 < 5)
  d.place(3, 15.5f, 10);  // enemy 1: out of range (5.5)
  d.place(4, 12, 10);  // enemy 2: in range but dead
  d.s.units[4].health = 0;
  d.s.units[1].health = 0;
  uint8_t mask[8];
  SmaxGame::legal(d.s, d.cfg, 0, mask);
  EXPECT_EQ(std::vector<uint8_t>(mask, mask + 8), (std::vector<uint8_t>{1, 1, 1, 1, 1, 1, 0, 0}));
  SmaxGame::legal(d.s, d.cfg, 1, mask);
  EXPECT_EQ(std::vector<uint8_t>(mask, mask + 8), (std::vector<uint8_t>{0, 0, 0, 0, 1, 0, 0, 0}));
  // Enemy 0 numbers allies in reverse: action 5 is ally 1 (dead), action 6 is ally 0.
  SmaxGame::legal(d.s, d.cfg, 2, mask);
  EXPECT_EQ(std::vector<uint8_t>(mask, mask + 8), (std::vector<uint8_t>{1, 1, 1, 1, 1, 0, 1, 0}));
}

TEST(SmaxRules, TimeoutTruncatesAfterStep101) {
  auto env = make_env("smax/3m", 2, Device::kCpu, Json{{"opponent", "self_play"}, {"enemy_shoots", false}});
  env->reset(3);
  std::vector<int32_t> stop(static_cast<size_t>(2 * env->spec().num_agents), SmaxGame::kStop);
  for (int t = 1; t <= 101; ++t) {
    testing_util::set_actions(*env, stop);
    env->step();
    const auto truncated = env->truncated().to_host();
    EXPECT_EQ(truncated[0], t == 101) << t;
    EXPECT_EQ(env->terminated().to_host()[0], 0) << t;
  }
}

TEST(SmaxRules, HeuristicEnemyFiresAtTheClosestAndKeepsItsTarget) {
  Duel d(Json{{"allies", {"m", "m"}}, {"enemies", {"m"}}, {"opponent", "heuristic"}});
  d.place(0, 10, 10);    // 4 away
  d.place(1, 14, 12.5f);  // 2.5 away: the closest
  d.place(2, 14, 10);
  Rng rng(5, 0);
  EXPECT_EQ(SmaxGame::heuristic_action(d.s, d.cfg, 2, rng), 5 + 0);  // ally 1 is its target 0
  EXPECT_EQ(d.s.units[2].last_attacked, 0);
  // It keeps firing at its target even when another comes closer.
  d.place(0, 13, 10);
  EXPECT_EQ(SmaxGame::heuristic_action(d.s, d.cfg, 2, rng), 5 + 0);
  // Out of range and sight of everyone: it heads for its default target, its first position
  // rotated 180 degrees about the centre, (18, 22): north-east, mostly north.
  d.place(0, 1, 1);
  d.place(1, 1, 3);
  EXPECT_EQ(SmaxGame::heuristic_action(d.s, d.cfg, 2, rng), 0);
  EXPECT_EQ(d.s.units[2].target_x, 18.0f);
  EXPECT_EQ(d.s.units[2].target_y, 22.0f);
}

// --- JaxMARL vectors -------------------------------------------------------------------------

std::vector<float> floats(const Json& j) { return j.get<std::vector<float>>(); }

/// Loads JaxMARL's recorded unit state into an Agora state.
void load_units(SmaxGame::State& s, const SmaxGame::Config& c, const Json& u) {
  testing_util::load_jaxmarl_units(s, SmaxGame::num_units(c), u);
  if (u.contains("default_target")) {
    const auto target = floats(u["default_target"]);
    const auto last = u["last_attacked"].get<std::vector<int>>();
    for (int e = 0; e < c.num_enemies; ++e) {
      Unit& x = s.units[c.num_allies + e];
      x.target_x = target[2 * e];
      x.target_y = target[2 * e + 1];
      x.last_attacked = static_cast<int8_t>(last[e]);
    }
  }
  s.step = u["step"].get<int>();
}

/// Compares floats; `exact` demands equal bits, otherwise |a - b| <= 2e-5 (large maps, where
/// XLA sums the push-apart terms in an order we do not reproduce).
struct Compare {
  bool exact;
  int mismatches = 0;
  double worst = 0;
  void operator()(const std::vector<float>& agora, const std::vector<float>& jax, const std::string& what) {
    ASSERT_EQ(agora.size(), jax.size()) << what;
    for (size_t k = 0; k < agora.size(); ++k) {
      const double diff = std::fabs(static_cast<double>(agora[k]) - jax[k]);
      worst = std::max(worst, diff);
      if (exact ? agora[k] != jax[k] : diff > 2e-5) {
        if (++mismatches <= 5) ADD_FAILURE() << what << "[" << k << "]: agora " << agora[k] << " jaxmarl " << jax[k];
      }
    }
  }
};

std::vector<float> unit_field(const SmaxGame::State& s, const SmaxGame::Config& c, const char* field) {
  std::vector<float> out;
  for (int i = 0; i < SmaxGame::num_units(c); ++i) {
    const Unit& u = s.units[i];
    const std::string f = field;
    if (f == "pos") out.insert(out.end(), {u.x, u.y});
    if (f == "health") out.push_back(u.health);
    if (f == "cooldown") out.push_back(u.cooldown);
    if (f == "move") out.insert(out.end(), {u.move_x, u.move_y});
  }
  return out;
}

class SmaxJaxMarl : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    data_ = new Json(read_json_file(std::string(AGORA_TEST_DATA_DIR) + "/envs/data/smax_jaxmarl_vectors.json"));
  }
  static void TearDownTestSuite() { delete data_; }
  static SmaxGame::Config episode_config(const Json& ep) {
    // The heuristic-enemy env, as recorded; the tests drive tick() with every unit's action.
    SmaxGame::Config c = config(Json{{"map", ep["map"]}});
    const auto types = ep["unit_types"].get<std::vector<int>>();
    for (size_t i = 0; i < types.size(); ++i) c.unit_type[i] = static_cast<int8_t>(types[i]);
    c.random_unit_types = false;  // the recorded ones
    return c;
  }
  static SmaxGame::State initial_state(const SmaxGame::Config& c) {
    SmaxGame::State s{};
    Rng rng(0, 0);
    SmaxGame::reset(s, c, rng);
    return s;
  }
  static bool small(const SmaxGame::Config& c) { return SmaxGame::num_units(c) <= 17; }
  static Json* data_;
};
Json* SmaxJaxMarl::data_ = nullptr;

TEST_F(SmaxJaxMarl, ResetPushMatches) {
  for (const Json& ep : (*data_)["episodes"]) {
    const SmaxGame::Config c = episode_config(ep);
    SmaxGame::State s = initial_state(c);
    const auto spawn = floats(ep["spawn"]);
    for (int i = 0; i < SmaxGame::num_units(c); ++i) {
      s.units[i].x = spawn[2 * i];
      s.units[i].y = spawn[2 * i + 1];
    }
    SmaxGame::push_apart(s, c);
    // JaxMARL's jitted reset fuses the push-apart of 14+ units differently from its step.
    Compare cmp{SmaxGame::num_units(c) <= 12};
    cmp(unit_field(s, c, "pos"), floats(ep["reset"]["pos"]), ep["map"].get<std::string>() + " reset positions");
    cmp(unit_field(s, c, "health"), floats(ep["reset"]["health"]), "reset health");
  }
}

/// Every recorded step from JaxMARL's state before it: the transition, rewards, done,
/// observations, world state and masks after it.
TEST_F(SmaxJaxMarl, EveryTransitionMatches) {
  int steps = 0, exact_maps = 0;
  for (const Json& ep : (*data_)["episodes"]) {
    const SmaxGame::Config c = episode_config(ep);
    const int n = SmaxGame::num_units(c), na = c.num_allies;
    const std::string map = ep["map"];
    Compare cmp{small(c)};
    exact_maps += cmp.exact;
    const auto observed_enemies = ep["observed_enemies"].get<std::vector<int>>();
    const auto observed_allies = ep["observed_allies"].get<std::vector<int>>();
    for (const Json& st : ep["steps"]) {
      SmaxGame::State s = initial_state(c);
      load_units(s, c, st["before"]);
      const auto actions = st["actions"].get<std::vector<int>>();
      std::vector<int8_t> unit_actions(actions.begin(), actions.end());
      // JaxMARL draws a deviation for every unit every tick; replay the ones of each tick.
      auto replay = [&](int tick, int unit) { return st["jitter"][tick][unit].get<float>(); };
      std::vector<float> rewards(static_cast<size_t>(SmaxGame::num_agents(c)));
      const StepResult result = SmaxGame::advance(s, c, unit_actions.data(), rewards.data(), replay);
      const std::string where = map + " step " + std::to_string(steps);
      const Json& after = st["after"];
      for (const char* field : {"pos", "health", "cooldown", "move"})
        cmp(unit_field(s, c, field), floats(after[field]), where + " " + field);
      cmp({rewards[0]}, floats(st["reward"]), where + " reward");
      EXPECT_EQ(result.terminated || result.truncated, st["done"].get<bool>()) << where;
      std::vector<float> obs(static_cast<size_t>(SmaxGame::kOtherFeatures * (n - 1) + SmaxGame::kOwnFeatures));
      for (size_t k = 0; k < observed_allies.size(); ++k) {
        SmaxGame::observe(s, c, observed_allies[k], obs.data());
        cmp(obs, floats(st["ally_obs"][k]), where + " obs of ally " + std::to_string(observed_allies[k]));
      }
      for (size_t k = 0; k < observed_enemies.size(); ++k) {
        SmaxGame::observe(s, c, na + observed_enemies[k], obs.data());
        cmp(obs, floats(st["enemy_obs"][k]), where + " obs of enemy " + std::to_string(observed_enemies[k]));
      }
      std::vector<float> world(static_cast<size_t>(12 * n));
      SmaxGame::world_state(s, c, world.data());
      cmp(world, floats(st["world_state"]), where + " world state");
      std::vector<uint8_t> mask(static_cast<size_t>(std::max(na, c.num_enemies) + SmaxGame::kFirstAttack));
      for (int i = 0; i < n; ++i) {
        SmaxGame::legal(s, c, i, mask.data());
        const auto want = st["avail"][i].get<std::vector<int>>();
        for (size_t a = 0; a < mask.size(); ++a)
          EXPECT_EQ(mask[a], a < want.size() ? want[a] : 0) << where << " mask of unit " << i << " action " << a;
      }
      ++steps;
    }
    std::printf("smax/%s: %zu steps, max |agora - jaxmarl| = %.3g%s\n", map.c_str(), ep["steps"].size(), cmp.worst,
                cmp.exact ? " (bit-exact required)" : "");
  }
  EXPECT_GT(steps, 200);
  EXPECT_GE(exact_maps, 8);
}

/// Whole episodes of the small maps from the reset state, Agora's own state carried from step
/// to step: no drift.
TEST_F(SmaxJaxMarl, WholeEpisodesStayBitExact) {
  for (const Json& ep : (*data_)["episodes"]) {
    const SmaxGame::Config c = episode_config(ep);
    if (!small(c)) continue;
    SmaxGame::State s = initial_state(c);
    load_units(s, c, ep["reset"]);
    std::vector<float> rewards(static_cast<size_t>(SmaxGame::num_agents(c)));
    Compare cmp{true};
    int t = 0;
    for (const Json& st : ep["steps"]) {
      const auto actions = st["actions"].get<std::vector<int>>();
      std::vector<int8_t> unit_actions(actions.begin(), actions.end());
      auto replay = [&](int tick, int unit) { return st["jitter"][tick][unit].get<float>(); };
      SmaxGame::advance(s, c, unit_actions.data(), rewards.data(), replay);
      const std::string where = ep["map"].get<std::string>() + " step " + std::to_string(t++);
      cmp(unit_field(s, c, "pos"), floats(st["after"]["pos"]), where + " pos");
      cmp(unit_field(s, c, "health"), floats(st["after"]["health"]), where + " health");
      ASSERT_EQ(cmp.mismatches, 0) << where;
    }
  }
}

/// The heuristic enemy: its policy state after every step, and its action wherever JaxMARL's
/// choice did not depend on its random draw (it fired, or saw nobody).
TEST_F(SmaxJaxMarl, HeuristicEnemyMatches) {
  int compared = 0;
  for (const Json& ep : (*data_)["episodes"]) {
    const SmaxGame::Config heuristic = episode_config(ep);
    const int na = heuristic.num_allies;
    for (const Json& st : ep["steps"]) {
      SmaxGame::State s = initial_state(heuristic);
      load_units(s, heuristic, st["before"]);
      const auto actions = st["actions"].get<std::vector<int>>();
      const auto last_after = st["after"]["last_attacked"].get<std::vector<int>>();
      const auto target_after = floats(st["after"]["default_target"]);
      for (int e = 0; e < heuristic.num_enemies; ++e) {
        const int i = na + e;
        Rng rng(7, static_cast<uint32_t>(e));
        const int ours = SmaxGame::heuristic_action(s, heuristic, i, rng);
        const int theirs = actions[i];
        bool sees = false;
        for (int j = 0; j < na; ++j)
          sees |= SmaxGame::alive(s.units[i]) && SmaxGame::alive(s.units[j]) &&
                  SmaxGame::distance(s.units[i], s.units[j]) < heuristic.types[s.units[i].type].sight_range;
        if (theirs >= SmaxGame::kFirstAttack || !sees) {
          EXPECT_EQ(ours, theirs) << ep["map"] << " enemy " << e;
          ++compared;
        }
        EXPECT_EQ(s.units[i].last_attacked, last_after[e]) << ep["map"] << " enemy " << e;
        EXPECT_EQ(s.units[i].target_x, target_after[2 * e]);
        EXPECT_EQ(s.units[i].target_y, target_after[2 * e + 1]);
      }
    }
  }
  EXPECT_GT(compared, 300);
}

// --- envs in SIMD lanes ----------------------------------------------------------------------

/// The outputs Game::outputs_block wrote (obs [N, A, O], legal [N, A, K], world [N, S]) against
/// observe_all, legal and world_state of `states` env by env; inactive envs' rows must hold the
/// fill values they had before.
template <class Game>
void expect_block_outputs_equal(const typename Game::Config& c, const std::vector<typename Game::State>& states,
                                const std::vector<uint8_t>& active, const std::vector<float>& obs,
                                const std::vector<uint8_t>& legal, const std::vector<float>& world, int step) {
  const EnvSpec spec = Game::spec(c);
  const int num_envs = static_cast<int>(states.size()), A = spec.num_agents, O = spec.obs_dim, K = spec.num_actions;
  const int S = spec.state_dim;
  static_assert(Game::kEveryAgentActs, "SMAX promises a legal action for every agent: checked below");
  std::vector<float> want_obs(A * O), want_world(S);
  std::vector<uint8_t> want_legal(A * K);
  for (int i = 0; i < num_envs; ++i) {
    if (active[i]) {
      Game::observe_all(states[i], c, want_obs.data());
      for (int a = 0; a < A; ++a) {
        Game::legal(states[i], c, a, &want_legal[a * K]);
        ASSERT_NE(std::find(&want_legal[a * K], &want_legal[a * K] + K, 1), &want_legal[a * K] + K)
            << "agent " << a << " of env " << i << " has no legal action";
      }
      Game::world_state(states[i], c, want_world.data());
    } else {
      std::fill(want_obs.begin(), want_obs.end(), -7.0f);
      std::fill(want_legal.begin(), want_legal.end(), 7);
      std::fill(want_world.begin(), want_world.end(), -7.0f);
    }
    ASSERT_EQ(0, std::memcmp(want_obs.data(), &obs[i * A * O], want_obs.size() * sizeof(float)))
        << "observations of env " << i << " after step " << step;
    ASSERT_EQ(0, std::memcmp(want_legal.data(), &legal[i * A * K], want_legal.size()))
        << "legal masks of env " << i << " after step " << step;
    ASSERT_EQ(0, std::memcmp(want_world.data(), &world[i * S], want_world.size() * sizeof(float)))
        << "world state of env " << i << " after step " << step;
  }
}

/// Steps `num_envs` envs with Game::step one by one and, on copies, with Game::step_block, from
/// the same resets and with the same random legal actions; some lanes sit out some steps. Every
/// state, Rng, reward and result must be the same bytes after every step. As the runtime does,
/// each block's ended episodes then restart and Game::outputs_block follows its step_block; its
/// outputs must be those of the one-by-one states.
template <class Game>
void expect_blocks_equal_steps(const Json& json, uint64_t seed, int steps) {
  SCOPED_TRACE(json.dump());
  constexpr int W = Game::kStepBlock;
  const int num_envs = 2 * W + 5;  // two full blocks and a partial one
  const typename Game::Config c = load_game_config<Game>("smax", json);
  const EnvSpec spec = Game::spec(c);
  const int agents = spec.num_agents, actions_per_agent = spec.num_actions;
  std::vector<typename Game::State> one(num_envs), block(num_envs), stepped(num_envs);
  std::vector<Rng> one_rng, block_rng;
  for (int i = 0; i < num_envs; ++i) {
    one_rng.emplace_back(seed, i);
    Game::reset(one[i], c, one_rng[i]);
  }
  block = one;
  block_rng = one_rng;
  Rng policy(seed, 1u << 30);
  std::vector<int32_t> actions(num_envs * agents);
  std::vector<float> one_reward(num_envs * agents), block_reward(num_envs * agents);
  int episodes = 0;
  for (int t = 0; t < steps; ++t) {
    for (int i = 0; i < num_envs; ++i) {
      for (int a = 0; a < agents; ++a)
        actions[i * agents + a] = testing_util::random_legal_action<Game>(one[i], c, a, policy);
    }
    std::vector<uint8_t> active(num_envs);
    std::vector<StepResult> one_result(num_envs), block_result(num_envs);
    for (int i = 0; i < num_envs; ++i) {
      active[i] = (i * 7 + t) % 11 != 0;
      if (active[i]) one_result[i] = Game::step(one[i], c, &actions[i * agents], &one_reward[i * agents], one_rng[i]);
    }
    std::vector<float> obs(num_envs * agents * spec.obs_dim, -7.0f), world(num_envs * spec.state_dim, -7.0f);
    std::vector<uint8_t> legal(num_envs * agents * actions_per_agent, 7);
    for (int first = 0; first < num_envs; first += W) {
      uint8_t lanes[W] = {}, restarted[W] = {};
      for (int l = 0; l < W && first + l < num_envs; ++l) lanes[l] = active[first + l];
      Game::step_block(&block[first], c, &actions[first * agents], &block_reward[first * agents], &block_rng[first],
                       lanes, &block_result[first]);
      for (int l = 0; l < W && first + l < num_envs; ++l) {
        const int i = first + l;
        stepped[i] = block[i];
        if (lanes[l] && (block_result[i].terminated || block_result[i].truncated)) {
          Game::reset(block[i], c, block_rng[i]);
          restarted[l] = 1;
        }
      }
      Game::outputs_block(&block[first], c, lanes, restarted, &obs[first * agents * spec.obs_dim],
                          &legal[first * agents * actions_per_agent], &world[first * spec.state_dim]);
    }
    for (int i = 0; i < num_envs; ++i) {
      ASSERT_EQ(0, std::memcmp(&one[i], &stepped[i], sizeof(one[i]))) << "state of env " << i << " after step " << t;
      if (!active[i]) continue;
      for (int a = 0; a < agents; ++a)
        ASSERT_EQ(one_reward[i * agents + a], block_reward[i * agents + a]) << "env " << i << " step " << t;
      ASSERT_EQ(one_result[i].terminated, block_result[i].terminated) << "env " << i << " step " << t;
      ASSERT_EQ(one_result[i].truncated, block_result[i].truncated) << "env " << i << " step " << t;
      ASSERT_EQ(one_result[i].score, block_result[i].score) << "env " << i << " step " << t;
      if (one_result[i].terminated || one_result[i].truncated) {
        ++episodes;
        Game::reset(one[i], c, one_rng[i]);
      }
    }
    for (int i = 0; i < num_envs; ++i)
      ASSERT_EQ(0, std::memcmp(&one_rng[i], &block_rng[i], sizeof(Rng))) << "rng of env " << i << " after step " << t;
    expect_block_outputs_equal<Game>(c, one, active, obs, legal, world, t);
    if (::testing::Test::HasFailure()) return;
  }
  EXPECT_GE(episodes, num_envs);  // whole episodes, with their ends, were compared
}

TEST(SmaxBlocks, EveryMapStepsInLanesAsOneByOne) {
  for (const std::string& map : testing_util::smax_maps()) expect_blocks_equal_steps<SmaxGame>(Json{{"map", map}}, 5, 130);
  expect_blocks_equal_steps<SmaxGameT<8>>(Json{{"map", "3m"}}, 6, 250);
}

TEST(SmaxBlocks, EveryModeStepsInLanesAsOneByOne) {
  for (const Json& json : testing_util::smax_mode_configs()) expect_blocks_equal_steps<SmaxGame>(json, 7, 130);
}

// --- whole games -----------------------------------------------------------------------------

TEST(SmaxGames, HeuristicBeatsRandomAndWinRatesAreSane) {
  // Random allies against the heuristic enemy lose nearly always on 3m.
  auto env = make_env("smax/3m", 256, Device::kCpu, Json::object());
  env->reset(11);
  for (int t = 0; t < 300; ++t) {
    env->sample_random_actions();
    env->step();
  }
  const EpisodeStats stats = env->episode_stats();
  ASSERT_GT(stats.episodes, 256);
  EXPECT_LT(stats.mean_score, 0.1);  // score = win
}

}  // namespace
}  // namespace agora
