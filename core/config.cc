#include "core/config.h"

#include <fstream>
#include <sstream>

#include "core/error.h"

namespace agora {

ConfigReader::ConfigReader(const Json& json, std::string where) : json_(json), where_(std::move(where)) {
  AGORA_CHECK(json_.is_object() || json_.is_null(), where_ + ": expected a JSON object");
}

const Json* ConfigReader::find(const std::string& key) {
  read_.insert(key);
  if (json_.is_null()) return nullptr;
  auto it = json_.find(key);
  return it == json_.end() ? nullptr : &*it;
}

int ConfigReader::get_int(const std::string& key, int fallback, int min_value, int max_value) {
  const Json* v = find(key);
  if (!v) return fallback;
  AGORA_CHECK(v->is_number_integer(), where_ + ": key '" + key + "' must be an integer, got " + v->dump());
  const auto x = v->get<int64_t>();
  AGORA_CHECK(x >= min_value && x <= max_value, where_ + ": key '" + key + "' = " + std::to_string(x) +
                                                    " is out of range [" + std::to_string(min_value) + ", " +
                                                    std::to_string(max_value) + "]");
  return static_cast<int>(x);
}

double ConfigReader::get_double(const std::string& key, double fallback, double min_value, double max_value) {
  const Json* v = find(key);
  if (!v) return fallback;
  AGORA_CHECK(v->is_number(), where_ + ": key '" + key + "' must be a number, got " + v->dump());
  const double x = v->get<double>();
  AGORA_CHECK(x >= min_value && x <= max_value, where_ + ": key '" + key + "' = " + v->dump() +
                                                    " is out of range [" + std::to_string(min_value) + ", " +
                                                    std::to_string(max_value) + "]");
  return x;
}

bool ConfigReader::get_bool(const std::string& key, bool fallback) {
  const Json* v = find(key);
  if (!v) return fallback;
  AGORA_CHECK(v->is_boolean(), where_ + ": key '" + key + "' must be true or false, got " + v->dump());
  return v->get<bool>();
}

std::string ConfigReader::get_string(const std::string& key, const std::string& fallback) {
  const Json* v = find(key);
  if (!v) return fallback;
  AGORA_CHECK(v->is_string(), where_ + ": key '" + key + "' must be a string, got " + v->dump());
  return v->get<std::string>();
}

int ConfigReader::get_choice(const std::string& key, const std::string& fallback,
                             const std::vector<std::string>& choices) {
  const std::string value = get_string(key, fallback);
  std::string listed;
  for (size_t i = 0; i < choices.size(); ++i) {
    if (choices[i] == value) return static_cast<int>(i);
    listed += (i ? ", " : "") + choices[i];
  }
  throw Error(where_ + ": key '" + key + "' = '" + value + "' (expected one of " + listed + ")");
}

std::vector<std::string> ConfigReader::get_string_list(const std::string& key, const std::vector<std::string>& fallback) {
  const Json* v = find(key);
  if (!v) return fallback;
  AGORA_CHECK(v->is_array(), where_ + ": key '" + key + "' must be a list of strings, got " + v->dump());
  std::vector<std::string> out;
  for (size_t i = 0; i < v->size(); ++i) {
    AGORA_CHECK((*v)[i].is_string(), where_ + ": key '" + key + "' entry " + std::to_string(i) + " is not a string");
    out.push_back((*v)[i].get<std::string>());
  }
  return out;
}

std::vector<std::vector<double>> ConfigReader::get_matrix(const std::string& key,
                                                          const std::vector<std::vector<double>>& fallback) {
  const Json* v = find(key);
  if (!v) return fallback;
  const std::string what = where_ + ": key '" + key + "'";
  AGORA_CHECK(v->is_array() && !v->empty(), what + " must be a non-empty list of rows, got " + v->dump());
  std::vector<std::vector<double>> rows;
  for (size_t r = 0; r < v->size(); ++r) {
    const Json& row = (*v)[r];
    AGORA_CHECK(row.is_array() && !row.empty(), what + ": row " + std::to_string(r) + " must be a non-empty list");
    AGORA_CHECK(rows.empty() || row.size() == rows[0].size(),
                what + ": row " + std::to_string(r) + " has " + std::to_string(row.size()) + " entries, row 0 has " +
                    std::to_string(rows[0].size()));
    std::vector<double> values;
    for (const Json& x : row) {
      AGORA_CHECK(x.is_number(), what + ": row " + std::to_string(r) + " holds a non-number " + x.dump());
      values.push_back(x.get<double>());
    }
    rows.push_back(std::move(values));
  }
  return rows;
}

Json ConfigReader::get_object(const std::string& key) {
  const Json* v = find(key);
  if (!v) return Json::object();
  AGORA_CHECK(v->is_object(), where_ + ": key '" + key + "' must be a JSON object, got " + v->dump());
  return *v;
}

std::vector<double> ConfigReader::get_numbers(const std::string& key, const std::vector<double>& fallback) {
  const Json* v = find(key);
  if (!v) return fallback;
  const std::string what = where_ + ": key '" + key + "'";
  AGORA_CHECK(v->is_array() && !v->empty(), what + " must be a non-empty list of numbers, got " + v->dump());
  std::vector<double> values;
  for (const Json& x : *v) {
    AGORA_CHECK(x.is_number(), what + " holds a non-number " + x.dump());
    values.push_back(x.get<double>());
  }
  return values;
}

void ConfigReader::finish() const {
  if (json_.is_null()) return;
  for (auto it = json_.begin(); it != json_.end(); ++it) {
    AGORA_CHECK(read_.count(it.key()), where_ + ": unknown key '" + it.key() + "'");
  }
}

Json parse_json(const std::string& text, const std::string& where) {
  try {
    return Json::parse(text);
  } catch (const Json::exception& e) {  // parse errors, and numbers too large for a double
    throw Error(where + ": invalid JSON: " + e.what());
  }
}

Json read_json_file(const std::string& path) {
  std::ifstream in(path);
  AGORA_CHECK(in.good(), "cannot open '" + path + "'");
  std::stringstream text;
  text << in.rdbuf();
  return parse_json(text.str(), path);
}

}  // namespace agora
