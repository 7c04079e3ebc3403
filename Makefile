# Agora's front door. `make run` and `make test` work on a fresh Debian machine: they install
# the packages they need, configure, build, then run.
BUILD    ?= build
JOBS     ?= $(shell nproc)
CMAKE_FLAGS ?=
RUN_DIR  := runs/rollout/$(shell date +%Y%m%d-%H%M%S)

LAUNCHER := $(if $(shell command -v ccache),-DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DCMAKE_CUDA_COMPILER_LAUNCHER=ccache,)

.PHONY: deps configure build run test bench clean

deps:
	@scripts/install-deps.sh

$(BUILD)/CMakeCache.txt:
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=Release $(LAUNCHER) $(CMAKE_FLAGS)

configure: $(BUILD)/CMakeCache.txt

build: deps configure
	cmake --build $(BUILD) -j $(JOBS)

# The main job. Until `agora train` lands it is a random-policy rollout of the GovSim fishery.
run: build
	$(BUILD)/bin/agora rollout commons/fishery --num-envs 4096 --steps 1000 --seed 1 --record $(RUN_DIR)/replay.agr
	@echo "outputs: $(RUN_DIR)/ (replay.agr: the first 4 envs, step by step)"

test: build
	cd $(BUILD) && ctest -j $(JOBS) --output-on-failure

bench: build
	mkdir -p bench/out
	$(BUILD)/bin/agora bench --json bench/out/bench.json --markdown bench/out/bench.md

clean:
	rm -rf $(BUILD)
