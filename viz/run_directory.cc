#include "viz/run_directory.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/error.h"

namespace agora {
namespace viz {
namespace fs = std::filesystem;

namespace {

std::vector<std::string> split_csv_line(const std::string& line) {
  std::vector<std::string> cells;
  std::stringstream ss(line);
  std::string cell;
  while (std::getline(ss, cell, ',')) cells.push_back(cell);
  if (!line.empty() && line.back() == ',') cells.emplace_back();
  return cells;
}

}  // namespace

bool RunDirectory::is_run_directory(const std::string& path) {
  std::error_code ec;
  return fs::is_directory(path, ec) && (fs::exists(fs::path(path) / "metrics.csv", ec) ||
                                        fs::is_directory(fs::path(path) / "replays", ec));
}

RunDirectory::RunDirectory(const std::string& dir) : path_(dir) {
  AGORA_CHECK(is_run_directory(dir), "'" + dir + "' is not a run directory (no metrics.csv or replays/)");
  const fs::path metrics = fs::path(dir) / "metrics.csv";
  std::ifstream in(metrics);
  std::string line;
  if (in && std::getline(in, line)) {
    columns_ = split_csv_line(line);
    for (int row = 2; std::getline(in, line); ++row) {
      if (line.empty()) continue;
      const std::vector<std::string> cells = split_csv_line(line);
      AGORA_CHECK(cells.size() == columns_.size(), metrics.string() + ":" + std::to_string(row) + ": " +
                                                       std::to_string(cells.size()) + " cells, the header has " +
                                                       std::to_string(columns_.size()));
      for (size_t c = 0; c < cells.size(); ++c) {
        char* end = nullptr;
        const float v = cells[c].empty() ? NAN : std::strtof(cells[c].c_str(), &end);
        AGORA_CHECK(cells[c].empty() || (end && *end == '\0'), metrics.string() + ":" + std::to_string(row) +
                                                                   ": '" + cells[c] + "' in column " + columns_[c] +
                                                                   " is not a number");
        values_[columns_[c]].push_back(v);
      }
    }
  }
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(fs::path(dir) / "replays", ec))
    if (entry.path().extension() == ".agr") replays_.push_back(entry.path().string());
  std::sort(replays_.begin(), replays_.end());
}

std::vector<float> RunDirectory::column(const std::string& name) const {
  auto it = values_.find(name);
  return it == values_.end() ? std::vector<float>() : it->second;
}

}  // namespace viz
}  // namespace agora
