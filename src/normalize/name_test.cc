#include "normalize/name.h"

#include <gtest/gtest.h>

#include "common/data_dir.h"
#include "ruleset/ruleset.h"

namespace taxgate::normalize {
namespace {

class NameTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto rs = ruleset::DefaultRuleset();
    ASSERT_TRUE(rs.ok()) << rs.status().ToString();
    tables_ = new Tables(*(*rs)->tables);
  }
  static void TearDownTestSuite() { delete tables_; }
  ParsedName Parse(const char* f, const char* m, const char* l) {
    return ParseName(f, m, l, *tables_);
  }
  static Tables* tables_;
};
Tables* NameTest::tables_ = nullptr;

TEST_F(NameTest, TwoSurnamesSpaceOrHyphen) {
  EXPECT_EQ(Parse("Juan", "", "García López").surnames,
            (std::vector<std::string>{"GARCIA", "LOPEZ"}));
  EXPECT_EQ(Parse("Juan", "", "Garcia-Lopez").surnames,
            (std::vector<std::string>{"GARCIA", "LOPEZ"}));
  EXPECT_EQ(Parse("Juan", "", "Garcia-Lopez").surname_full, "GARCIALOPEZ");
}

TEST_F(NameTest, ParticlesAreDroppedFromSurnameUnits) {
  EXPECT_EQ(Parse("Ana", "", "de la Cruz Ruiz").surnames,
            (std::vector<std::string>{"CRUZ", "RUIZ"}));
  EXPECT_EQ(Parse("José", "", "Ortega y Gasset").surnames,
            (std::vector<std::string>{"ORTEGA", "GASSET"}));
  EXPECT_EQ(Parse("Luis", "", "Del Río").surnames,
            (std::vector<std::string>{"RIO"}));
  // A particle alone is a surname, not something to delete.
  EXPECT_EQ(Parse("Ana", "", "De").surnames, (std::vector<std::string>{"DE"}));
}

TEST_F(NameTest, GluedParticleAddsAnAlternative) {
  ParsedName p = Parse("Ana", "", "Delacruz");
  EXPECT_EQ(p.surnames, (std::vector<std::string>{"DELACRUZ"}));
  EXPECT_EQ(p.alt_surnames, (std::vector<std::string>{"CRUZ"}));
}

TEST_F(NameTest, CompoundGivenNames) {
  ParsedName p = Parse("María de los Ángeles", "", "Pérez");
  EXPECT_EQ(p.first, "MARIA");
  EXPECT_EQ(p.middle, "ANGELES");
  EXPECT_EQ(p.given_phrase, "MARIA DE LOS ANGELES");
  ParsedName q = Parse("José Luis", "", "Sánchez");
  EXPECT_EQ(q.first, "JOSE");
  EXPECT_EQ(q.middle, "LUIS");
  ParsedName r = Parse("Jose", "Luis", "Sanchez");
  EXPECT_EQ(r.given, q.given);
}

TEST_F(NameTest, AccentsAndPunctuation) {
  ParsedName p = Parse("  Ñuño ", "", "O'Brien");
  EXPECT_EQ(p.first, "NUNO");
  EXPECT_EQ(p.surname_full, "OBRIEN");
}

}  // namespace
}  // namespace taxgate::normalize
