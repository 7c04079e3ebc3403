// `agora`: the command line of the Agora suite. Every subcommand has --help. Bad input (an
// unknown env, a missing file, a malformed flag) prints one line and exits with code 2.
#include <cstdio>
#include <exception>

#include "apps/agora/commands.h"
#include "core/error.h"

int main(int argc, char** argv) {
  CLI::App app{"Agora: batched multi-agent games, agents and solvers on CPU and CUDA"};
  app.name("agora");
  app.require_subcommand(1);
  app.set_version_flag("--version", AGORA_VERSION);
  agora::cli::add_envs(app);
  agora::cli::add_rollout(app);
  agora::cli::add_trace(app);
  agora::cli::add_bench(app);
  agora::cli::add_train(app);
  agora::cli::add_eval(app);
  agora::cli::add_match(app);
  agora::cli::add_replay(app);
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::fprintf(stderr, "agora: %s (see agora --help)\n", e.what());
    return 2;
  } catch (const agora::Error& e) {
    std::fprintf(stderr, "agora: %s\n", e.what());
    return 2;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "agora: internal error: %s\n", e.what());
    return 1;
  }
  return 0;
}
