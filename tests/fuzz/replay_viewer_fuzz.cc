// libFuzzer target: the whole viewer path on mutated replays. Checksums are recomputed before
// reading, so mutated states, actions and headers reach the game code (observations, legal
// masks, descriptions) and the renderers instead of stopping at the checksum: a crafted file
// must be refused or drawn, never crash. Built and run by scripts/fuzz-replays.sh.
#include <imgui.h>

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <vector>

#include "core/config.h"
#include "core/error.h"
#include "core/replay.h"
#include "tests/viz/headless_imgui.h"
#include "viz/renderer.h"
#include "viz/replay_session.h"

namespace {

// Makes every whole frame's checksum right (the header says how long frames are).
void fix_checksums(std::vector<uint8_t>& bytes) {
  if (bytes.size() < 16) return;
  uint32_t length = 0;
  std::memcpy(&length, bytes.data() + 12, 4);
  if (length > bytes.size() - 16) return;
  size_t frame = 0;
  try {
    const agora::Json h = agora::Json::parse(bytes.begin() + 16, bytes.begin() + 16 + length);
    if (!h.is_object() || !h.contains("frame_bytes") || !h.at("frame_bytes").is_number_unsigned()) return;
    frame = h.at("frame_bytes").get<size_t>();
  } catch (...) {
    return;
  }
  if (frame < 16 || frame > (1u << 24)) return;
  for (size_t at = 16 + length; at + frame <= bytes.size(); at += frame) {
    const uint32_t sum = agora::replay_frame_checksum(bytes.data() + at, frame);
    std::memcpy(bytes.data() + at + agora::kReplayChecksumOffset, &sum, 4);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static agora::testing_viz::HeadlessImGui imgui(640, 480);
  std::vector<uint8_t> bytes(data, data + size);
  fix_checksums(bytes);
  try {
    agora::viz::ReplaySession session(agora::parse_replay(bytes.data(), bytes.size(), "fuzz"), "fuzz");
    std::unique_ptr<agora::viz::Renderer> renderer = agora::viz::make_renderer(session);
    std::unique_ptr<agora::viz::Renderer> table = agora::viz::make_table_renderer(session.header());
    for (int env = 0; env < session.num_envs(); ++env) {
      // The first frames and the last: enough to reach every renderer branch the states
      // allow, cheap enough for thousands of inputs a second.
      const size_t n = session.frames(env).size();
      for (size_t k = 0; k < n; k = (k == 3 && n > 8) ? n - 2 : k + 1) {
        const agora::VecEnv& game = session.load(env, k);
        ImGui::GetIO().DeltaTime = 1.0f / 60;
        ImGui::NewFrame();
        ImGui::Begin("fuzz");
        agora::viz::RenderContext ctx{session, env, k, game, agora::viz::RenderOptions{true}};
        renderer->draw(ctx, ImVec2(0, 0), ImVec2(640, 480));
        if (k == 0) table->draw(ctx, ImVec2(0, 0), ImVec2(640, 480));
        ImGui::End();
        ImGui::Render();
      }
    }
  } catch (const agora::Error&) {
  }
  return 0;
}
