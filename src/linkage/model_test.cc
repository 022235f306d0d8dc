#include "linkage/model.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "test_util.h"

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
  testing::TempDir dir;
  Model m = DefaultModel();
  m.lambda = 3e-4;
  m.params[2][1].m_probability = 0.123;
  m.version = "test";
  ASSERT_TRUE(SaveModel(m, dir.File("m.json")).ok());
  auto loaded = LoadModel(dir.File("m.json"));
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  EXPECT_DOUBLE_EQ(loaded->lambda, 3e-4);
  EXPECT_DOUBLE_EQ(loaded->params[2][1].m_probability, 0.123);
  EXPECT_EQ(loaded->version, "test");
  EXPECT_EQ(ModelToJson(*loaded), ModelToJson(m));
}

TEST(ModelTest, RejectsBadFiles) {
  testing::TempDir dir;
  EXPECT_EQ(LoadModel(dir.File("absent.json")).status().code(),
            StatusCode::kNotFound);
  EXPECT_FALSE(ModelFromJson("{").ok());
  std::string text = ModelToJson(DefaultModel());
  std::string bad = text;
  bad.replace(bad.find("\"first_name\""), 12, "\"nickname_x\"");
  auto r = ModelFromJson(bad);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("nickname_x"), std::string::npos);
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
