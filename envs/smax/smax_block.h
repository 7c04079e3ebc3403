#pragma once
// SMAX's step for a block of W envs at once, on the CPU: the rules of SmaxGameT::step with the
// envs in the lanes of every array ([unit][lane]), so that each loop over lanes compiles to SIMD
// instructions (16 floats to an AVX-512 register, four per row of a 64-env block). The maps fix
// every loop bound but the lanes' own ones, so what differs between envs (alive, visible, moves)
// becomes a select. What few lanes do runs lane by lane over a 64-bit set of them: the attacks of
// units ready to fire and the random draws (heuristic choices, cooldown jitter), each draw on its
// env's own Rng in the order `step` draws them. Every value is computed by the same float
// operations as in `step`, so a block leaves each env exactly as `step` would
// (tests/envs/smax_test.cc). SmaxOutputsBlock does the same for the observations, legal masks
// and world states.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <memory>

#include "core/env_spec.h"
#include "core/lanes.h"
#include "core/legal_bits.h"
#include "core/philox.h"

namespace agora {

template <class Game, int W>
struct SmaxBlock {
  using Config = typename Game::Config;
  using State = typename Game::State;
  using Unit = typename Game::Unit;
  static constexpr int N = Game::kMaxUnits;
  // Rows of W lanes plus 64 bytes: arrays a power of two apart would share L1 cache sets (2s3z
  // steps 12% faster padded on a Zen 3).
  static constexpr int kRow = W + 16;

  // Unit u of lane l is [u][l].
  alignas(64) float x[N][kRow], y[N][kRow], health[N][kRow], cooldown[N][kRow], before[N][kRow];
  alignas(64) float move_x[N][kRow], move_y[N][kRow], step_x[N][kRow], step_y[N][kRow], radius[N][kRow], range[N][kRow];
  alignas(64) float damage[N][kRow], base_cooldown[N][kRow];
  alignas(64) float full_health[N][kRow], sight_range[N][kRow], speed[N][kRow], goal_x[N][kRow], goal_y[N][kRow];
  alignas(64) int32_t type[N][kRow], action[N][kRow], target[N][kRow], last_attacked[N][kRow];
  // Scratch: per-tick damage and push-apart sums, the heuristic's view of its opponents.
  alignas(64) float damage_taken[N][kRow], acc_x[N][kRow], acc_y[N][kRow], park_x[N][kRow], park_y[N][kRow];
  alignas(64) float rel_x[N][kRow], rel_y[N][kRow];
  alignas(64) int32_t visible[N][kRow], shootable[N][kRow];
  uint8_t active[W];
  uint64_t active_bits;  // bit l: active[l]
  int n, na;

  static void step(State* states, const Config& c, const int32_t* actions, float* rewards, Rng* rngs,
                   const uint8_t* active_lanes, StepResult* results) {
    const int first = first_active_lane<W>(active_lanes);
    if (first < 0) return;
    local().run(states, c, actions, rewards, rngs, active_lanes, first, results);
  }

  /// This thread's block, made on its first use (64 units x 64 lanes is 450 KB). It keeps the
  /// units of the last step, which SmaxOutputsBlock reads instead of the states.
  static SmaxBlock& local() {
    static thread_local std::unique_ptr<SmaxBlock> b;
    if (!b) b = std::make_unique<SmaxBlock>();
    return *b;
  }

  /// Unit::last_action_attack after action a: the attack action, or 0 for a move or stop.
  static int attack_of(int a) { return a >= Game::kFirstAttack ? a : 0; }

 private:
  void run(State* states, const Config& c, const int32_t* actions, float* rewards, Rng* rngs,
           const uint8_t* active_lanes, int first, StepResult* results) {
    n = Game::num_units(c);
    na = c.num_allies;
    active_bits = 0;
    for (int l = 0; l < W; ++l) {
      active[l] = active_lanes[l];
      active_bits |= static_cast<uint64_t>(active[l] != 0) << l;
    }
    // Inactive lanes compute on a copy of an active env and are never written back.
    alignas(64) int32_t from[W];
    for (int l = 0; l < W; ++l) from[l] = active[l] ? l : first;
    load(states, from);
    load_types(c);
    const int agents = Game::num_agents(c);
    for (int i = 0; i < n; ++i) {
      const bool chosen = i < na || c.opponent == Game::kSelfPlay;
#pragma omp simd
      for (int l = 0; l < W; ++l) action[i][l] = chosen && active[l] ? actions[l * agents + i] : 0;
    }
    if (c.opponent != Game::kSelfPlay) {
      for (int i = na; i < n; ++i) heuristic(c, i, rngs);
    }
    plan(c);
    for (int i = 0; i < n; ++i)
#pragma omp simd
      for (int l = 0; l < W; ++l) before[i][l] = health[i][l];
    for (int t = 0; t < c.ticks_per_step; ++t) tick(c, rngs);
    finish(states, c, rewards, results);
  }

  // A unit is nine 4-byte words, the last holding its four bytes, so whole units move between
  // the states and the lanes by transposes (core/lanes.h), 16 lanes at a time.
  static constexpr int kUnitWords = 9;
  static_assert(offsetof(Unit, x) == 0 && offsetof(Unit, y) == 4 && offsetof(Unit, health) == 8 &&
                    offsetof(Unit, cooldown) == 12 && offsetof(Unit, move_x) == 16 && offsetof(Unit, move_y) == 20 &&
                    offsetof(Unit, target_x) == 24 && offsetof(Unit, target_y) == 28 && offsetof(Unit, type) == 32 &&
                    offsetof(Unit, last_action_attack) == 33 && offsetof(Unit, last_attacked) == 34 &&
                    sizeof(Unit) == 4 * kUnitWords,
                "SmaxBlock moves a Unit as nine words");
  static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "the byte word's fields by shifts");

  /// Lane l gets the units of states[from[l]].
  void load(const State* states, const int32_t* from) {
    for (int i = 0; i < n; ++i) {
      alignas(64) uint32_t bytes[W];  // type, last_action_attack, last_attacked, pad
      void* const words[kUnitWords] = {x[i], y[i], health[i], cooldown[i], move_x[i], move_y[i], goal_x[i], goal_y[i], bytes};
      rows_to_lanes<W>(&states[0].units[i], sizeof(State), from, kUnitWords, words);
#pragma omp simd
      for (int l = 0; l < W; ++l) {
        type[i][l] = static_cast<int8_t>(bytes[l]);
        last_attacked[i][l] = static_cast<int8_t>(bytes[l] >> 16);
      }
    }
  }

  /// Each unit's type stats in every lane: the map's type unless types are drawn per episode
  /// (SMACv2); GCC unswitches on that, so fixed maps get a broadcast.
  void load_types(const Config& c) {
    const bool same_type = !c.random_unit_types;
    for (int i = 0; i < n; ++i) {
      const typename Game::UnitType& fixed = c.types[c.unit_type[i]];
#pragma omp simd
      for (int l = 0; l < W; ++l) {
        const typename Game::UnitType& t = same_type ? fixed : c.types[type[i][l]];
        radius[i][l] = t.radius;
        range[i][l] = t.attack_range;
        damage[i][l] = t.damage;
        base_cooldown[i][l] = t.cooldown;
        full_health[i][l] = t.health;
        sight_range[i][l] = t.sight_range;
        speed[i][l] = t.speed;
      }
    }
  }

  static float clamp(float v, float hi) { return Game::clamp(v, hi); }
  static float norm(float dx, float dy) { return Game::norm(dx, dy); }

  /// Index of the `which`-th set flag among flags[0..count)[l], which < their number
  /// (the heuristic's nth_set_bit over one lane's flags), without a branch per flag.
  int nth_set(const int32_t (*flags)[kRow], int count, int l, uint32_t which) const {
    uint64_t bits = 0;
    for (int k = 0; k < count; ++k) bits |= static_cast<uint64_t>(flags[k][l] != 0) << k;
    return nth_set_bit(bits, static_cast<int>(which));
  }

  /// Game::heuristic_action for unit i in every lane.
  void heuristic(const Config& c, int i, Rng* rngs) {
    const int opponents = i < na ? n - na : na;
    alignas(64) float own_x[W], own_y[W], sight[W], inv_sight[W], shoot_range[W], closest_dist[W];
    alignas(64) int32_t closest[W], num_visible[W], num_shootable[W], initial[W], keep[W];
    const float sight0 = c.types[0].sight_range, range0 = c.types[0].attack_range;
    const float half_width = c.width / 2, half_height = c.height / 2;
    const bool enemy_shoots = c.enemy_shoots;
#pragma omp simd
    for (int l = 0; l < W; ++l) {
      const bool me_alive = health[i][l] > 0.0f;
      sight[l] = me_alive ? sight_range[i][l] : sight0;
      inv_sight[l] = 1.0f / sight[l];
      shoot_range[l] = me_alive ? range[i][l] : range0;
      own_x[l] = me_alive ? (x[i][l] / c.width) * c.width : 0.0f;
      own_y[l] = me_alive ? (y[i][l] / c.height) * c.height : 0.0f;
      initial[l] = (goal_x[i][l] == 0.0f) & (goal_y[i][l] == 0.0f) & (last_attacked[i][l] == -1);
      closest_dist[l] = norm(c.width, c.height);
      closest[l] = num_visible[l] = num_shootable[l] = keep[l] = 0;
    }
    for (int k = 0; k < opponents; ++k) {
      const int j = Game::attack_target(c, i, Game::kFirstAttack + k);
#pragma omp simd
      for (int l = 0; l < W; ++l) {
        const float s = sight[l];
        // `&`, not `&&`: every operand is computed in every lane, so the loop has no branches.
        const bool vis = (health[i][l] > 0.0f) & (health[j][l] > 0.0f) & (norm(x[j][l] - x[i][l], y[j][l] - y[i][l]) < s);
        const float rx = vis ? ((x[j][l] - x[i][l]) * inv_sight[l]) * s : 0.0f;
        const float ry = vis ? ((y[j][l] - y[i][l]) * inv_sight[l]) * s : 0.0f;
        const float d = norm(rx, ry);
        const bool shoot = vis & (d < shoot_range[l]);
        rel_x[k][l] = rx;
        rel_y[k][l] = ry;
        visible[k][l] = vis;
        shootable[k][l] = shoot;
        num_visible[l] += vis;
        num_shootable[l] += shoot;
        const bool nearer = shoot & (d < closest_dist[l]);
        closest_dist[l] = nearer ? d : closest_dist[l];
        closest[l] = nearer ? k : closest[l];
        keep[l] |= shoot & (last_attacked[i][l] == k);  // still shootable: keep firing at it
      }
    }
    alignas(64) int32_t attack[W], shoots[W], chasing[W];
    alignas(64) float goal_or_chase_x[W], goal_or_chase_y[W];
    int32_t* const pick = closest;  // the closest shootable opponent, or a random one
    if (c.attack_mode == Game::kRandomTarget) {
      for (uint64_t todo = lanes_where<W>(num_shootable) & active_bits; todo; todo &= todo - 1) {
        const int l = lowest_lane(todo);
        pick[l] = nth_set(shootable, opponents, l, rngs[l].uniform_int(num_shootable[l]));
      }
    }
    // Flags as int32 0/1, not bools: with `keep[l] | (num_shootable[l] > 0)` and a bool
    // `enemy_shoots`, GCC 12 left this loop scalar, a branch per lane (the heuristic's share of
    // 3m's step then fell from 9.5% to 4.9%).
    const int32_t shoots_at_all = enemy_shoots ? 1 : 0;
#pragma omp simd
    for (int l = 0; l < W; ++l) {
      // The closest or random pick is shootable whenever any opponent is (the kept one is).
      const int a = keep[l] ? last_attacked[i][l] : pick[l];
      const int32_t any_shootable = num_shootable[l] != 0 ? 1 : 0;
      attack[l] = a;
      last_attacked[i][l] = (keep[l] | any_shootable) != 0 ? a : -1;
      const int32_t shooting = any_shootable & shoots_at_all;
      shoots[l] = shooting;
      chasing[l] = shooting == 0 ? (num_visible[l] != 0 ? 1 : 0) : 0;
      const float mirror_x = -(own_x[l] - half_width) + half_width, mirror_y = -(own_y[l] - half_height) + half_height;
      goal_x[i][l] = initial[l] ? mirror_x : goal_x[i][l];
      goal_y[i][l] = initial[l] ? mirror_y : goal_y[i][l];
      goal_or_chase_x[l] = goal_x[i][l];
      goal_or_chase_y[l] = goal_y[i][l];
    }
    // Chase a random visible opponent, drawn afresh every step.
    for (uint64_t todo = lanes_where<W>(chasing) & active_bits; todo; todo &= todo - 1) {
      const int l = lowest_lane(todo);
      const int k = nth_set(visible, opponents, l, rngs[l].uniform_int(num_visible[l]));
      goal_or_chase_x[l] = rel_x[k][l] + own_x[l];
      goal_or_chase_y[l] = rel_y[k][l] + own_y[l];
    }
#pragma omp simd
    for (int l = 0; l < W; ++l) {
      const float tx = goal_or_chase_x[l], ty = goal_or_chase_y[l];
      const float vx = tx - own_x[l], vy = ty - own_y[l];
      // The best of north (vy), east (vx), south (-vy), west (-vx); the first on ties.
      const bool east = vx > vy;
      const float best_value = east ? vx : vy;
      const bool south = -vy > best_value;
      const float best_value2 = south ? -vy : best_value;
      const int best = -vx > best_value2 ? 3 : south ? 2 : east ? 1 : 0;
      action[i][l] = shoots[l] ? Game::kFirstAttack + attack[l] : best;
    }
  }

  /// Game::load's move vector, per-tick displacement and attack target of every unit.
  void plan(const Config& c) {
    for (int i = 0; i < n; ++i) {
      float moves[Game::kMoveActions + 1][2];  // by move action; the last: none (stop or attack)
      for (int a = 0; a <= Game::kMoveActions; ++a) Game::move_vector(c, i, a, moves[a][0], moves[a][1]);
#pragma omp simd
      for (int l = 0; l < W; ++l) {
        const int a = action[i][l], move = a < Game::kMoveActions ? a : Game::kMoveActions;
        move_x[i][l] = moves[move][0];
        move_y[i][l] = moves[move][1];
        step_x[i][l] = move_x[i][l] * speed[i][l] * c.dt;
        step_y[i][l] = move_y[i][l] * speed[i][l] * c.dt;
        target[i][l] = a >= Game::kFirstAttack ? Game::attack_target(c, i, a) : -1;
      }
    }
  }

  /// Game::tick in every lane.
  void tick(const Config& c, Rng* rngs) {
    // Locals, not `c.`: the compiler cannot tell that the stores below leave the config alone.
    const float dt = c.dt, width = c.width, height = c.height;
    const bool walls = c.walls_cause_death, jitters = c.cooldown_jitter;
    for (int i = 0; i < n; ++i)
#pragma omp simd
      for (int l = 0; l < W; ++l) damage_taken[i][l] = 0.0f;
    // Few units are ready to fire in a tick (about 3 in 100 unit-lanes on 3m, 2s3z and
    // 27m_vs_30m: a cooldown lasts several ticks), so every other cooldown runs down in vectors
    // and the ready lanes are visited one by one. Shooters go in ascending order, so each
    // target's damage adds up as in Game::tick, and each lane draws its jitter in `step`'s order.
    for (int i = 0; i < n; ++i) {
      alignas(64) int32_t ready[W];
#pragma omp simd
      for (int l = 0; l < W; ++l) {
        const float cd = cooldown[i][l];
        ready[l] = (target[i][l] >= 0) & (health[i][l] > 0.0f) & (cd <= 0.0f);
        cooldown[i][l] = ready[l] ? cd : cd + -dt;
      }
      for (uint64_t todo = lanes_where<W>(ready) & active_bits; todo; todo &= todo - 1) {
        const int l = lowest_lane(todo), j = target[i][l];
        const float cd = cooldown[i][l];
        const bool fires = health[j][l] > 0.0f && norm(x[j][l] - x[i][l], y[j][l] - y[i][l]) < range[i][l];
        if (!fires) {
          cooldown[i][l] = cd + -dt;
          continue;
        }
        // JaxMARL's U(-dt, 2 dt) deviation on every new cooldown.
        const float jitter = jitters ? rngs[l].uniform() * (3 * dt) - dt : 0.0f;
        cooldown[i][l] = cd + ((base_cooldown[i][l] + jitter) - cd);
        damage_taken[j][l] += damage[i][l];
      }
    }
    for (int i = 0; i < n; ++i) {
#pragma omp simd
      for (int l = 0; l < W; ++l) {
        const float x0 = x[i][l], y0 = y[i][l], h0 = health[i][l];
        const float moved_x = clamp(x0 + step_x[i][l], width), moved_y = clamp(y0 + step_y[i][l], height);
        const float nx = h0 > 0.0f ? moved_x : x0, ny = h0 > 0.0f ? moved_y : y0;
        const float h = h0 - damage_taken[i][l], kept = h > 0.0f ? h : 0.0f;
        const bool wall = walls & ((nx <= 0.0f) | (ny <= 0.0f) | (nx >= width) | (ny >= height));
        x[i][l] = nx;
        y[i][l] = ny;
        health[i][l] = wall ? 0.0f : kept;
      }
    }
    push_apart(c);
  }

  /// Game::push_apart in every lane. As in Game::push_apart, the dead are parked far away, so a
  /// pair's touch test is the overlap alone. Without AVX-512 a conservative distance test first
  /// finds the pairs that may touch: in 3m and 2s3z about 17 in 100 register-wide chunks of
  /// lanes hold one (3 in 100 lanes), and only those chunks get the square root and division,
  /// in every lane of the chunk; a lane whose pair does not touch adds exactly 0. (Per lane or
  /// per 64 lanes skipping cost more than it saved; bench/RESULTS.md has the figures.)
  void push_apart(const Config& c) {
    for (int i = 0; i < n; ++i)
#pragma omp simd
      for (int l = 0; l < W; ++l) {
        const bool live = health[i][l] > 0.0f;
        park_x[i][l] = live ? x[i][l] : 1e18f;
        park_y[i][l] = live ? y[i][l] : 1e18f;
        acc_x[i][l] = acc_y[i][l] = 0.0f;
      }
    // The test pays where a lane's square root and division are dear (AVX2: push-apart 10%
    // faster on 3m, the same on 2s3z). On AVX-512 CPUs a similar skip measured 15% slower on
    // 2s3z (Zen 4) and 4% slower with 256-bit loops (Intel Xeon; bench/RESULTS.md), so there
    // every chunk is computed.
#if defined(__AVX512F__)
    constexpr bool kSkipFarChunks = false;
#else
    constexpr bool kSkipFarChunks = true;
#endif
    const bool same_type = !c.random_unit_types;
    for (int i = 0; i < n; ++i) {
      for (int j = i + 1; j < n; ++j) {
        // The same sum as the lanes' radii where every env has the map's types.
        const float map_reach = c.types[c.unit_type[i]].radius + c.types[c.unit_type[j]].radius;
        uint64_t close_lanes = ~uint64_t{0};
        if (kSkipFarChunks) {
          alignas(64) int32_t close[W];
#pragma omp simd
          for (int l = 0; l < W; ++l) {
            const float dx = park_x[i][l] - park_x[j][l], dy = park_y[i][l] - park_y[j][l];
            const float reach = same_type ? map_reach : radius[i][l] + radius[j][l];
            close[l] = dx * dx + dy * dy <= 1.01f * reach * reach;
          }
          close_lanes = lanes_where<W>(close);
        }
        for (int l0 = 0; l0 < W; l0 += kRegisterLanes) {
          if (!((close_lanes >> l0) & kRegisterMask)) continue;
#pragma omp simd
          for (int l = l0; l < l0 + kRegisterLanes; ++l) {
            const float dx = park_x[i][l] - park_x[j][l], dy = park_y[i][l] - park_y[j][l];
            const float reach = same_type ? map_reach : radius[i][l] + radius[j][l];
            const float overlap = reach / (norm(dx, dy) + 1e-6f) - 1.0f;
            // A dead unit is 1e18 from anyone alive (no overlap); two dead ones share a spot,
            // overlap, and push each other by 0 * overlap = +0.
            const bool touch = overlap > 0.0f;
            const float ox = touch ? dx * overlap : 0.0f, oy = touch ? dy * overlap : 0.0f;
            acc_x[i][l] += ox;
            acc_y[i][l] += oy;
            acc_x[j][l] -= ox;
            acc_y[j][l] -= oy;
          }
        }
      }
    }
    // Game::push_apart moves live units only. A dead unit's sums are exactly +0, and x + 0 == x
    // for every position but -0, which the rules never make and check_state rejects; adding in
    // every lane keeps GCC from a masked store, which AMD CPUs before Zen 4 run slowly.
    for (int i = 0; i < n; ++i) {
#pragma omp simd
      for (int l = 0; l < W; ++l) {
        x[i][l] += acc_x[i][l] / 2;
        y[i][l] += acc_y[i][l] / 2;
      }
    }
  }

  /// Game::advance after the ticks: the units written back, rewards, outcome, step count.
  void finish(State* states, const Config& c, float* rewards, StepResult* results) const {
    const int agents = Game::num_agents(c);
    // Per lane: whether each side has a unit left, and each team's reward (Game::team_reward_of,
    // its sums over units in index order, lane by lane).
    alignas(64) int32_t allies_alive[W], enemies_alive[W];
    alignas(64) float dealt_to_enemies[W], dealt_to_allies[W], reward_allies[W], reward_enemies[W];
#pragma omp simd
    for (int l = 0; l < W; ++l) {
      allies_alive[l] = enemies_alive[l] = 0;
      dealt_to_enemies[l] = dealt_to_allies[l] = 0.0f;
    }
    for (int k = 0; k < n; ++k) {
      const bool ally = k < na;
#pragma omp simd
      for (int l = 0; l < W; ++l) {
        const float dealt = (health[k][l] - before[k][l]) / full_health[k][l];
        const int32_t live = health[k][l] > 0.0f;
        if (ally) {
          allies_alive[l] |= live;
          dealt_to_allies[l] += dealt;
        } else {
          enemies_alive[l] |= live;
          dealt_to_enemies[l] += dealt;
        }
      }
    }
#pragma omp simd
    for (int l = 0; l < W; ++l) {
      const int32_t allies_won = enemies_alive[l] == 0 ? 1 : 0, enemies_won = allies_alive[l] == 0 ? 1 : 0;
      reward_allies[l] = Game::team_reward(dealt_to_enemies[l], n - na, allies_won, enemies_won, c);
      reward_enemies[l] = Game::team_reward(dealt_to_allies[l], na, enemies_won, allies_won, c);
    }
    for (int i = 0; i < n; ++i) {
      alignas(64) uint32_t bytes[W];
#pragma omp simd
      for (int l = 0; l < W; ++l) {
        bytes[l] = static_cast<uint32_t>(static_cast<uint8_t>(type[i][l])) |
                   static_cast<uint32_t>(attack_of(action[i][l]) & 0xFF) << 8 |
                   static_cast<uint32_t>(last_attacked[i][l] & 0xFF) << 16;
      }
      const void* const words[kUnitWords] = {x[i], y[i], health[i], cooldown[i], move_x[i], move_y[i], goal_x[i], goal_y[i], bytes};
      lanes_to_rows<W>(words, kUnitWords, active, &states[0].units[i], sizeof(State));
    }
    for (int l = 0; l < W; ++l) {
      if (!active[l]) continue;
      State& s = states[l];
      for (int a = 0; a < agents; ++a) rewards[l * agents + a] = a < na ? reward_allies[l] : reward_enemies[l];
      StepResult r;
      if (!allies_alive[l] || !enemies_alive[l]) {
        s.outcome = allies_alive[l] ? Game::kWon : enemies_alive[l] ? Game::kLost : Game::kDraw;
        r.terminated = true;
      } else if (s.step >= c.max_steps) {
        s.outcome = Game::kTimeout;
        r.truncated = true;
      }
      s.step += 1;
      r.score = s.outcome == Game::kWon ? 1.0f : 0.0f;
      results[l] = r;
    }
  }
};

/// SmaxGameT's observe_all, legal and world_state for a block of W envs, lanes as in SmaxBlock;
/// each lane's rows are written where the runtime keeps that env's ([W, A, O], [W, A, K], [W, S]).
template <class Game, int W>
struct SmaxOutputsBlock {
  using Config = typename Game::Config;
  using State = typename Game::State;
  static constexpr int N = Game::kMaxUnits;
  static constexpr int kRow = SmaxBlock<Game, W>::kRow;

  alignas(64) float x[N][kRow], y[N][kRow], move_x[N][kRow], move_y[N][kRow], sight[N][kRow], inv_sight[N][kRow], range[N][kRow];
  // What any observer sees of a unit (Game::UnitView) and its world-state health.
  alignas(64) float health_view[N][kRow], cooldown_view[N][kRow], last_attack_view[N][kRow], cooldown[N][kRow];
  alignas(64) int32_t alive[N][kRow], type[N][kRow];
  int n, na;

  /// The lanes' units come from this thread's SmaxBlock, as its last step left them, except where
  /// restarted[l] is set: those lanes' states were replaced since (a new episode) and are read.
  static void write(const State* states, const Config& c, const uint8_t* active, const uint8_t* restarted,
                    float* obs, uint8_t* legal, float* world) {
    const int first = first_active_lane<W>(active);
    if (first < 0) return;
    static thread_local std::unique_ptr<SmaxOutputsBlock> b;  // 64 units x 64 lanes is 210 KB
    if (!b) b = std::make_unique<SmaxOutputsBlock>();
    b->n = Game::num_units(c);
    b->na = c.num_allies;
    b->copy(SmaxBlock<Game, W>::local());
    for (int l = 0; l < W; ++l) {
      if (active[l] && restarted[l]) b->load(states[l], l);
    }
    b->views(c);
    const int agents = Game::num_agents(c);
    const bool conic = c.observation == Game::kConic;
    if (conic) {
      // Sector slots fill unit by unit, in index order: env by env, from the written states.
      const int64_t env_obs = static_cast<int64_t>(agents) * Game::obs_dim(c);
      for (int l = 0; l < W; ++l) {
        if (active[l]) Game::observe_all(states[l], c, obs + l * env_obs);
      }
    }
    for (int i = 0; i < agents; ++i) {
      // Mirrored observers get their own instance: a run-time select in the lane loop made
      // GCC's code for every observer a third slower (3m: 3.9e6 -> 2.7e6 env-steps/s).
      if (!conic) {
        if (c.mirror_enemies && i >= c.num_allies) b->template observe<true>(c, i, active, obs);
        else b->template observe<false>(c, i, active, obs);
      }
      b->legal(c, i, active, legal);
    }
    if (world) b->world_state(active, world);
  }

 private:
  /// The units SmaxBlock::finish wrote to the states, from its lanes.
  void copy(const SmaxBlock<Game, W>& step) {
    for (int j = 0; j < n; ++j) {
#pragma omp simd
      for (int l = 0; l < W; ++l) {
        x[j][l] = step.x[j][l];
        y[j][l] = step.y[j][l];
        move_x[j][l] = step.move_x[j][l];
        move_y[j][l] = step.move_y[j][l];
        health_view[j][l] = step.health[j][l];  // raw until views()
        last_attack_view[j][l] = static_cast<float>(SmaxBlock<Game, W>::attack_of(step.action[j][l]));
        cooldown[j][l] = step.cooldown[j][l];
        type[j][l] = step.type[j][l];
      }
    }
  }

  void load(const State& s, int l) {
    for (int j = 0; j < n; ++j) {
      const typename Game::Unit& u = s.units[j];
      x[j][l] = u.x;
      y[j][l] = u.y;
      move_x[j][l] = u.move_x;
      move_y[j][l] = u.move_y;
      health_view[j][l] = u.health;  // raw until views()
      last_attack_view[j][l] = static_cast<float>(u.last_action_attack);
      cooldown[j][l] = u.cooldown;
      type[j][l] = u.type;
    }
  }

  /// Game::view_of and the type stats, in every lane, from the raw fields load() copied.
  void views(const Config& c) {
    for (int j = 0; j < n; ++j) {
      const int actions = (j < na ? n - na : na) + Game::kFirstAttack;
      const float top = static_cast<float>(actions - 1), inv_top = 1.0f / top;
      const bool by_reciprocal = c.num_allies == c.num_enemies;  // see Game::view_of
      const bool same_type = !c.random_unit_types;
      const typename Game::UnitType& fixed = c.types[c.unit_type[j]];
#pragma omp simd
      for (int l = 0; l < W; ++l) {
        const typename Game::UnitType& t = same_type ? fixed : c.types[type[j][l]];
        const float health = health_view[j][l], last = last_attack_view[j][l];
        alive[j][l] = health > 0.0f;
        health_view[j][l] = health / t.health;
        cooldown_view[j][l] = Game::clip01(cooldown[j][l] / t.cooldown);
        last_attack_view[j][l] = by_reciprocal ? last * inv_top : last / top;
        sight[j][l] = t.sight_range;
        inv_sight[j][l] = 1.0f / t.sight_range;  // XLA multiplies by the reciprocal
        range[j][l] = t.attack_range;
      }
    }
  }

  /// Game::observe_with for agent i in every lane (kMirrored: an enemy under mirror_enemies).
  template <bool kMirrored>
  void observe(const Config& c, int i, const uint8_t* active, float* obs) const {
    const int agents = Game::num_agents(c);
    const int dim = Game::kOtherFeatures * (n - 1) + Game::kOwnFeatures;
    LaneRowWriter<W> rows(active, obs + static_cast<int64_t>(i) * dim, agents * dim * static_cast<int64_t>(sizeof(float)));
    alignas(64) int32_t seen[W];
    for (int k = 0; k < n; ++k) {
      const int j = i < na ? k : n - 1 - k;
      if (j == i) continue;
      const bool actions_seen = (i < na) == (j < na) || c.see_enemy_actions;
      float* f[Game::kOtherFeatures];
      for (float*& column : f) column = rows.column();
      // Row pointers: indexing [j][l] with j from a select keeps GCC from vectorising.
      const float *xi = x[i], *yi = y[i], *si = sight[i], *inv_si = inv_sight[i], *xj = x[j], *yj = y[j];
      const int32_t *alive_i = alive[i], *alive_j = alive[j], *type_j = type[j];
#pragma omp simd
      for (int l = 0; l < W; ++l) {
        const float dx = xj[l] - xi[l], dy = yj[l] - yi[l], s = si[l];
        const bool vis = (alive_i[l] != 0) & (alive_j[l] != 0) & (Game::norm(dx, dy) < s);
        const bool acts = vis & actions_seen;
        // Every value loaded whatever `vis` says: a load under a select becomes a masked load.
        // Mirrored: xi - xj, not -dx, which would turn a +0 into -0.
        const float seen_dx = kMirrored ? xi[l] - xj[l] : dx, seen_dy = kMirrored ? yi[l] - yj[l] : dy;
        const float health = health_view[j][l], seen_x = seen_dx * inv_si[l], seen_y = seen_dy * inv_si[l];
        const float mx = move_x[j][l], my = move_y[j][l], last = last_attack_view[j][l], cool = cooldown_view[j][l];
        const float seen_mx = kMirrored ? -mx : mx, seen_my = kMirrored ? -my : my;
        f[0][l] = vis ? health : 0.0f;
        f[1][l] = vis ? seen_x : 0.0f;
        f[2][l] = vis ? seen_y : 0.0f;
        f[3][l] = acts ? seen_mx : 0.0f;
        f[4][l] = acts ? seen_my : 0.0f;
        f[5][l] = acts ? last : 0.0f;
        f[6][l] = vis ? cool : 0.0f;
        seen[l] = vis;
      }
      one_hot_types(f + 7, seen, type_j);
      rows.write_full();
    }
    float* f[Game::kOwnFeatures];
    for (float*& column : f) column = rows.column();
    const float width = c.width, height = c.height;
#pragma omp simd
    for (int l = 0; l < W; ++l) {
      const bool me = alive[i][l] != 0;
      const float own_x = (kMirrored ? width - x[i][l] : x[i][l]) / width;
      const float own_y = (kMirrored ? height - y[i][l] : y[i][l]) / height;
      f[0][l] = me ? health_view[i][l] : 0.0f;
      f[1][l] = me ? own_x : 0.0f;
      f[2][l] = me ? own_y : 0.0f;
      f[3][l] = me ? cooldown_view[i][l] : 0.0f;
    }
    one_hot_types(f + 4, alive[i], type[i]);
    rows.flush();
  }

  /// rows[q][l] = 1 where shown[l] and types[l] == q, else 0: the one-hot type features.
  static void one_hot_types(float* const* rows, const int32_t* shown, const int32_t* types) {
    for (int q = 0; q < Game::kNumTypes; ++q) {
      float* row = rows[q];
#pragma omp simd
      for (int l = 0; l < W; ++l) row[l] = (shown[l] != 0) & (types[l] == q) ? 1.0f : 0.0f;
    }
  }

  /// Game::legal for agent i in every lane.
  void legal(const Config& c, int i, const uint8_t* active, uint8_t* mask) const {
    const int agents = Game::num_agents(c), width = Game::num_actions(c);
    const int targets = i < na ? n - na : na;
    alignas(64) uint8_t tile[Game::kFirstAttack + N][W];
    for (int k = 0; k < targets; ++k) {
      const int j = Game::attack_target(c, i, Game::kFirstAttack + k);
#pragma omp simd
      for (int l = 0; l < W; ++l) {
        const float dx = x[j][l] - x[i][l], dy = y[j][l] - y[i][l];
        tile[Game::kFirstAttack + k][l] = (alive[i][l] != 0) & (alive[j][l] != 0) & (Game::norm(dx, dy) < range[i][l]);
      }
    }
    for (int l = 0; l < W; ++l) {
      if (!active[l]) continue;
      uint8_t* row = mask + (static_cast<int64_t>(l) * agents + i) * width;
      for (int a = 0; a < Game::kMoveActions; ++a) row[a] = static_cast<uint8_t>(alive[i][l]);
      row[Game::kStop] = 1;
      for (int k = 0; k < targets; ++k) row[Game::kFirstAttack + k] = tile[Game::kFirstAttack + k][l];
      for (int a = Game::kFirstAttack + targets; a < width; ++a) row[a] = 0;
    }
  }

  /// Game::world_state in every lane.
  void world_state(const uint8_t* active, float* world) const {
    constexpr int F = Game::kStateFeatures;
    const int dim = (F + 2) * n;
    LaneRowWriter<W> rows(active, world, dim * static_cast<int64_t>(sizeof(float)));
    for (int j = 0; j < n; ++j) {
      float* f[F];
      for (float*& column : f) column = rows.column();
#pragma omp simd
      for (int l = 0; l < W; ++l) {
        const bool live = alive[j][l] != 0;
        f[0][l] = live ? health_view[j][l] : 0.0f;
        f[1][l] = live ? x[j][l] : 0.0f;
        f[2][l] = live ? y[j][l] : 0.0f;
        f[3][l] = live ? cooldown[j][l] : 0.0f;
      }
      one_hot_types(f + 4, alive[j], type[j]);
      rows.write_full();
    }
    for (int j = 0; j < n; ++j) {  // every unit's team
      float* team = rows.column();
      const float enemy = j < na ? 0.0f : 1.0f;
#pragma omp simd
      for (int l = 0; l < W; ++l) team[l] = enemy;
      rows.write_full();
    }
    for (int j = 0; j < n; ++j) {  // every unit's type index
      float* index = rows.column();
#pragma omp simd
      for (int l = 0; l < W; ++l) index[l] = static_cast<float>(type[j][l]);
      rows.write_full();
    }
    rows.flush();
  }
};

}  // namespace agora
