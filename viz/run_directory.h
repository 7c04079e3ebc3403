#pragma once
// RunDirectory: what `agora train` left in a run directory, as the viewer shows it: the
// learning curves of metrics.csv and the list of evaluation replays.
//
//   agora::viz::RunDirectory run("runs/smax_3m/20261125-101500");
//   run.column("win_rate");   // one value per metrics row
//   run.replays();            // replays/*.agr, oldest first
#include <map>
#include <string>
#include <vector>

namespace agora {
namespace viz {

class RunDirectory {
 public:
  /// Reads `dir`; a directory without metrics.csv or replays/ is an agora::Error. A malformed
  /// metrics row is an error naming the file and line.
  explicit RunDirectory(const std::string& dir);

  const std::string& path() const { return path_; }
  /// Column names of metrics.csv, in file order.
  const std::vector<std::string>& columns() const { return columns_; }
  /// The values of one column (empty when absent); a blank cell is NaN.
  std::vector<float> column(const std::string& name) const;
  /// Replay files under replays/, sorted by name (eval_<env_steps>.agr sorts by time).
  const std::vector<std::string>& replays() const { return replays_; }

  /// Whether `path` looks like a run directory (a directory with metrics.csv or replays/).
  static bool is_run_directory(const std::string& path);

 private:
  std::string path_;
  std::vector<std::string> columns_;
  std::map<std::string, std::vector<float>> values_;
  std::vector<std::string> replays_;
};

}  // namespace viz
}  // namespace agora
