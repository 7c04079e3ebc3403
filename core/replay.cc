#include "core/replay.h"

#include <cstdint>
#include <cstdio>
#include <cstring>

#include "core/error.h"
#include "core/registry.h"

namespace agora {
namespace {

constexpr char kMagic[8] = {'A', 'G', 'O', 'R', 'A', 'R', 'E', 'P'};
constexpr size_t kFramePrefix = 16;  // step, env, 4 flag bytes, checksum
constexpr size_t kChecksumAt = kReplayChecksumOffset;

size_t frame_bytes(size_t state_bytes, int agents) {
  return kFramePrefix + state_bytes + static_cast<size_t>(agents) * (sizeof(int32_t) + sizeof(float));
}

template <class T>
void put(std::vector<uint8_t>& buf, size_t& at, const T& v) {
  std::memcpy(buf.data() + at, &v, sizeof(T));
  at += sizeof(T);
}

/// An integer header field in [lo, hi]. nlohmann's get<int> on a float would be an undefined
/// conversion for values beyond int's range, so the type is checked first.
uint64_t integer_field(const Json& j, const char* key, uint64_t lo, uint64_t hi, const std::string& where) {
  AGORA_CHECK(j.is_object() && j.contains(key), where + ": header has no '" + key + "'");
  const Json& v = j.at(key);
  AGORA_CHECK(v.is_number_unsigned() || (v.is_number_integer() && v.get<int64_t>() >= 0),
              where + ": header field '" + key + "' must be a non-negative integer, got " + v.dump());
  const uint64_t x = v.get<uint64_t>();
  AGORA_CHECK(x >= lo && x <= hi, where + ": header field '" + key + "' = " + std::to_string(x) + " is out of range");
  return x;
}

EnvSpec spec_from_json(const Json& j, const std::string& where) {
  const int kMax = 1 << 30;
  EnvSpec s;
  s.num_agents = static_cast<int>(integer_field(j, "num_agents", 1, (1 << 16) - 1, where));
  s.obs_dim = static_cast<int>(integer_field(j, "obs_dim", 0, kMax, where));
  s.state_dim = static_cast<int>(integer_field(j, "state_dim", 0, kMax, where));
  s.num_actions = static_cast<int>(integer_field(j, "num_actions", 1, kMax, where));
  s.max_steps = static_cast<int>(integer_field(j, "max_steps", 1, kMax, where));
  s.num_metrics = j.contains("num_metrics") ? static_cast<int>(integer_field(j, "num_metrics", 0, 1 << 16, where)) : 0;
  AGORA_CHECK(j.contains("turn_based") && j.at("turn_based").is_boolean(), where + ": header spec needs a boolean turn_based");
  s.turn_based = j.at("turn_based").get<bool>();
  return s;
}

}  // namespace

uint32_t replay_frame_checksum(const uint8_t* frame, size_t size) {
  uint32_t h = 2166136261u;  // FNV-1a, the checksum field read as zero
  for (size_t k = 0; k < size; ++k) {
    const uint8_t byte = (k >= kChecksumAt && k < kChecksumAt + 4) ? 0 : frame[k];
    h = (h ^ byte) * 16777619u;
  }
  return h;
}

Json spec_to_json(const EnvSpec& s) {
  return Json{{"num_agents", s.num_agents}, {"obs_dim", s.obs_dim},     {"state_dim", s.state_dim},
              {"num_actions", s.num_actions}, {"turn_based", s.turn_based}, {"max_steps", s.max_steps},
              {"num_metrics", s.num_metrics}};
}

ReplayWriter::ReplayWriter(const std::string& path, const VecEnv& env, uint64_t seed, int recorded_envs)
    : path_(path) {
  AGORA_CHECK(recorded_envs > 0 && recorded_envs <= env.num_envs(),
              "replay: recorded envs must be in [1, " + std::to_string(env.num_envs()) + "]");
  header_ = ReplayHeader{env.name(),    env.config(),      env.spec(), seed, recorded_envs, env.state_bytes(),
                         env.options().keep_final_state};
  out_.open(path_ + ".tmp", std::ios::binary | std::ios::trunc);
  AGORA_CHECK(out_.good(), "replay: cannot write '" + path_ + ".tmp'");
  const Json h = {{"env", header_.env},
                  {"config", header_.config},
                  {"spec", spec_to_json(header_.spec)},
                  {"seed", header_.seed},
                  {"recorded_envs", recorded_envs},
                  {"state_bytes", header_.state_bytes},
                  {"frame_bytes", frame_bytes(header_.state_bytes, header_.spec.num_agents)},
                  {"final_states", header_.final_states},
                  {"agora_version", AGORA_VERSION}};
  const std::string text = h.dump();
  const uint32_t version = kReplayVersion, length = static_cast<uint32_t>(text.size());
  out_.write(kMagic, sizeof(kMagic));
  out_.write(reinterpret_cast<const char*>(&version), 4);
  out_.write(reinterpret_cast<const char*>(&length), 4);
  out_.write(text.data(), text.size());
  const int A = header_.spec.num_agents;
  states_.resize(header_.state_bytes * recorded_envs);
  if (header_.final_states) final_states_.resize(states_.size());
  frame_.resize(frame_bytes(header_.state_bytes, A));
  terminated_.resize(recorded_envs);
  truncated_.resize(recorded_envs);
  actions_.resize(static_cast<size_t>(recorded_envs) * A);
  rewards_.resize(static_cast<size_t>(recorded_envs) * A);
}

ReplayWriter::~ReplayWriter() {
  try {
    close();
  } catch (const Error& e) {
    std::fprintf(stderr, "agora: %s\n", e.what());
  }
}

void ReplayWriter::record(const VecEnv& env) {
  AGORA_CHECK(!closed_, "replay: '" + path_ + "' is already closed");
  const int n = header_.recorded_envs;
  const bool is_reset = next_is_reset_;
  next_is_reset_ = false;
  step_ = is_reset ? 0 : step_ + 1;
  env.copy_states(0, n, states_.data());
  copy_to_host(terminated_.data(), env.terminated().data, n, env.device());
  copy_to_host(truncated_.data(), env.truncated().data, n, env.device());
  if (!is_reset) {
    copy_to_host(actions_.data(), env.actions().data, actions_.size() * sizeof(int32_t), env.device());
    copy_to_host(rewards_.data(), env.reward().data, rewards_.size() * sizeof(float), env.device());
    if (header_.final_states) env.copy_final_states(0, n, final_states_.data());
  }
  const uint8_t reset_flags[4] = {0, 0, 1, 0};
  for (int i = 0; i < n; ++i) {
    const uint8_t* state = states_.data() + i * header_.state_bytes;
    if (is_reset) {
      write_frame(0, i, reset_flags, state, false);
      continue;
    }
    const uint8_t flags[4] = {terminated_[i], truncated_[i], 0, 0};
    const bool ended = terminated_[i] || truncated_[i];
    if (ended && header_.final_states) {
      write_frame(step_, i, flags, final_states_.data() + i * header_.state_bytes, true);
      write_frame(0, i, reset_flags, state, false);
    } else {
      write_frame(step_, i, flags, state, true);
    }
  }
  AGORA_CHECK(out_.good(), "replay: write to '" + path_ + ".tmp' failed");
}

void ReplayWriter::write_frame(uint32_t step, int env, const uint8_t flags[4], const uint8_t* state, bool with_moves) {
  const int A = header_.spec.num_agents;
  std::fill(frame_.begin(), frame_.end(), 0);
  size_t at = 0;
  put(frame_, at, step);
  put(frame_, at, static_cast<uint32_t>(env));
  std::memcpy(frame_.data() + at, flags, 4);
  at = kFramePrefix;
  std::memcpy(frame_.data() + at, state, header_.state_bytes);
  at += header_.state_bytes;
  if (with_moves) {
    std::memcpy(frame_.data() + at, actions_.data() + env * A, A * sizeof(int32_t));
    std::memcpy(frame_.data() + at + A * sizeof(int32_t), rewards_.data() + env * A, A * sizeof(float));
  }
  const uint32_t sum = replay_frame_checksum(frame_.data(), frame_.size());
  std::memcpy(frame_.data() + kChecksumAt, &sum, 4);
  out_.write(reinterpret_cast<const char*>(frame_.data()), frame_.size());
}

void ReplayWriter::close() {
  if (closed_) return;
  closed_ = true;
  out_.close();
  AGORA_CHECK(!out_.fail(), "replay: closing '" + path_ + ".tmp' failed");
  AGORA_CHECK(std::rename((path_ + ".tmp").c_str(), path_.c_str()) == 0,
              "replay: cannot rename '" + path_ + ".tmp' to '" + path_ + "'");
}

Replay read_replay(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  AGORA_CHECK(in.good(), "replay: cannot open '" + path + "'");
  const std::vector<uint8_t> data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  return parse_replay(data.data(), data.size(), path);
}

Replay parse_replay(const uint8_t* data, size_t size, const std::string& name) {
  const std::string where = "replay '" + name + "'";
  AGORA_CHECK(size >= 16 && std::memcmp(data, kMagic, 8) == 0, where + ": not an Agora replay file");
  uint32_t version = 0, length = 0;
  std::memcpy(&version, data + 8, 4);
  std::memcpy(&length, data + 12, 4);
  AGORA_CHECK(version == kReplayVersion, where + ": format version " + std::to_string(version) +
                                             " is not supported (this build reads version " +
                                             std::to_string(kReplayVersion) + "; record it again)");
  AGORA_CHECK(length <= size - 16, where + ": header is truncated");
  const Json h = parse_json(std::string(data + 16, data + 16 + length), where + " header");
  Replay r;
  AGORA_CHECK(h.is_object() && h.contains("env") && h.at("env").is_string(), where + ": header has no env name");
  r.header.env = h.at("env").get<std::string>();
  AGORA_CHECK(h.contains("config") && h.at("config").is_object(), where + ": header has no config object");
  r.header.config = h.at("config");
  AGORA_CHECK(h.contains("spec"), where + ": header has no spec");
  r.header.spec = spec_from_json(h.at("spec"), where);
  r.header.seed = integer_field(h, "seed", 0, UINT64_MAX, where);
  r.header.recorded_envs = static_cast<int>(integer_field(h, "recorded_envs", 1, INT32_MAX, where));
  r.header.state_bytes = integer_field(h, "state_bytes", 1, (1u << 30) - 1, where);
  AGORA_CHECK(h.contains("final_states") && h.at("final_states").is_boolean(), where + ": header needs a boolean final_states");
  r.header.final_states = h.at("final_states").get<bool>();
  const size_t declared_frame = integer_field(h, "frame_bytes", 1, UINT64_MAX, where);
  const int A = r.header.spec.num_agents;
  AGORA_CHECK(declared_frame == frame_bytes(r.header.state_bytes, A),
              where + ": header frame size does not match its spec and state size");
  const size_t fb = declared_frame, body = size - 16 - length;
  AGORA_CHECK(body % fb == 0, where + ": truncated frame at byte " + std::to_string(16 + length + body / fb * fb));
  r.frames.reserve(body / fb);
  for (size_t at = 16 + length; at < size; at += fb) {
    ReplayFrame f;
    const uint8_t* p = data + at;
    uint32_t stored = 0;
    std::memcpy(&stored, p + kChecksumAt, 4);
    AGORA_CHECK(stored == replay_frame_checksum(p, fb), where + ": frame at byte " + std::to_string(at) +
                                                     " is damaged (checksum mismatch)");
    std::memcpy(&f.step, p, 4);
    std::memcpy(&f.env, p + 4, 4);
    AGORA_CHECK(p[8] <= 1 && p[9] <= 1 && p[10] <= 1, where + ": frame at byte " + std::to_string(at) + " has bad flags");
    f.terminated = p[8];
    f.truncated = p[9];
    f.is_reset = p[10];
    AGORA_CHECK(f.env < static_cast<uint32_t>(r.header.recorded_envs),
                where + ": frame at byte " + std::to_string(at) + " names env " + std::to_string(f.env) +
                    " beyond recorded_envs");
    p += kFramePrefix;
    f.state.assign(p, p + r.header.state_bytes);
    p += r.header.state_bytes;
    f.actions.resize(A);
    f.rewards.resize(A);
    std::memcpy(f.actions.data(), p, A * sizeof(int32_t));
    std::memcpy(f.rewards.data(), p + A * sizeof(int32_t), A * sizeof(float));
    r.frames.push_back(std::move(f));
  }
  return r;
}

std::unique_ptr<VecEnv> make_replay_game(const Replay& replay, const std::string& name) {
  const std::string where = "replay '" + name + "'";
  const ReplayHeader& h = replay.header;
  std::unique_ptr<VecEnv> game;
  try {
    VecEnvOptions options;
    options.auto_reset = false;
    options.num_threads = 1;
    game = make_env(h.env, 1, Device::kCpu, h.config, options);
  } catch (const Error& e) {
    throw Error(where + ": " + e.what());
  }
  const EnvSpec& s = game->spec();
  AGORA_CHECK(s.num_agents == h.spec.num_agents && s.obs_dim == h.spec.obs_dim && s.state_dim == h.spec.state_dim &&
                  s.num_actions == h.spec.num_actions && game->state_bytes() == h.state_bytes,
              where + ": recorded with a different version of " + h.env + " (its sizes differ from this build's)");
  // Game code trusts its states and actions: check every recorded one before any is used.
  for (const ReplayFrame& f : replay.frames) {
    const std::string at = where + ": env " + std::to_string(f.env) + " step " + std::to_string(f.step);
    const std::string why = game->check_state(f.state.data());
    AGORA_CHECK(why.empty(), at + " holds a state that is not a valid " + h.env + " state (" + why + ")");
    for (int32_t a : f.actions)
      AGORA_CHECK(a >= 0 && a < s.num_actions, at + " has action " + std::to_string(a) + " outside [0, " +
                                                   std::to_string(s.num_actions) + ")");
  }
  return game;
}

}  // namespace agora
