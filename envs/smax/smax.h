#pragma once
// smax/*: JaxMARL's SMAX (v0.2.0, FLAIROx/JaxMARL@c793d09, smax_env.py and heuristic_enemy.py),
// the engine-free StarCraft micro game: two teams of units on a 32x32 arena with lethal walls,
// 8 physics ticks of 1/16 s per step, simultaneous fire, collision push-apart, the shared
// damage-plus-win reward, the `unit_list` observation and the world state. Rules, layouts and
// the deliberate differences from JaxMARL: envs/smax/README.md.
//
// Floating point follows JaxMARL's XLA CPU program operation by operation, in float32: norms
// are sqrt(fma(dx, dx, dy * dy)) as XLA emits them, the move vectors are the values JaxMARL's
// 45-degree rotation produces, cooldowns are set as `cd + ((base + jitter) - cd)`. With
// `-ffp-contract=off` (host) and `--fmad=false` (device) no other operation is fused: the CPU
// matches JaxMARL bit for bit on maps up to 17 units (tests/envs/smax_test.cc), and the CUDA
// kernels run the same operations (CPU-vs-CUDA parity is tested where a device is present).
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "core/config.h"
#include "core/env_spec.h"
#include "core/hd.h"
#include "core/legal_bits.h"
#include "core/philox.h"

namespace agora {

struct SmaxUnitType {
  float speed, damage, attack_range, sight_range, radius, health, cooldown;
};

/// The game for battles of up to kCapacity units. Each map is registered with the smallest
/// capacity that holds it (8, 16, 32 or 64), so a 3m state is 300 bytes, not 2.3 KB: less
/// memory traffic per step, on the GPU above all.
template <int kCapacity>
struct SmaxGameT {
  static constexpr int kMaxUnits = kCapacity;
  static constexpr int kNumTypes = 6;  // marine, marauder, stalker, zealot, zergling, hydralisk
  static constexpr int kMoveActions = 4, kStop = 4, kFirstAttack = 5;
  static constexpr int kOtherFeatures = 13, kOwnFeatures = 10, kStateFeatures = 10;
  // The `conic` observation: the circle around a unit in 32 sectors of two slots each.
  static constexpr int kSectors = 32, kUnitsPerSector = 2;
  static constexpr float kPi = 3.14159274f;  // float32(math.pi), as JaxMARL's angles use it

  enum Opponent : int32_t { kHeuristic = 0, kSelfPlay = 1 };
  enum AttackMode : int32_t { kClosest = 0, kRandomTarget = 1 };
  enum Spawn : int32_t { kClusters = 0, kSurroundAndReflect = 1, kFixed = 2 };
  enum Outcome : int32_t { kRunning = 0, kWon = 1, kLost = 2, kDraw = 3, kTimeout = 4 };
  enum Observation : int32_t { kUnitList = 0, kConic = 1 };

  using UnitType = SmaxUnitType;

  struct Config {
    int32_t num_allies, num_enemies;
    int8_t unit_type[kMaxUnits];         // allies first
    UnitType types[kNumTypes];           // JaxMARL's stats (smax.md section 2)
    int32_t opponent, attack_mode, spawn, observation;
    bool enemy_shoots, see_enemy_actions, walls_cause_death, cooldown_jitter, self_play_reward, random_unit_types;
    bool mirror_enemies;                 // self-play: enemies see and move in the map turned 180 degrees
    float spawn_noise;                   // half-width of the uniform spawn noise (2 in JaxMARL)
    float fixed_position[kMaxUnits][2];  // spawn == kFixed
    float width, height, dt, won_battle_bonus;
    int32_t ticks_per_step, max_steps;
  };

  struct Unit {
    float x, y, health, cooldown;
    float move_x, move_y;             // last movement vector (JaxMARL's prev_movement_actions)
    float target_x, target_y;         // heuristic enemy: default target
    int8_t type, last_action_attack;  // last attack action (0 or >= 5)
    int8_t last_attacked;             // heuristic enemy: target it keeps firing at, -1 = none
    int8_t pad;  // always 0 (the CPU block path writes a unit as whole words)
  };

  struct State {
    Unit units[kMaxUnits];
    int32_t step;     // env steps taken (JaxMARL's state.step)
    int32_t outcome;  // Outcome of the finished episode
  };

  static Config load_config(ConfigReader& r);
  static EnvSpec spec(const Config& c);
  static std::string describe(const State& s, const Config& c, int agent);
  /// Why a state from outside (a replay) is not one of this game's, or nullptr (game_traits.h).
  static const char* check_state(const State& s, const Config& c);
  static std::vector<std::string> metric_names(const Config&) { return {"win", "loss", "draw", "timeout", "allies_alive", "enemies_alive"}; }

  // --- small helpers ---------------------------------------------------------------------------
  AGORA_HD static int num_units(const Config& c) { return c.num_allies + c.num_enemies; }
  AGORA_HD static int num_agents(const Config& c) { return c.opponent == kSelfPlay ? num_units(c) : c.num_allies; }
  AGORA_HD static bool alive(const Unit& u) { return u.health > 0.0f; }
  /// Actions per agent: stop, four moves and one attack per opponent. In self-play with
  /// unequal sides, wide enough for the larger; the smaller side's extra slots are never legal.
  AGORA_HD static int num_actions(const Config& c) {
    const bool wider_allies = c.opponent == kSelfPlay && c.num_allies > c.num_enemies;
    return (wider_allies ? c.num_allies : c.num_enemies) + kFirstAttack;
  }

  /// |(dx, dy)| exactly as XLA computes jnp.linalg.norm on CPU: one fused multiply-add.
  AGORA_HD static float norm(float dx, float dy) {
#ifdef __CUDA_ARCH__
    return sqrtf(__fmaf_rn(dx, dx, __fmul_rn(dy, dy)));
#else
    return std::sqrt(std::fma(dx, dx, dy * dy));
#endif
  }
  AGORA_HD static float distance(const Unit& a, const Unit& b) { return norm(b.x - a.x, b.y - a.y); }

  /// The unit an attack action of unit `i` aims at: allies number enemies in index order,
  /// enemies number allies in reverse.
  AGORA_HD static int attack_target(const Config& c, int i, int action) {
    return i < c.num_allies ? c.num_allies + (action - kFirstAttack) : c.num_allies - 1 - (action - kFirstAttack);
  }

  /// Unit vectors of moves 0..3 (north, east, south, west) as JaxMARL's float32 rotation of a
  /// diagonal yields them on XLA's CPU backend: for fewer than 8 decoded actions at once the
  /// matrix product uses fused multiply-adds and the off-axis component is 0x1.b3f548p-27,
  /// for 8 or more it is exactly 0. HeuristicEnemySMAX decodes each team on its own, SMAX
  /// (self-play) all units together.
  /// With mirror_enemies an enemy's moves are turned 180 degrees (north is south, east west), as
  /// its observations are.
  AGORA_HD static void move_vector(const Config& c, int i, int action, float& vx, float& vy) {
    const int batch = c.opponent == kSelfPlay ? num_units(c) : (i < c.num_allies ? c.num_allies : c.num_enemies);
    const float one = 0.99999994f, tiny = batch < 8 ? 1.26880515e-08f : 0.0f;  // 0x1.fffffep-1
    if (c.mirror_enemies && i >= c.num_allies && action < kMoveActions) action ^= 2;
    switch (action) {
      case 0: vx = -tiny; vy = one; break;
      case 1: vx = one; vy = -tiny; break;
      case 2: vx = tiny; vy = -one; break;
      case 3: vx = -one; vy = tiny; break;
      default: vx = 0.0f; vy = 0.0f;
    }
  }

  // --- reset -----------------------------------------------------------------------------------
  AGORA_HD static void reset(State& s, const Config& c, Rng& rng) {
    const int n = num_units(c), na = c.num_allies;
    for (int i = 0; i < kMaxUnits; ++i) {  // all slots, so equal states are equal bytes
      Unit& u = s.units[i];
      u.x = u.y = u.health = 0.0f;
      u.type = i < n ? c.unit_type[i] : 0;
      u.cooldown = 0.0f;
      u.move_x = u.move_y = 0.0f;
      u.target_x = u.target_y = 0.0f;
      u.last_action_attack = 0;
      u.last_attacked = -1;
      u.pad = 0;
    }
    if (c.random_unit_types) {
      // SMACv2-style: every ally uniform over all six types, enemies copy them index by index.
      for (int i = 0; i < na; ++i) s.units[i].type = static_cast<int8_t>(rng.uniform_int(kNumTypes));
      for (int e = 0; e < c.num_enemies && e < na; ++e) s.units[na + e].type = s.units[e].type;
    }
    spawn(s, c, rng);
    for (int i = 0; i < n; ++i) s.units[i].health = c.types[s.units[i].type].health;
    push_apart(s, c);
    s.step = 0;
    s.outcome = kRunning;
  }

  AGORA_HD static float noise(const Config& c, Rng& rng) { return (2.0f * rng.uniform() - 1.0f) * c.spawn_noise; }

  AGORA_HD static void spawn(State& s, const Config& c, Rng& rng) {
    const int na = c.num_allies, ne = c.num_enemies;
    if (c.spawn == kFixed) {
      for (int i = 0; i < na + ne; ++i) {
        s.units[i].x = c.fixed_position[i][0] + noise(c, rng);
        s.units[i].y = c.fixed_position[i][1] + noise(c, rng);
      }
    } else if (c.spawn == kClusters) {
      for (int i = 0; i < na + ne; ++i) {
        const float cx = i < na ? c.width / 4 : c.width / 4 * 3;
        s.units[i].x = cx + noise(c, rng);
        s.units[i].y = c.height / 2 + noise(c, rng);
      }
    } else if (rng.uniform() < 0.5f) {
      // SMACv2 "surround": one team (50/50) at the centre, the other split into four groups,
      // each somewhere on the segment from a corner to the centre.
      const bool allies_inside = rng.uniform_int(2) == 1;
      float gx[4], gy[4];
      const float corner_x[4] = {0.0f, 0.0f, c.width, c.width}, corner_y[4] = {0.0f, c.height, 0.0f, c.height};
      for (int g = 0; g < 4; ++g) {
        const float t = rng.uniform();
        gx[g] = t * (c.width / 2) + (1 - t) * corner_x[g];
        gy[g] = t * (c.height / 2) + (1 - t) * corner_y[g];
      }
      for (int i = 0; i < na + ne; ++i) {
        Unit& u = s.units[i];
        if ((i < na) == allies_inside) {
          u.x = c.width / 2 + noise(c, rng);
          u.y = c.height / 2 + noise(c, rng);
        } else {
          const int g = static_cast<int>(rng.uniform_int(4));
          u.x = gx[g] + noise(c, rng);
          u.y = gy[g] + noise(c, rng);
        }
      }
    } else {
      // SMACv2 "reflect": allies uniform in the left half, enemy k mirrors ally k, extra enemies
      // uniform in the right half.
      for (int i = 0; i < na; ++i) {
        s.units[i].x = rng.uniform() * (c.width / 2);
        s.units[i].y = rng.uniform() * c.height;
      }
      for (int e = 0; e < ne; ++e) {
        Unit& u = s.units[na + e];
        if (e < na) {
          u.x = c.width - s.units[e].x;
          u.y = s.units[e].y;
        } else {
          u.x = c.width / 2 + rng.uniform() * (c.width / 2);
          u.y = rng.uniform() * c.height;
        }
      }
    }
  }

  // --- one physics tick ------------------------------------------------------------------------
  /// A step's working copy of the units, structure of arrays, with what the held actions mean
  /// for every tick worked out once: each unit's displacement per tick ((v * speed) * dt, the
  /// value JaxMARL computes every tick) and its attack target (-1: none).
  struct Sim {
    int n;
    float x[kMaxUnits], y[kMaxUnits], health[kMaxUnits], cooldown[kMaxUnits];
    float radius[kMaxUnits], step_x[kMaxUnits], step_y[kMaxUnits];
    int32_t target[kMaxUnits], type[kMaxUnits];  // int8_t draws a false GCC 12 overflow warning
  };

  AGORA_HD static void load(const State& s, const Config& c, const int8_t* actions, Sim& m) {
    m.n = num_units(c);
    for (int i = 0; i < m.n; ++i) {
      const Unit& u = s.units[i];
      const UnitType& t = c.types[u.type];
      m.x[i] = u.x;
      m.y[i] = u.y;
      m.health[i] = u.health;
      m.cooldown[i] = u.cooldown;
      m.radius[i] = t.radius;
      m.type[i] = u.type;
      float vx = 0.0f, vy = 0.0f;
      if (actions) move_vector(c, i, actions[i], vx, vy);
      m.step_x[i] = vx * t.speed * c.dt;
      m.step_y[i] = vy * t.speed * c.dt;
      m.target[i] = actions && actions[i] >= kFirstAttack ? attack_target(c, i, actions[i]) : -1;
    }
  }

  AGORA_HD static void store(const Sim& m, State& s) {
    for (int i = 0; i < m.n; ++i) {
      Unit& u = s.units[i];
      u.x = m.x[i];
      u.y = m.y[i];
      u.health = m.health[i];
      u.cooldown = m.cooldown[i];
    }
  }

  /// JaxMARL's prev_movement_actions and prev_attack_actions after a step.
  AGORA_HD static void record_actions(State& s, const Config& c, const int8_t* actions) {
    for (int i = 0; i < num_units(c); ++i) {
      Unit& u = s.units[i];
      move_vector(c, i, actions[i], u.move_x, u.move_y);
      u.last_action_attack = static_cast<int8_t>(actions[i] >= kFirstAttack ? actions[i] : 0);
    }
  }

  /// Collision push-apart between living units: pos_i += sum_j delta_ij relu((r_i + r_j) / d_ij - 1) / 2.
  /// Pairs are visited once (the contribution to j is the exact negation of that to i) and the
  /// sums accumulate in ascending j, as XLA's reduction does. Each row first flags the pairs
  /// that may touch (a conservative squared-distance test, a loop the compiler vectorises);
  /// only those get the exact computation. Skipped pairs contribute exactly zero.
  AGORA_HD static void push_apart(Sim& m) {
    const int n = m.n;
    float px[kMaxUnits], py[kMaxUnits], acc_x[kMaxUnits], acc_y[kMaxUnits];
    for (int i = 0; i < n; ++i) {
      const bool live = m.health[i] > 0.0f;
      px[i] = live ? m.x[i] : 1e18f;  // the dead are parked far away: never close to anyone
      py[i] = live ? m.y[i] : 1e18f;
      acc_x[i] = acc_y[i] = 0.0f;
    }
    bool moved = false;
    for (int i = 0; i < n; ++i) {
      if (!(m.health[i] > 0.0f)) continue;
      const float xi = px[i], yi = py[i], ri = m.radius[i];
      uint8_t close[kMaxUnits];
      for (int j = i + 1; j < n; ++j) close[j] = may_touch(xi - px[j], yi - py[j], ri + m.radius[j]);
      for (int j = i + 1; j < n; ++j) {
        float ox, oy;
        if (!close[j] || !push_of(xi - px[j], yi - py[j], ri + m.radius[j], ox, oy)) continue;
        acc_x[i] += ox;
        acc_y[i] += oy;
        acc_x[j] -= ox;
        acc_y[j] -= oy;
        moved = true;
      }
    }
    if (!moved) return;
    for (int i = 0; i < n; ++i) {
      if (!(m.health[i] > 0.0f)) continue;
      m.x[i] += acc_x[i] / 2;
      m.y[i] += acc_y[i] / 2;
    }
  }

  /// Whether two units dx, dy apart whose radii add up to `reach` may touch: a conservative
  /// squared-distance test (it passes every pair push_of moves), cheap enough for every pair.
  AGORA_HD static bool may_touch(float dx, float dy, float reach) { return dx * dx + dy * dy <= 1.01f * reach * reach; }

  /// The push (ox, oy) of a pair on its first unit, dx = x_a - x_b and dy apart, radii adding up
  /// to `reach`: false when they do not touch. The second unit gets exactly (-ox, -oy).
  AGORA_HD static bool push_of(float dx, float dy, float reach, float& ox, float& oy) {
    const float overlap = reach / (norm(dx, dy) + 1e-6f) - 1.0f;
    if (!(overlap > 0.0f)) return false;
    ox = dx * overlap;
    oy = dy * overlap;
    return true;
  }

  AGORA_HD static void push_apart(State& s, const Config& c) {
    Sim m;
    load(s, c, nullptr, m);
    push_apart(m);
    store(m, s);
  }

  /// Tick `t` of a step. `jitter(t, unit)` gives the cooldown deviation of a unit that fires;
  /// it is only called for units that do, in index order.
  template <class Jitter>
  AGORA_HD static void tick(Sim& m, const Config& c, int t, Jitter&& jitter) {
    const int n = m.n;
    float damage_taken[kMaxUnits];
    for (int i = 0; i < n; ++i) damage_taken[i] = 0.0f;
    // Attacks, all against the positions, life and cooldowns at the start of the tick.
    for (int i = 0; i < n; ++i) {
      const int target = m.target[i];
      bool fires = false;
      if (target >= 0 && m.health[i] > 0.0f && m.cooldown[i] <= 0.0f) {
        const UnitType& type = c.types[m.type[i]];
        fires = m.health[target] > 0.0f && norm(m.x[target] - m.x[i], m.y[target] - m.y[i]) < type.attack_range;
        if (fires) {
          damage_taken[target] += type.damage;
          m.cooldown[i] = m.cooldown[i] + ((type.cooldown + jitter(t, i)) - m.cooldown[i]);
        }
      }
      if (!fires) m.cooldown[i] = m.cooldown[i] + -c.dt;
    }
    // Then, per unit: the move (units alive at the start of the tick), the damage, the walls.
    for (int i = 0; i < n; ++i) {
      if (m.health[i] > 0.0f) {
        m.x[i] = clamp(m.x[i] + m.step_x[i], c.width);
        m.y[i] = clamp(m.y[i] + m.step_y[i], c.height);
      }
      const float h = m.health[i] - damage_taken[i];
      m.health[i] = h > 0.0f ? h : 0.0f;
      if (c.walls_cause_death && (m.x[i] <= 0.0f || m.y[i] <= 0.0f || m.x[i] >= c.width || m.y[i] >= c.height))
        m.health[i] = 0.0f;
    }
    push_apart(m);
  }

  // --- the heuristic enemy ---------------------------------------------------------------------
  // JaxMARL's scripted policy (create_heuristic_policy) for unit `i` of either team, computed
  // from what its unit_list observation holds (relative positions come back from the
  // observation's scaled ones, as in JaxMARL). Its memory is the unit's target fields. In three
  // parts, so that a team step (step_team) can look from every unit at once and make the random
  // draws on one lane in step's order: what the unit sees, the draws, the action.

  /// What unit i sees of its opponents, numbered as its attack actions number them.
  struct HeuristicView {
    uint64_t visible, shootable;  // bit k: opponent k
    int32_t closest;              // the closest shootable opponent, 0 when none is
  };

  AGORA_HD static HeuristicView heuristic_view(const State& s, const Config& c, int i) {
    const Unit& me = s.units[i];
    const int opponents = i < c.num_allies ? c.num_enemies : c.num_allies;
    const bool me_alive = alive(me);
    const int type = me_alive ? me.type : 0;  // a dead unit's observation is all zeros
    const float sight = c.types[type].sight_range, range = c.types[type].attack_range, inv_sight = 1.0f / sight;
    HeuristicView v{0, 0, 0};
    float closest_dist = norm(c.width, c.height);
    for (int k = 0; k < opponents; ++k) {
      const Unit& other = s.units[attack_target(c, i, kFirstAttack + k)];
      const bool visible = me_alive && alive(other) && distance(me, other) < sight;
      const float rel_x = visible ? ((other.x - me.x) * inv_sight) * sight : 0.0f;
      const float rel_y = visible ? ((other.y - me.y) * inv_sight) * sight : 0.0f;
      const float d = norm(rel_x, rel_y);
      const bool shootable = visible && d < range;
      v.visible |= static_cast<uint64_t>(visible) << k;
      v.shootable |= static_cast<uint64_t>(shootable) << k;
      if (shootable && d < closest_dist) {
        closest_dist = d;
        v.closest = k;
      }
    }
    return v;
  }

  /// The heuristic's random choices for a unit that sees `v`, drawn in `step`'s order: `pick`, a
  /// random shootable target in the random attack mode (else the closest), then `chase`, a
  /// random visible opponent when the unit will not shoot (else 0, unused).
  AGORA_HD static void heuristic_draw(const HeuristicView& v, const Config& c, Rng& rng, int32_t& pick, int32_t& chase) {
    pick = v.closest;
    chase = 0;
    if (c.attack_mode == kRandomTarget && v.shootable != 0)
      pick = nth_set_bit(v.shootable, static_cast<int>(rng.uniform_int(popcount64(v.shootable))));
    if (!(v.shootable != 0 && c.enemy_shoots) && v.visible != 0)
      chase = nth_set_bit(v.visible, static_cast<int>(rng.uniform_int(popcount64(v.visible))));
  }

  /// The unit's action, given its heuristic_draw choices. Updates the unit's memory.
  AGORA_HD static int heuristic_decide(State& s, const Config& c, int i, const HeuristicView& v, int pick, int chase) {
    Unit& me = s.units[i];
    const bool me_alive = alive(me);
    const int type = me_alive ? me.type : 0;
    const float sight = c.types[type].sight_range, inv_sight = 1.0f / sight;
    const float own_x = me_alive ? (me.x / c.width) * c.width : 0.0f;
    const float own_y = me_alive ? (me.y / c.height) * c.height : 0.0f;
    const bool initial = me.target_x == 0.0f && me.target_y == 0.0f && me.last_attacked == -1;
    const auto shootable = [&](int k) { return ((v.shootable >> k) & 1) != 0; };
    int attack = pick;
    if (me.last_attacked != -1 && shootable(me.last_attacked)) attack = me.last_attacked;
    me.last_attacked = static_cast<int8_t>(shootable(attack) ? attack : -1);
    if (initial) {
      me.target_x = -(own_x - c.width / 2) + c.width / 2;
      me.target_y = -(own_y - c.height / 2) + c.height / 2;
    }
    if (v.shootable != 0 && c.enemy_shoots) return kFirstAttack + attack;
    float tx = me.target_x, ty = me.target_y;
    if (v.visible != 0) {  // chase a random visible opponent, drawn afresh every step
      const Unit& other = s.units[attack_target(c, i, kFirstAttack + chase)];
      tx = ((other.x - me.x) * inv_sight) * sight + own_x;
      ty = ((other.y - me.y) * inv_sight) * sight + own_y;
    }
    const float vx = tx - own_x, vy = ty - own_y;
    const float similarity[4] = {vy, vx, -vy, -vx};  // . north, east, south, west
    int best = 0;
    for (int a = 1; a < 4; ++a)
      if (similarity[a] > similarity[best]) best = a;
    return best;
  }

  AGORA_HD static int heuristic_action(State& s, const Config& c, int i, Rng& rng) {
    const HeuristicView v = heuristic_view(s, c, i);
    int32_t pick, chase;
    heuristic_draw(v, c, rng, pick, chase);
    return heuristic_decide(s, c, i, v, pick, chase);
  }

  // --- step ------------------------------------------------------------------------------------
  /// The env step after the actions of every unit are known: the ticks, the team rewards, the
  /// outcome. `rewards` gets one value per agent; `jitter(tick, unit)` as in tick().
  template <class Jitter>
  AGORA_HD static StepResult advance(State& s, const Config& c, const int8_t* actions, float* rewards, Jitter&& jitter) {
    const int n = num_units(c);
    Sim m;
    load(s, c, actions, m);
    float before[kMaxUnits];
    for (int i = 0; i < n; ++i) before[i] = m.health[i];
    for (int t = 0; t < c.ticks_per_step; ++t) tick(m, c, t, jitter);
    store(m, s);
    record_actions(s, c, actions);
    return finish_step(s, c, before, rewards);
  }

  /// The end of a step, the units' last tick done: the team rewards against the health each
  /// unit had `before` the step, the outcome, the step count.
  AGORA_HD static StepResult finish_step(State& s, const Config& c, const float* before, float* rewards) {
    const int n = num_units(c), na = c.num_allies;
    bool allies_alive = false, enemies_alive = false;
    for (int i = 0; i < n; ++i) (i < na ? allies_alive : enemies_alive) |= alive(s.units[i]);
    const float team_reward[2] = {team_reward_of(s, c, 0, before, !enemies_alive, !allies_alive),
                                  team_reward_of(s, c, 1, before, !allies_alive, !enemies_alive)};
    const int agents = num_agents(c);
    for (int i = 0; i < agents; ++i) rewards[i] = team_reward[i < na ? 0 : 1];
    StepResult r;
    if (!allies_alive || !enemies_alive) {
      s.outcome = allies_alive ? kWon : enemies_alive ? kLost : kDraw;
      r.terminated = true;
    } else if (s.step >= c.max_steps) {  // JaxMARL tests the limit before counting this step
      s.outcome = kTimeout;
      r.truncated = true;
    }
    s.step += 1;
    r.score = s.outcome == kWon ? 1.0f : 0.0f;
    return r;
  }

  /// A team's reward: the damage it dealt this step as a fraction of the other team's total
  /// health (zero under the self-play reward), plus the win bonus (and, under the self-play
  /// reward, minus it for a loss).
  AGORA_HD static float team_reward_of(const State& s, const Config& c, int team, const float* before, bool won,
                                        bool lost) {
    const int first = team == 0 ? c.num_allies : 0, count = team == 0 ? c.num_enemies : c.num_allies;
    float damage = 0.0f;
    for (int k = first; k < first + count; ++k) {
      const Unit& u = s.units[k];
      damage += (u.health - before[k]) / c.types[u.type].health;
    }
    return team_reward(damage, count, won, lost, c);
  }

  /// team_reward_of from the summed health fractions `damage` the team took off the `count`
  /// units of the other side.
  AGORA_HD static float team_reward(float damage, int count, int32_t won, int32_t lost, const Config& c) {
    // Config fields read once, `won` and `lost` as 0/1 integers, `&` rather than `&&`: no
    // conditional loads or branches, so SmaxBlock's loop over envs vectorises (GCC 12 leaves a
    // loop that mixes bools with integer flags scalar).
    const int32_t self_play = c.self_play_reward ? 1 : 0;
    const float bonus = c.won_battle_bonus;
    // XLA turns the division by the (constant) team size into a multiplication by its reciprocal.
    const float damage_reward = self_play != 0 ? 0.0f : fabsf(damage) * (1.0f / static_cast<float>(count));
    const float lost_bonus = (lost & self_play & (won ^ 1)) != 0 ? -bonus : 0.0f;
    const float won_bonus = (won & (lost ^ 1)) != 0 ? bonus : 0.0f;
    return damage_reward + won_bonus + lost_bonus;
  }

  AGORA_HD static StepResult step(State& s, const Config& c, const int32_t* actions, float* rewards, Rng& rng) {
    const int n = num_units(c), na = c.num_allies;
    int8_t unit_actions[kMaxUnits];
    for (int i = 0; i < na; ++i) unit_actions[i] = static_cast<int8_t>(actions[i]);
    for (int i = na; i < n; ++i)
      unit_actions[i] = static_cast<int8_t>(c.opponent == kSelfPlay ? actions[i] : heuristic_action(s, c, i, rng));
    const bool jitter_on = c.cooldown_jitter;
    const float dt = c.dt;
    // JaxMARL's U(-dt, 2 dt) deviation on every new cooldown.
    return advance(s, c, unit_actions, rewards, [&](int, int) { return jitter_on ? rng.uniform() * (3 * dt) - dt : 0.0f; });
  }

  /// `step` by a team of lanes sharing one env, a unit per lane (ThreadMapping::kWarp, lanes of
  /// a CUDA warp; envs/smax/smax_team.h). Every lane calls it; the result is the leader's.
  struct TeamScratch;
  AGORA_HD static int team_lanes(const Config& c) { return num_units(c); }  // a unit per lane
  template <class Team>
  AGORA_HD static StepResult step_team(const Team& team, State& s, const Config& c, const int32_t* actions,
                                       float* rewards, Rng& rng, TeamScratch& scratch);

  /// `step` for kStepBlock consecutive envs at once on the CPU, envs in SIMD lanes
  /// (envs/smax/smax_block.h; the runtime's contract is in core/game_traits.h).
  /// Envs per block: four AVX-512 registers per array row (measured against 16 and 32 lanes:
  /// 3m 1.3x and 1.06x faster, 8m 1.1x faster than 32, 2s3z and 27m_vs_30m the same).
  static constexpr int kStepBlock = 64;
  /// Stop is legal for every unit, alive or dead (core/game_traits.h).
  static constexpr bool kEveryAgentActs = true;
  static void step_block(State* states, const Config& c, const int32_t* actions, float* rewards, Rng* rngs,
                         const uint8_t* active, StepResult* results);
  /// observe_all, legal and world_state (world may be null) for kStepBlock consecutive envs.
  static void outputs_block(const State* states, const Config& c, const uint8_t* active, const uint8_t* restarted,
                            float* obs, uint8_t* legal, float* world);

  // --- observations ---------------------------------------------------------------------------
  /// The features of a unit that do not depend on who looks: computed once per unit and step.
  struct UnitView {
    float health, cooldown, last_attack;
  };

  AGORA_HD static UnitView view_of(const State& s, const Config& c, int j) {
    const Unit& u = s.units[j];
    const UnitType& t = c.types[u.type];
    const int actions = (j < c.num_allies ? c.num_enemies : c.num_allies) + kFirstAttack;
    const float last = static_cast<float>(u.last_action_attack), top = static_cast<float>(actions - 1);
    UnitView v;
    v.health = u.health / t.health;
    v.cooldown = clip01(u.cooldown / t.cooldown);
    // JaxMARL picks the divisor with a lax.cond on the team; when both teams have the same
    // action count XLA folds it into a constant and multiplies by its reciprocal instead.
    v.last_attack = c.num_allies == c.num_enemies ? last * (1.0f / top) : last / top;
    return v;
  }

  /// max(min(x, hi), 0) with plain compares (fminf/fmaxf are library calls on the host).
  AGORA_HD static float clamp(float x, float hi) {
    const float below = x < hi ? x : hi;
    return below > 0.0f ? below : 0.0f;
  }
  AGORA_HD static float clip01(float x) {
    const float above = x > 0.0f ? x : 0.0f;
    return above < 1.0f ? above : 1.0f;
  }

  /// Unit i's observation: `unit_list` (JaxMARL's default) or `conic`. With mirror_enemies an
  /// enemy sees the map turned 180 degrees about its centre: relative positions and moves
  /// negated, its own position (width - x) / width and (height - y) / height.
  AGORA_HD static void observe_with(const State& s, const Config& c, int i, const UnitView* views, float* obs) {
    if (c.observation == kConic) {
      observe_conic(s, c, i, views, obs);
      return;
    }
    observe_unit_list(s, c, i, views, obs);
  }

  /// unit_list: 13 features per other unit (allies see allies then enemies, in index order;
  /// enemies see everything in reverse index order), zero unless both live and the other is in
  /// sight; then the unit's own 10 features.
  AGORA_HD static void observe_unit_list(const State& s, const Config& c, int i, const UnitView* views, float* obs) {
    const int n = num_units(c);
    const Unit& me = s.units[i];
    const bool me_alive = alive(me);
    const float sight = c.types[me.type].sight_range;
    // XLA rewrites a division by a broadcast scalar into a multiplication by its reciprocal.
    const float inv_sight = 1.0f / sight;
    float* f = obs;
    for (int k = 0; k < n; ++k) {
      const int j = i < c.num_allies ? k : n - 1 - k;
      if (j == i) continue;
      for (int q = 0; q < kOtherFeatures; ++q) f[q] = 0.0f;
      if (me_alive && alive(s.units[j]) && distance(me, s.units[j]) < sight) other_features(s, c, i, j, inv_sight, views, f);
      f += kOtherFeatures;
    }
    own_features(s, c, i, views, f);
  }

  /// conic (JaxMARL's get_obs_conic): the circle of sight around unit i cut into kSectors equal
  /// sectors from angle -pi, each with kUnitsPerSector slots of 13 features, filled by the lowest
  /// unit indices in the sector, then the unit's own 10 features (842 floats); all zeros when the
  /// unit is dead. JaxMARL's quirks are kept: a sector lists dead units in sight too (health 0,
  /// where they fell), unit 0 appears in no sector (JaxMARL picks the slots with
  /// nonzero(mask * index)), and a unit exactly on a sector edge, due west included, in none.
  AGORA_HD static void observe_conic(const State& s, const Config& c, int i, const UnitView* views, float* obs) {
    for (int q = 0; q < obs_dim(c); ++q) obs[q] = 0.0f;
    const Unit& me = s.units[i];
    if (!alive(me)) return;
    const bool mirrored = c.mirror_enemies && i >= c.num_allies;
    const float inv_sight = 1.0f / c.types[me.type].sight_range;  // XLA: times the reciprocal
    int filled[kSectors] = {};
    for (int j = 1; j < num_units(c); ++j) {
      if (j == i) continue;
      const Unit& other = s.units[j];
      const float rx = (mirrored ? me.x - other.x : other.x - me.x) * inv_sight;
      const float ry = (mirrored ? me.y - other.y : other.y - me.y) * inv_sight;
      if (!(norm(rx, ry) < 1.0f)) continue;
      const int sector = conic_sector(rx, ry);
      if (sector < 0 || filled[sector] == kUnitsPerSector) continue;
      other_features(s, c, i, j, inv_sight, views, obs + (sector * kUnitsPerSector + filled[sector]++) * kOtherFeatures);
    }
    own_features(s, c, i, views, obs + kSectors * kUnitsPerSector * kOtherFeatures);
  }

  /// The conic sector of the direction (rx, ry), or -1 on an edge. JaxMARL's float32 angle
  /// atan(ry / (rx + 1e-8)) + pi * [rx < 0] * (ry > 0 ? 1 : -1) against the edges
  /// 2 pi * (k / kSectors) - pi, strictly. atan is the correctly rounded float32 one (from double);
  /// XLA's differs in the last bit for about 2% of arguments, which moves a unit only when it lies
  /// within about 1e-7 radians of an edge.
  AGORA_HD static int conic_sector(float rx, float ry) {
#ifdef __CUDA_ARCH__
    const float base = static_cast<float>(::atan(static_cast<double>(ry / (rx + 1e-8f))));
#else
    const float base = static_cast<float>(std::atan(static_cast<double>(ry / (rx + 1e-8f))));
#endif
    const float angle = base + (rx < 0.0f ? (ry > 0.0f ? kPi : -kPi) : 0.0f);
    if (!(angle == angle)) return -1;  // 0 / 0: JaxMARL's comparisons with NaN are all false
    // The estimate is off by at most one sector near an edge; the edge tests decide.
    int k = static_cast<int>((angle + kPi) * (kSectors / (2 * kPi)));
    k = k < 1 ? 0 : k > kSectors - 2 ? kSectors - 2 : k - 1;
    for (const int last = k + 2; k <= last; ++k) {
      if (k < kSectors && angle > conic_edge(k) && angle < conic_edge(k + 1)) return k;
    }
    return -1;
  }
  AGORA_HD static float conic_edge(int k) {
    const float two_pi = 6.28318548f;  // float32(2 * math.pi)
    return two_pi * (static_cast<float>(k) / static_cast<float>(kSectors)) - kPi;
  }

  /// The 13 features unit i sees of unit j (f starts zeroed): health fraction, relative position
  /// (times inv_sight, 1 / i's sight range), last move and attack (teammates, or anyone with
  /// see_enemy_actions), cooldown fraction, one-hot type.
  AGORA_HD static void other_features(const State& s, const Config& c, int i, int j, float inv_sight,
                                      const UnitView* views, float* f) {
    const Unit &me = s.units[i], &other = s.units[j];
    const bool mirrored = c.mirror_enemies && i >= c.num_allies;
    const UnitView& v = views[j];
    f[0] = v.health;
    f[1] = (mirrored ? me.x - other.x : other.x - me.x) * inv_sight;
    f[2] = (mirrored ? me.y - other.y : other.y - me.y) * inv_sight;
    if ((i < c.num_allies) == (j < c.num_allies) || c.see_enemy_actions) {
      f[3] = mirrored ? -other.move_x : other.move_x;
      f[4] = mirrored ? -other.move_y : other.move_y;
      f[5] = v.last_attack;
    }
    f[6] = v.cooldown;
    f[7 + other.type] = 1.0f;
  }

  /// Unit i's own 10 features: health fraction, position over the map's size, cooldown
  /// fraction, one-hot type; zeros when dead.
  AGORA_HD static void own_features(const State& s, const Config& c, int i, const UnitView* views, float* f) {
    const Unit& me = s.units[i];
    const bool mirrored = c.mirror_enemies && i >= c.num_allies;
    for (int q = 0; q < kOwnFeatures; ++q) f[q] = 0.0f;
    if (!alive(me)) return;
    f[0] = views[i].health;
    f[1] = (mirrored ? c.width - me.x : me.x) / c.width;
    f[2] = (mirrored ? c.height - me.y : me.y) / c.height;
    f[3] = views[i].cooldown;
    f[4 + me.type] = 1.0f;
  }

  /// The observation's length: unit_list 13 (units - 1) + 10, conic 13 * 32 * 2 + 10 = 842.
  AGORA_HD static int obs_dim(const Config& c) {
    const int others = c.observation == kConic ? kSectors * kUnitsPerSector : num_units(c) - 1;
    return kOtherFeatures * others + kOwnFeatures;
  }

  AGORA_HD static void observe(const State& s, const Config& c, int agent, float* obs) {
    UnitView views[kMaxUnits];
    for (int j = 0; j < num_units(c); ++j) views[j] = view_of(s, c, j);
    observe_with(s, c, agent, views, obs);
  }

  /// Every agent's observation ([agents, obs_dim]), sharing the per-unit features.
  AGORA_HD static void observe_all(const State& s, const Config& c, float* obs) {
    UnitView views[kMaxUnits];
    const int n = num_units(c), dim = obs_dim(c);
    for (int j = 0; j < n; ++j) views[j] = view_of(s, c, j);
    for (int i = 0; i < num_agents(c); ++i) observe_with(s, c, i, views, obs + i * dim);
  }

  /// Stop always; moves while alive; attack k while both live and the target is in range.
  AGORA_HD static void legal(const State& s, const Config& c, int agent, uint8_t* mask) {
    const int i = agent, na = c.num_allies;
    const Unit& me = s.units[i];
    const bool me_alive = alive(me);
    const int targets = i < na ? c.num_enemies : na;
    const int width = num_actions(c);
    for (int a = 0; a < kMoveActions; ++a) mask[a] = me_alive;
    mask[kStop] = 1;
    const float range = c.types[me.type].attack_range;
    for (int k = 0; k < targets; ++k) {
      const Unit& other = s.units[attack_target(c, i, kFirstAttack + k)];
      mask[kFirstAttack + k] = me_alive && alive(other) && distance(me, other) < range;
    }
    for (int a = kFirstAttack + targets; a < width; ++a) mask[a] = 0;
  }

  /// Per unit [health fraction, x, y, cooldown (s), one-hot type (6)], zeros when dead; then
  /// every unit's team, then every unit's type index (raw map coordinates and seconds, as JaxMARL).
  AGORA_HD static void world_state(const State& s, const Config& c, float* out) {
    const int n = num_units(c);
    for (int i = 0; i < n; ++i) {
      const Unit& u = s.units[i];
      float* f = out + i * kStateFeatures;
      for (int k = 0; k < kStateFeatures; ++k) f[k] = 0.0f;
      if (alive(u)) {
        f[0] = u.health / c.types[u.type].health;
        f[1] = u.x;
        f[2] = u.y;
        f[3] = u.cooldown;
        f[4 + u.type] = 1.0f;
      }
      out[n * kStateFeatures + i] = i < c.num_allies ? 0.0f : 1.0f;
      out[n * (kStateFeatures + 1) + i] = static_cast<float>(u.type);
    }
  }

  /// win, loss, draw, timeout (one of them is 1), and the surviving units of each side.
  AGORA_HD static void metrics(const State& s, const Config& c, float* out) {
    out[0] = s.outcome == kWon;
    out[1] = s.outcome == kLost;
    out[2] = s.outcome == kDraw;
    out[3] = s.outcome == kTimeout;
    float allies = 0, enemies = 0;
    for (int i = 0; i < num_units(c); ++i) (i < c.num_allies ? allies : enemies) += alive(s.units[i]);
    out[4] = allies;
    out[5] = enemies;
  }
};

using SmaxGame = SmaxGameT<64>;  // the widest, for code that needs one type (tests, tools)

}  // namespace agora

#include "envs/smax/smax_team.h"  // SmaxGameT::step_team
