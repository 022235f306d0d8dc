#include "normalize/nickname.h"

#include <gtest/gtest.h>

#include "common/data_dir.h"
#include "ruleset/ruleset.h"

namespace taxgate::normalize {
namespace {

class NicknameTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto rs = ruleset::DefaultRuleset();
    ASSERT_TRUE(rs.ok()) << rs.status().ToString();
    tables_ = new Tables(*(*rs)->tables);
  }
  static void TearDownTestSuite() { delete tables_; }
  static Tables* tables_;
};
Tables* NicknameTest::tables_ = nullptr;

TEST_F(NicknameTest, EnglishNicknamesAreEquivalent) {
  const auto& n = tables_->nicknames;
  EXPECT_TRUE(n.Equivalent("ROBERT", "BOB"));
  EXPECT_TRUE(n.Equivalent("BOB", "ROBERT"));
  EXPECT_TRUE(n.Equivalent("WILLIAM", "BILL"));
  EXPECT_FALSE(n.Equivalent("ROBERT", "ROBERT"));  // exact is its own level
  EXPECT_FALSE(n.Equivalent("ROBERT", "MARY"));
}

TEST_F(NicknameTest, SpanishHypocorismsAreEquivalent) {
  const auto& n = tables_->nicknames;
  EXPECT_TRUE(n.Equivalent("JOSE", "PEPE"));
  EXPECT_TRUE(n.Equivalent("FRANCISCO", "PACO"));
  EXPECT_TRUE(n.Equivalent("FRANCISCO", "PANCHO"));
  EXPECT_TRUE(n.Equivalent("PACO", "PANCHO"));
  EXPECT_TRUE(n.Equivalent("GUADALUPE", "LUPE"));
  EXPECT_TRUE(n.Equivalent("JESUS", "CHUY"));
  EXPECT_TRUE(n.Equivalent("ANTONIO", "TONO"));
  EXPECT_TRUE(n.Equivalent("JOSE MARIA", "CHEMA"));
  EXPECT_TRUE(n.Equivalent("ALBERTO", "BETO"));
  EXPECT_TRUE(n.Equivalent("ROBERTO", "BETO"));
}

TEST_F(NicknameTest, FormalNamesSharingANicknameAreNotEquivalent) {
  EXPECT_FALSE(tables_->nicknames.Equivalent("ALBERTO", "ROBERTO"));
}

TEST(NicknameTableTest, BuildsFromPairs) {
  NicknameTable t({{"Guillermo", "Memo"}, {"José", "Pepe"}});
  EXPECT_TRUE(t.Equivalent("GUILLERMO", "MEMO"));
  EXPECT_TRUE(t.Equivalent("JOSE", "PEPE"));
  EXPECT_FALSE(t.Equivalent("JOSE", "MEMO"));
}

}  // namespace
}  // namespace taxgate::normalize
