#pragma once
// What a game tells the runtime about itself, and what one step of one env returns.
#include <cstdint>
#include <string>

namespace agora {

/// Sizes and properties of a game for one configuration.
struct EnvSpec {
  int num_agents = 0;
  int obs_dim = 0;        // floats per agent observation
  int state_dim = 0;      // floats in the world (centralised) state
  int num_actions = 0;    // discrete actions per agent
  bool turn_based = false;
  int max_steps = 0;      // episodes are truncated after this many steps
  int num_metrics = 0;    // per-episode metrics the game reports (Game::metric_names)
};

/// Returned by `Game::step` for one env. Truncation at `max_steps` is applied by the runtime;
/// a game only sets `truncated` for its own reasons. `score` is the episode's outcome
/// (win = 1, a game score, ...) and is read when the episode ends.
struct StepResult {
  bool terminated = false;
  bool truncated = false;
  float score = 0.0f;
};

}  // namespace agora
