#pragma once
// Replay files: a self-describing record of what some envs of a VecEnv did, step by step, so
// that `agora-viewer` can play them back with the game code that produced them.
//
// Layout (little-endian):
//   "AGORAREP"  8-byte magic
//   u32         format version (kReplayVersion)
//   u32         header length H, then H bytes of JSON: {"env", "config", "spec", "seed",
//               "recorded_envs", "state_bytes", "frame_bytes", "final_states", "agora_version"}
//   frames      fixed-size records of frame_bytes bytes each:
//               u32 step, u32 env, u8 terminated, u8 truncated, u8 is_reset, u8 reserved,
//               u32 checksum (FNV-1a of the whole frame with this field zero),
//               state_bytes of POD game state, i32 actions[A], f32 rewards[A]
// A reset frame (is_reset = 1) has step 0 and zero actions and rewards. When the env keeps
// final states (VecEnvOptions::keep_final_state, header "final_states": true) the frame of a
// step that ends an episode holds the episode's last state and is followed by a reset frame
// with the next episode's first state; otherwise (auto-reset without final states) the state
// recorded on that step is already the next episode's first state. The checksum lets a reader
// refuse a damaged frame instead of handing corrupt state to game code.
//
//   ReplayWriter w("out.agr", env, seed, /*recorded_envs=*/4);
//   w.record(env);                 // after reset
//   env.step(); w.record(env);     // after each step
#include <cstdint>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "core/config.h"
#include "core/env_spec.h"
#include "core/vec_env.h"

namespace agora {

constexpr uint32_t kReplayVersion = 2;

struct ReplayFrame {
  uint32_t step = 0;
  uint32_t env = 0;
  bool terminated = false, truncated = false, is_reset = false;
  std::vector<uint8_t> state;
  std::vector<int32_t> actions;
  std::vector<float> rewards;
};

struct ReplayHeader {
  std::string env;
  Json config;
  EnvSpec spec;
  uint64_t seed = 0;
  int recorded_envs = 0;
  size_t state_bytes = 0;
  bool final_states = false;  // step frames that end an episode hold its last state
};

class ReplayWriter {
 public:
  /// Opens `path` for writing (the file appears complete only when closed: it is written to
  /// `path.tmp` and renamed, so a crash never leaves a half-written replay under `path`).
  ReplayWriter(const std::string& path, const VecEnv& env, uint64_t seed, int recorded_envs);
  ~ReplayWriter();
  /// Appends one frame per recorded env: a reset frame on the first call after construction
  /// or after `mark_reset()`, else a step frame with the env's current actions and rewards.
  void record(const VecEnv& env);
  void mark_reset() { next_is_reset_ = true; }
  /// Flushes and renames into place; called by the destructor if not called before.
  void close();
  const std::string& path() const { return path_; }

 private:
  std::string path_;
  std::ofstream out_;
  ReplayHeader header_;
  bool next_is_reset_ = true;
  bool closed_ = false;
  uint32_t step_ = 0;
  void write_frame(uint32_t step, int env, const uint8_t flags[4], const uint8_t* state, bool with_moves);
  std::vector<uint8_t> states_, final_states_, frame_;
  std::vector<uint8_t> terminated_, truncated_;
  std::vector<int32_t> actions_;
  std::vector<float> rewards_;
};

/// Reads a whole replay; a missing, truncated, damaged (checksum) or malformed file is an
/// agora::Error naming the file and what is wrong with it.
struct Replay {
  ReplayHeader header;
  std::vector<ReplayFrame> frames;
};
Replay read_replay(const std::string& path);
/// The same from bytes already in memory; `name` stands for the file in messages.
Replay parse_replay(const uint8_t* data, size_t size, const std::string& name);
/// A one-env CPU copy of the replay's game, for inspecting its frames with the game code
/// (VecEnv::load_states): the env must be registered, its config valid, its sizes those the
/// replay was written with, every action in range and every recorded state pass the game's
/// check_state. Any failure is an agora::Error naming `name` (the file).
std::unique_ptr<VecEnv> make_replay_game(const Replay& replay, const std::string& name);
/// The checksum a frame of `size` bytes must carry (for tools that edit replays, and fuzzers).
uint32_t replay_frame_checksum(const uint8_t* frame, size_t size);
/// Byte offset of the checksum inside a frame.
constexpr size_t kReplayChecksumOffset = 12;

Json spec_to_json(const EnvSpec& spec);

}  // namespace agora
