#include "core/replay.h"

#include <cstdio>
#include <cstring>

#include "core/error.h"

namespace agora {
namespace {

constexpr char kMagic[8] = {'A', 'G', 'O', 'R', 'A', 'R', 'E', 'P'};
constexpr size_t kFramePrefix = 12;  // step, env, 4 flag bytes

size_t frame_bytes(size_t state_bytes, int agents) {
  return kFramePrefix + state_bytes + static_cast<size_t>(agents) * (sizeof(int32_t) + sizeof(float));
}

template <class T>
void put(std::vector<uint8_t>& buf, size_t& at, const T& v) {
  std::memcpy(buf.data() + at, &v, sizeof(T));
  at += sizeof(T);
}

EnvSpec spec_from_json(const Json& j, const std::string& where) {
  try {
    EnvSpec s;
    s.num_agents = j.at("num_agents").get<int>();
    s.obs_dim = j.at("obs_dim").get<int>();
    s.state_dim = j.at("state_dim").get<int>();
    s.num_actions = j.at("num_actions").get<int>();
    s.turn_based = j.at("turn_based").get<bool>();
    s.max_steps = j.at("max_steps").get<int>();
    s.num_metrics = j.value("num_metrics", 0);
    AGORA_CHECK(s.num_agents > 0 && s.num_agents < 1 << 16, where + ": bad num_agents in spec");
    return s;
  } catch (const Json::exception& e) {
    throw Error(where + ": bad spec in header: " + e.what());
  }
}

}  // namespace

Json spec_to_json(const EnvSpec& s) {
  return Json{{"num_agents", s.num_agents}, {"obs_dim", s.obs_dim},     {"state_dim", s.state_dim},
              {"num_actions", s.num_actions}, {"turn_based", s.turn_based}, {"max_steps", s.max_steps},
              {"num_metrics", s.num_metrics}};
}

ReplayWriter::ReplayWriter(const std::string& path, const VecEnv& env, uint64_t seed, int recorded_envs)
    : path_(path) {
  AGORA_CHECK(recorded_envs > 0 && recorded_envs <= env.num_envs(),
              "replay: recorded envs must be in [1, " + std::to_string(env.num_envs()) + "]");
  header_ = ReplayHeader{env.name(), env.config(), env.spec(), seed, recorded_envs, env.state_bytes()};
  out_.open(path_ + ".tmp", std::ios::binary | std::ios::trunc);
  AGORA_CHECK(out_.good(), "replay: cannot write '" + path_ + ".tmp'");
  const Json h = {{"env", header_.env},
                  {"config", header_.config},
                  {"spec", spec_to_json(header_.spec)},
                  {"seed", header_.seed},
                  {"recorded_envs", recorded_envs},
                  {"state_bytes", header_.state_bytes},
                  {"frame_bytes", frame_bytes(header_.state_bytes, header_.spec.num_agents)},
                  {"agora_version", AGORA_VERSION}};
  const std::string text = h.dump();
  const uint32_t version = kReplayVersion, length = static_cast<uint32_t>(text.size());
  out_.write(kMagic, sizeof(kMagic));
  out_.write(reinterpret_cast<const char*>(&version), 4);
  out_.write(reinterpret_cast<const char*>(&length), 4);
  out_.write(text.data(), text.size());
  const int A = header_.spec.num_agents;
  states_.resize(header_.state_bytes * recorded_envs);
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
  const int n = header_.recorded_envs, A = header_.spec.num_agents;
  const bool is_reset = next_is_reset_;
  next_is_reset_ = false;
  step_ = is_reset ? 0 : step_ + 1;
  env.copy_states(0, n, states_.data());
  copy_to_host(terminated_.data(), env.terminated().data, n, env.device());
  copy_to_host(truncated_.data(), env.truncated().data, n, env.device());
  if (!is_reset) {
    copy_to_host(actions_.data(), env.actions().data, actions_.size() * sizeof(int32_t), env.device());
    copy_to_host(rewards_.data(), env.reward().data, rewards_.size() * sizeof(float), env.device());
  }
  for (int i = 0; i < n; ++i) {
    std::fill(frame_.begin(), frame_.end(), 0);
    size_t at = 0;
    put(frame_, at, step_);
    put(frame_, at, static_cast<uint32_t>(i));
    const uint8_t flags[4] = {is_reset ? uint8_t(0) : terminated_[i], is_reset ? uint8_t(0) : truncated_[i],
                              uint8_t(is_reset), 0};
    std::memcpy(frame_.data() + at, flags, 4);
    at += 4;
    std::memcpy(frame_.data() + at, states_.data() + i * header_.state_bytes, header_.state_bytes);
    at += header_.state_bytes;
    if (!is_reset) {
      std::memcpy(frame_.data() + at, actions_.data() + i * A, A * sizeof(int32_t));
      std::memcpy(frame_.data() + at + A * sizeof(int32_t), rewards_.data() + i * A, A * sizeof(float));
    }
    out_.write(reinterpret_cast<const char*>(frame_.data()), frame_.size());
  }
  AGORA_CHECK(out_.good(), "replay: write to '" + path_ + ".tmp' failed");
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
  std::vector<uint8_t> data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const std::string where = "replay '" + path + "'";
  AGORA_CHECK(data.size() >= 16 && std::memcmp(data.data(), kMagic, 8) == 0, where + ": not an Agora replay file");
  uint32_t version = 0, length = 0;
  std::memcpy(&version, data.data() + 8, 4);
  std::memcpy(&length, data.data() + 12, 4);
  AGORA_CHECK(version == kReplayVersion, where + ": format version " + std::to_string(version) +
                                             " is not supported (this build reads version " +
                                             std::to_string(kReplayVersion) + ")");
  AGORA_CHECK(length <= data.size() - 16, where + ": header is truncated");
  const Json h = parse_json(std::string(data.begin() + 16, data.begin() + 16 + length), where + " header");
  Replay r;
  size_t declared_frame = 0;
  try {
    r.header.env = h.at("env").get<std::string>();
    r.header.config = h.at("config");
    r.header.spec = spec_from_json(h.at("spec"), where);
    r.header.seed = h.at("seed").get<uint64_t>();
    r.header.recorded_envs = h.at("recorded_envs").get<int>();
    r.header.state_bytes = h.at("state_bytes").get<size_t>();
    declared_frame = h.at("frame_bytes").get<size_t>();
  } catch (const Json::exception& e) {
    throw Error(where + ": bad header: " + e.what());
  }
  const int A = r.header.spec.num_agents;
  const size_t fb = frame_bytes(r.header.state_bytes, A);
  AGORA_CHECK(r.header.state_bytes < (1u << 30) && declared_frame == fb,
              where + ": header frame size does not match its spec and state size");
  const size_t body = data.size() - 16 - length;
  AGORA_CHECK(body % fb == 0, where + ": truncated frame at byte " + std::to_string(16 + length + body / fb * fb));
  for (size_t at = 16 + length; at < data.size(); at += fb) {
    ReplayFrame f;
    const uint8_t* p = data.data() + at;
    std::memcpy(&f.step, p, 4);
    std::memcpy(&f.env, p + 4, 4);
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

}  // namespace agora
