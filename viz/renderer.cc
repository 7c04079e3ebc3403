#include "viz/renderer.h"

#include <map>

namespace agora {
namespace viz {
namespace {

std::map<std::string, RendererFactory>& renderers() {
  static std::map<std::string, RendererFactory> factories;  // built on first use: safe at static init
  return factories;
}

}  // namespace

void register_renderer(const std::string& game_type, RendererFactory factory) {
  renderers()[game_type] = std::move(factory);
}

bool has_renderer(const std::string& game_type) { return renderers().count(game_type) > 0; }

std::unique_ptr<Renderer> make_renderer(const ReplaySession& session) {
  auto it = renderers().find(session.game_type());
  return it == renderers().end() ? make_table_renderer(session.header()) : it->second(session.header());
}

}  // namespace viz
}  // namespace agora
