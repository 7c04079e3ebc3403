#pragma once
// football/<scenario>: Google Research Football's interface (google-research/football @3d9e754:
// the 19-action default set, `simple115_v2` observations, scenarios, scoring and checkpoint
// rewards) over a simplified 2-D game that steps in microseconds instead of GRF's ~20 ms.
//
// Coordinates are GRF's: the pitch is x in [-1, 1], y in [-0.42, 0.42] (top is -y), goals at
// x = +-1 with |y| < 0.044; velocities are displacements per step; one step is 100 ms. The left
// team is Agora's: `agents` of its players are controlled by agents, the rest of both teams by
// the built-in AI, whose strength is GRF's difficulty knob (0.05 easy ... 0.95 hard).
// Scenario positions are GRF's `build_scenario` positions, each team's in its own frame (the
// right team's are mirrored, as in GRF). What the game simplifies: envs/football/README.md.
#include <cstdint>
#include <string>
#include <vector>

#include "core/config.h"
#include "core/env_spec.h"
#include "core/hd.h"
#include "core/philox.h"

namespace agora {

struct FootballGame {
  static constexpr int kTeamSize = 11;
  static constexpr int kPlayers = 2 * kTeamSize;
  static constexpr int kNumActions = 19;
  static constexpr int kObsDim = 115;
  static constexpr int kStateDim = kObsDim + 3;

  // GRF's default action set, in its order.
  enum Action : int32_t {
    kIdle = 0, kLeft, kTopLeft, kTop, kTopRight, kRight, kBottomRight, kBottom, kBottomLeft,
    kLongPass, kHighPass, kShortPass, kShot, kSprint, kReleaseDirection, kReleaseSprint, kSliding,
    kDribble, kReleaseDribble
  };
  // GRF's e_PlayerRole order.
  enum Role : int8_t { kGK = 0, kCB, kLB, kRB, kDM, kCM, kLM, kRM, kAM, kCF };
  // GRF's game_mode order (observation one-hot).
  enum Mode : int8_t { kNormal = 0, kKickOff, kGoalKick, kFreeKick, kCorner, kThrowIn, kPenalty };
  enum Kick : int8_t { kNoKick = 0, kKickShort, kKickLong, kKickHigh, kKickShot, kKickSlide };

  // Physics constants, in pitch units and steps (1 unit ~ 52.5 m, 1 step = 0.1 s).
  static constexpr float kPitchHalfLength = 1.0f, kPitchHalfWidth = 0.42f;
  static constexpr float kGoalHalfWidth = 0.044f, kGoalHeight = 0.045f;
  static constexpr float kRunSpeed = 0.0095f, kSprintSpeed = 0.0145f, kDribbleFactor = 0.85f;
  static constexpr float kAccel = 0.45f;            // share of the speed gap closed per step
  static constexpr float kControlRadius = 0.015f;   // a player reaches a ball this close
  static constexpr float kKeeperReach = 0.028f;     // a keeper in its box reaches further
  static constexpr float kGravity = 0.0019f;        // 9.81 m/s^2 in units per step^2
  static constexpr float kGroundFriction = 0.955f, kAirDrag = 0.995f;
  static constexpr float kTackleRadius = 0.012f, kSlideRadius = 0.028f;
  static constexpr int kKickCooldown = 4, kSlideSteps = 5, kSetPieceWait = 12;

  struct Config {
    int32_t scenario;          // index into scenario_names()
    int32_t num_players[2];    // per team
    float start_x[2][kTeamSize], start_y[2][kTeamSize];  // each team in its own frame
    int8_t role[2][kTeamSize];
    int8_t lazy[2][kTeamSize];  // GRF's "lazy" players stand still
    float ball_x, ball_y;
    int32_t agents;             // left players controlled by agents
    int32_t game_duration;
    float difficulty[2];        // built-in AI strength per team
    int32_t deterministic;
    int32_t end_on_score, end_on_out_of_play, end_on_possession_change;
    int32_t checkpoint_rewards;
    int32_t full_game;          // kick-off after goals (not academy)
    int32_t start_mode;         // the set piece an academy scenario starts with (kNormal: none)
  };

  struct Player {
    float x, y, vx, vy;
    float face_x, face_y;      // unit vector the player faces (kicks aim here by default)
    float stamina;             // 1 fresh .. 0 exhausted; sprinting drains it
    int8_t sticky_dir;         // 0 none, 1..8 GRF directions
    int8_t sprint, dribble;    // sticky flags
    int8_t kick_wait;          // steps before this player can touch the ball again
    int8_t slide_wait;         // steps left of a slide (no control)
    int8_t pad[3];
  };
  struct State {
    Player players[kPlayers];  // left team 0..10, right team 11..21
    float ball[3], ball_v[3];
    int32_t owner;             // player index, -1 when free
    int32_t last_touch_team;   // team that touched the ball last, -1 none
    int32_t last_owner_team;   // team that owned it last, -1 none
    int32_t mode, mode_team, mode_wait;  // game mode, team to restart, steps in the mode
    int32_t goals[2];
    int32_t step;
    int32_t controlled[kTeamSize];   // left player index of each agent
    int32_t checkpoints[kTeamSize];  // checkpoints collected per agent
    int32_t possession_steps[2], shots[2], passes[2];
    int32_t ended;                   // episode end by a scenario rule
  };

  /// A player's intention for one step: what the AI decides or an agent's action means.
  struct Intent {
    float dir_x, dir_y;  // desired running direction (unit or zero)
    float aim_x, aim_y;  // kick direction
    int8_t sprint, dribble, kick;
  };

  static Config load_config(ConfigReader& r);
  static EnvSpec spec(const Config& c);
  static std::string describe(const State& s, const Config& c, int agent);
  /// Why a state from outside (a replay) is not one of this game's, or nullptr (game_traits.h).
  static const char* check_state(const State& s, const Config& c);
  static std::vector<std::string> scenario_names();
  static std::vector<std::string> metric_names(const Config&) {
    return {"goals_for", "goals_against", "goal_difference", "win", "possession", "shots", "passes"};
  }

  // --- geometry -----------------------------------------------------------------------------
  AGORA_HD static int team_of(int p) { return p < kTeamSize ? 0 : 1; }
  AGORA_HD static int index_in_team(int p) { return p < kTeamSize ? p : p - kTeamSize; }
  AGORA_HD static bool exists(const Config& c, int p) { return index_in_team(p) < c.num_players[team_of(p)]; }
  AGORA_HD static float side(int team) { return team == 0 ? 1.0f : -1.0f; }  // team frame <-> world
  AGORA_HD static float clampf(float v, float lo, float hi) { return v < lo ? lo : (v > hi ? hi : v); }
  AGORA_HD static float len(float x, float y) { return sqrtf(x * x + y * y); }
  AGORA_HD static float dist2(float ax, float ay, float bx, float by) {
    return (ax - bx) * (ax - bx) + (ay - by) * (ay - by);
  }
  /// GRF direction actions 1..8 as vectors (top is -y).
  AGORA_HD static void direction_of(int d, float& x, float& y) {
    constexpr float k = 0.70710678f;
    const float dx[9] = {0, -1, -k, 0, k, 1, k, 0, -k};
    const float dy[9] = {0, 0, -k, -1, -k, 0, k, 1, k};
    x = dx[d];
    y = dy[d];
  }

  // --- reset --------------------------------------------------------------------------------
  AGORA_HD static void place_team(State& s, const Config& c, int team) {
    for (int i = 0; i < kTeamSize; ++i) {
      Player& p = s.players[team * kTeamSize + i];
      p = Player{};
      p.x = side(team) * c.start_x[team][i];
      p.y = side(team) * c.start_y[team][i];
      p.face_x = side(team);
      p.stamina = 1.0f;
      if (i >= c.num_players[team]) p.x = p.y = -2.0f;  // absent: off the pitch, never used
    }
  }

  AGORA_HD static void reset(State& s, const Config& c, Rng&) {
    place_team(s, c, 0);
    place_team(s, c, 1);
    for (int k = 0; k < 3; ++k) s.ball[k] = s.ball_v[k] = 0.0f;
    s.ball[0] = c.ball_x;
    s.ball[1] = c.ball_y;
    s.owner = -1;
    s.last_touch_team = s.last_owner_team = -1;
    s.mode = c.full_game ? kKickOff : kNormal;
    s.mode_team = 0;
    s.mode_wait = 0;
    s.goals[0] = s.goals[1] = 0;
    s.step = 0;
    s.possession_steps[0] = s.possession_steps[1] = s.shots[0] = s.shots[1] = s.passes[0] = s.passes[1] = 0;
    s.ended = 0;
    for (int k = 0; k < kTeamSize; ++k) s.checkpoints[k] = 0;
    if (c.full_game) start_set_piece(s, c, kKickOff, 0, 0.0f, 0.0f);
    if (c.start_mode != kNormal) start_set_piece(s, c, c.start_mode, 0, c.ball_x, c.ball_y);
    assign_controlled(s, c);
  }

  // --- who the agents control ---------------------------------------------------------------
  /// Where a free ball will be in a few steps (a pass is met by its receiver, not its kicker).
  AGORA_HD static void ball_ahead(const State& s, float& x, float& y) {
    const float k = s.owner < 0 ? 5.0f : 0.0f;
    x = s.ball[0] + k * s.ball_v[0];
    y = s.ball[1] + k * s.ball_v[1];
  }

  /// GRF's designated players: with fewer agents than outfield players, agent k controls the
  /// k-th left player by (has the ball, then distance to where the ball is going); the keeper
  /// only when the agents control the whole team.
  AGORA_HD static void assign_controlled(State& s, const Config& c) {
    const int n = c.num_players[0];
    if (c.agents >= n) {
      for (int k = 0; k < c.agents; ++k) s.controlled[k] = k;
      return;
    }
    float key[kTeamSize], px, py;
    ball_ahead(s, px, py);
    int order[kTeamSize], m = 0;
    for (int i = 0; i < n; ++i) {
      if (c.role[0][i] == kGK && n > 1) continue;
      key[m] = s.owner == i ? -1.0f : dist2(s.players[i].x, s.players[i].y, px, py);
      order[m++] = i;
    }
    for (int k = 0; k < c.agents; ++k) {  // partial selection sort: agents are few
      int best = k;
      for (int j = k + 1; j < m; ++j)
        if (key[j] < key[best]) best = j;
      const float tk = key[k]; key[k] = key[best]; key[best] = tk;
      const int to = order[k]; order[k] = order[best]; order[best] = to;
      s.controlled[k] = order[k];
    }
  }

  // --- set pieces ---------------------------------------------------------------------------
  /// Puts the ball at (x, y) and gives it to the restarting team's nearest player (its keeper
  /// for a goal kick); opponents step back to 0.09. A kick-off resets both teams' formations.
  AGORA_HD static void start_set_piece(State& s, const Config& c, int mode, int team, float x, float y) {
    if (mode == kKickOff) {
      place_team(s, c, 0);
      place_team(s, c, 1);
    }
    s.mode = mode;
    s.mode_team = team;
    s.mode_wait = 0;
    s.ball[0] = x; s.ball[1] = y; s.ball[2] = 0.0f;
    s.ball_v[0] = s.ball_v[1] = s.ball_v[2] = 0.0f;
    int taker = -1;
    float best = 1e9f;
    for (int i = 0; i < c.num_players[team]; ++i) {
      const int p = team * kTeamSize + i;
      const bool keeper = c.role[team][i] == kGK;
      if (mode == kGoalKick ? !keeper : (keeper && c.num_players[team] > 1)) continue;
      const float d = dist2(s.players[p].x, s.players[p].y, x, y);
      if (d < best) { best = d; taker = p; }
    }
    if (taker < 0) taker = team * kTeamSize;
    for (int p = 0; p < kPlayers; ++p) {
      Player& pl = s.players[p];
      pl.vx = pl.vy = 0.0f;
      pl.kick_wait = pl.slide_wait = 0;
      if (team_of(p) == team || !exists(c, p)) continue;
      const float dx = pl.x - x, dy = pl.y - y, d = len(dx, dy);
      if (d < 0.09f) {  // keep the distance; straight back towards own goal when on the spot
        const float ux = d > 1e-6f ? dx / d : -side(team_of(p)), uy = d > 1e-6f ? dy / d : 0.0f;
        pl.x = clampf(x + ux * 0.09f, -1.05f, 1.05f);
        pl.y = clampf(y + uy * 0.09f, -0.45f, 0.45f);
      }
    }
    Player& t = s.players[taker];
    t.x = x; t.y = y;
    t.face_x = x * side(team) > 0.5f ? 0.0f : side(team);  // corners and throw-ins face inwards
    t.face_y = x * side(team) > 0.5f ? (y > 0 ? -1.0f : 1.0f) : 0.0f;
    if (mode == kThrowIn) { t.face_x = 0.0f; t.face_y = y > 0 ? -1.0f : 1.0f; }
    s.owner = taker;
    s.last_touch_team = s.last_owner_team = team;
  }

  // --- the built-in AI ----------------------------------------------------------------------
  /// Picks the teammate a kick in direction (ax, ay) goes to: the best-placed one in a 60 degree
  /// cone, nearer for short passes, further for long ones; -1 when the cone is empty.
  AGORA_HD static int pass_receiver(const State& s, const Config& c, int p, float ax, float ay, int kick) {
    const int team = team_of(p);
    const Player& me = s.players[p];
    const float an = len(ax, ay);
    if (an < 1e-6f) return -1;
    int best = -1;
    float best_score = 1e9f;
    for (int i = 0; i < c.num_players[team]; ++i) {
      const int q = team * kTeamSize + i;
      if (q == p) continue;
      const float dx = s.players[q].x - me.x, dy = s.players[q].y - me.y, d = len(dx, dy);
      if (d < 0.02f) continue;
      const float cosang = (dx * ax + dy * ay) / (d * an);
      if (cosang < 0.5f) continue;
      const float ideal = kick == kKickShort ? 0.15f : 0.45f;
      const float score = fabsf(d - ideal) + 0.3f * (1.0f - cosang);
      if (score < best_score) { best_score = score; best = q; }
    }
    return best;
  }

  /// Distance from (x, y) to the nearest player of `team`.
  AGORA_HD static float nearest_of_team(const State& s, const Config& c, int team, float x, float y) {
    float best = 1e9f;
    for (int i = 0; i < c.num_players[team]; ++i) {
      const Player& q = s.players[team * kTeamSize + i];
      best = fminf(best, dist2(q.x, q.y, x, y));
    }
    return sqrtf(best);
  }

  /// Whether no player of `team` stands within 0.025 of the segment (ax, ay)-(bx, by).
  AGORA_HD static bool lane_open(const State& s, const Config& c, int team, float ax, float ay, float bx, float by) {
    const float ux = bx - ax, uy = by - ay, uu = fmaxf(ux * ux + uy * uy, 1e-9f);
    for (int i = 0; i < c.num_players[team]; ++i) {
      const Player& q = s.players[team * kTeamSize + i];
      const float t = clampf(((q.x - ax) * ux + (q.y - ay) * uy) / uu, 0.0f, 1.0f);
      if (dist2(q.x, q.y, ax + t * ux, ay + t * uy) < 0.025f * 0.025f) return false;
    }
    return true;
  }

  AGORA_HD static void set_dir(Intent& it, float dx, float dy, float deadzone) {
    const float d = len(dx, dy);
    if (d < deadzone) { it.dir_x = it.dir_y = 0.0f; return; }
    it.dir_x = dx / d;
    it.dir_y = dy / d;
  }

  /// GRF-like rule-based play for player p: the carrier shoots in range, passes under pressure,
  /// else dribbles at goal; the teammate nearest a loose or opposing ball chases it and slides
  /// at a carrier; the rest hold formation shifted with the ball; keepers guard the goal line.
  /// `difficulty` scales reactions (weaker AI hesitates) and how often it picks the right kick.
  AGORA_HD static Intent ai_intent(const State& s, const Config& c, int p, Rng& rng) {
    Intent it{};
    const int team = team_of(p), i = index_in_team(p);
    const float sd = side(team), d = c.difficulty[team];
    const Player& me = s.players[p];
    it.aim_x = me.face_x;
    it.aim_y = me.face_y;
    const bool keeper = c.role[team][i] == kGK;
    if (c.lazy[team][i] && !keeper) return it;
    // Everything in the team's frame: the team attacks +x.
    const float mx = sd * me.x, my = sd * me.y, bx = sd * s.ball[0], by = sd * s.ball[1];
    const int owner_team = s.owner >= 0 ? team_of(s.owner) : -1;
    const bool random = !c.deterministic;
    if (random && rng.uniform() > 0.55f + 0.45f * d) {  // hesitation: keep running, do nothing new
      set_dir(it, me.vx, me.vy, 1e-4f);
      return it;
    }
    if (s.owner == p) {
      const float gx = 1.0f - mx, gy = -my, gd = len(gx, gy);
      const float pressure = nearest_of_team(s, c, 1 - team, me.x, me.y);
      if (s.mode != kNormal && s.mode_wait < 2) return it;  // set pieces: a moment to look
      if (keeper || s.mode != kNormal) {
        // Keepers and set-piece takers: pass to the most advanced teammate they can see.
        int best = -1;
        float best_x = -2.0f;
        for (int k = 0; k < c.num_players[team]; ++k) {
          const int q = team * kTeamSize + k;
          if (q == p) continue;
          const float qx = sd * s.players[q].x;
          if (qx > best_x && nearest_of_team(s, c, 1 - team, s.players[q].x, s.players[q].y) > 0.04f) {
            best_x = qx;
            best = q;
          }
        }
        if (best >= 0) {
          it.aim_x = s.players[best].x - me.x;
          it.aim_y = s.players[best].y - me.y;
          it.kick = len(it.aim_x, it.aim_y) > 0.3f ? kKickLong : kKickShort;
          if (s.mode == kCorner) it.kick = kKickHigh;
        } else {
          it.aim_x = sd; it.aim_y = 0.0f; it.kick = kKickLong;
        }
        return it;
      }
      if (gd < 0.4f && fabsf(my) < 0.3f) {
        // Shoot at the side of the goal away from the keeper.
        const Player& gk = s.players[(1 - team) * kTeamSize];
        const float away = sd * gk.y > 0.0f ? -1.0f : 1.0f;
        it.kick = kKickShot;
        it.aim_x = sd;  // diagonal: 0.7 of the way to the post, the top-right/bottom-right action
        it.aim_y = sd * away;
        return it;
      }
      if (pressure < 0.07f && (!random || rng.uniform() < 0.3f + 0.6f * d)) {
        // Pass to the best placed teammate whose lane is open: forward and free of markers.
        int best = -1;
        float best_score = -1e9f;
        for (int k = 0; k < c.num_players[team]; ++k) {
          const int q = team * kTeamSize + k;
          if (q == p || c.role[team][k] == kGK) continue;
          const Player& mate = s.players[q];
          if (!lane_open(s, c, 1 - team, me.x, me.y, mate.x, mate.y)) continue;
          const float open = nearest_of_team(s, c, 1 - team, mate.x, mate.y);
          const float score = sd * (mate.x - me.x) + 1.5f * fminf(open, 0.12f);
          if (score > best_score) { best_score = score; best = q; }
        }
        // Pass when it gains something over keeping the ball, or when about to lose it.
        if (best >= 0 && (best_score > 1.5f * pressure + 0.05f || pressure < 0.02f)) {
          it.aim_x = s.players[best].x - me.x;
          it.aim_y = s.players[best].y - me.y;
          it.kick = len(it.aim_x, it.aim_y) > 0.3f ? kKickLong : kKickShort;
          return it;
        }
      }
      // Dribble at goal, veering away from an opponent closing in ahead.
      float dx = gx / fmaxf(gd, 1e-6f), dy = gy / fmaxf(gd, 1e-6f);
      const int opp = 1 - team;
      for (int k = 0; k < c.num_players[opp]; ++k) {
        const Player& o = s.players[opp * kTeamSize + k];
        const float ox = sd * (o.x - me.x), oy = sd * (o.y - me.y), od = len(ox, oy);
        if (od > 0.1f || ox * dx + oy * dy <= 0.0f) continue;
        const float side_sign = oy > 0.0f ? -1.0f : 1.0f;  // away from it, across the goal line
        dy += side_sign * (0.1f - od) * 12.0f;
      }
      set_dir(it, sd * dx, sd * dy, 0.0f);
      it.sprint = pressure > 0.035f;
      return it;
    }
    // Without the ball.
    const float chase_x = s.ball[0] + 2.0f * s.ball_v[0], chase_y = s.ball[1] + 2.0f * s.ball_v[1];
    if (keeper) {
      const float near_ball = len(bx + 1.0f, by);
      if (owner_team != team && near_ball < 0.18f && s.ball[2] < 0.03f) {
        set_dir(it, chase_x - me.x, chase_y - me.y, 0.002f);
        it.sprint = 1;
        return it;
      }
      const float tx = -0.98f + 0.04f * clampf(bx + 1.0f, 0.0f, 1.0f);
      const float ty = clampf(by * 0.15f, -0.035f, 0.035f);
      set_dir(it, sd * (tx - mx), sd * (ty - my), 0.004f);
      return it;
    }
    // The nearest outfield player of the team goes for a loose or opposing ball.
    if (owner_team != team) {
      int nearest = -1;
      float best = 1e9f, ax, ay;
      ball_ahead(s, ax, ay);
      for (int k = 0; k < c.num_players[team]; ++k) {
        const int q = team * kTeamSize + k;
        if (c.role[team][k] == kGK || c.lazy[team][k]) continue;
        const float dd = dist2(s.players[q].x, s.players[q].y, ax, ay);
        if (dd < best) { best = dd; nearest = q; }
      }
      if (nearest == p) {
        set_dir(it, chase_x - me.x, chase_y - me.y, 0.001f);
        it.sprint = 1;
        if (owner_team >= 0 && len(s.ball[0] - me.x, s.ball[1] - me.y) < kSlideRadius && random &&
            rng.uniform() < 0.08f * d) {
          it.kick = kKickSlide;
          it.aim_x = it.dir_x;
          it.aim_y = it.dir_y;
        }
        return it;
      }
    }
    // Formation: the kick-off position shifted with the ball, up when attacking, back when not.
    const float hx = c.start_x[team][i], hy = c.start_y[team][i];
    float tx, ty;
    const int8_t role = c.role[team][i];
    const bool forward = role == kCF || role == kLM || role == kRM || role == kAM;
    if (owner_team == team) {
      // Attack: spread wide and push up; forwards run beyond the ball (no offside here).
      tx = clampf(0.5f * hx + 0.5f * bx + (forward ? 0.35f : 0.2f), -0.9f, 0.9f);
      ty = clampf(1.3f * hy + 0.2f * by, -0.4f, 0.4f);
    } else {
      tx = clampf(0.6f * hx + 0.4f * (bx - 0.25f), -0.92f, 0.8f);
      ty = clampf(hy + 0.3f * (by - hy), -0.4f, 0.4f);
    }
    set_dir(it, sd * (tx - mx), sd * (ty - my), 0.01f);
    it.sprint = len(tx - mx, ty - my) > 0.15f;
    return it;
  }

  /// What agent action `a` means for controlled player p, updating its sticky actions.
  AGORA_HD static Intent agent_intent(State& s, int p, int a) {
    Player& me = s.players[p];
    Intent it{};
    if (a >= kLeft && a <= kBottomLeft) me.sticky_dir = static_cast<int8_t>(a);
    if (a == kReleaseDirection) me.sticky_dir = 0;
    if (a == kSprint) me.sprint = 1;
    if (a == kReleaseSprint) me.sprint = 0;
    if (a == kDribble) me.dribble = 1;
    if (a == kReleaseDribble) me.dribble = 0;
    direction_of(me.sticky_dir, it.dir_x, it.dir_y);
    it.sprint = me.sprint;
    it.dribble = me.dribble;
    it.aim_x = me.sticky_dir ? it.dir_x : me.face_x;
    it.aim_y = me.sticky_dir ? it.dir_y : me.face_y;
    it.kick = a == kShortPass ? kKickShort : a == kLongPass ? kKickLong : a == kHighPass ? kKickHigh
              : a == kShot ? kKickShot : a == kSliding ? kKickSlide : kNoKick;
    return it;
  }

  // --- kicks --------------------------------------------------------------------------------
  /// The carrier p kicks: a pass to the receiver chosen in the aim cone (or along the aim when
  /// none), or a shot at the goal it attacks, aimed off-centre by the aim's y; GRF's stochastic
  /// scenarios add an error growing with distance (none in deterministic mode).
  AGORA_HD static void kick_ball(State& s, const Config& c, int p, const Intent& it, Rng& rng) {
    Player& me = s.players[p];
    const int team = team_of(p);
    const float sd = side(team);
    const bool random = !c.deterministic;
    float tx, ty, vz = 0.0f, speed;
    if (it.kick == kKickShot) {
      tx = sd * 1.02f;
      const float ay = len(it.aim_x, it.aim_y) > 1e-6f ? it.aim_y / len(it.aim_x, it.aim_y) : 0.0f;
      ty = 0.032f * ay;
      const float d = len(tx - me.x, ty - me.y);
      if (random) {
        ty += (0.006f + 0.05f * d) * rng.normal();
        vz = fmaxf(0.0f, 0.002f + 0.004f * d * rng.uniform());
      }
      speed = 0.055f;
      ++s.shots[team];
    } else {
      const int r = pass_receiver(s, c, p, it.aim_x, it.aim_y, it.kick);
      if (r >= 0) {
        // To the receiver's feet: it is the receiver's job to meet the ball (GRF's passes lead
        // little, and a lead on the current velocity misses a receiver who stops).
        tx = s.players[r].x;
        ty = s.players[r].y;
      } else {
        const float an = fmaxf(len(it.aim_x, it.aim_y), 1e-6f);
        const float reach = it.kick == kKickShort ? 0.15f : 0.4f;
        tx = me.x + it.aim_x / an * reach;
        ty = me.y + it.aim_y / an * reach;
      }
      const float d = len(tx - me.x, ty - me.y);
      if (random) {
        const float err = (it.kick == kKickShort ? 0.01f : 0.03f) * d;
        tx += err * rng.normal();
        ty += err * rng.normal();
      }
      if (it.kick == kKickShort) {
        // A ground pass that rolls to the target and arrives with 0.012 per step of pace left.
        speed = clampf(d * (1.0f - kGroundFriction) + 0.012f, 0.015f, 0.045f);
      } else {
        // Lofted: horizontal speed v covers d in t = d / v; vz = g t / 2 lands it there.
        speed = it.kick == kKickLong ? 0.04f : 0.03f;
        vz = kGravity * (d / speed) * 0.5f;
      }
      ++s.passes[team];
    }
    // From where the ball is (at the kicker's feet, a little ahead of its centre).
    const float dx = tx - s.ball[0], dy = ty - s.ball[1], d = fmaxf(len(dx, dy), 1e-6f);
    s.ball_v[0] = dx / d * speed;
    s.ball_v[1] = dy / d * speed;
    s.ball_v[2] = vz;
    s.owner = -1;
    s.last_touch_team = team;
    me.kick_wait = kKickCooldown;
    me.face_x = dx / d;
    me.face_y = dy / d;
    if (s.mode != kNormal) s.mode = kNormal;
  }

  /// A sliding tackle: the slider is committed for a few steps; a carrier within reach in front
  /// loses the ball (with probability 0.75 in stochastic scenarios); a miss gives a free kick.
  AGORA_HD static void slide(State& s, const Config& c, int p, const Intent& it, Rng& rng) {
    Player& me = s.players[p];
    me.slide_wait = kSlideSteps;
    const float an = fmaxf(len(it.aim_x, it.aim_y), 1e-6f);
    me.face_x = it.aim_x / an;
    me.face_y = it.aim_y / an;
    me.vx = me.face_x * kSprintSpeed * 1.2f;
    me.vy = me.face_y * kSprintSpeed * 1.2f;
    if (s.owner < 0 || team_of(s.owner) == team_of(p)) return;
    const Player& o = s.players[s.owner];
    const float dx = o.x - me.x, dy = o.y - me.y, d = len(dx, dy);
    if (d > kSlideRadius || dx * me.face_x + dy * me.face_y < 0.0f) return;
    if (c.deterministic || rng.uniform() < 0.75f) {
      s.players[s.owner].kick_wait = kKickCooldown;  // the robbed carrier is knocked off balance
      s.owner = -1;
      s.ball_v[0] = me.face_x * 0.02f;
      s.ball_v[1] = me.face_y * 0.02f;
      s.last_touch_team = team_of(p);
    } else if (s.mode == kNormal) {
      start_set_piece(s, c, kFreeKick, 1 - team_of(p), o.x, o.y);
    }
  }

  // --- one step -----------------------------------------------------------------------------
  AGORA_HD static void move_player(State& s, const Config& c, int p, const Intent& it, bool by_agent, bool frozen) {
    Player& me = s.players[p];
    if (me.kick_wait > 0) --me.kick_wait;
    if (me.slide_wait > 0) {
      --me.slide_wait;
      me.vx *= 0.7f;
      me.vy *= 0.7f;
    } else {
      float speed = it.sprint && me.stamina > 0.05f ? kSprintSpeed : kRunSpeed;
      if (s.owner == p && it.dribble) speed *= kDribbleFactor;
      speed *= 0.8f + 0.2f * me.stamina;
      const int team = team_of(p);
      if (!by_agent) speed *= 0.9f + 0.1f * c.difficulty[team];  // weaker AI is also slower
      const float tvx = frozen ? 0.0f : it.dir_x * speed, tvy = frozen ? 0.0f : it.dir_y * speed;
      me.vx += (tvx - me.vx) * kAccel;
      me.vy += (tvy - me.vy) * kAccel;
      if (it.sprint && (it.dir_x != 0.0f || it.dir_y != 0.0f)) me.stamina = fmaxf(0.0f, me.stamina - 0.004f);
      else me.stamina = fminf(1.0f, me.stamina + 0.0015f);
    }
    me.x = clampf(me.x + me.vx, -1.05f, 1.05f);
    me.y = clampf(me.y + me.vy, -0.45f, 0.45f);
    const float v = len(me.vx, me.vy);
    if (v > 1e-3f) { me.face_x = me.vx / v; me.face_y = me.vy / v; }
  }

  /// Moves a free ball: gravity and bounces in the air, friction on the ground, and the goal
  /// frame (posts and crossbar) as the only obstacle.
  AGORA_HD static void move_ball(State& s) {
    float* b = s.ball;
    float* v = s.ball_v;
    const float old_x = b[0];
    b[0] += v[0];
    b[1] += v[1];
    b[2] += v[2];
    if (b[2] > 0.0f || v[2] > 0.0f) v[2] -= kGravity;
    if (b[2] <= 0.0f) {
      b[2] = 0.0f;
      v[2] = v[2] < -0.004f ? -0.5f * v[2] : 0.0f;
      v[0] *= kGroundFriction;
      v[1] *= kGroundFriction;
    } else {
      v[0] *= kAirDrag;
      v[1] *= kAirDrag;
    }
    // Posts and crossbar: crossing a goal line within a ball's width of the frame bounces back.
    const float line = b[0] > 0 ? 1.0f : -1.0f;
    if ((old_x - line) * (b[0] - line) <= 0.0f && old_x != b[0]) {
      const float ay = fabsf(b[1]);
      const bool post = fabsf(ay - kGoalHalfWidth) < 0.003f && b[2] < kGoalHeight;
      const bool bar = ay < kGoalHalfWidth && fabsf(b[2] - kGoalHeight) < 0.003f;
      if (post || bar) {
        b[0] = old_x;
        v[0] = -0.6f * v[0];
      }
    }
    if (len(v[0], v[1]) < 1e-4f && b[2] == 0.0f) v[0] = v[1] = 0.0f;
  }

  /// Goals and balls out of play: returns the scoring team (or -1); restarts play in a full
  /// game and ends academy episodes as their scenario says.
  AGORA_HD static int referee(State& s, const Config& c) {
    const float x = s.ball[0], y = s.ball[1];
    const bool out_end = fabsf(x) > kPitchHalfLength, out_side = fabsf(y) > kPitchHalfWidth;
    if (!out_end && !out_side) return -1;
    int scorer = -1;
    const int end_team = x > 0 ? 1 : 0;  // the team defending that end
    if (out_end && fabsf(y) < kGoalHalfWidth && s.ball[2] < kGoalHeight) {
      scorer = 1 - end_team;
      ++s.goals[scorer];
      if (c.end_on_score) s.ended = 1;
      if (c.full_game) start_set_piece(s, c, kKickOff, end_team, 0.0f, 0.0f);
    } else {
      if (c.end_on_out_of_play) s.ended = 1;
      const int restart_team = s.last_touch_team < 0 ? 0 : 1 - s.last_touch_team;
      if (out_side) {
        start_set_piece(s, c, kThrowIn, restart_team, clampf(x, -0.99f, 0.99f), y > 0 ? kPitchHalfWidth : -kPitchHalfWidth);
      } else if (restart_team == end_team) {
        start_set_piece(s, c, kGoalKick, end_team, side(end_team) * -0.93f, 0.0f);
      } else {
        start_set_piece(s, c, kCorner, restart_team, x > 0 ? 0.99f : -0.99f, y > 0 ? 0.41f : -0.41f);
      }
    }
    s.owner = s.ended ? -1 : s.owner;
    return scorer;
  }

  /// Who holds the ball after the players moved: a free ball goes to the nearest player who can
  /// reach it (a fast one only sometimes: it may beat the touch); a carrier closed down by an
  /// opponent may be robbed (less often while dribbling).
  AGORA_HD static void possession(State& s, const Config& c, Rng& rng) {
    const bool random = !c.deterministic;
    if (s.owner < 0) {
      if (s.ball[2] > 0.025f) return;
      const float speed = len(s.ball_v[0], s.ball_v[1]);
      int best = -1;
      float best_d = 1e9f;
      for (int p = 0; p < kPlayers; ++p) {
        if (!exists(c, p)) continue;
        const Player& q = s.players[p];
        if (q.kick_wait > 0 || q.slide_wait > 0) continue;
        const int team = team_of(p);
        const bool keeper_in_box = c.role[team][index_in_team(p)] == kGK && side(team) * q.x < -0.7f &&
                                   fabsf(q.y) < 0.25f;
        const float reach = keeper_in_box ? kKeeperReach : kControlRadius;
        const float d = dist2(q.x, q.y, s.ball[0], s.ball[1]);
        if (d > reach * reach || d >= best_d) continue;
        // A fast ball may beat the touch; a keeper saves it more often the stronger its AI.
        if (random && speed > 0.03f && rng.uniform() > (keeper_in_box ? 0.5f + 0.4f * c.difficulty[team] : 0.6f)) continue;
        best_d = d;
        best = p;
      }
      if (best >= 0) {
        s.owner = best;
        s.last_touch_team = team_of(best);
        s.ball_v[0] = s.ball_v[1] = s.ball_v[2] = 0.0f;
      }
    } else if (s.mode == kNormal) {
      const Player& o = s.players[s.owner];
      const int team = team_of(s.owner), opp = 1 - team;
      for (int i = 0; i < c.num_players[opp]; ++i) {
        const int q = opp * kTeamSize + i;
        const Player& t = s.players[q];
        if (t.slide_wait > 0 || t.kick_wait > 0) continue;
        const float d = len(t.x - o.x, t.y - o.y);
        if (d > kTackleRadius) continue;
        const float p = (0.05f + 0.1f * c.difficulty[opp]) * (o.dribble ? 0.5f : 1.0f);
        if (random ? rng.uniform() < p : d < 0.5f * kTackleRadius) {
          s.owner = q;
          s.last_touch_team = opp;
          break;
        }
      }
    }
    if (s.owner >= 0) {
      const int team = team_of(s.owner);
      if (c.end_on_possession_change && s.last_owner_team >= 0 && s.last_owner_team != team) s.ended = 1;
      s.last_owner_team = team;
      ++s.possession_steps[team];
    }
  }

  /// GRF's checkpoint reward: +0.1 for each of 10 distance-to-goal thresholds (0.99 down to
  /// 0.19) the agent's player first reaches with the ball; a goal pays the ones left.
  AGORA_HD static float checkpoint_reward(State& s, int k, int scorer) {
    constexpr int kCheckpoints = 10;
    float r = 0.0f;
    if (scorer == 0) {
      r += 0.1f * static_cast<float>(kCheckpoints - s.checkpoints[k]);
      s.checkpoints[k] = kCheckpoints;
      return r;
    }
    if (s.owner != s.controlled[k]) return 0.0f;
    const float d = len(s.ball[0] - 1.0f, s.ball[1]);
    while (s.checkpoints[k] < kCheckpoints) {
      const float threshold = 0.99f - 0.8f / (kCheckpoints - 1) * static_cast<float>(s.checkpoints[k]);
      if (d > threshold) break;
      r += 0.1f;
      ++s.checkpoints[k];
    }
    return r;
  }

  AGORA_HD static StepResult step(State& s, const Config& c, const int32_t* actions, float* rewards, Rng& rng) {
    Intent intents[kPlayers];
    bool by_agent[kPlayers] = {};
    for (int k = 0; k < c.agents; ++k) {
      intents[s.controlled[k]] = agent_intent(s, s.controlled[k], actions[k]);
      by_agent[s.controlled[k]] = true;
    }
    for (int p = 0; p < kPlayers; ++p)
      if (exists(c, p) && !by_agent[p]) intents[p] = ai_intent(s, c, p, rng);
    // Kicks and slides first (a carrier kicks before moving), then everybody moves.
    const int carrier = s.owner;
    if (carrier >= 0 && intents[carrier].kick >= kKickShort && intents[carrier].kick <= kKickShot)
      kick_ball(s, c, carrier, intents[carrier], rng);
    for (int p = 0; p < kPlayers; ++p)
      if (exists(c, p) && intents[p].kick == kKickSlide && s.players[p].slide_wait == 0 && s.owner != p)
        slide(s, c, p, intents[p], rng);
    if (s.mode != kNormal && s.owner >= 0 && ++s.mode_wait > kSetPieceWait) {
      // A taker who waits too long plays the AI's kick (GRF's referee also moves play on).
      Intent auto_kick = ai_intent(s, c, s.owner, rng);
      if (auto_kick.kick < kKickShort || auto_kick.kick > kKickShot) auto_kick.kick = kKickShort;
      kick_ball(s, c, s.owner, auto_kick, rng);
    }
    for (int p = 0; p < kPlayers; ++p)
      if (exists(c, p)) move_player(s, c, p, intents[p], by_agent[p], s.mode != kNormal && p == s.owner);
    if (s.owner >= 0) {
      const Player& o = s.players[s.owner];
      s.ball[0] = o.x + o.face_x * 0.008f;
      s.ball[1] = o.y + o.face_y * 0.008f;
      s.ball[2] = 0.0f;
      s.ball_v[0] = o.vx;
      s.ball_v[1] = o.vy;
      s.ball_v[2] = 0.0f;
    } else {
      move_ball(s);
    }
    const int scorer = referee(s, c);
    if (!s.ended && scorer < 0) possession(s, c, rng);
    ++s.step;
    const float goal_reward = scorer < 0 ? 0.0f : (scorer == 0 ? 1.0f : -1.0f);
    for (int k = 0; k < c.agents; ++k)
      rewards[k] = goal_reward + (c.checkpoint_rewards ? checkpoint_reward(s, k, scorer) : 0.0f);
    assign_controlled(s, c);
    StepResult r;
    r.terminated = s.ended != 0 || s.step >= c.game_duration;
    r.score = static_cast<float>(s.goals[0] - s.goals[1]);
    return r;
  }

  // --- observations -------------------------------------------------------------------------
  /// simple115_v2 for agent k (the left team's view: no mirroring needed); `active` marks the
  /// agent's player, or every controlled player when k < 0 (the world state).
  AGORA_HD static void simple115(const State& s, const Config& c, int k, float* o) {
    for (int team = 0; team < 2; ++team) {
      float* pos = o + team * 44;
      float* dir = pos + 22;
      for (int i = 0; i < kTeamSize; ++i) {
        const Player& p = s.players[team * kTeamSize + i];
        const bool here = i < c.num_players[team];
        pos[2 * i] = here ? p.x : -1.0f;
        pos[2 * i + 1] = here ? p.y : -1.0f;
        dir[2 * i] = here ? p.vx : -1.0f;
        dir[2 * i + 1] = here ? p.vy : -1.0f;
      }
    }
    for (int j = 0; j < 3; ++j) {
      o[88 + j] = s.ball[j];
      o[91 + j] = s.ball_v[j];
    }
    const int owner_team = s.owner < 0 ? -1 : team_of(s.owner);
    o[94] = owner_team == -1 ? 1.0f : 0.0f;
    o[95] = owner_team == 0 ? 1.0f : 0.0f;
    o[96] = owner_team == 1 ? 1.0f : 0.0f;
    for (int i = 0; i < kTeamSize; ++i) o[97 + i] = 0.0f;
    if (k >= 0) {
      o[97 + s.controlled[k]] = 1.0f;
    } else {
      for (int a = 0; a < c.agents; ++a) o[97 + s.controlled[a]] = 1.0f;
    }
    for (int m = 0; m < 7; ++m) o[108 + m] = s.mode == m ? 1.0f : 0.0f;
  }

  AGORA_HD static void observe(const State& s, const Config& c, int agent, float* obs) { simple115(s, c, agent, obs); }

  AGORA_HD static void legal(const State&, const Config&, int, uint8_t* mask) {
    for (int a = 0; a < kNumActions; ++a) mask[a] = 1;  // GRF: every action is always allowed
  }

  /// simple115 with every controlled player marked, then the score and the time left.
  AGORA_HD static void world_state(const State& s, const Config& c, float* out) {
    simple115(s, c, -1, out);
    out[kObsDim] = static_cast<float>(s.goals[0]);
    out[kObsDim + 1] = static_cast<float>(s.goals[1]);
    out[kObsDim + 2] = static_cast<float>(c.game_duration - s.step) / static_cast<float>(c.game_duration);
  }

  AGORA_HD static void metrics(const State& s, const Config&, float* out) {
    const float total = static_cast<float>(s.possession_steps[0] + s.possession_steps[1]);
    out[0] = static_cast<float>(s.goals[0]);
    out[1] = static_cast<float>(s.goals[1]);
    out[2] = static_cast<float>(s.goals[0] - s.goals[1]);
    out[3] = s.goals[0] > s.goals[1] ? 1.0f : 0.0f;
    out[4] = total > 0.0f ? static_cast<float>(s.possession_steps[0]) / total : 0.0f;
    out[5] = static_cast<float>(s.shots[0]);
    out[6] = static_cast<float>(s.passes[0]);
  }
};

}  // namespace agora
