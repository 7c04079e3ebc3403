#pragma once
// An ImGui context with a built font atlas and a display size but no backend: renderers build
// their draw lists on the CPU and nothing is rasterised (renderer tests, the viewer fuzzer).
// It is made current on construction; the previous context is restored on destruction.
#include <imgui.h>

namespace agora {
namespace testing_viz {

class HeadlessImGui {
 public:
  HeadlessImGui(float width = 900, float height = 600)
      : previous_(ImGui::GetCurrentContext()), context_(ImGui::CreateContext()) {
    ImGui::SetCurrentContext(context_);  // CreateContext only switches when there is none
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;
    io.DisplaySize = ImVec2(width, height);
    unsigned char* pixels = nullptr;
    int w = 0, h = 0;
    io.Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);
  }
  ~HeadlessImGui() {
    ImGui::DestroyContext(context_);
    ImGui::SetCurrentContext(previous_);
  }
  HeadlessImGui(const HeadlessImGui&) = delete;
  HeadlessImGui& operator=(const HeadlessImGui&) = delete;

 private:
  ImGuiContext* previous_;
  ImGuiContext* context_;
};

}  // namespace testing_viz
}  // namespace agora
