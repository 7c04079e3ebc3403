#!/usr/bin/env bash
# Installs every Debian package Agora builds, tests or runs with. Idempotent: when all are
# present it only checks (a second or two) and never touches apt.
set -euo pipefail

PACKAGES=(
  build-essential cmake pkg-config ccache      # toolchain (ccache speeds up rebuilds)
  nlohmann-json3-dev libcli11-dev              # JSON, command-line parsing (header-only)
  libgtest-dev libbenchmark-dev                # tests, micro-benchmarks
  libtorch-dev                                 # LibTorch 1.13 (CPU): agents, solvers, tensor views
  libopenblas0-openmp                          # fast sgemm for LibTorch (else the reference BLAS: ~10x slower training)
  libimgui-dev libglfw3-dev libstb-dev         # viewer, PNG writing
  libcpp-httplib-dev                           # LLM HTTP client
  libopenmpi-dev                               # multi-process runs
  xvfb libgl1-mesa-dri                         # headless window tests
)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#PACKAGES[@]} packages present"
  exit 0
fi

SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
echo "install-deps: installing ${missing[*]}"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "install-deps: done"
