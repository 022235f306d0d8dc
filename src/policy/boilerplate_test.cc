#include "policy/boilerplate.h"

#include "gtest/gtest.h"

namespace taxgate::policy {
namespace {

domain::PersonQuery Person(const char* first, const char* middle,
                           const char* last) {
  domain::PersonQuery p;
  p.first_name = first;
  p.middle_name = middle;
  p.last_name = last;
  return p;
}

TEST(NormalizeReasonTest, FollowsLawMdExactly) {
  struct Case {
    const char* reason;
    const char* want;
  };
  const domain::PersonQuery p = Person("Juan", "Carlos", "Garcia-Lopez");
  const Case cases[] = {
      {"Subject is under investigation for violation of immigration law.",
       "subject is under investigation for violation of immigration law"},
      {"SUBJECT IS UNDER INVESTIGATION", "subject is under investigation"},
      {"  many   spaces\tand\nlines  ", "many spaces and lines"},
      {"punctuation!!! runs,,; --- collapse", "punctuation runs collapse"},
      {"matter CR-1064 filed 2024-03-01", "matter cr filed"},
      {"abc123def", "abcdef"},
      {"case 123 456", "case"},
      {"Juan Garcia-Lopez is a target", "is a target"},
      {"Juan Carlos GARCIA LOPEZ failed to appear", "failed to appear"},
      {"Juanita is not Juan", "juanita is not"},
      {"Lopezville residence", "lopezville residence"},
      {"ÁNGEL Ñandú", "ángel ñandú"},
      {"", ""},
      {"123 - 456", ""},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(NormalizeReason(c.reason, p), c.want) << c.reason;
  }
}

TEST(NormalizeReasonTest, SameTextForDifferentSubjectsAndMattersIsEqual) {
  std::string a =
      NormalizeReason("Ana Kim is a target in matter CR-1001; address needed",
                      Person("Ana", "", "Kim"));
  std::string b = NormalizeReason(
      "Luis Silva is a target in matter CR-2002; address needed.",
      Person("Luis", "", "Silva"));
  EXPECT_EQ(a, b);
  EXPECT_NE(a, NormalizeReason("Luis Silva is a witness in matter CR-2002",
                               Person("Luis", "", "Silva")));
}

TEST(ReasonIsMissingTest, EmptyBlankPunctuationAndPlaceholders) {
  const domain::PersonQuery p = Person("Ana", "", "Kim");
  for (const char* r : {"", "   ", "-", "123", "N/A", "n/a", "NA", "none",
                        "TBD", "Unknown", "x", "XXX", "see above", "Ana Kim"}) {
    EXPECT_TRUE(ReasonIsMissing(r, p)) << "'" << r << "'";
  }
  for (const char* r : {"Subject is under investigation",
                        "Ana Kim is a witness in matter CR-1"}) {
    EXPECT_FALSE(ReasonIsMissing(r, p)) << r;
  }
}

}  // namespace
}  // namespace taxgate::policy
