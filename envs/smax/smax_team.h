#pragma once
// SmaxGameT::step by a team of lanes sharing one env, the units spread over the lanes
// (ThreadMapping::kWarp: lanes of a CUDA warp per env; the phases and their rule are in core/team.h).
// A thread per env walks every pair of units alone, 1,600 pairs a tick on 27m_vs_30m; here the
// lanes share them. Every value is computed by the same operations as in `step`, and what
// depends on order happens in step's order: the random draws, on the leader lane; each unit's
// damage and push-apart sums, added by its own lane in the order `step` adds them (so each pair
// is worked out twice, once by each of its units' lanes); the team rewards, on the leader.
// tests/envs/smax_team_test.cc checks it against `step` byte for byte on every map and mode.
#include "core/team.h"
#include "envs/smax/smax.h"

namespace agora {

/// A step's working copy of the units and what the lanes hand each other, one entry per unit;
/// in shared memory on a GPU.
template <int kCapacity>
struct SmaxGameT<kCapacity>::TeamScratch {
  float x[kCapacity], y[kCapacity], health[kCapacity], cooldown[kCapacity], before[kCapacity];
  float step_x[kCapacity], step_y[kCapacity], park_x[kCapacity], park_y[kCapacity], jitter[kCapacity];
  int32_t type[kCapacity], action[kCapacity], target[kCapacity], fires[kCapacity];
  HeuristicView view[kCapacity];
  int32_t pick[kCapacity], chase[kCapacity];  // the heuristic's draws
};

template <int kCapacity>
template <class Team>
AGORA_HD StepResult SmaxGameT<kCapacity>::step_team(const Team& team, State& s, const Config& c,
                                                    const int32_t* actions, float* rewards, Rng& rng, TeamScratch& m) {
  const int n = num_units(c), na = c.num_allies;
  const bool heuristic = c.opponent != kSelfPlay;
  // The actions: the agents', and the heuristic's for the enemies.
  team.for_each(n, [&](int i) {
    if (i < na || !heuristic) {
      m.action[i] = static_cast<int8_t>(actions[i]);
    } else {
      m.view[i] = heuristic_view(s, c, i);
    }
  });
  if (heuristic) {
    team.serial([&] {
      for (int i = na; i < n; ++i) heuristic_draw(m.view[i], c, rng, m.pick[i], m.chase[i]);
    });
    team.for_each(n, [&](int i) {
      if (i >= na) m.action[i] = static_cast<int8_t>(heuristic_decide(s, c, i, m.view[i], m.pick[i], m.chase[i]));
    });
  }
  // Sim::load.
  team.for_each(n, [&](int i) {
    const Unit& u = s.units[i];
    const UnitType& t = c.types[u.type];
    m.x[i] = u.x;
    m.y[i] = u.y;
    m.health[i] = m.before[i] = u.health;
    m.cooldown[i] = u.cooldown;
    m.type[i] = u.type;
    float vx, vy;
    move_vector(c, i, m.action[i], vx, vy);
    m.step_x[i] = vx * t.speed * c.dt;
    m.step_y[i] = vy * t.speed * c.dt;
    m.target[i] = m.action[i] >= kFirstAttack ? attack_target(c, i, m.action[i]) : -1;
  });
  const bool jitter_on = c.cooldown_jitter;
  const float dt = c.dt;
  for (int t = 0; t < c.ticks_per_step; ++t) {
    // Who fires, against the positions, life and cooldowns at the start of the tick.
    bool any_fire = false;
    team.for_each(n, [&](int i) {
      const int target = m.target[i];
      bool fires = false;
      if (target >= 0 && m.health[i] > 0.0f && m.cooldown[i] <= 0.0f) {
        fires = m.health[target] > 0.0f &&
                norm(m.x[target] - m.x[i], m.y[target] - m.y[i]) < c.types[m.type[i]].attack_range;
      }
      m.fires[i] = fires;
      m.jitter[i] = 0.0f;
      any_fire |= fires;
    });
    any_fire = team.any(any_fire);
    if (any_fire && jitter_on) {  // JaxMARL's U(-dt, 2 dt) deviation, drawn in unit order
      team.serial([&] {
        for (int i = 0; i < n; ++i)
          if (m.fires[i]) m.jitter[i] = rng.uniform() * (3 * dt) - dt;
      });
    }
    // Per unit: the cooldown, the damage taken (summed in shooter order), the move, the walls.
    team.for_each(n, [&](int i) {
      const UnitType& type = c.types[m.type[i]];
      m.cooldown[i] = m.fires[i] ? m.cooldown[i] + ((type.cooldown + m.jitter[i]) - m.cooldown[i]) : m.cooldown[i] + -dt;
      float taken = 0.0f;
      if (any_fire) {
        for (int k = 0; k < n; ++k)
          if (m.fires[k] && m.target[k] == i) taken += c.types[m.type[k]].damage;
      }
      if (m.health[i] > 0.0f) {
        m.x[i] = clamp(m.x[i] + m.step_x[i], c.width);
        m.y[i] = clamp(m.y[i] + m.step_y[i], c.height);
      }
      const float h = m.health[i] - taken;
      m.health[i] = h > 0.0f ? h : 0.0f;
      if (c.walls_cause_death && (m.x[i] <= 0.0f || m.y[i] <= 0.0f || m.x[i] >= c.width || m.y[i] >= c.height))
        m.health[i] = 0.0f;
    });
    // push_apart: each live unit adds up its own pushes in the order step's pair loop makes
    // them, its pairs (a, k) for a < k, then (k, b) for b > k. A unit nothing touches adds
    // exactly +0, and x + 0 == x (positions are never -0).
    team.for_each(n, [&](int i) {
      const bool live = m.health[i] > 0.0f;
      m.park_x[i] = live ? m.x[i] : 1e18f;
      m.park_y[i] = live ? m.y[i] : 1e18f;
    });
    team.for_each(n, [&](int k) {
      if (!(m.health[k] > 0.0f)) return;
      float acc_x = 0.0f, acc_y = 0.0f;
      for (int j = 0; j < n; ++j) {
        if (j == k || !(m.health[j] > 0.0f)) continue;
        const int a = j < k ? j : k, b = j < k ? k : j;
        const float dx = m.park_x[a] - m.park_x[b], dy = m.park_y[a] - m.park_y[b];
        const float reach = c.types[m.type[a]].radius + c.types[m.type[b]].radius;
        float ox, oy;
        if (!may_touch(dx, dy, reach) || !push_of(dx, dy, reach, ox, oy)) continue;
        if (k == a) {
          acc_x += ox;
          acc_y += oy;
        } else {
          acc_x -= ox;
          acc_y -= oy;
        }
      }
      m.x[k] += acc_x / 2;
      m.y[k] += acc_y / 2;
    });
  }
  // Sim::store and record_actions.
  team.for_each(n, [&](int i) {
    Unit& u = s.units[i];
    u.x = m.x[i];
    u.y = m.y[i];
    u.health = m.health[i];
    u.cooldown = m.cooldown[i];
    move_vector(c, i, m.action[i], u.move_x, u.move_y);
    u.last_action_attack = static_cast<int8_t>(m.action[i] >= kFirstAttack ? m.action[i] : 0);
  });
  StepResult r;
  team.serial([&] { r = finish_step(s, c, m.before, rewards); });
  return r;
}

}  // namespace agora
