// football/*: GRF's scenarios, config parsing, descriptions and registrations.
#include "envs/football/football.h"

#include <cstdio>
#include <sstream>

#include "core/error.h"
#include "core/registry.h"

namespace agora {
namespace {

struct PlayerSpot {
  float x, y;
  FootballGame::Role role;
  bool lazy;
};

// GRF's gfootball/scenarios/*.py build_scenario() (google-research/football @3d9e754): each
// team's players in its own frame, the ball in the left team's frame.
struct Scenario {
  const char* name;
  int game_duration;
  float difficulty;  // right_team_difficulty (GRF's default 0.6 where a scenario sets none)
  bool academy;      // end on score / out of play / possession change, no kick-offs
  bool end_on_possession_change;
  float ball_x, ball_y;
  std::vector<PlayerSpot> left, right;
};

using R = FootballGame::Role;
constexpr R GK = FootballGame::kGK, CB = FootballGame::kCB, LB = FootballGame::kLB, RB = FootballGame::kRB,
            CM = FootballGame::kCM, LM = FootballGame::kLM, RM = FootballGame::kRM, CF = FootballGame::kCF;

std::vector<PlayerSpot> full_team(bool kick_off, bool lazy) {
  // The 11_vs_11 kick-off formation; the team not kicking off has its RM/CF further back.
  std::vector<PlayerSpot> t = {{-1.0f, 0.0f, GK, false},       {0.0f, 0.02f, RM, lazy},
                               {0.0f, -0.02f, CF, lazy},       {-0.422f, -0.19576f, LB, lazy},
                               {-0.5f, -0.06356f, CB, lazy},   {-0.5f, 0.063559f, CB, lazy},
                               {-0.422f, 0.19576f, RB, lazy},  {-0.184212f, -0.10568f, CM, lazy},
                               {-0.267574f, 0.0f, CM, lazy},   {-0.184212f, 0.10568f, CM, lazy},
                               {-0.01f, -0.2161f, LM, lazy}};
  if (!kick_off) {
    t[1] = {-0.05f, 0.0f, RM, lazy};
    t[2] = {-0.01f, 0.216102f, CF, lazy};
  }
  return t;
}

std::vector<PlayerSpot> counterattack_left() {
  return {{-1.0f, 0.0f, GK, false},      {-0.672f, -0.19576f, LB, false}, {-0.75f, -0.06356f, CB, false},
          {-0.75f, 0.063559f, CB, false}, {-0.672f, 0.19576f, RB, false}, {-0.434f, -0.10568f, CM, false},
          {-0.434f, 0.10568f, CM, false}, {0.5f, -0.3161f, CM, false},     {0.25f, -0.1f, LM, false},
          {0.25f, 0.1f, RM, false},       {0.35f, 0.316102f, CF, false}};
}

std::vector<PlayerSpot> counterattack_right(float cb_x) {
  return {{-1.0f, 0.0f, GK, false},     {0.128f, -0.19576f, LB, false}, {cb_x, -0.06356f, CB, false},
          {-0.4f, 0.063559f, CB, false}, {0.128f, -0.19576f, RB, false}, {0.365f, -0.10568f, CM, false},
          {0.282f, 0.0f, CM, false},     {0.365f, 0.10568f, CM, false},  {0.54f, -0.3161f, LM, false},
          {0.51f, 0.0f, RM, false},      {0.54f, 0.316102f, CF, false}};
}

const std::vector<Scenario>& scenarios() {
  static const std::vector<Scenario> table = [] {
    const std::vector<PlayerSpot> five_back = {{1.0f, 0.0f, GK, false},  {0.12f, 0.2f, LB, false},
                                               {0.12f, 0.1f, CB, false}, {0.12f, 0.0f, CM, false},
                                               {0.12f, -0.1f, CB, false}, {0.12f, -0.2f, RB, false}};
    std::vector<PlayerSpot> five_back_keeper = five_back;
    five_back_keeper[0].x = -1.0f;
    return std::vector<Scenario>{
        {"11_vs_11_easy_stochastic", 3000, 0.05f, false, false, 0.0f, 0.0f, full_team(true, false),
         full_team(false, false)},
        {"11_vs_11_stochastic", 3000, 0.6f, false, false, 0.0f, 0.0f, full_team(true, false), full_team(false, false)},
        {"11_vs_11_hard_stochastic", 3000, 0.95f, false, false, 0.0f, 0.0f, full_team(true, false),
         full_team(false, false)},
        {"academy_empty_goal_close", 400, 0.6f, true, true, 0.77f, 0.0f, {{-1.0f, 0.0f, GK, false}, {0.75f, 0.0f, CB, false}},
         {{1.0f, 0.0f, GK, false}}},
        {"academy_empty_goal", 400, 0.6f, true, true, 0.02f, 0.0f, {{-1.0f, 0.0f, GK, false}, {0.0f, 0.0f, CB, false}},
         {{1.0f, 0.0f, GK, false}}},
        {"academy_run_to_score", 400, 0.6f, true, true, 0.02f, 0.0f, {{-1.0f, 0.0f, GK, false}, {0.0f, 0.0f, CB, false}},
         five_back},
        {"academy_run_to_score_with_keeper", 400, 0.6f, true, true, 0.02f, 0.0f,
         {{-1.0f, 0.0f, GK, false}, {0.0f, 0.0f, CB, false}}, five_back_keeper},
        {"academy_pass_and_shoot_with_keeper", 400, 0.6f, true, true, 0.7f, -0.28f,
         {{-1.0f, 0.0f, GK, false}, {0.7f, 0.0f, CB, false}, {0.7f, -0.3f, CB, false}},
         {{-1.0f, 0.0f, GK, false}, {-0.75f, 0.3f, CB, false}}},
        {"academy_run_pass_and_shoot_with_keeper", 400, 0.6f, true, true, 0.7f, -0.28f,
         {{-1.0f, 0.0f, GK, false}, {0.7f, 0.0f, CB, false}, {0.7f, -0.3f, CB, false}},
         {{-1.0f, 0.0f, GK, false}, {-0.75f, 0.1f, CB, false}}},
        {"academy_3_vs_1_with_keeper", 400, 0.6f, true, true, 0.62f, 0.0f,
         {{-1.0f, 0.0f, GK, false}, {0.6f, 0.0f, CM, false}, {0.7f, 0.2f, CM, false}, {0.7f, -0.2f, CM, false}},
         {{-1.0f, 0.0f, GK, false}, {-0.75f, 0.0f, CB, false}}},
        {"academy_corner", 400, 0.6f, true, false, 0.99f, 0.41f,
         {{-1.0f, 0.0f, GK, false}, {1.0f, 0.42f, LB, false}, {0.7f, 0.15f, CB, false}, {0.7f, 0.05f, CB, false},
          {0.7f, -0.05f, RB, false}, {0.0f, 0.0f, CM, false}, {0.6f, 0.35f, CM, false}, {0.8f, 0.07f, CM, false},
          {0.8f, -0.03f, LM, false}, {0.8f, -0.13f, RM, false}, {0.7f, -0.3f, CF, false}},
         {{-1.0f, 0.0f, GK, false}, {-0.75f, -0.18f, LB, false}, {-0.75f, -0.08f, CB, false},
          {-0.75f, 0.02f, CB, false}, {-1.0f, -0.1f, RB, false}, {-0.8f, -0.25f, CM, false},
          {-0.88f, -0.07f, CM, false}, {-0.88f, 0.03f, CM, false}, {-0.88f, 0.13f, LM, false},
          {-0.75f, 0.25f, RM, false}, {-0.2f, 0.0f, CF, false}}},
        {"academy_counterattack_easy", 400, 0.6f, true, true, 0.26f, -0.11f, counterattack_left(),
         counterattack_right(0.4f)},
        {"academy_counterattack_hard", 400, 0.6f, true, true, 0.26f, -0.11f, counterattack_left(),
         counterattack_right(-0.4f)},
        {"academy_single_goal_versus_lazy", 3000, 0.6f, true, true, -0.48f, -0.06356f, full_team(true, false),
         full_team(false, true)},
    };
  }();
  return table;
}

}  // namespace

std::vector<std::string> FootballGame::scenario_names() {
  std::vector<std::string> names;
  for (const Scenario& s : scenarios()) names.push_back(s.name);
  return names;
}

FootballGame::Config FootballGame::load_config(ConfigReader& r) {
  Config c{};
  c.scenario = r.get_choice("scenario", "11_vs_11_easy_stochastic", scenario_names());
  const Scenario& sc = scenarios()[static_cast<size_t>(c.scenario)];
  const std::vector<PlayerSpot>* teams[2] = {&sc.left, &sc.right};
  for (int t = 0; t < 2; ++t) {
    c.num_players[t] = static_cast<int32_t>(teams[t]->size());
    for (int i = 0; i < kTeamSize; ++i) {
      const bool here = i < c.num_players[t];
      c.start_x[t][i] = here ? (*teams[t])[static_cast<size_t>(i)].x : 0.0f;
      c.start_y[t][i] = here ? (*teams[t])[static_cast<size_t>(i)].y : 0.0f;
      c.role[t][i] = here ? (*teams[t])[static_cast<size_t>(i)].role : kCM;
      c.lazy[t][i] = here && (*teams[t])[static_cast<size_t>(i)].lazy ? 1 : 0;
    }
  }
  c.ball_x = sc.ball_x;
  c.ball_y = sc.ball_y;
  c.full_game = sc.academy ? 0 : 1;
  // GRF's academy_corner puts the ball on the corner flag with a winger on it: a corner kick.
  c.start_mode = std::string(sc.name) == "academy_corner" ? kCorner : kNormal;
  c.agents = r.get_int("agents", 1, 1, c.num_players[0]);
  c.game_duration = r.get_int("game_duration", sc.game_duration, 1, 1000000);
  c.difficulty[0] = static_cast<float>(r.get_double("left_team_difficulty", 1.0, 0.0, 1.0));
  c.difficulty[1] = static_cast<float>(r.get_double("right_team_difficulty", sc.difficulty, 0.0, 1.0));
  c.deterministic = r.get_bool("deterministic", false) ? 1 : 0;
  c.end_on_score = r.get_bool("end_episode_on_score", sc.academy) ? 1 : 0;
  c.end_on_out_of_play = r.get_bool("end_episode_on_out_of_play", sc.academy) ? 1 : 0;
  c.end_on_possession_change = r.get_bool("end_episode_on_possession_change", sc.end_on_possession_change) ? 1 : 0;
  c.checkpoint_rewards = r.get_choice("rewards", "scoring", {"scoring", "scoring,checkpoints"});
  return c;
}

EnvSpec FootballGame::spec(const Config& c) {
  EnvSpec s;
  s.num_agents = c.agents;
  s.obs_dim = kObsDim;
  s.state_dim = kStateDim;
  s.num_actions = kNumActions;
  s.turn_based = false;
  s.max_steps = c.game_duration;
  return s;
}

const char* FootballGame::check_state(const State& s, const Config& c) {
  StateCheck check;
  for (int p = 0; p < kPlayers; ++p) {
    const Player& q = s.players[p];
    for (float v : {q.x, q.y, q.vx, q.vy, q.face_x, q.face_y, q.stamina}) check.finite(v, "a player value is not finite", 10.0f);
    check.need(q.sticky_dir >= 0 && q.sticky_dir <= 8, "a sticky direction out of range");
    check.need(q.sprint >= 0 && q.sprint <= 1 && q.dribble >= 0 && q.dribble <= 1, "a sticky flag out of range");
    check.need(q.kick_wait >= 0 && q.slide_wait >= 0, "a negative wait");
  }
  for (int k = 0; k < 3; ++k) {
    check.finite(s.ball[k], "the ball's position is not finite", 10.0f);
    check.finite(s.ball_v[k], "the ball's velocity is not finite", 10.0f);
  }
  check.need(s.owner >= -1 && s.owner < kPlayers && (s.owner < 0 || exists(c, s.owner)), "no such ball owner");
  check.need(s.last_touch_team >= -1 && s.last_touch_team <= 1 && s.last_owner_team >= -1 && s.last_owner_team <= 1,
             "a last team out of range");
  check.need(s.mode >= kNormal && s.mode <= kPenalty, "game mode out of range");
  check.need(s.mode_team >= -1 && s.mode_team <= 1 && s.mode_wait >= 0, "set piece out of range");
  check.need(s.goals[0] >= 0 && s.goals[1] >= 0 && s.step >= 0, "negative score or step");
  for (int k = 0; k < kTeamSize; ++k) {
    check.need(k >= c.agents || (s.controlled[k] >= 0 && s.controlled[k] < c.num_players[0]), "a controlled player out of range");
    check.need(s.checkpoints[k] >= 0 && s.checkpoints[k] <= 10, "a checkpoint count out of range");
  }
  for (int t = 0; t < 2; ++t)
    check.need(s.possession_steps[t] >= 0 && s.shots[t] >= 0 && s.passes[t] >= 0, "a negative team statistic");
  check.need(s.ended == 0 || s.ended == 1, "end flag out of range");
  return check.reason;
}

std::string FootballGame::describe(const State& s, const Config& c, int agent) {
  static const char* kModes[] = {"open play", "kick-off", "goal kick", "free kick", "corner", "throw-in", "penalty"};
  static const char* kRoles[] = {"goalkeeper", "centre back", "left back", "right back", "defensive midfielder",
                                 "central midfielder", "left midfielder", "right midfielder", "attacking midfielder",
                                 "centre forward"};
  const int p = s.controlled[agent];
  const Player& me = s.players[p];
  char buf[96];
  std::ostringstream out;
  out << "Football (" << scenarios()[static_cast<size_t>(c.scenario)].name << "). You control left player " << p
      << ", the " << kRoles[c.role[0][p]] << ", attacking the goal at x = 1 (the pitch is x from -1 to 1, y from "
      << "-0.42 at the top to 0.42 at the bottom). Score " << s.goals[0] << "-" << s.goals[1] << ", step " << s.step
      << " of " << c.game_duration << ", " << kModes[s.mode] << ".";
  std::snprintf(buf, sizeof(buf), " You are at (%.2f, %.2f); the ball is at (%.2f, %.2f)", me.x, me.y, s.ball[0],
                s.ball[1]);
  out << buf;
  if (s.owner == p) out << " at your feet.";
  else if (s.owner < 0) out << " and free.";
  else out << (team_of(s.owner) == 0 ? " with your teammate " : " with opponent ") << index_in_team(s.owner) << ".";
  out << " Actions: 0 idle, 1-8 run left, top-left, top, top-right, right, bottom-right, bottom, bottom-left, "
         "9 long pass, 10 high pass, 11 short pass, 12 shot, 13 sprint, 14 stop running, 15 stop sprinting, "
         "16 sliding tackle, 17 dribble, 18 stop dribbling.";
  return out.str();
}

// One registration per GRF scenario, under GRF's env names.
static const bool registered = [] {
  for (const std::string& name : FootballGame::scenario_names())
    register_game<FootballGame>("football/" + name, Json{{"scenario", name}});
  return true;
}();

}  // namespace agora
