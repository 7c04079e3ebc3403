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

# Optional, for the GPU comparison with JaxMARL (scripts/gpu-check.sh): JaxMARL 0.2.0 and the
# packages its SMAX import pulls in, as wheels for the GPU machine's Python (PY_VERSION, e.g.
# 3.12; JaxMARL 0.2.0 needs >= 3.11; run `python3 --version` there first). JAX, NumPy and
# the rest the GPU machine has are left out, to stay inside the carry limit.
if [[ -n "${PY_VERSION:-}" ]]; then
  rm -rf "$dir/wheels"
  pip download --quiet jaxmarl==0.2.0 --only-binary=:all: --python-version "$PY_VERSION" \
    --platform manylinux2014_x86_64 --platform manylinux_2_17_x86_64 --platform manylinux_2_28_x86_64 \
    -d "$dir/wheels"
  # Keep what `from jaxmarl.environments.smax import ...` imports (installed with --no-deps).
  keep='^(jaxmarl|flax|chex|jaxtyping|wadler_lindig|matplotlib|pillow|fonttools|kiwisolver|cycler|contourpy|pyparsing|python_dateutil|six|rich|pygments|markdown_it_py|mdurl|msgpack|toolz|etils|cloudpickle|pyyaml|typing_extensions|absl_py|packaging|treescope)-'
  for wheel in "$dir"/wheels/*.whl; do
    name=$(basename "$wheel" | tr 'A-Z' 'a-z')
    [[ "$name" =~ $keep ]] || rm -f "$wheel"
  done
  echo "carry-deps: JaxMARL wheels for Python $PY_VERSION in $dir/wheels ($(du -sh "$dir/wheels" | cut -f1))"
fi
