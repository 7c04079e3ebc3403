// `agora bench`: every env x batch size x device (x thread mapping x CUDA block size);
// env-steps/s, agent-steps/s, bytes moved per step and the fraction of the memory-bandwidth
// roofline (bandwidth measured in the same run).
#include <omp.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <memory>
#include <thread>

#include "apps/agora/commands.h"
#include "apps/agora/common.h"
#include "core/error.h"

namespace agora {
namespace cli {
namespace {

struct BenchArgs {
  std::vector<std::string> envs;
  std::string config;  // a game config JSON file, for every env
  std::vector<std::string> devices;
  std::vector<int> batch_sizes = {1, 64, 4096, 65536};
  double seconds = 0.5;
  int threads = 0;
  bool world_state = true;
  std::vector<std::string> thread_mappings = {"env"};
  std::vector<int> cuda_block_threads = {0};
  std::string json_path;
  std::string markdown_path;
};

/// Copy bandwidth (bytes read + written per second) of a large device-to-device copy, on
/// `threads` CPU threads (0 = all) like the env loops it is compared with.
double copy_bandwidth(Device device, int threads) {
  const size_t bytes = size_t(256) << 20;
  RawBuffer src(device, bytes), dst(device, bytes);
  src.zero();
  dst.zero();
  double best = 0;
  for (int rep = 0; rep < 5; ++rep) {
    const double t0 = now_seconds();
    if (device == Device::kCpu) {
      // Split across threads like the env loops are, so both sides see the same cores.
#pragma omp parallel for schedule(static) num_threads(threads > 0 ? threads : omp_get_max_threads())
      for (int part = 0; part < 64; ++part) {
        const size_t chunk = bytes / 64;
        std::memcpy(static_cast<char*>(dst.data()) + part * chunk, static_cast<char*>(src.data()) + part * chunk,
                    chunk);
      }
    } else {
      copy_device_to_device(dst.data(), src.data(), bytes, device);
    }
    device_synchronize(device);
    best = std::max(best, 2.0 * bytes / (now_seconds() - t0));
  }
  return best;
}

/// One measurement's settings beyond the env and the batch size.
struct BenchPoint {
  Device device;
  ThreadMapping mapping;
  int cuda_block_threads;  // 0 = automatic
};

/// "env", "agent" or "warp", with the CUDA block size when one was asked for ("agent/64").
std::string mapping_label(const std::string& mapping, int cuda_block_threads) {
  return cuda_block_threads > 0 ? mapping + "/" + std::to_string(cuda_block_threads) : mapping;
}

Json bench_one(const std::string& name, const BenchPoint& p, int batch, const BenchArgs& a, double bandwidth) {
  const Device device = p.device;
  VecEnvOptions options;
  options.num_threads = a.threads;
  options.world_state = a.world_state;
  options.thread_mapping = p.mapping;
  options.cuda_block_threads = p.cuda_block_threads;
  std::unique_ptr<VecEnv> env = open_env(name, batch, device, a.config, options);
  env->reset(1);
  for (int t = 0; t < 3; ++t) {  // warm-up: first touches, kernel loading
    env->sample_random_actions();
    env->step();
  }
  device_synchronize(device);
  int64_t steps = 0;
  const double start = now_seconds();
  double elapsed = 0;
  // Time in rounds so the clock is read rarely at small batch sizes.
  int64_t round = 1;
  while (elapsed < a.seconds) {
    for (int64_t r = 0; r < round; ++r) {
      env->sample_random_actions();
      env->step();
    }
    steps += round;
    device_synchronize(device);
    elapsed = now_seconds() - start;
    round = std::min<int64_t>(round * 2, 1 << 16);
  }
  const double env_steps_per_s = static_cast<double>(steps) * batch / elapsed;
  const size_t bytes = env->bytes_per_env_step();
  const double roofline = bandwidth / bytes;
  return Json{{"env", name},
              {"device", device_name(device)},
              {"thread_mapping", thread_mapping_name(p.mapping)},
              {"cuda_block_threads", p.cuda_block_threads},
              {"num_envs", batch},
              {"world_state", a.world_state},
              {"config", a.config},
              {"env_steps_per_s", env_steps_per_s},
              {"agent_steps_per_s", env_steps_per_s * env->spec().num_agents},
              {"bytes_per_env_step", bytes},
              {"roofline_env_steps_per_s", roofline},
              {"roofline_fraction", env_steps_per_s / roofline}};
}

std::string markdown(const Json& results, const Json& machine) {
  std::string md = "Machine: " + machine["cpu"].get<std::string>() + ", " + std::to_string(machine["threads"].get<int>()) +
                   " threads";
  if (machine.contains("gpu")) md += "; GPU: " + machine["gpu"].get<std::string>();
  if (!results.empty() && !results[0]["world_state"].get<bool>()) md += "; world state not computed";
  md += ".\n\n| env | device | mapping | envs | env-steps/s | agent-steps/s | bytes/step | roofline env-steps/s | % of roofline |\n";
  md += "|---|---|---|---:|---:|---:|---:|---:|---:|\n";
  char line[512];
  for (const Json& r : results) {
    std::snprintf(line, sizeof(line), "| %s | %s | %s | %d | %.3g | %.3g | %zu | %.3g | %.2f%% |\n",
                  r["env"].get<std::string>().c_str(), r["device"].get<std::string>().c_str(),
                  mapping_label(r["thread_mapping"].get<std::string>(), r["cuda_block_threads"].get<int>()).c_str(),
                  r["num_envs"].get<int>(),
                  r["env_steps_per_s"].get<double>(), r["agent_steps_per_s"].get<double>(),
                  r["bytes_per_env_step"].get<size_t>(), r["roofline_env_steps_per_s"].get<double>(),
                  100.0 * r["roofline_fraction"].get<double>());
    md += line;
  }
  return md;
}

std::string cpu_model() {
  std::ifstream in("/proc/cpuinfo");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("model name", 0) == 0) return line.substr(line.find(':') + 2);
  }
  return "unknown CPU";
}

void write_file(const std::string& path, const std::string& text) {
  std::ofstream out(path);
  AGORA_CHECK(out.good(), "cannot write '" + path + "'");
  out << text;
}

void run_bench(BenchArgs a) {
  if (a.envs.empty()) a.envs = representative_env_names();
  for (const std::string& e : a.envs) find_env(e);
  std::vector<Device> devices;
  if (a.devices.empty()) {
    devices.push_back(Device::kCpu);
    if (cuda_device_count() > 0) devices.push_back(Device::kCuda);
  } else {
    for (const std::string& d : a.devices) devices.push_back(resolve_device(d));
  }
  Json machine = {{"cpu", cpu_model()}, {"threads", a.threads > 0 ? a.threads : static_cast<int>(std::thread::hardware_concurrency())}};
  if (cuda_device_count() > 0) machine["gpu"] = cuda_device_description();
  Json results = Json::array();
  Json bandwidth = Json::object();
  for (Device device : devices) {
    const double bw = copy_bandwidth(device, a.threads);
    bandwidth[device_name(device)] = bw;
    std::printf("%s copy bandwidth: %.1f GB/s (read + write)\n", device_name(device), bw / 1e9);
    // The CPU backend has no blocks: its points are one per thread mapping.
    const std::vector<int> block_sizes = device == Device::kCuda ? a.cuda_block_threads : std::vector<int>{0};
    for (const std::string& name : a.envs) {
      for (int batch : a.batch_sizes) {
        for (const std::string& mapping : a.thread_mappings) {
          if (!supports_thread_mapping(name, parse_thread_mapping(mapping))) continue;  // warp: team-step games
          for (int block_threads : block_sizes) {
            const BenchPoint point{device, parse_thread_mapping(mapping), block_threads};
            Json r = bench_one(name, point, batch, a, bw);
            std::printf("%-20s %-4s %-9s %7d envs: %10.4g env-steps/s %10.4g agent-steps/s  %4zu B/step  %6.2f%% of roofline\n",
                        name.c_str(), device_name(device), mapping_label(mapping, block_threads).c_str(), batch,
                        r["env_steps_per_s"].get<double>(), r["agent_steps_per_s"].get<double>(),
                        r["bytes_per_env_step"].get<size_t>(), 100.0 * r["roofline_fraction"].get<double>());
            std::fflush(stdout);
            results.push_back(r);
          }
        }
      }
    }
  }
  const std::string md = markdown(results, machine);
  std::printf("\n%s", md.c_str());
  if (!a.json_path.empty()) {
    write_file(a.json_path, Json{{"machine", machine}, {"copy_bandwidth_bytes_per_s", bandwidth}, {"results", results}}.dump(2) + "\n");
    std::printf("JSON written to %s\n", a.json_path.c_str());
  }
  if (!a.markdown_path.empty()) {
    write_file(a.markdown_path, md);
    std::printf("markdown written to %s\n", a.markdown_path.c_str());
  }
}

}  // namespace

void add_bench(CLI::App& app) {
  auto args = std::make_shared<BenchArgs>();
  auto* cmd = app.add_subcommand("bench", "Benchmark every env x batch size x device with a random legal policy");
  cmd->add_option("--envs", args->envs, "Envs to run (default: one name per game type)")->delimiter(',');
  cmd->add_option("--config", args->config, "Game config JSON file for every env (e.g. SMAX's observation_type)")
      ->check(CLI::ExistingFile);
  cmd->add_option("--devices", args->devices, "cpu and/or cuda (default: every available device)")
      ->delimiter(',')
      ->check(CLI::IsMember({"cpu", "cuda"}));
  cmd->add_option("--batch-sizes", args->batch_sizes, "Batch sizes (default 1,64,4096,65536)")
      ->delimiter(',')
      ->check(CLI::Range(1, 1 << 24));
  cmd->add_option("--thread-mappings", args->thread_mappings,
                  "env (a thread per env, default), agent (outputs by a thread per agent) and/or warp (rules by a "
                  "warp per env, for games with a team step; others are skipped)")
      ->delimiter(',')
      ->check(CLI::IsMember({"env", "agent", "warp"}));
  cmd->add_option("--cuda-block-threads", args->cuda_block_threads,
                  "CUDA threads per block, multiples of 32 (default 0: automatic)")
      ->delimiter(',')
      ->check(CLI::Range(0, 1024) & CLI::Validator(
                                         [](std::string& v) {
                                           return std::strtol(v.c_str(), nullptr, 10) % 32 ? v + " is not a multiple of 32" : "";
                                         },
                                         "MULTIPLE OF 32"));
  cmd->add_option("--seconds", args->seconds, "Minimum timed seconds per measurement")->check(CLI::Range(0.01, 600.0));
  cmd->add_option("--threads", args->threads, "CPU threads (0 = all)")->check(CLI::Range(0, 4096));
  cmd->add_flag("!--no-world-state", args->world_state, "Do not compute the world state (as IPPO-style learners need none)");
  cmd->add_option("--json", args->json_path, "Write the results as JSON to FILE");
  cmd->add_option("--markdown", args->markdown_path, "Write the markdown table to FILE");
  cmd->callback([args] { run_bench(*args); });
}

}  // namespace cli
}  // namespace agora
