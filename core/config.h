#pragma once
// Reading a game's (or a scenario's) JSON configuration strictly: every key must be known,
// every value of the right type and in range, and errors name the key and where it came from.
//
//   ConfigReader r(json, "toy/gather config");
//   cfg.grid = r.get_int("grid", /*default=*/5, /*min=*/2, /*max=*/64);
//   r.finish();   // throws on any key nobody asked for
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

namespace agora {

using Json = nlohmann::json;

class ConfigReader {
 public:
  /// `where` names the source in error messages (file name, env name, ...).
  ConfigReader(const Json& json, std::string where);

  int get_int(const std::string& key, int fallback, int min_value, int max_value);
  double get_double(const std::string& key, double fallback, double min_value, double max_value);
  bool get_bool(const std::string& key, bool fallback);
  std::string get_string(const std::string& key, const std::string& fallback);
  /// One of `choices` (a string), returned as its index; errors list the choices.
  int get_choice(const std::string& key, const std::string& fallback, const std::vector<std::string>& choices);
  /// A list of strings; `fallback` when absent.
  std::vector<std::string> get_string_list(const std::string& key, const std::vector<std::string>& fallback);
  /// A nested JSON object (an empty one when absent), for a sub-reader.
  Json get_object(const std::string& key);
  /// A non-empty list of numbers; `fallback` when absent.
  std::vector<double> get_numbers(const std::string& key, const std::vector<double>& fallback);
  /// A rectangular list of lists of numbers; `fallback` when absent. Errors name the key and
  /// the offending row.
  std::vector<std::vector<double>> get_matrix(const std::string& key, const std::vector<std::vector<double>>& fallback);

  /// Throws agora::Error naming the first key that was present but never read.
  void finish() const;

 private:
  const Json* find(const std::string& key);
  const Json json_;  // a copy: configs are small and readers may outlive temporaries
  std::string where_;
  std::set<std::string> read_;
};

/// Parses JSON text; errors name `where` and the parser's position.
Json parse_json(const std::string& text, const std::string& where);
/// Reads and parses a JSON file; a missing or malformed file is an agora::Error.
Json read_json_file(const std::string& path);

}  // namespace agora
