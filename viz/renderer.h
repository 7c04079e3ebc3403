#pragma once
// Renderers draw one frame of a replay into an ImGui canvas. Each game registers one with a
// line in its renderer file, keyed by the C++ game type (so every preset of the game shares it):
//
//   AGORA_REGISTER_RENDERER(agora::HanabiGame, HanabiRenderer);
//
// A renderer sees the frame through a RenderContext: the typed state and config (GameRenderer
// below), the episode so far, and the one-env copy of the game holding this frame's state (its
// observations, legal actions and description). Games without a renderer get the table
// renderer (state description, world state and observations as tables).
#include <imgui.h>

#include <cstring>
#include <functional>
#include <memory>
#include <string>
#include <typeinfo>

#include "core/registry.h"
#include "viz/replay_session.h"

namespace agora {
namespace viz {

/// What the user asked to see, beyond the frame itself.
struct RenderOptions {
  bool ranges = false;  // SMAX: sight and attack ranges
  bool zoom = true;     // SMAX: fit the view to the living units rather than the whole arena
};

struct RenderContext {
  ReplaySession& session;
  int env;              // recorded env shown
  size_t frame;         // index into session.frames(env)
  const VecEnv& game;   // one CPU env holding this frame's state
  RenderOptions options;

  const ReplayFrame& current() const { return *session.frames(env)[frame]; }
  const ReplayFrame& at(size_t k) const { return *session.frames(env)[k]; }
  size_t episode_start() const { return session.episode_start(env, frame); }
  size_t episode_end() const { return session.episode_end(env, frame); }
};

class Renderer {
 public:
  virtual ~Renderer() = default;
  /// Draws the frame into the rectangle [min, max) of the current ImGui window.
  virtual void draw(const RenderContext& ctx, ImVec2 min, ImVec2 max) = 0;
};

/// Base for a game's renderer: the typed config (parsed once) and the frame's typed state.
template <class Game>
class GameRenderer : public Renderer {
 public:
  explicit GameRenderer(const ReplayHeader& h) : cfg_(load_game_config<Game>(h.env, h.config)) {}

 protected:
  using State = typename Game::State;
  using Config = typename Game::Config;
  /// The state of frame `k` of the shown env (copied: frame bytes carry no alignment).
  static State state_at(const RenderContext& ctx, size_t k) {
    State s;
    std::memcpy(&s, ctx.at(k).state.data(), sizeof(State));
    return s;
  }
  static State state(const RenderContext& ctx) { return state_at(ctx, ctx.frame); }
  Config cfg_;
};

using RendererFactory = std::function<std::unique_ptr<Renderer>(const ReplayHeader&)>;

/// Registers the renderer of a game type (typeid(Game).name(), as EnvEntry::game holds it).
void register_renderer(const std::string& game_type, RendererFactory factory);
/// The renderer for a session's game: its own, or the table renderer.
std::unique_ptr<Renderer> make_renderer(const ReplaySession& session);
/// Whether the game type has its own renderer.
bool has_renderer(const std::string& game_type);
std::unique_ptr<Renderer> make_table_renderer(const ReplayHeader& header);

template <class Game, class R>
struct RendererRegistrar {
  RendererRegistrar() {
    register_renderer(typeid(Game).name(), [](const ReplayHeader& h) { return std::unique_ptr<Renderer>(new R(h)); });
  }
};

}  // namespace viz
}  // namespace agora

#define AGORA_REGISTER_RENDERER(Game, R) \
  static ::agora::viz::RendererRegistrar<Game, R> AGORA_CONCAT(agora_renderer_registrar_, __COUNTER__)
