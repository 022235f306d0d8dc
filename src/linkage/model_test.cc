#include "linkage/model.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "linkage/comparison.h"

namespace taxgate::linkage {
namespace {

TEST(ModelTest, DefaultModelRewardsAgreementAndPenalisesDisagreement) {
  Model m = DefaultModel();
  for (int f = 0; f < kNumFields; ++f) {
    EXPECT_GT(m.Weight(f, 0), 0) << FieldName(f);
    EXPECT_LT(m.Weight(f, NumLevels(f) - 1), 0) << FieldName(f);
  }
}

TEST(ModelTest, SavesAndLoadsTheSameModel) {
  Model m = DefaultModel();
  m.lambda = 3e-4;
  m.params[2][1].m_probability = 0.123;
  m.version = "test";
  auto loaded = ModelFromJson(ModelToJson(m));
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  EXPECT_DOUBLE_EQ(loaded->lambda, 3e-4);
  EXPECT_DOUBLE_EQ(loaded->params[2][1].m_probability, 0.123);
  EXPECT_EQ(loaded->version, "test");
  EXPECT_EQ(ModelToJson(*loaded), ModelToJson(m));
}

TEST(ModelTest, RejectsBadFiles) {
  EXPECT_FALSE(ModelFromJson("{").ok());
  std::string text = ModelToJson(DefaultModel());
  std::string bad = text;
  bad.replace(bad.find("\"first_name\""), 12, "\"nickname_x\"");
  auto r = ModelFromJson(bad);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("nickname_x"), std::string::npos);
}

// A syntax error is placed where a person editing the file can find it.
TEST(ModelTest, ASyntaxErrorNamesItsLineAndColumn) {
  auto r = ModelFromJson("{\n  \"version\": \"x\",\n  \"lambda\": ,\n}\n");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(), "model: not valid JSON at line 3, column 13");
  auto cut = ModelFromJson("{\n  \"lambda\": 0.1");
  ASSERT_FALSE(cut.ok());
  EXPECT_NE(cut.status().message().find("line 2"), std::string::npos)
      << cut.status().ToString();
  EXPECT_EQ(ModelFromJson("[1]").status().message(),
            "model: not a JSON object");
  // A number no double holds is refused, never thrown (found by
  // fuzz/model_json_fuzz.cc).
  auto huge = ModelFromJson("{\"lambda\": 1e999}");
  ASSERT_FALSE(huge.ok());
  EXPECT_NE(huge.status().message().find("not valid JSON"), std::string::npos)
      << huge.status().ToString();
}

// Issue 10: a person reading the model file sees what each level means,
// and the file cannot change it.
TEST(ModelTest, EachLevelSaysWhatItMeans) {
  nlohmann::json j = nlohmann::json::parse(ModelToJson(DefaultModel()));
  int identifiers = 0, contradictions = 0;
  for (const auto& c : j["comparisons"]) {
    for (const auto& lv : c["levels"]) {
      EXPECT_FALSE(lv["condition"].get<std::string>().empty());
      identifiers += lv["agreeing_identifier"].get<bool>();
      contradictions += lv["disagrees"].get<bool>();
    }
  }
  // dob exact/swap/one digit, address exact/fuzzy, tin exact/transposition/
  // one digit; one "else" per comparison.
  EXPECT_EQ(identifiers, 8);
  EXPECT_EQ(contradictions, kNumFields);
  EXPECT_TRUE(DescribeLevel(static_cast<int>(Field::kAddress), kAddressExact)
                  .agreeing_identifier);
  EXPECT_FALSE(DescribeLevel(static_cast<int>(Field::kAddress), kMissing)
                   .agreeing_identifier);
  // Saying street_only is an agreeing identifier is refused.
  j["comparisons"][4]["levels"][2]["agreeing_identifier"] = true;
  auto edited = ModelFromJson(j.dump());
  ASSERT_FALSE(edited.ok());
  EXPECT_NE(edited.status().message().find("street_only"), std::string::npos);
  // Files without the descriptions still load.
  for (auto& c : j["comparisons"]) {
    for (auto& lv : c["levels"]) {
      lv.erase("condition");
      lv.erase("agreeing_identifier");
      lv.erase("disagrees");
    }
  }
  EXPECT_TRUE(ModelFromJson(j.dump()).ok());
}

TEST(ModelTest, AFileFromBeforeTargetPrecisionKeepsItsThreshold) {
  nlohmann::json j = nlohmann::json::parse(ModelToJson(DefaultModel()));
  j.erase("target_precision");
  j["match_threshold"] = 0.99;
  auto m = ModelFromJson(j.dump());
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  EXPECT_EQ(m->match_threshold, 0.99);
  EXPECT_EQ(m->target_precision, 0.99);
  j["target_precision"] = 0.999;
  EXPECT_FALSE(ModelFromJson(j.dump()).ok());  // threshold below the target
}

}  // namespace
}  // namespace taxgate::linkage
