#include "disclosure/agency_answer.h"

#include <gtest/gtest.h>

namespace taxgate::disclosure {
namespace {

using Codes = std::vector<std::string>;

TEST(AgencyAnswerTest, WithheldLooksExactlyLikeAPersonNotInTheStore) {
  AgencyAnswer withheld = AnswerForAgency("rejected", {"WITHHELD_I6"});
  AgencyAnswer absent = AnswerForAgency("no_record", {"NO_MATCH"});
  EXPECT_EQ(withheld.answer, "no_record");
  EXPECT_TRUE(withheld.reasons.empty());
  EXPECT_EQ(absent.answer, withheld.answer);
  EXPECT_EQ(absent.reasons, withheld.reasons);
  // Even a disclosed decision that somehow carries the flag goes out empty.
  EXPECT_EQ(AnswerForAgency("disclosed", {"WITHHELD_I6"}).answer, "no_record");
}

TEST(AgencyAnswerTest, NoRecordSaysNothingElse) {
  AgencyAnswer a = AnswerForAgency("no_record", {"NO_RECORD_IN_PERIODS"});
  EXPECT_EQ(a.answer, "no_record");
  EXPECT_TRUE(a.reasons.empty());
}

TEST(AgencyAnswerTest, RejectionsKeepTheStatuteCodesTheAgencyCanActOn) {
  AgencyAnswer a =
      AnswerForAgency("rejected", {"CASE_MISSING", "ADDRESS_NOT_REAL"});
  EXPECT_EQ(a.answer, "rejected");
  EXPECT_EQ(a.reasons, (Codes{"ADDRESS_NOT_REAL", "CASE_MISSING"}));
}

TEST(AgencyAnswerTest, ReviewsArePendingAndMatchingCodesStayInternal) {
  AgencyAnswer a = AnswerForAgency("review", {"AMBIGUOUS"});
  EXPECT_EQ(a.answer, "pending");
  EXPECT_TRUE(a.reasons.empty());
  AgencyAnswer b =
      AnswerForAgency("review", {"LOW_CONFIDENCE", "STATUTE_UNKNOWN"});
  EXPECT_EQ(b.answer, "pending");
  EXPECT_EQ(b.reasons, Codes{"STATUTE_UNKNOWN"});
}

TEST(AgencyAnswerTest, AReviewerRefusingAMatchReadsNoRecord) {
  AgencyAnswer a =
      AnswerForAgency("rejected", {"AMBIGUOUS", "REVIEW_REJECTED"});
  EXPECT_EQ(a.answer, "no_record");
  EXPECT_TRUE(a.reasons.empty());
  AgencyAnswer b =
      AnswerForAgency("rejected", {"REASON_NOT_SPECIFIC", "REVIEW_REJECTED"});
  EXPECT_EQ(b.answer, "rejected");
  EXPECT_EQ(b.reasons, Codes{"REASON_NOT_SPECIFIC"});
}

TEST(AgencyAnswerTest, DisclosedCarriesNoCodes) {
  AgencyAnswer a = AnswerForAgency("disclosed", {});
  EXPECT_EQ(a.answer, "disclosed");
  EXPECT_TRUE(a.reasons.empty());
}

}  // namespace
}  // namespace taxgate::disclosure
