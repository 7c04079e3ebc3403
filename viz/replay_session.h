#pragma once
// ReplaySession: a replay file opened for viewing. It checks the file against this build's
// game code (the env must be registered, its config valid, its sizes those the file was
// written with), splits the frames by recorded env, and loads any frame's state into a
// one-env CPU copy of the game so observations, legal actions and descriptions come from the
// same rule code that produced the replay.
//
//   agora::viz::ReplaySession s("runs/smax_3m/x/replays/eval_000000500000.agr");
//   const agora::VecEnv& game = s.load(/*env=*/0, /*frame=*/10);
//   game.obs();  // the agents' observations at that frame
#include <memory>
#include <string>
#include <vector>

#include "core/replay.h"
#include "core/vec_env.h"

namespace agora {
namespace viz {

class ReplaySession {
 public:
  /// Reads and checks `path`; any problem is an agora::Error naming the file and the problem.
  explicit ReplaySession(const std::string& path);
  /// The same for a replay already read; `name` stands for the file in messages.
  ReplaySession(Replay replay, const std::string& name);

  const std::string& path() const { return path_; }
  const ReplayHeader& header() const { return replay_.header; }
  const std::string& game_type() const { return game_type_; }
  int num_envs() const { return static_cast<int>(by_env_.size()); }
  /// Frames of recorded env `env`, in the order they were recorded.
  const std::vector<const ReplayFrame*>& frames(int env) const { return by_env_.at(env); }
  /// Whether frame `k` of `env` is the first of an episode.
  bool starts_episode(int env, size_t k) const;
  /// Index of the first frame of the episode that frame `k` of `env` belongs to.
  size_t episode_start(int env, size_t k) const;
  /// Index of the last frame of that episode.
  size_t episode_end(int env, size_t k) const;
  /// Episode number (0-based) of frame `k` of `env`.
  int episode_of(int env, size_t k) const;
  /// Per-frame reward of `agent` and its running return (restarting with each episode).
  std::vector<float> rewards(int env, int agent) const;
  std::vector<float> returns(int env, int agent) const;

  /// Loads frame `k` of `env` into the inspection env and returns it (one CPU env).
  const VecEnv& load(int env, size_t k);
  const VecEnv& game() const { return *game_; }

 private:
  std::string path_;
  Replay replay_;
  std::string game_type_;
  std::vector<std::vector<const ReplayFrame*>> by_env_;
  std::unique_ptr<VecEnv> game_;
};

}  // namespace viz
}  // namespace agora
