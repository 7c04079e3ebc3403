#include "core/config.h"

#include <gtest/gtest.h>

#include <fstream>

#include "core/error.h"
#include "tests/test_util.h"

namespace agora {
namespace {

using testing_util::error_of;

TEST(ConfigReader, ReadsValuesAndDefaults) {
  ConfigReader r(Json{{"a", 3}, {"b", 0.5}, {"c", true}, {"d", "x"}}, "test");
  EXPECT_EQ(r.get_int("a", 0, 0, 10), 3);
  EXPECT_EQ(r.get_double("b", 0, 0, 1), 0.5);
  EXPECT_TRUE(r.get_bool("c", false));
  EXPECT_EQ(r.get_string("d", ""), "x");
  EXPECT_EQ(r.get_int("missing", 7, 0, 10), 7);
  EXPECT_NO_THROW(r.finish());
}

TEST(ConfigReader, ErrorsNameTheKeyAndSource) {
  EXPECT_NE(error_of([] {
              ConfigReader r(Json{{"grid", 5}, {"gird", 4}}, "toy config");
              r.get_int("grid", 0, 0, 10);
              r.finish();
            }).find("toy config: unknown key 'gird'"),
            std::string::npos);
  EXPECT_NE(error_of([] { ConfigReader(Json{{"grid", 99}}, "cfg").get_int("grid", 0, 0, 10); }).find("'grid' = 99 is out of range"),
            std::string::npos);
  EXPECT_NE(error_of([] { ConfigReader(Json{{"grid", "5"}}, "cfg").get_int("grid", 0, 0, 10); }).find("must be an integer"),
            std::string::npos);
  EXPECT_NE(error_of([] { ConfigReader(Json{{"grid", 2.5}}, "cfg").get_int("grid", 0, 0, 10); }).find("must be an integer"),
            std::string::npos);
  EXPECT_NE(error_of([] { ConfigReader(Json{{"on", 1}}, "cfg").get_bool("on", false); }).find("true or false"),
            std::string::npos);
  EXPECT_NE(error_of([] { ConfigReader(Json::array(), "cfg"); }).find("expected a JSON object"), std::string::npos);
}

TEST(ConfigFiles, MissingAndMalformedFilesAreErrorsNamingTheFile) {
  EXPECT_NE(error_of([] { read_json_file("/nonexistent/agora.json"); }).find("/nonexistent/agora.json"),
            std::string::npos);
  const std::string path = ::testing::TempDir() + "/bad.json";
  std::ofstream(path) << "{\"grid\": 5,";
  const std::string msg = error_of([&] { read_json_file(path); });
  EXPECT_NE(msg.find(path), std::string::npos);
  EXPECT_NE(msg.find("invalid JSON"), std::string::npos);
}

}  // namespace
}  // namespace agora
