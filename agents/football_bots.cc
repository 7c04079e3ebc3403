#include "agents/football_bots.h"

#include <cmath>

namespace agora {
namespace football_bots {

int direction_action(float dx, float dy) {
  if (dx * dx + dy * dy < 1e-12f) return FootballGame::kIdle;
  // Directions 1..8 are 45 degrees apart, starting at "left" and turning through "top" (-y).
  const float angle = std::atan2(-dy, -dx);  // 0 at left, increasing towards top
  int sector = static_cast<int>(std::lround(angle / (3.14159265f / 4.0f)));
  sector = ((sector % 8) + 8) % 8;
  return 1 + sector;
}

namespace {

/// The action that moves `me` towards `want` sticky-wise: toggle sprint first when needed.
int steer(const FootballGame::Player& me, float dx, float dy, bool sprint) {
  if (sprint != (me.sprint != 0)) return sprint ? FootballGame::kSprint : FootballGame::kReleaseSprint;
  const int dir = direction_action(dx, dy);
  if (dir == FootballGame::kIdle) return me.sticky_dir ? FootballGame::kReleaseDirection : FootballGame::kIdle;
  return dir;
}

int run_and_shoot(const FootballGame::State& s, int p) {
  const FootballGame::Player& me = s.players[p];
  if (s.owner == p) {
    const float gx = 1.0f - me.x, gy = -me.y;
    if (std::sqrt(gx * gx + gy * gy) < 0.25f) return FootballGame::kShot;
    return steer(me, gx, gy, true);
  }
  return steer(me, s.ball[0] - me.x, s.ball[1] - me.y, true);
}

int builtin(const FootballGame::State& s, const FootballGame::Config& c, int p, Rng& rng) {
  const FootballGame::Intent it = FootballGame::ai_intent(s, c, p, rng);
  // An agent's kick goes where its sticky direction points: turn to the aim first.
  const int aim = direction_action(it.aim_x, it.aim_y);
  if (it.kick != FootballGame::kNoKick && it.kick != FootballGame::kKickSlide && aim != s.players[p].sticky_dir)
    return aim;
  switch (it.kick) {
    case FootballGame::kKickShort: return FootballGame::kShortPass;
    case FootballGame::kKickLong: return FootballGame::kLongPass;
    case FootballGame::kKickHigh: return FootballGame::kHighPass;
    case FootballGame::kKickShot: return FootballGame::kShot;
    case FootballGame::kKickSlide: return FootballGame::kSliding;
    default: return steer(s.players[p], it.dir_x, it.dir_y, it.sprint != 0);
  }
}

}  // namespace

int choose(Bot bot, const FootballGame::State& s, const FootballGame::Config& c, int agent, Rng& rng) {
  const int p = s.controlled[agent];
  return bot == Bot::kRunAndShoot ? run_and_shoot(s, p) : builtin(s, c, p, rng);
}

}  // namespace football_bots
}  // namespace agora
