#include "policy/placeholders.h"

#include <algorithm>

#include "gtest/gtest.h"
#include "policy/policy.h"
#include "ruleset/ruleset.h"

namespace taxgate::policy {
namespace {

class PlaceholdersTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto rs = ruleset::DefaultRuleset();
    ASSERT_TRUE(rs.ok()) << rs.status().ToString();
    policy_ = new Policy(*(*rs)->policy);
  }
  static void TearDownTestSuite() {
    delete policy_;
    policy_ = nullptr;
  }
  static bool Is(FieldKind kind, std::string_view field) {
    return IsPlaceholder(policy_->placeholders, kind, field);
  }
  static bool HasReading(std::string_view field, FieldKind kind,
                         const Words& want) {
    auto all = Readings(policy_->placeholders, FieldWords(field), kind);
    return std::find(all.begin(), all.end(), want) != all.end();
  }
  static Policy* policy_;
};
Policy* PlaceholdersTest::policy_ = nullptr;

TEST_F(PlaceholdersTest, ReadingsUndoTheDisguisesOfThePlaceholderLists) {
  EXPECT_TRUE(HasReading("UNKN0WN", FieldKind::kCase, {"unknown"}));
  EXPECT_TRUE(HasReading("N1L", FieldKind::kCase, {"nil"}));
  EXPECT_TRUE(HasReading("NU11", FieldKind::kCase, {"null"}));
  EXPECT_TRUE(HasReading("N0 10 SE", FieldKind::kCase, {"no", "lo", "se"}));
  EXPECT_TRUE(HasReading("U N K N O W N", FieldKind::kName, {"unknown"}));
  EXPECT_TRUE(HasReading("UN KNOWN", FieldKind::kName, {"unknown"}));
  EXPECT_TRUE(HasReading("Unknwon", FieldKind::kName, {"unknown"}));
  EXPECT_TRUE(HasReading("Desconocido/a", FieldKind::kName, {"desconocido"}));
  EXPECT_TRUE(HasReading("TEST1", FieldKind::kName, {"test"}));
  // Digits stay digits in other fields, and in a word of digits only.
  EXPECT_FALSE(HasReading("TEST1", FieldKind::kCase, {"test"}));
  EXPECT_FALSE(HasReading("2024", FieldKind::kPeriod, {"2o24"}));
}

TEST_F(PlaceholdersTest, OneTypingSlipIsReadTwoAreNot) {
  for (const char* slip :
       {"Unknwon", "Unkown", "Unknowm", "Uknown", "Unknownn", "Desconocdo"}) {
    EXPECT_TRUE(Is(FieldKind::kName, slip)) << slip;
  }
  for (const char* name : {"Unkwnon", "Messing", "Penning", "Fulani"}) {
    EXPECT_FALSE(Is(FieldKind::kName, name)) << name;
  }
}

TEST_F(PlaceholdersTest, CompanionsNeedAPlaceholderBesideThem) {
  const PlaceholderLists& l = policy_->placeholders;
  // "CR-TBD": a case word and a placeholder; "CR-2026-0417": no placeholder.
  EXPECT_TRUE(PlaceholderWithCompanions({&l.any, &l.fields, &l.cases},
                                        &l.case_words, {"cr", "tbd"}, 1));
  EXPECT_FALSE(PlaceholderWithCompanions(
      {&l.any, &l.fields, &l.cases}, &l.case_words, {"cr", "2026", "0417"}, 1));
  // "No. 2026-0417": "no" is a placeholder elsewhere, here a case word.
  EXPECT_FALSE(Is(FieldKind::kCase, "No. 2026-0417"));
  EXPECT_TRUE(Is(FieldKind::kCase, "NA-2026"));
  EXPECT_TRUE(Is(FieldKind::kCase, "TBD-001"));
  EXPECT_TRUE(Is(FieldKind::kCase, "Case No. N/A"));
  EXPECT_TRUE(Is(FieldKind::kName, "Unknown (alias)"));
  EXPECT_TRUE(Is(FieldKind::kStatute, "Citation pending"));
  EXPECT_TRUE(Is(FieldKind::kReason, "See Exhibit A"));
  EXPECT_FALSE(Is(FieldKind::kReason,
                  "See the subject's lease for the warehouse on Clinton Dr"));
  // Tax periods take no companions: "2023; TBD" names a year.
  EXPECT_FALSE(Is(FieldKind::kPeriod, "2023; TBD"));
}

TEST_F(PlaceholdersTest, CaseNumbersOfCaseWordsOrZerosNameNoMatter) {
  for (const char* none : {"Criminal case", "CR-", "Investigation",
                           "Under investigation", "0000", "00-000"}) {
    EXPECT_TRUE(Is(FieldKind::kCase, none)) << none;
  }
  for (const char* real :
       {"OP-ALPHA", "CR2026", "Operation Storm", "CR-10", "2:26-cr-00417"}) {
    EXPECT_FALSE(Is(FieldKind::kCase, real)) << real;
  }
}

}  // namespace
}  // namespace taxgate::policy
