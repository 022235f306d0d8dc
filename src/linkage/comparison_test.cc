#include "linkage/comparison.h"

#include <gtest/gtest.h>

#include "common/data_dir.h"
#include "ruleset/ruleset.h"

namespace taxgate::linkage {
namespace {

constexpr int kFirst = static_cast<int>(Field::kFirstName);
constexpr int kSurname = static_cast<int>(Field::kSurname);
constexpr int kDob = static_cast<int>(Field::kDob);
constexpr int kAddress = static_cast<int>(Field::kAddress);
constexpr int kPlace = static_cast<int>(Field::kPlace);
constexpr int kTin = static_cast<int>(Field::kTin);

class ComparisonTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto rs = ruleset::DefaultRuleset();
    ASSERT_TRUE(rs.ok()) << rs.status().ToString();
    tables_ = new normalize::Tables(*(*rs)->tables);
  }
  static void TearDownTestSuite() { delete tables_; }
  static Person P(const char* first, const char* last, const char* dob = "",
                  const char* street = "", const char* zip = "",
                  const char* tin = "", const char* city = "") {
    return NormalizePerson(first, "", last, dob, street, "", city, "", zip, tin,
                           *tables_);
  }
  static normalize::Tables* tables_;
};
normalize::Tables* ComparisonTest::tables_ = nullptr;

TEST_F(ComparisonTest, TwoSurnamesEitherOrderOrOneDropped) {
  Person rec = P("Juan", "García López");
  EXPECT_EQ(Compare(P("Juan", "Garcia-Lopez"), rec).level[kSurname],
            kSurnameExact);
  EXPECT_EQ(Compare(P("Juan", "Lopez Garcia"), rec).level[kSurname],
            kSurnameSwapped);
  EXPECT_EQ(Compare(P("Juan", "Garcia"), rec).level[kSurname],
            kSurnameTokenShared);
  EXPECT_EQ(Compare(P("Juan", "Lopez"), rec).level[kSurname],
            kSurnameTokenShared);
  EXPECT_EQ(
      Compare(P("Ana", "De la Cruz"), P("Ana", "Cruz Ruiz")).level[kSurname],
      kSurnameTokenShared);
  EXPECT_EQ(Compare(P("Juan", "Martinez"), rec).level[kSurname], kSurnameElse);
}

TEST_F(ComparisonTest, FirstNameLevels) {
  EXPECT_EQ(Compare(P("Pepe", "X"), P("José", "X")).level[kFirst],
            kFirstNickname);
  EXPECT_EQ(Compare(P("Chema", "X"), P("José María", "X")).level[kFirst],
            kFirstNickname);
  EXPECT_EQ(Compare(P("Jose", "X"), P("Jose Luis", "X")).level[kFirst],
            kFirstExact);
  EXPECT_EQ(Compare(P("Marisoll", "X"), P("Marisol", "X")).level[kFirst],
            kFirstJw92);
  EXPECT_EQ(Compare(P("", "X"), P("Jose", "X")).level[kFirst], kMissing);
}

// Issue 15: an agency writes one given name of a compound, or the familiar
// form of the second one; both sides, either way round.
TEST_F(ComparisonTest, OneGivenNameOfACompoundOrItsFamiliarForm) {
  EXPECT_EQ(Compare(P("Carlos", "X"), P("Juan Carlos", "X")).level[kFirst],
            kFirstGivenToken);
  EXPECT_EQ(Compare(P("María Isabel", "X"), P("Isabel", "X")).level[kFirst],
            kFirstGivenToken);
  EXPECT_EQ(Compare(P("Lupe", "X"), P("María Guadalupe", "X")).level[kFirst],
            kFirstGivenToken);
  // A shared first name with different second names stays weak, and an
  // initial is not a given name.
  EXPECT_EQ(Compare(P("Juan Pablo", "X"), P("Juan Carlos", "X")).level[kFirst],
            kFirstJw80);
  EXPECT_EQ(Compare(P("C", "X"), P("Juan Carlos", "X")).level[kFirst],
            kFirstElse);
  EXPECT_STREQ(LevelName(kFirst, kFirstGivenToken), "given_token");
  EXPECT_STREQ(LevelName(kSurname, kSurnameSwapped), "swapped");
}

TEST_F(ComparisonTest, SwappedFirstAndLastNamesAreRecognised) {
  ComparisonVector v =
      Compare(P("Christine", "Irons"), P("Irons", "Christine"));
  EXPECT_EQ(v.level[kFirst], kFirstExact);
  EXPECT_EQ(v.level[kSurname], kSurnameExact);
  // Only the surname written as the first name.
  ComparisonVector w = Compare(P("Noyce", "Liam"), P("Madison", "Noyce"));
  EXPECT_EQ(w.level[kSurname], kSurnameExact);
}

TEST_F(ComparisonTest, StreetAndUnitInEachOthersPlace) {
  Person a = NormalizePerson("A", "", "B", "", "82 Lindsay Island",
                             "Shand Place", "", "", "", "", *tables_);
  Person b = NormalizePerson("A", "", "B", "", "82 Shand Place",
                             "Lindsay Island", "", "", "", "", *tables_);
  EXPECT_EQ(Compare(a, b).level[kAddress], 1);
  Person c = NormalizePerson("A", "", "B", "", "31 kennewellp lace", "", "", "",
                             "", "", *tables_);
  Person d = NormalizePerson("A", "", "B", "", "31 Kennewell Place", "", "", "",
                             "", "", *tables_);
  EXPECT_EQ(Compare(c, d).level[kAddress], 0);
}

// Issue 10: boxes on two routes are two addresses. RR 2 Box 15 against
// RR 7 Box 15 once scored exact, an agreeing identifier.
TEST_F(ComparisonTest, BoxesOnTwoRoutesAreTwoAddresses) {
  auto v = Compare(P("Ann", "Lee", "", "RR 2 Box 15", "59001"),
                   P("Ann", "Lee", "", "RR 7 Box 15", "59001"));
  EXPECT_EQ(LevelOf(v, Field::kAddress), kAddressElse);
  EXPECT_FALSE(AgreesOn(v, Field::kAddress));
  v = Compare(P("Ann", "Lee", "", "RR 2 Box 15", "59001"),
              P("Ann", "Lee", "", "Rural Route 2 Box 15", "59001"));
  EXPECT_EQ(LevelOf(v, Field::kAddress), kAddressExact);
  EXPECT_TRUE(AgreesOn(v, Field::kAddress));
  v = Compare(P("Ann", "Lee", "", "RR 2 Box 15", "59001"),
              P("Ann", "Lee", "", "PO Box 15", "59001"));
  EXPECT_EQ(LevelOf(v, Field::kAddress), kAddressElse);
}

TEST_F(ComparisonTest, DobLevels) {
  Person rec = P("A", "B", "1980-03-04");
  EXPECT_EQ(Compare(P("A", "B", "1980-04-03"), rec).level[kDob], 1);
  EXPECT_EQ(Compare(P("A", "B", "1980-03-05"), rec).level[kDob], 2);
  EXPECT_EQ(Compare(P("A", "B", "1980-12-25"), rec).level[kDob], 3);
  EXPECT_EQ(Compare(P("A", "B", ""), rec).level[kDob], kMissing);
}

TEST_F(ComparisonTest, AddressAndPlaceLevels) {
  Person rec = P("A", "B", "", "1420 North Main Street", "78701", "", "Austin");
  EXPECT_EQ(
      Compare(P("A", "B", "", "1420 N Main St", "78701-1234", "", "AUSTIN"),
              rec)
          .level[kAddress],
      0);
  EXPECT_EQ(
      Compare(P("A", "B", "", "1420 N Mian St", "78701"), rec).level[kAddress],
      1);
  Person other = P("A", "B", "", "7 Oak Ave", "78701", "", "Austin");
  EXPECT_EQ(Compare(other, rec).level[kAddress], 3);
  EXPECT_EQ(Compare(other, rec).level[kPlace], 0);
}

TEST_F(ComparisonTest, TinLevels) {
  Person rec = P("A", "B", "", "", "", "123-45-6789");
  EXPECT_EQ(Compare(P("A", "B", "", "", "", "123456789"), rec).level[kTin], 0);
  EXPECT_EQ(Compare(P("A", "B", "", "", "", "123456798"), rec).level[kTin], 1);
  EXPECT_EQ(Compare(P("A", "B", "", "", "", "923456789"), rec).level[kTin], 2);
  EXPECT_EQ(Compare(P("A", "B"), rec).level[kTin], kMissing);
}

TEST(ComparisonNamesTest, EveryLevelHasAName) {
  for (int f = 0; f < kNumFields; ++f) {
    EXPECT_STRNE(FieldName(f), "");
    for (int l = 0; l < NumLevels(f); ++l) EXPECT_STRNE(LevelName(f, l), "");
  }
  EXPECT_STREQ(LevelName(0, kMissing), "missing");
}

}  // namespace
}  // namespace taxgate::linkage
