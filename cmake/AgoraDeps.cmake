# Dependency discovery. Required: OpenMP, nlohmann_json, CLI11 (header-only; a folder holding
# their headers can be given as AGORA_HEADERS_DIR on machines without the Debian packages).
# Optional, reported at configure time: CUDA, LibTorch, ImGui+GLFW (viewer), MPI, GoogleTest,
# Google Benchmark.
include(CheckLanguage)

find_package(OpenMP REQUIRED)
set(AGORA_HEADERS_DIR "" CACHE PATH "Folder with carried header-only dependencies (nlohmann/, CLI/)")

# agora_header_only(ALIAS PACKAGE TARGET): ALIAS uses the installed PACKAGE's TARGET, or the
# headers carried in AGORA_HEADERS_DIR.
function(agora_header_only alias package target)
  add_library(${alias} INTERFACE IMPORTED)
  find_package(${package} QUIET)
  if(${package}_FOUND)
    target_link_libraries(${alias} INTERFACE ${target})
  elseif(AGORA_HEADERS_DIR)
    target_include_directories(${alias} INTERFACE ${AGORA_HEADERS_DIR})
  else()
    message(FATAL_ERROR "${package} not found: run scripts/install-deps.sh or set AGORA_HEADERS_DIR")
  endif()
endfunction()
agora_header_only(agora::json nlohmann_json nlohmann_json::nlohmann_json)
agora_header_only(agora::cli11 CLI11 CLI11::CLI11)

set(AGORA_WITH_CUDA OFF)
if(AGORA_ENABLE_CUDA)
  check_language(CUDA)
  if(CMAKE_CUDA_COMPILER)
    set(CMAKE_CUDA_ARCHITECTURES ${AGORA_CUDA_ARCHS})
    set(CMAKE_CUDA_STANDARD 17)
    set(CMAKE_CUDA_STANDARD_REQUIRED ON)
    enable_language(CUDA)
    find_package(CUDAToolkit REQUIRED)
    set(AGORA_WITH_CUDA ON)
  endif()
endif()

# agora_found(VAR CONDITION...): VAR = ON when the condition holds, else OFF.
macro(agora_found var)
  if(${ARGN})
    set(${var} ON)
  else()
    set(${var} OFF)
  endif()
endmacro()

# stb (header-only): PNG learning curves. Optional: without it runs have no curve.png.
find_path(AGORA_STB_INCLUDE_DIR stb/stb_image_write.h PATHS ${AGORA_HEADERS_DIR} /usr/include)

find_package(Torch QUIET)
agora_found(AGORA_WITH_TORCH Torch_FOUND)

find_package(PkgConfig QUIET)
if(PkgConfig_FOUND)
  pkg_check_modules(IMGUI QUIET IMPORTED_TARGET imgui)
endif()
find_package(glfw3 QUIET)
find_package(OpenGL QUIET)
agora_found(AGORA_WITH_VIEWER IMGUI_FOUND AND glfw3_FOUND AND OpenGL_OpenGL_FOUND)

find_package(MPI QUIET COMPONENTS CXX)
agora_found(AGORA_WITH_MPI MPI_CXX_FOUND)

find_package(GTest QUIET)
find_package(benchmark QUIET)
agora_found(AGORA_WITH_BENCHMARK benchmark_FOUND)
