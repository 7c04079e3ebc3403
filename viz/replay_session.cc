#include "viz/replay_session.h"

#include "core/error.h"
#include "core/registry.h"

namespace agora {
namespace viz {

ReplaySession::ReplaySession(const std::string& path) : ReplaySession(read_replay(path), path) {}

ReplaySession::ReplaySession(Replay replay, const std::string& name) : path_(name), replay_(std::move(replay)) {
  const std::string where = "replay '" + name + "'";
  const ReplayHeader& h = replay_.header;
  game_ = make_replay_game(replay_, name);
  game_type_ = find_env(h.env).game;
  AGORA_CHECK(!replay_.frames.empty(), where + ": has no frames");
  AGORA_CHECK(static_cast<size_t>(h.recorded_envs) <= replay_.frames.size(),
              where + ": declares " + std::to_string(h.recorded_envs) + " recorded envs but holds only " +
                  std::to_string(replay_.frames.size()) + " frames");
  by_env_.resize(h.recorded_envs);
  for (const ReplayFrame& f : replay_.frames) by_env_[f.env].push_back(&f);
  for (int e = 0; e < h.recorded_envs; ++e)
    AGORA_CHECK(!by_env_[e].empty(), where + ": recorded env " + std::to_string(e) + " has no frames");
}

bool ReplaySession::starts_episode(int env, size_t k) const {
  const auto& f = frames(env);
  // A reset frame starts an episode; so does the frame after one that ended an episode (with
  // auto-reset and no final states, the ending frame already holds the next first state).
  return k == 0 || f[k]->is_reset || f[k - 1]->terminated || f[k - 1]->truncated;
}

size_t ReplaySession::episode_start(int env, size_t k) const {
  while (!starts_episode(env, k)) --k;
  return k;
}

size_t ReplaySession::episode_end(int env, size_t k) const {
  const size_t n = frames(env).size();
  while (k + 1 < n && !starts_episode(env, k + 1)) ++k;
  return k;
}

int ReplaySession::episode_of(int env, size_t k) const {
  int episode = 0;
  for (size_t i = 1; i <= k; ++i) episode += starts_episode(env, i);
  return episode;
}

std::vector<float> ReplaySession::rewards(int env, int agent) const {
  std::vector<float> out;
  for (const ReplayFrame* f : frames(env)) out.push_back(f->rewards.at(agent));
  return out;
}

std::vector<float> ReplaySession::returns(int env, int agent) const {
  std::vector<float> out;
  float total = 0.0f;
  const auto& f = frames(env);
  for (size_t k = 0; k < f.size(); ++k) {
    if (starts_episode(env, k)) total = 0.0f;
    total += f[k]->rewards.at(agent);
    out.push_back(total);
  }
  return out;
}

const VecEnv& ReplaySession::load(int env, size_t k) {
  const ReplayFrame& f = *frames(env).at(k);
  game_->load_states(0, 1, f.state.data());
  return *game_;
}

}  // namespace viz
}  // namespace agora
