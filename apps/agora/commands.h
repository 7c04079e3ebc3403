#pragma once
// The `agora` subcommands. Each `add_*` registers its flags on the CLI11 app and a callback
// that runs the command; errors are thrown as agora::Error and reported by main().
#include <CLI/CLI.hpp>

namespace agora {
namespace cli {

void add_envs(CLI::App& app);
void add_rollout(CLI::App& app);
void add_trace(CLI::App& app);
void add_bench(CLI::App& app);
void add_train(CLI::App& app);
void add_eval(CLI::App& app);
void add_match(CLI::App& app);
void add_replay(CLI::App& app);

}  // namespace cli
}  // namespace agora
