#include "disclosure/agency_answer.h"

#include <gtest/gtest.h>

namespace taxgate::disclosure {
namespace {

using Codes = std::vector<std::string>;

TEST(AgencyAnswerTest, WithheldLooksExactlyLikeAPersonNotInTheStore) {
  AgencyAnswer withheld =
      AnswerForAgency(domain::Outcome::kRejected, {"WITHHELD_I6"});
  AgencyAnswer absent =
      AnswerForAgency(domain::Outcome::kNoRecord, {"NO_MATCH"});
  EXPECT_EQ(withheld.answer, Answer::kNoRecord);
  EXPECT_TRUE(withheld.reasons.empty());
  EXPECT_EQ(absent.answer, withheld.answer);
  EXPECT_EQ(absent.reasons, withheld.reasons);
  // Even a disclosed decision that somehow carries the flag goes out empty.
  EXPECT_EQ(
      AnswerForAgency(domain::Outcome::kDisclosed, {"WITHHELD_I6"}).answer,
      Answer::kNoRecord);
}

TEST(AgencyAnswerTest, NoRecordSaysNothingElse) {
  AgencyAnswer a =
      AnswerForAgency(domain::Outcome::kNoRecord, {"NO_RECORD_IN_PERIODS"});
  EXPECT_EQ(a.answer, Answer::kNoRecord);
  EXPECT_TRUE(a.reasons.empty());
}

TEST(AgencyAnswerTest, RejectionsKeepTheStatuteCodesTheAgencyCanActOn) {
  AgencyAnswer a = AnswerForAgency(domain::Outcome::kRejected,
                                   {"CASE_MISSING", "ADDRESS_NOT_REAL"});
  EXPECT_EQ(a.answer, Answer::kRejected);
  EXPECT_EQ(a.reasons, (Codes{"ADDRESS_NOT_REAL", "CASE_MISSING"}));
}

TEST(AgencyAnswerTest, ReviewsArePendingAndMatchingCodesStayInternal) {
  AgencyAnswer a = AnswerForAgency(domain::Outcome::kReview, {"AMBIGUOUS"});
  EXPECT_EQ(a.answer, Answer::kPending);
  EXPECT_TRUE(a.reasons.empty());
  AgencyAnswer b = AnswerForAgency(domain::Outcome::kReview,
                                   {"LOW_CONFIDENCE", "STATUTE_UNKNOWN"});
  EXPECT_EQ(b.answer, Answer::kPending);
  EXPECT_EQ(b.reasons, Codes{"STATUTE_UNKNOWN"});
}

TEST(AgencyAnswerTest, AReviewerRefusingAMatchReadsNoRecord) {
  AgencyAnswer a = AnswerForAgency(domain::Outcome::kRejected,
                                   {"AMBIGUOUS", "REVIEW_REJECTED"});
  EXPECT_EQ(a.answer, Answer::kNoRecord);
  EXPECT_TRUE(a.reasons.empty());
  AgencyAnswer b = AnswerForAgency(domain::Outcome::kRejected,
                                   {"REASON_NOT_SPECIFIC", "REVIEW_REJECTED"});
  EXPECT_EQ(b.answer, Answer::kRejected);
  EXPECT_EQ(b.reasons, Codes{"REASON_NOT_SPECIFIC"});
}

TEST(AgencyAnswerTest, DisclosedCarriesNoCodes) {
  AgencyAnswer a = AnswerForAgency(domain::Outcome::kDisclosed, {});
  EXPECT_STREQ(AnswerName(a.answer), "disclosed");
  EXPECT_STREQ(AnswerName(Answer::kPending), "pending");
  EXPECT_EQ(a.answer, Answer::kDisclosed);
  EXPECT_TRUE(a.reasons.empty());
}

}  // namespace
}  // namespace taxgate::disclosure
