// Football (GRF-style) rules, layouts and symmetry; the one-sided homing game's dynamics and
// Bayes belief.
#include <gtest/gtest.h>

#include <cmath>

#include "core/batched_env.h"
#include "core/error.h"
#include "core/registry.h"
#include "envs/football/football.h"
#include "envs/football/one_sided.h"
#include "envs/football/one_sided_22.h"

namespace agora {
namespace {

using FG = FootballGame;

FG::Config config(const std::string& scenario, Json extra = Json::object()) {
  extra["scenario"] = scenario;
  extra["deterministic"] = true;
  return load_game_config<FG>("football", extra);
}

FG::State start(const FG::Config& c) {
  FG::State s;
  Rng rng(1, 0);
  FG::reset(s, c, rng);
  return s;
}

/// Gives the ball to player p standing at (x, y), facing +x, at rest.
void give_ball(FG::State& s, int p, float x, float y) {
  FG::Player& pl = s.players[p];
  pl.x = x;
  pl.y = y;
  pl.vx = pl.vy = 0.0f;
  pl.face_x = 1.0f;
  pl.face_y = 0.0f;
  s.owner = p;
  s.last_owner_team = s.last_touch_team = FG::team_of(p);
  s.ball[0] = x + 0.008f;
  s.ball[1] = y;
  s.ball[2] = 0.0f;
  s.ball_v[0] = s.ball_v[1] = s.ball_v[2] = 0.0f;
}

/// Steps with `agent` playing `script` and then idling (other agents idle throughout), until the episode ends or `steps`.
struct Outcome {
  float reward = 0.0f;
  int steps = 0;
  bool ended = false;
};
Outcome play(FG::State& s, const FG::Config& c, std::vector<int> script, int steps, int agent = 0) {
  Rng rng(7, 0);
  Outcome out;
  float rewards[FG::kTeamSize];
  int32_t a[FG::kTeamSize] = {};  // agents other than 0 idle
  for (int t = 0; t < steps && !out.ended; ++t) {
    a[agent] = t < static_cast<int>(script.size()) ? script[static_cast<size_t>(t)] : FG::kIdle;
    const StepResult r = FG::step(s, c, a, rewards, rng);
    out.reward += rewards[0];
    out.steps = t + 1;
    out.ended = r.terminated;
  }
  return out;
}

TEST(Football, EveryScenarioHasGrfSizes) {
  const char* names[] = {"11_vs_11_easy_stochastic", "11_vs_11_hard_stochastic", "academy_empty_goal_close",
                         "academy_empty_goal", "academy_run_to_score", "academy_run_to_score_with_keeper",
                         "academy_pass_and_shoot_with_keeper", "academy_run_pass_and_shoot_with_keeper",
                         "academy_3_vs_1_with_keeper", "academy_corner", "academy_counterattack_easy",
                         "academy_counterattack_hard", "academy_single_goal_versus_lazy"};
  for (const char* name : names) {
    const EnvSpec s = env_spec(std::string("football/") + name);
    EXPECT_EQ(s.num_actions, 19) << name;
    EXPECT_EQ(s.obs_dim, 115) << name;
    EXPECT_EQ(s.num_agents, 1) << name;
    const bool full = std::string(name).find("11_vs_11") == 0 || std::string(name).find("lazy") != std::string::npos;
    EXPECT_EQ(s.max_steps, full ? 3000 : 400) << name;
  }
  EXPECT_EQ(env_spec("football/academy_3_vs_1_with_keeper", {{"agents", 3}}).num_agents, 3);
}

TEST(Football, BadConfigsNameTheKey) {
  try {
    env_spec("football/academy_3_vs_1_with_keeper", {{"agents", 5}});
    FAIL() << "5 agents accepted for a 4-player team";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("agents"), std::string::npos) << e.what();
  }
  EXPECT_THROW(env_spec("football/academy_corner", {{"rewards", "checkpoints"}}), Error);
  EXPECT_THROW(env_spec("football/academy_corner", {{"offside", true}}), Error);
}

TEST(Football, Simple115LayoutPadsAbsentPlayersAndMarksTheActivePlayer) {
  const FG::Config c = config("academy_3_vs_1_with_keeper");
  FG::State s = start(c);
  float o[FG::kObsDim];
  FG::observe(s, c, 0, o);
  // Left team (x, y) x 11: the keeper at (-1, 0), the first CM at (0.6, 0); players 4..10 absent.
  EXPECT_FLOAT_EQ(o[0], -1.0f);
  EXPECT_FLOAT_EQ(o[2], 0.6f);
  EXPECT_FLOAT_EQ(o[4], 0.7f);
  EXPECT_FLOAT_EQ(o[5], 0.2f);
  for (int i = 8; i < 22; ++i) EXPECT_EQ(o[i], -1.0f) << i;
  for (int i = 22 + 8; i < 44; ++i) EXPECT_EQ(o[i], -1.0f) << i;
  // Right team, mirrored into the world frame: keeper at (1, 0), CB at (0.75, 0).
  EXPECT_FLOAT_EQ(o[44], 1.0f);
  EXPECT_FLOAT_EQ(o[46], 0.75f);
  EXPECT_EQ(o[48], -1.0f);
  // Ball at (0.62, 0, 0), not owned; the active player is the one nearest the ball (player 1).
  EXPECT_FLOAT_EQ(o[88], 0.62f);
  EXPECT_EQ(o[94], 1.0f);
  EXPECT_EQ(o[95] + o[96], 0.0f);
  for (int i = 0; i < 11; ++i) EXPECT_EQ(o[97 + i], i == 1 ? 1.0f : 0.0f) << i;
  EXPECT_EQ(o[108], 1.0f);  // normal play
  // After the first step player 1 has the ball: owner one-hot says left.
  play(s, c, {FG::kRight, FG::kRight}, 2);
  FG::observe(s, c, 0, o);
  EXPECT_EQ(s.owner, 1);
  EXPECT_EQ(o[95], 1.0f);
}

TEST(Football, ShotFromThePenaltySpotAtAnEmptyGoalScores) {
  const FG::Config c = config("academy_empty_goal_close");
  FG::State s = start(c);
  give_ball(s, 1, 1.0f - 11.0f / 52.5f, 0.0f);  // 11 m out
  const Outcome o = play(s, c, {FG::kShot}, 30);
  EXPECT_TRUE(o.ended);
  EXPECT_EQ(s.goals[0], 1);
  EXPECT_FLOAT_EQ(o.reward, 1.0f);
  EXPECT_LT(o.steps, 10);
}

TEST(Football, ShotOffTargetGoesOutAndEndsTheAcademyEpisode) {
  const FG::Config c = config("academy_empty_goal_close");
  FG::State s = start(c);
  give_ball(s, 1, 0.5f, 0.3f);
  s.players[1].face_x = 0.0f;
  s.players[1].face_y = 1.0f;
  // A short pass towards the bottom touchline with no teammate there rolls out of play.
  const Outcome o = play(s, c, {FG::kBottom, FG::kShortPass, FG::kReleaseDirection}, 60);
  EXPECT_TRUE(o.ended);
  EXPECT_EQ(s.goals[0], 0);
  EXPECT_FLOAT_EQ(o.reward, 0.0f);
}

TEST(Football, PassesReachTheTeammateInTheAimedDirection) {
  for (const int direction : {static_cast<int>(FG::kTopRight), static_cast<int>(FG::kBottomRight)}) {
    // The agents play the whole team, so the receivers wait where they stand.
    const FG::Config c = config("academy_3_vs_1_with_keeper", {{"agents", 4}});
    FG::State s = start(c);
    give_ball(s, 1, 0.2f, 0.0f);
    s.players[2].x = s.players[3].x = 0.35f;
    s.players[2].y = -0.15f;  // top right
    s.players[3].y = 0.15f;   // bottom right
    s.players[12].x = -0.5f;  // the defender far away
    const int target = direction == FG::kTopRight ? 2 : 3;
    play(s, c, {direction, FG::kShortPass}, 2, /*agent=*/1);  // agent k plays player k
    EXPECT_EQ(s.owner, -1) << "the ball left the passer";
    int receiver = -1;
    for (int t = 0; t < 40 && receiver < 0; ++t) {
      play(s, c, {FG::kIdle}, 1);
      receiver = s.owner;
    }
    EXPECT_EQ(receiver, target) << "direction " << direction;
    EXPECT_EQ(s.passes[0], 1);
  }
}

TEST(Football, SlidingTackleKnocksTheBallAway) {
  const FG::Config c = config("academy_3_vs_1_with_keeper");
  FG::State s = start(c);
  give_ball(s, 12, 0.3f, 0.0f);  // the right team's defender has the ball
  s.players[1].x = 0.28f;
  s.players[1].y = 0.0f;
  FG::assign_controlled(s, c);
  ASSERT_EQ(s.controlled[0], 1);
  play(s, c, {FG::kSliding}, 1);
  EXPECT_EQ(s.owner, -1) << "the carrier lost the ball";
  EXPECT_GT(s.ball_v[0], 0.01f) << "poked away in the slide's direction";
  EXPECT_EQ(s.last_touch_team, 0);
  EXPECT_EQ(s.players[1].slide_wait, FG::kSlideSteps - 1);
  // Sliding from behind the carrier misses.
  FG::State t = start(c);
  give_ball(t, 12, 0.3f, 0.0f);
  t.players[1].x = 0.32f;
  t.players[1].y = 0.0f;
  t.players[1].face_x = 1.0f;
  FG::assign_controlled(t, c);
  play(t, c, {FG::kSliding}, 1);
  EXPECT_NE(t.owner, 1);
  EXPECT_EQ(t.last_touch_team, 1);
}

TEST(Football, StandingTackleChangesPossessionAndEndsTheAcademyEpisode) {
  const FG::Config c = config("academy_3_vs_1_with_keeper");
  FG::State s = start(c);
  give_ball(s, 12, 0.3f, 0.0f);
  s.players[1].x = 0.297f;  // in the carrier's path
  s.players[1].y = 0.0f;
  FG::assign_controlled(s, c);
  const Outcome o = play(s, c, {FG::kIdle}, 1);
  EXPECT_EQ(s.owner, 1);
  EXPECT_TRUE(o.ended);
}

TEST(Football, StickyActionsPersistUntilReleased) {
  const FG::Config c = config("academy_empty_goal");
  FG::State s = start(c);
  play(s, c, {FG::kRight, FG::kSprint, FG::kIdle, FG::kIdle}, 4);
  const FG::Player& p = s.players[1];
  EXPECT_EQ(p.sticky_dir, FG::kRight);
  EXPECT_EQ(p.sprint, 1);
  EXPECT_GT(p.vx, FG::kRunSpeed) << "sprinting";
  play(s, c, {FG::kReleaseDirection, FG::kReleaseSprint, FG::kIdle, FG::kIdle, FG::kIdle, FG::kIdle, FG::kIdle,
              FG::kIdle, FG::kIdle, FG::kIdle},
       10);
  EXPECT_EQ(p.sticky_dir, 0);
  EXPECT_EQ(p.sprint, 0);
  EXPECT_LT(std::fabs(p.vx), 1e-3f) << "stopped after releasing the direction";
}

TEST(Football, CheckpointRewardsPayTenthsOnTheWayAndTheRestOnAGoal) {
  const FG::Config c = config("academy_empty_goal", {{"rewards", "scoring,checkpoints"}});
  FG::State s = start(c);
  // Run at the goal with the ball: checkpoints at distances 0.99, 0.90, ... 0.19 to (1, 0).
  const Outcome run = play(s, c, {FG::kRight}, 45);
  const float d = std::hypot(s.ball[0] - 1.0f, s.ball[1]);
  const int expected = static_cast<int>(std::floor((0.99f - d) / (0.8f / 9.0f))) + 1;
  ASSERT_EQ(s.owner, 1);
  EXPECT_EQ(s.checkpoints[0], expected);
  EXPECT_NEAR(run.reward, 0.1f * expected, 1e-5f);
  const Outcome shot = play(s, c, {FG::kShot}, 30);
  EXPECT_EQ(s.goals[0], 1);
  EXPECT_NEAR(run.reward + shot.reward, 2.0f, 1e-5f) << "a goal pays 1 plus the checkpoints left";
}

TEST(Football, BallOverTheTouchlineIsAThrowInForTheOtherTeamInAFullGame) {
  const FG::Config c = config("11_vs_11_easy_stochastic");
  FG::State s = start(c);
  EXPECT_EQ(s.mode, FG::kKickOff);
  s.mode = FG::kNormal;
  give_ball(s, 7, 0.1f, 0.41f);
  s.owner = -1;
  s.ball_v[1] = 0.02f;  // rolling out at the bottom
  s.last_touch_team = 0;
  Rng rng(1, 0);
  FG::move_ball(s);
  FG::referee(s, c);
  EXPECT_EQ(s.mode, FG::kThrowIn);
  EXPECT_EQ(s.mode_team, 1);
  ASSERT_GE(s.owner, FG::kTeamSize);
  EXPECT_FLOAT_EQ(s.ball[1], FG::kPitchHalfWidth);
  EXPECT_FALSE(s.ended);
}

TEST(Football, GoalInAFullGameRestartsWithTheConcedersKickOff) {
  const FG::Config c = config("11_vs_11_easy_stochastic");
  FG::State s = start(c);
  s.mode = FG::kNormal;
  s.owner = -1;
  s.ball[0] = 0.99f;
  s.ball[1] = 0.0f;
  s.ball_v[0] = 0.03f;
  s.last_touch_team = 0;
  FG::move_ball(s);
  EXPECT_EQ(FG::referee(s, c), 0);
  EXPECT_EQ(s.goals[0], 1);
  EXPECT_EQ(s.mode, FG::kKickOff);
  EXPECT_EQ(s.mode_team, 1);
  EXPECT_FLOAT_EQ(s.ball[0], 0.0f);
  EXPECT_GE(s.owner, FG::kTeamSize);
}

/// The same game seen from the other end: teams swapped, every position and velocity negated.
FG::State mirror(const FG::State& s) {
  FG::State m = s;
  for (int p = 0; p < FG::kPlayers; ++p) {
    FG::Player q = s.players[(p + FG::kTeamSize) % FG::kPlayers];
    q.x = -q.x; q.y = -q.y; q.vx = -q.vx; q.vy = -q.vy; q.face_x = -q.face_x; q.face_y = -q.face_y;
    m.players[p] = q;
  }
  for (int k = 0; k < 2; ++k) {
    m.ball[k] = -s.ball[k];
    m.ball_v[k] = -s.ball_v[k];
  }
  m.owner = s.owner < 0 ? -1 : (s.owner + FG::kTeamSize) % FG::kPlayers;
  auto swap_team = [](int t) { return t < 0 ? t : 1 - t; };
  m.last_touch_team = swap_team(s.last_touch_team);
  m.last_owner_team = swap_team(s.last_owner_team);
  m.mode_team = swap_team(s.mode_team);
  m.goals[0] = s.goals[1];
  m.goals[1] = s.goals[0];
  return m;
}

TEST(Football, MirroredStatesGiveMirroredOutcomes) {
  // Both teams in the same formation and of the same strength, all 22 players played by the
  // deterministic built-in AI: a state and its mirror image must evolve as mirror images.
  FG::Config c = config("11_vs_11_hard_stochastic", {{"right_team_difficulty", 1.0}});
  for (int i = 0; i < FG::kTeamSize; ++i) {
    c.start_x[1][i] = c.start_x[0][i];
    c.start_y[1][i] = c.start_y[0][i];
  }
  c.agents = 0;
  FG::State s = start(c);
  s.mode = FG::kNormal;
  give_ball(s, 8, -0.2f, 0.05f);
  FG::State m = mirror(s);
  Rng rng(1, 0);
  float r[1];
  int goals = 0, owner_changes = 0, last_owner = s.owner;
  for (int t = 0; t < 400; ++t) {
    FG::step(s, c, nullptr, r, rng);
    FG::step(m, c, nullptr, r, rng);
    const FG::State back = mirror(m);
    ASSERT_EQ(back.owner, s.owner) << "step " << t;
    ASSERT_EQ(back.goals[0], s.goals[0]) << "step " << t;
    ASSERT_EQ(back.goals[1], s.goals[1]) << "step " << t;
    ASSERT_EQ(back.mode, s.mode) << "step " << t;
    for (int p = 0; p < FG::kPlayers; ++p) {
      ASSERT_NEAR(back.players[p].x, s.players[p].x, 1e-5f) << "step " << t << " player " << p;
      ASSERT_NEAR(back.players[p].y, s.players[p].y, 1e-5f) << "step " << t << " player " << p;
    }
    ASSERT_NEAR(back.ball[0], s.ball[0], 1e-5f) << "step " << t;
    goals = s.goals[0] + s.goals[1];
    if (s.owner >= 0 && s.owner != last_owner) ++owner_changes;
    if (s.owner >= 0) last_owner = s.owner;
  }
  EXPECT_GT(owner_changes, 3) << "the ball moved between players: the check covered real play (goals " << goals << ")";
}

// --- the one-sided homing game ------------------------------------------------------------

using OS = OneSidedGame;

OS::Config homing(Json json = Json::object()) { return load_game_config<OS>("football/one_sided", json); }

int split_action(const OS::Config& c, int a, int b, std::vector<int> lambda_levels) {
  int action = a * OS::num_controls(c) + b;
  for (int level : lambda_levels) action = action * c.split_levels + level;
  return action;
}

TEST(OneSided, SizesAndActionEncoding) {
  const OS::Config c = homing();
  const EnvSpec s = env_spec("football/one_sided");
  EXPECT_EQ(s.num_agents, 2);
  EXPECT_EQ(s.obs_dim, OS::kObsDim);
  EXPECT_EQ(s.max_steps, 10);
  EXPECT_EQ(s.num_actions, 9 * 9 * 5 * 5);
  int a, b;
  float lambda[OS::kMaxTypes];
  OS::decode_split(c, split_action(c, 4, 7, {1, 3}), a, b, lambda);
  EXPECT_EQ(a, 4);
  EXPECT_EQ(b, 7);
  EXPECT_FLOAT_EQ(lambda[0], 0.25f);
  EXPECT_FLOAT_EQ(lambda[1], 0.75f);
  float ux, uy;
  OS::control(c, 0, ux, uy);
  EXPECT_EQ(ux, -12.0f);
  EXPECT_EQ(uy, -12.0f);
  OS::control(c, 5, ux, uy);  // grid (2, 1)
  EXPECT_EQ(ux, 12.0f);
  EXPECT_EQ(uy, 0.0f);
}

TEST(OneSided, BeliefFollowsBayesRule) {
  const OS::Config c = homing({{"prior", {0.3, 0.7}}});
  float belief[OS::kMaxTypes] = {0.3f, 0.7f};
  const float lambda[OS::kMaxTypes] = {0.75f, 0.25f};
  // Played a: p1' = 0.3 * 0.75 / (0.3 * 0.75 + 0.7 * 0.25) = 0.5625.
  OS::update_belief(belief, c, 1, 2, lambda, 1);
  EXPECT_NEAR(belief[0], 0.225f / 0.4f, 1e-6f);
  EXPECT_NEAR(belief[1], 0.175f / 0.4f, 1e-6f);
  // Then b: p1'' = 0.5625 * 0.25 / (0.5625 * 0.25 + 0.4375 * 0.75) = 0.3.
  OS::update_belief(belief, c, 1, 2, lambda, 2);
  EXPECT_NEAR(belief[0], 0.140625f / 0.46875f, 1e-6f);
  // A fully revealing split (type 1 always a, type 2 always b) settles the belief.
  const float reveal[OS::kMaxTypes] = {1.0f, 0.0f};
  OS::update_belief(belief, c, 3, 4, reveal, 4);
  EXPECT_EQ(belief[0], 0.0f);
  EXPECT_EQ(belief[1], 1.0f);
  // Identical prototypes reveal nothing.
  float same[OS::kMaxTypes] = {0.4f, 0.6f};
  OS::update_belief(same, c, 3, 3, lambda, 3);
  EXPECT_EQ(same[0], 0.4f);
}

TEST(OneSided, EpisodeIsDoubleIntegratorWithZeroSumCost) {
  const OS::Config c = homing({{"start_range", 0.0}});
  OS::State s;
  Rng rng(5, 0);
  OS::reset(s, c, rng);
  // The attacker always plays control 8 = (+12, +12) whatever its type; the defender 0.
  const int32_t actions[2] = {split_action(c, 8, 8, {4, 4}), 0};
  float r[2], total = 0.0f;
  StepResult res;
  for (int t = 0; t < 10; ++t) {
    res = OS::step(s, c, actions, r, rng);
    EXPECT_EQ(r[0], -r[1]);
    total += r[0];
    EXPECT_EQ(res.terminated, t == 9);
  }
  // x(T) = u T^2 / 2 = 12 * 1 / 2 = 6 after 10 steps of 0.1 (exact for piecewise constant u).
  EXPECT_NEAR(s.x[0][0], 6.0f, 1e-4f);
  EXPECT_NEAR(s.x[0][3], 12.0f, 1e-4f);
  EXPECT_NEAR(s.x[1][0], -6.0f, 1e-4f);
  EXPECT_NEAR(s.x[1][1], -6.0f, 1e-4f);
  const float gx = c.goal_x[s.type], gy = c.goal_y[s.type];
  const float terminal = (6 - gx) * (6 - gx) + (6 - gy) * (6 - gy) - ((-6 - gx) * (-6 - gx) + (-6 - gy) * (-6 - gy));
  const float running = 10 * 0.1f * (0.05f * 144 + 0.025f * 144 - (0.05f * 144 + 0.1f * 144));
  EXPECT_NEAR(-total, terminal + running, 1e-3f);
  EXPECT_NEAR(res.score, total, 1e-3f);
  EXPECT_NEAR(s.belief[0] + s.belief[1], 1.0f, 1e-6f);
  EXPECT_EQ(s.belief[0], 0.5f) << "a pooling split leaves the prior";
}

TEST(OneSided, OneTypeIsACompleteInformationGame) {
  const OS::Config c = homing({{"types", 1}});
  const EnvSpec s = env_spec("football/one_sided", {{"types", 1}});
  EXPECT_EQ(s.num_actions, 9) << "the attacker just picks a control";
  OS::State st;
  Rng rng(2, 0);
  OS::reset(st, c, rng);
  float o0[OS::kObsDim], o1[OS::kObsDim], r[2];
  for (int t = 0; t < 10; ++t) {
    const int32_t a[2] = {t % 9, (3 * t) % 9};
    OS::step(st, c, a, r, rng);
    EXPECT_EQ(st.belief[0], 1.0f);
    EXPECT_EQ(st.last_control[0], a[0]) << "no mixing with one type";
    OS::observe(st, c, 0, o0);
    OS::observe(st, c, 1, o1);
    // The defender knows everything the attacker knows: the only private datum is the type,
    // and with one type it is common knowledge.
    for (int k = 0; k < 13; ++k) EXPECT_EQ(o0[k], o1[k]);
    EXPECT_EQ(st.type, 0);
  }
  EXPECT_THROW(env_spec("football/one_sided", {{"types", 3}}), Error) << "three types need their goals";
  EXPECT_THROW(env_spec("football/one_sided", {{"prior", {0.2, 0.2}}}), Error);
}


// --- the 22-player American-football game ---------------------------------------------------

using O22 = OneSided22Game;

O22::Config american(Json json = Json::object()) { return load_game_config<O22>("football/one_sided_22", json); }

/// A pooling split that plays grid control `u` whatever the type.
int pooled(const O22::Config& c, int u) { return split_action(c.split, u, u, {0, 0}); }

TEST(OneSided22, SizesAndTheCamsLineUp) {
  const EnvSpec s = env_spec("football/one_sided_22");
  EXPECT_EQ(s.num_agents, 22);
  EXPECT_EQ(s.obs_dim, 88 + 1 + 2 + 2 + 22);
  EXPECT_EQ(s.state_dim, 88 + 1 + 2 + 2);
  EXPECT_EQ(s.num_actions, 2025);
  EXPECT_EQ(s.max_steps, 10);
  const O22::Config c = american();
  O22::State st;
  Rng rng(1, 0);
  O22::reset(st, c, rng);
  // MPC/game_jax.py: RB at (off_x - 0.4, 0), QB at (off_x - 0.2, 0), FS at (def_x + 0.45, -0.9).
  EXPECT_FLOAT_EQ(st.pos[0][O22::kRB][0], -1.6f);
  EXPECT_FLOAT_EQ(st.pos[0][O22::kQB][0], -1.4f);
  EXPECT_FLOAT_EQ(st.pos[1][9][0], -0.35f);
  EXPECT_FLOAT_EQ(st.pos[1][9][1], -0.9f);
  float o[O22::kObsDim];
  O22::observe(st, c, 3, o);
  EXPECT_FLOAT_EQ(o[2 * O22::kRB], -1.6f);        // offence positions first
  EXPECT_FLOAT_EQ(o[44 + 2 * 9 + 1], -0.9f);      // then defence positions (after 22 velocities)
  EXPECT_EQ(o[88 + 1 + 2 + st.type], 1.0f);       // an offence agent sees the play
  EXPECT_EQ(o[93 + 3], 1.0f);                     // and which player it is
  O22::observe(st, c, 14, o);
  EXPECT_EQ(o[88 + 1 + 2] + o[88 + 1 + 3], 0.0f);  // a defence agent does not
  EXPECT_EQ(o[93 + 14], 1.0f);
}

TEST(OneSided22, FreePlayersAreDoubleIntegratorsWithRoleCaps) {
  const O22::Config c = american();
  O22::State st;
  Rng rng(1, 0);
  O22::reset(st, c, rng);
  int32_t actions[22];
  for (int k = 0; k < 11; ++k) {
    actions[k] = pooled(c, 4);  // (0, 0)
    actions[11 + k] = 4;
  }
  actions[6] = pooled(c, 5);  // WR-L: (+cap, 0), cap 2.8
  float r[22];
  O22::step(st, c, actions, r, rng);
  // 4 semi-implicit Euler substeps of h = 0.0625: v = 4 a h, x = a h^2 (1 + 2 + 3 + 4).
  EXPECT_NEAR(st.vel[0][6][0], 2.8f * 0.25f, 1e-4f);
  EXPECT_NEAR(st.pos[0][6][0], -1.2f + 2.8f * 0.0625f * 0.0625f * 10.0f, 1e-4f);
  EXPECT_NEAR(st.pos[0][2][0], -1.2f, 1e-6f) << "an idle player stays";
  for (int t = 0; t < 8; ++t) O22::step(st, c, actions, r, rng);
  EXPECT_FLOAT_EQ(st.vel[0][6][0], 4.5f) << "a receiver's top speed";
  for (int k = 0; k < 22; ++k) EXPECT_EQ(r[k], k < 11 ? r[0] : -r[0]) << "zero-sum, one reward per team";
}

TEST(OneSided22, EngagedPlayersShareVelocityAndLoseControl) {
  const O22::Config c = american();
  O22::State st;
  Rng rng(1, 0);
  O22::reset(st, c, rng);
  // The center and the left defensive tackle on the same spot; the tackle pushes -x.
  st.pos[1][1][0] = st.pos[0][2][0];
  st.pos[1][1][1] = st.pos[0][2][1];
  int32_t actions[22];
  for (int k = 0; k < 11; ++k) {
    actions[k] = pooled(c, 4);
    actions[11 + k] = 4;
  }
  actions[11 + 1] = 3;  // (-cap, 0)
  float r[22];
  O22::step(st, c, actions, r, rng);
  const float w = 1.5f / (1.0f + std::exp(-60.0f * 0.15f * 0.15f));  // trench weight at distance 0
  EXPECT_NEAR(st.merge[2][1], w, 0.05f) << "still engaged at the end of the step";
  EXPECT_LT(st.vel[0][2][0], 0.0f) << "the center is carried back";
  EXPECT_GT(st.vel[1][1][0], -2.0f * 0.25f * 0.9f) << "the tackle's push is damped by the engagement";
}

TEST(OneSided22, BeliefMultipliesEveryOffencePlayersLikelihood) {
  const O22::Config c = american();
  O22::State st;
  Rng rng(1, 0);
  O22::reset(st, c, rng);
  st.type = 0;  // the power run
  int32_t actions[22];
  for (int k = 0; k < 11; ++k) {
    actions[k] = pooled(c, 4);
    actions[11 + k] = 4;
  }
  // Player 0 plays a with probability (1, 0.25) per type; player 1 plays a with (0, 0.5). The
  // run always plays a for player 0 and b for player 1: likelihoods (1 * 1, 0.25 * 0.5).
  actions[0] = split_action(c.split, 1, 2, {4, 1});
  actions[1] = split_action(c.split, 3, 5, {0, 2});
  float r[22];
  O22::step(st, c, actions, r, rng);
  EXPECT_NEAR(st.belief[0], 1.0f / (1.0f + 0.125f), 1e-6f);
  EXPECT_NEAR(st.belief[1], 0.125f / (1.0f + 0.125f), 1e-6f);
}

TEST(OneSided22, PlaysPayTheirTerminalLoss) {
  const O22::Config c = american();
  int32_t actions[22];
  for (int k = 0; k < 22; ++k) actions[k] = k < 11 ? pooled(c, 4) : 4;
  for (int type = 0; type < 2; ++type) {
    O22::State st;
    Rng rng(1, 0);
    O22::reset(st, c, rng);
    st.type = type;
    float r[22], last = 0.0f, tackle = 0.0f;
    for (int t = 0; t < 10; ++t) {
      O22::step(st, c, actions, r, rng);
      last = r[0];
      tackle = O22::tackle_probability(st);
    }
    // Nobody moved: the run's loss is minus the RB's x, the throw's minus the best free x plus
    // half the chance that the QB is engaged.
    float qb_free = 1.0f;
    for (int d = 0; d < 11; ++d) qb_free *= 1.0f - st.merge[O22::kQB][d];
    const float terminal = type == 0 ? 1.6f : -O22::best_free_x(st) + 0.5f * (1.0f - qb_free);
    EXPECT_NEAR(-last, 5.0f * tackle + terminal, 1e-4f) << "type " << type;
    EXPECT_GT(tackle, 1.0f - std::pow(0.5f, 11.0f) - 1e-6f) << "the published tackle term's floor";
  }
  O22::State st;
  Rng rng(1, 0);
  O22::reset(st, c, rng);
  // With nobody engaged the best free x is the most advanced non-RB player's, plus a bit.
  EXPECT_GT(O22::best_free_x(st), -1.2f + 0.4f * 0.9f);
  EXPECT_LT(O22::best_free_x(st), -1.2f + 0.4f + 0.15f * std::log(10.0f) + 1e-3f);
}

}  // namespace
}  // namespace agora
