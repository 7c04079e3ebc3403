// `agora train SCENARIO.json` and `agora eval RUN_DIR`: PPO training runs that leave a run
// directory a researcher can trust, and evaluation of their checkpoints.
//
// A run directory holds:
//   config.json        the resolved scenario (every key explicit)
//   metrics.csv        one row per update: env_steps, wall_seconds, steps_per_second, episodes,
//                      episode_return, episode_length, score, win_rate, losses, entropy, ...
//   eval.csv           one row per evaluation
//   curve.png          the learning curve, redrawn as training goes
//   checkpoints/       ckpt_<env_steps>.pt (written atomically) and `latest` (its name)
//   replays/           eval_<env_steps>.agr: evaluation episodes for agora-viewer
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "agents/scenario.h"
#include "apps/agora/commands.h"
#include "apps/agora/common.h"
#include "apps/agora/curve_png.h"
#include "core/error.h"
#if AGORA_WITH_TORCH
#include "agents/ppo/checkpoint.h"
#include "agents/ppo/ppo.h"
#endif

namespace agora {
namespace cli {
namespace {

namespace fs = std::filesystem;

struct TrainArgs {
  std::string scenario;
  std::string device;
  int64_t seed = -1;
  double steps = 0;
  std::string out;
  std::string resume;
  std::vector<std::string> sets;
};

struct EvalArgs {
  std::string run_dir;
  int episodes = 100;
  std::string checkpoint;
  bool greedy = false;
};

#if AGORA_WITH_TORCH  // everything up to run_train/run_eval needs the learners

/// Writes `text` to `path` atomically.
void write_file(const fs::path& path, const std::string& text) {
  const fs::path tmp = path.string() + ".tmp";
  {
    std::ofstream out(tmp);
    AGORA_CHECK(out.good(), "cannot write '" + tmp.string() + "'");
    out << text;
  }
  fs::rename(tmp, path);
}

std::string read_file(const fs::path& path) {
  std::ifstream in(path);
  AGORA_CHECK(in.good(), "cannot read '" + path.string() + "'");
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string timestamp() {
  const std::time_t t = std::time(nullptr);
  char buf[32];
  std::strftime(buf, sizeof(buf), "%Y%m%d-%H%M%S", std::localtime(&t));
  return buf;
}

std::string format_duration(double seconds) {
  if (!std::isfinite(seconds) || seconds < 0) return "--:--";
  const int s = static_cast<int>(seconds);
  char buf[32];
  if (s >= 3600) std::snprintf(buf, sizeof(buf), "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60);
  else std::snprintf(buf, sizeof(buf), "%02d:%02d", s / 60, s % 60);
  return buf;
}

const char* kMetricsHeader =
    "env_steps,wall_seconds,steps_per_second,episodes,episode_return,episode_length,score,win_rate,policy_loss,"
    "value_loss,entropy,approx_kl,clip_fraction,learning_rate\n";

/// Keeps the metrics rows of steps <= `env_steps` (a resumed run rewrites what it redoes).
std::vector<CurvePoint> trim_metrics(const fs::path& csv, int64_t env_steps, double* wall_seconds) {
  std::vector<CurvePoint> curve;
  std::stringstream kept;
  kept << kMetricsHeader;
  std::ifstream in(csv);
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    std::stringstream row(line);
    std::string cell;
    std::vector<std::string> cells;
    while (std::getline(row, cell, ',')) cells.push_back(cell);
    if (cells.size() < 8) continue;
    const int64_t steps = std::stoll(cells[0]);
    if (steps > env_steps) break;
    kept << line << "\n";
    *wall_seconds = std::stod(cells[1]);
    curve.push_back({static_cast<double>(steps), std::stod(cells[4]), cells[7].empty() ? -1.0 : std::stod(cells[7])});
  }
  in.close();
  write_file(csv, kept.str());
  return curve;
}

void run_train(const TrainArgs& a) {
  Scenario s;
  fs::path dir;
  const bool resuming = !a.resume.empty();
  if (resuming) {
    dir = a.resume;
    AGORA_CHECK(fs::is_regular_file(dir / "config.json"), "--resume '" + a.resume + "': no config.json: not a run directory");
    Json json = parse_json(read_file(dir / "config.json"), (dir / "config.json").string());
    for (const std::string& set : a.sets) apply_override(json, set);
    s = parse_scenario(json, (dir / "config.json").string());
  } else {
    AGORA_CHECK(!a.scenario.empty(), "train: give a SCENARIO.json (or --resume RUN_DIR)");
    s = load_scenario(a.scenario, a.sets);
  }
  if (!a.device.empty()) s.device = a.device;
  if (a.seed >= 0) s.seed = static_cast<uint64_t>(a.seed);
  if (a.steps > 0) s.env_steps = static_cast<int64_t>(a.steps);
  if (s.checkpoint_every <= 0) s.checkpoint_every = std::max<int64_t>(1, s.env_steps / 10);
  if (s.eval_every <= 0) s.eval_every = s.env_steps;
  std::string reason;
  const Device device = resolve_device(s.device, &reason);

  // A new run pins its opponent to one file (a resumed one keeps what its config.json pinned).
  if (!resuming && s.opponent == "checkpoint") s.opponent_checkpoint = pin_checkpoint(s.opponent_checkpoint);
  // The trainer is built (env, networks, opponent checked) before the run directory is made, so
  // a scenario that cannot run leaves no directory behind.
  PpoTrainer trainer(s, device);
  if (!reason.empty()) std::printf("device %s\n", reason.c_str());
  if (!resuming) {
    dir = a.out.empty() ? fs::path("runs") / s.name / timestamp() : fs::path(a.out);
    AGORA_CHECK(!fs::exists(dir) || fs::is_empty(dir),
                "--out '" + dir.string() + "' exists and is not empty: refusing to mix two runs (use --resume)");
    fs::create_directories(dir / "checkpoints");
    fs::create_directories(dir / "replays");
    write_file(dir / "config.json", scenario_to_json(s).dump(2) + "\n");
    write_file(dir / "metrics.csv", kMetricsHeader);
    write_file(dir / "eval.csv", "env_steps,episodes,episode_return,episode_length,score,win_rate,replay\n");
  } else {
    write_file(dir / "config.json", scenario_to_json(s).dump(2) + "\n");  // --steps/--set may extend it
  }

  double wall_offset = 0.0;
  std::vector<CurvePoint> curve;
  if (resuming) {
    const std::string ckpt = latest_checkpoint(dir.string());
    if (!ckpt.empty()) trainer.load(ckpt);
    curve = trim_metrics(dir / "metrics.csv", trainer.env_steps(), &wall_offset);
    std::printf("resuming %s at %lld env steps (%s)\n", dir.string().c_str(), static_cast<long long>(trainer.env_steps()),
                ckpt.empty() ? "no checkpoint yet: from scratch" : ckpt.c_str());
  }
  std::printf("training %s: %s, %d envs x %d agents on %s, budget %lld env steps\n", s.name.c_str(), s.env.c_str(),
              s.num_envs, trainer.env().spec().num_agents, device_name(device), static_cast<long long>(s.env_steps));
  std::printf("run directory: %s\n", dir.string().c_str());
  std::fflush(stdout);

  std::ofstream metrics(dir / "metrics.csv", std::ios::app);
  std::ofstream evals(dir / "eval.csv", std::ios::app);
  const bool tty = isatty(fileno(stderr));
  const double start = now_seconds();
  const int64_t start_steps = trainer.env_steps();
  int64_t next_checkpoint = (trainer.env_steps() / s.checkpoint_every + 1) * s.checkpoint_every;
  int64_t next_eval = (trainer.env_steps() / s.eval_every + 1) * s.eval_every;
  double last_print = -1e9, last_png = -1e9;
  EpisodeWindow recent;  // the last few updates' episodes, for the progress line
  auto save_checkpoint = [&]() {
    char name[64];
    std::snprintf(name, sizeof(name), "ckpt_%012lld.pt", static_cast<long long>(trainer.env_steps()));
    trainer.save((dir / "checkpoints" / name).string());
    write_file(dir / "checkpoints" / "latest", std::string(name) + "\n");
  };
  auto evaluate = [&]() {
    char name[64];
    std::snprintf(name, sizeof(name), "eval_%012lld.agr", static_cast<long long>(trainer.env_steps()));
    const EvalResult r = trainer.evaluate(s.eval_episodes, s.seed + 1000003u, false,
                                          s.record_envs > 0 ? (dir / "replays" / name).string() : "", s.record_envs);
    const EpisodeWindow& w = r.episodes;
    evals << trainer.env_steps() << "," << w.episodes << "," << w.mean_return() << "," << w.mean_length() << ","
          << w.mean_score() << "," << (w.has_win ? std::to_string(w.win_rate()) : "") << ","
          << (r.replay_path.empty() ? "" : fs::path(r.replay_path).filename().string()) << "\n";
    evals.flush();
    return w;
  };
  while (trainer.env_steps() < s.env_steps) {
    const PpoUpdateStats u = trainer.iterate();
    const EpisodeWindow w = trainer.take_episodes();
    const double elapsed = now_seconds() - start;
    const double rate = static_cast<double>(trainer.env_steps() - start_steps) / std::max(elapsed, 1e-9);
    if (w.episodes > 0) recent = w;
    metrics << trainer.env_steps() << "," << wall_offset + elapsed << "," << rate << "," << w.episodes << ","
            << (w.episodes ? std::to_string(w.mean_return()) : "") << ","
            << (w.episodes ? std::to_string(w.mean_length()) : "") << ","
            << (w.episodes ? std::to_string(w.mean_score()) : "") << ","
            << (w.episodes && w.has_win ? std::to_string(w.win_rate()) : "") << "," << u.policy_loss << ","
            << u.value_loss << "," << u.entropy << "," << u.approx_kl << "," << u.clip_fraction << ","
            << u.learning_rate << "\n";
    metrics.flush();
    if (w.episodes > 0)
      curve.push_back({static_cast<double>(trainer.env_steps()), w.mean_return(), w.has_win ? w.win_rate() : -1.0});
    const bool last = trainer.env_steps() >= s.env_steps;
    if (trainer.env_steps() >= next_checkpoint || last) {
      save_checkpoint();
      next_checkpoint = (trainer.env_steps() / s.checkpoint_every + 1) * s.checkpoint_every;
    }
    if (trainer.env_steps() >= next_eval || last) {
      evaluate();
      next_eval = (trainer.env_steps() / s.eval_every + 1) * s.eval_every;
    }
    if (elapsed - last_png > 30.0 || last) {
      write_curve_png((dir / "curve.png").string(), s.name + " (" + s.env + ")", curve);
      last_png = elapsed;
    }
    if (tty || elapsed - last_print > 10.0 || last) {
      const double share = static_cast<double>(trainer.env_steps()) / static_cast<double>(s.env_steps);
      const double eta = static_cast<double>(s.env_steps - trainer.env_steps()) / std::max(rate, 1e-9);
      char bar[31];
      const int filled = static_cast<int>(std::min(1.0, share) * 30);
      for (int i = 0; i < 30; ++i) bar[i] = i < filled ? '#' : '.';
      bar[30] = 0;
      std::fprintf(stderr, "%s[%s] %5.1f%% %lld/%lld steps  %.3g steps/s  ETA %s  return %.3g%s%s", tty ? "\r" : "",
                   bar, 100.0 * std::min(1.0, share), static_cast<long long>(trainer.env_steps()),
                   static_cast<long long>(s.env_steps), rate, format_duration(eta).c_str(), recent.mean_return(),
                   recent.has_win ? ("  win " + std::to_string(recent.win_rate()).substr(0, 5)).c_str() : "",
                   tty ? "   " : "\n");
      last_print = elapsed;
    }
  }
  if (tty) std::fprintf(stderr, "\n");
  std::printf("done: %lld env steps in %s; outputs in %s (config.json, metrics.csv, eval.csv, curve.png, "
              "checkpoints/, replays/)\n",
              static_cast<long long>(trainer.env_steps()), format_duration(now_seconds() - start).c_str(),
              dir.string().c_str());
}

void run_eval(const EvalArgs& a) {
  const fs::path dir = a.run_dir;
  AGORA_CHECK(fs::is_regular_file(dir / "config.json"), "eval: '" + a.run_dir + "' has no config.json: not a run directory");
  const Scenario s = parse_scenario(parse_json(read_file(dir / "config.json"), (dir / "config.json").string()),
                                    (dir / "config.json").string());
  Scenario small = s;
  small.num_envs = 1;  // the trainer's own envs are not used
  std::string reason;
  const Device device = resolve_device(s.device, &reason);
  PpoTrainer trainer(small, device);
  const std::string ckpt = a.checkpoint.empty() ? latest_checkpoint(dir.string()) : a.checkpoint;
  AGORA_CHECK(!ckpt.empty(), "eval: '" + a.run_dir + "' has no checkpoint yet");
  trainer.load(ckpt);
  const EvalResult r = trainer.evaluate(a.episodes, s.seed + 2000003u, a.greedy, "", 0);
  const EpisodeWindow& w = r.episodes;
  std::printf("%s after %lld env steps (%s), %lld episodes%s:\n", s.env.c_str(),
              static_cast<long long>(trainer.env_steps()), fs::path(ckpt).filename().string().c_str(),
              static_cast<long long>(w.episodes), a.greedy ? ", greedy" : "");
  std::printf("  mean return %.4f\n  mean length %.2f\n  mean score %.4f\n", w.mean_return(), w.mean_length(),
              w.mean_score());
  if (w.has_win) std::printf("  win rate %.4f\n", w.win_rate());
}

#else

void run_train(const TrainArgs&) { throw Error("train: this build has no LibTorch (install libtorch-dev and rebuild)"); }
void run_eval(const EvalArgs&) { throw Error("eval: this build has no LibTorch (install libtorch-dev and rebuild)"); }

#endif

}  // namespace

void add_train(CLI::App& app) {
  auto args = std::make_shared<TrainArgs>();
  CLI::App* cmd = app.add_subcommand("train", "Train agents with IPPO/MAPPO on a scenario; writes a run directory");
  cmd->add_option("scenario", args->scenario, "Scenario JSON file (see scenarios/)");
  cmd->add_option("--device", args->device, "auto, cpu or cuda (overrides the scenario)")
      ->check(CLI::IsMember({"auto", "cpu", "cuda"}));
  cmd->add_option("--seed", args->seed, "Run seed (overrides the scenario)")->check(CLI::Range(0, 2147483647));
  cmd->add_option("--steps", args->steps, "Env-step budget (overrides the scenario)")->check(CLI::Range(1.0, 1e12));
  cmd->add_option("--out", args->out, "Run directory (default runs/<scenario>/<timestamp>/)");
  cmd->add_option("--resume", args->resume, "Continue the run in this directory from its latest checkpoint");
  cmd->add_option("--set", args->sets, "Override a scenario key: key=value (dotted keys reach agent.* and env_config.*)");
  cmd->callback([args]() { run_train(*args); });
}

void add_eval(CLI::App& app) {
  auto args = std::make_shared<EvalArgs>();
  CLI::App* cmd = app.add_subcommand("eval", "Evaluate a training run's checkpoint and print the results");
  cmd->add_option("run_dir", args->run_dir, "Run directory written by agora train")->required();
  cmd->add_option("--episodes", args->episodes, "Episodes to play")->check(CLI::Range(1, 10000000));
  cmd->add_option("--checkpoint", args->checkpoint, "Checkpoint file (default: the run's latest)");
  cmd->add_flag("--greedy", args->greedy, "Take the most likely action instead of sampling");
  cmd->callback([args]() { run_eval(*args); });
}

}  // namespace cli
}  // namespace agora
