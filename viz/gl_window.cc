#include "viz/gl_window.h"

#include <GLFW/glfw3.h>
#include <GL/glext.h>
#include <imgui.h>
#include <backends/imgui_impl_glfw.h>
#include <backends/imgui_impl_opengl3.h>
#include <stb_image_write.h>

#include <cstring>

#include "core/error.h"

namespace agora {
namespace viz {
namespace {

std::string& last_glfw_error() {
  static std::string message;
  return message;
}

void on_glfw_error(int, const char* description) { last_glfw_error() = description ? description : "unknown"; }

// Framebuffer-object entry points are not in OpenGL 1.1's ABI: fetch them from the context.
struct FboFunctions {
  PFNGLGENFRAMEBUFFERSPROC gen_framebuffers;
  PFNGLBINDFRAMEBUFFERPROC bind_framebuffer;
  PFNGLDELETEFRAMEBUFFERSPROC delete_framebuffers;
  PFNGLGENRENDERBUFFERSPROC gen_renderbuffers;
  PFNGLBINDRENDERBUFFERPROC bind_renderbuffer;
  PFNGLDELETERENDERBUFFERSPROC delete_renderbuffers;
  PFNGLRENDERBUFFERSTORAGEPROC renderbuffer_storage;
  PFNGLFRAMEBUFFERRENDERBUFFERPROC framebuffer_renderbuffer;
  PFNGLCHECKFRAMEBUFFERSTATUSPROC check_framebuffer_status;

  FboFunctions() {
    gen_framebuffers = reinterpret_cast<PFNGLGENFRAMEBUFFERSPROC>(glfwGetProcAddress("glGenFramebuffers"));
    bind_framebuffer = reinterpret_cast<PFNGLBINDFRAMEBUFFERPROC>(glfwGetProcAddress("glBindFramebuffer"));
    delete_framebuffers = reinterpret_cast<PFNGLDELETEFRAMEBUFFERSPROC>(glfwGetProcAddress("glDeleteFramebuffers"));
    gen_renderbuffers = reinterpret_cast<PFNGLGENRENDERBUFFERSPROC>(glfwGetProcAddress("glGenRenderbuffers"));
    bind_renderbuffer = reinterpret_cast<PFNGLBINDRENDERBUFFERPROC>(glfwGetProcAddress("glBindRenderbuffer"));
    delete_renderbuffers = reinterpret_cast<PFNGLDELETERENDERBUFFERSPROC>(glfwGetProcAddress("glDeleteRenderbuffers"));
    renderbuffer_storage = reinterpret_cast<PFNGLRENDERBUFFERSTORAGEPROC>(glfwGetProcAddress("glRenderbufferStorage"));
    framebuffer_renderbuffer =
        reinterpret_cast<PFNGLFRAMEBUFFERRENDERBUFFERPROC>(glfwGetProcAddress("glFramebufferRenderbuffer"));
    check_framebuffer_status =
        reinterpret_cast<PFNGLCHECKFRAMEBUFFERSTATUSPROC>(glfwGetProcAddress("glCheckFramebufferStatus"));
    AGORA_CHECK(gen_framebuffers && bind_framebuffer && delete_framebuffers && gen_renderbuffers && bind_renderbuffer &&
                    delete_renderbuffers && renderbuffer_storage && framebuffer_renderbuffer && check_framebuffer_status,
                "viewer: the OpenGL context has no framebuffer objects");
  }
};

void style_imgui() {
  ImGui::StyleColorsDark();
  ImGuiStyle& style = ImGui::GetStyle();
  style.WindowRounding = 0.0f;
  style.FrameRounding = 3.0f;
}

}  // namespace

GlWindow::GlWindow(int width, int height, bool visible, const std::string& title) {
  glfwSetErrorCallback(on_glfw_error);
  if (!glfwInit())
    throw Error("viewer: cannot open a window (" + last_glfw_error() +
                "); set DISPLAY, or run headless under xvfb-run");
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
  glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
  glfwWindowHint(GLFW_VISIBLE, visible ? GLFW_TRUE : GLFW_FALSE);
  window_ = glfwCreateWindow(width, height, title.c_str(), nullptr, nullptr);
  if (!window_) {
    glfwTerminate();
    throw Error("viewer: cannot create an OpenGL 3.3 window (" + last_glfw_error() + ")");
  }
  glfwMakeContextCurrent(window_);
  glfwSwapInterval(1);
  IMGUI_CHECKVERSION();
  imgui_ = ImGui::CreateContext();
  ImGui::GetIO().IniFilename = nullptr;  // no imgui.ini litter in the user's directory
  style_imgui();
  ImGui_ImplGlfw_InitForOpenGL(window_, true);
  ImGui_ImplOpenGL3_Init("#version 330");
}

GlWindow::~GlWindow() {
  ImGui::SetCurrentContext(imgui_);
  glfwMakeContextCurrent(window_);
  ImGui_ImplOpenGL3_Shutdown();
  ImGui_ImplGlfw_Shutdown();
  ImGui::DestroyContext();
  glfwDestroyWindow(window_);
  glfwTerminate();
}

bool GlWindow::should_close() const { return glfwWindowShouldClose(window_); }

void GlWindow::frame(const std::function<void()>& ui, double timeout_s) {
  ImGui::SetCurrentContext(imgui_);
  glfwWaitEventsTimeout(timeout_s);
  ImGui_ImplOpenGL3_NewFrame();
  ImGui_ImplGlfw_NewFrame();
  ImGui::NewFrame();
  ui();
  ImGui::Render();
  int w = 0, h = 0;
  glfwGetFramebufferSize(window_, &w, &h);
  glViewport(0, 0, w, h);
  glClearColor(0.09f, 0.10f, 0.12f, 1.0f);
  glClear(GL_COLOR_BUFFER_BIT);
  ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
  glfwSwapBuffers(window_);
}

Image GlWindow::capture(int width, int height, const std::function<void()>& ui, int frames) {
  AGORA_CHECK(width > 0 && height > 0 && width <= 8192 && height <= 8192, "viewer: image size out of range");
  ImGui::SetCurrentContext(imgui_);
  glfwMakeContextCurrent(window_);
  const FboFunctions gl;
  GLuint fbo = 0, color = 0;
  gl.gen_framebuffers(1, &fbo);
  gl.bind_framebuffer(GL_FRAMEBUFFER, fbo);
  gl.gen_renderbuffers(1, &color);
  gl.bind_renderbuffer(GL_RENDERBUFFER, color);
  gl.renderbuffer_storage(GL_RENDERBUFFER, GL_RGBA8, width, height);
  gl.framebuffer_renderbuffer(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_RENDERBUFFER, color);
  const bool complete = gl.check_framebuffer_status(GL_FRAMEBUFFER) == GL_FRAMEBUFFER_COMPLETE;
  Image image;
  if (complete) {
    for (int f = 0; f < frames; ++f) {
      ImGui_ImplOpenGL3_NewFrame();
      ImGui_ImplGlfw_NewFrame();
      ImGuiIO& io = ImGui::GetIO();
      io.DisplaySize = ImVec2(static_cast<float>(width), static_cast<float>(height));
      io.DisplayFramebufferScale = ImVec2(1.0f, 1.0f);
      io.MousePos = ImVec2(-FLT_MAX, -FLT_MAX);  // no hover effects in pictures
      ImGui::NewFrame();
      ui();
      ImGui::Render();
      gl.bind_framebuffer(GL_FRAMEBUFFER, fbo);
      glViewport(0, 0, width, height);
      glClearColor(0.09f, 0.10f, 0.12f, 1.0f);
      glClear(GL_COLOR_BUFFER_BIT);
      ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
    }
    glFinish();
    image.width = width;
    image.height = height;
    std::vector<uint8_t> rows(static_cast<size_t>(width) * height * 4);
    glPixelStorei(GL_PACK_ALIGNMENT, 1);
    glReadPixels(0, 0, width, height, GL_RGBA, GL_UNSIGNED_BYTE, rows.data());
    image.rgba.resize(rows.size());
    const size_t stride = static_cast<size_t>(width) * 4;
    for (int y = 0; y < height; ++y)  // OpenGL's first row is the bottom one
      std::memcpy(&image.rgba[y * stride], &rows[(height - 1 - y) * stride], stride);
    for (size_t i = 3; i < image.rgba.size(); i += 4) image.rgba[i] = 255;  // blending leaves alpha < 1
  }
  gl.bind_framebuffer(GL_FRAMEBUFFER, 0);
  gl.delete_renderbuffers(1, &color);
  gl.delete_framebuffers(1, &fbo);
  AGORA_CHECK(complete, "viewer: cannot make an off-screen framebuffer");
  return image;
}

void write_png(const Image& image, const std::string& path) {
  AGORA_CHECK(stbi_write_png(path.c_str(), image.width, image.height, 4, image.rgba.data(), image.width * 4) != 0,
              "viewer: cannot write '" + path + "'");
}

}  // namespace viz
}  // namespace agora
