#!/usr/bin/env bash
# Copies the header-only dependencies and GoogleTest's sources into DIR (default .carry/), so
# that a machine without Debian's packages (the lent GPU machine) can build Agora and its
# tests from them: see scripts/gpu-check.sh.
set -euo pipefail
dir="${1:-.carry}"
mkdir -p "$dir/include"
cp -r /usr/include/nlohmann "$dir/include/"
cp -r /usr/include/CLI "$dir/include/"
rm -rf "$dir/googletest"
cp -r /usr/src/googletest "$dir/googletest"
echo "carry-deps: headers and GoogleTest sources in $dir ($(du -sh "$dir" | cut -f1))"
