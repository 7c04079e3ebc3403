# Agora's front door. `make run` and `make test` work on a fresh Debian machine: they install
# the packages they need, configure, build, then run.
BUILD    ?= build
JOBS     ?= $(shell nproc)
CMAKE_FLAGS ?=
RUN_DIR  := runs/smax_3m/$(shell date +%Y%m%d-%H%M%S)

LAUNCHER := $(if $(shell command -v ccache),-DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DCMAKE_CUDA_COMPILER_LAUNCHER=ccache,)

.PHONY: deps configure build run test bench clean

deps:
	@scripts/install-deps.sh

$(BUILD)/CMakeCache.txt:
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=Release $(LAUNCHER) $(CMAKE_FLAGS)

configure: $(BUILD)/CMakeCache.txt

build: deps configure
	cmake --build $(BUILD) -j $(JOBS)

# The main job: trains the default scenario (MAPPO on SMAX 3m against JaxMARL's heuristic enemy)
# on a budget that takes a few minutes on two cores; the full budget is scenarios/smax_3m.json's.
run: build
	$(BUILD)/bin/agora train scenarios/smax_3m.json --steps 500000 --out $(RUN_DIR)
	@echo "outputs: $(RUN_DIR)/ (config.json, metrics.csv, eval.csv, curve.png, checkpoints/, replays/)"
	@if [ -x $(BUILD)/bin/agora-viewer ]; then echo "watch it: $(BUILD)/bin/agora-viewer $(RUN_DIR)"; fi

test: build
	cd $(BUILD) && ctest -j $(JOBS) --output-on-failure

bench: build
	mkdir -p bench/out
	$(BUILD)/bin/agora bench --json bench/out/bench.json --markdown bench/out/bench.md

clean:
	rm -rf $(BUILD)
