#include "disclosure/accounting.h"

#include <gtest/gtest.h>

#include "common/crypto.h"

namespace taxgate::disclosure {
namespace {

TEST(AccountingTest, StatutesAreCountedByTitleAndSection) {
  EXPECT_EQ(StatuteForCounts("8 U.S.C. § 1253(a)(1)"), "8 U.S.C. 1253");
  EXPECT_EQ(StatuteForCounts("8 USC 1253"), "8 U.S.C. 1253");
  EXPECT_EQ(StatuteForCounts("Title 8, Section 1253"), "8 U.S.C. 1253");
  EXPECT_EQ(StatuteForCounts("8 U.S.C. 1326; 18 U.S.C. 1546"),
            "8 U.S.C. 1326; 18 U.S.C. 1546");
  EXPECT_EQ(StatuteForCounts("  immigration law "), "immigration law");
}

TEST(AccountingTest, TheTaxpayerIsNamedByTinElseBySmallestRecordId) {
  domain::Record a, b;
  a.record_id = "R9";
  b.record_id = "R2";
  EXPECT_EQ(TaxpayerKey({a, b}), "record:R2");
  b.tin = "123456789";
  EXPECT_EQ(TaxpayerKey({a, b}), "tin:123456789");
}

TEST(AccountingTest, DisclosuresJoinTheirRequestAndCountDistinctTaxpayers) {
  ASSERT_TRUE(InitCrypto());
  EntryContext c{"batch1", 0, "2026-03-02T10:00:00Z", "key"};
  Actor agency{"agency", "DHS", "INV-1", "DEL-1", ""};
  Actor system{"system", "", "", "", "taxgate"};
  domain::Request r;
  r.request_id = "Q1";
  r.case_number = "CR-1";
  r.statute = "8 USC 1253(a)(1)";
  r.purpose = "criminal_investigation";
  Accounting acc;
  int64_t leaf = 0;
  ASSERT_TRUE(acc.Add(leaf++, RequestEntry(c, agency, r)).ok());
  ASSERT_TRUE(acc.Add(leaf++, DisclosureEntry(c, system, "Q1", "{}",
                                              {{"address", "irs", 2024}},
                                              "dc-circuit-2026", "tin:1"))
                  .ok());
  EntryContext c2 = c;
  c2.position = 1;
  r.request_id = "Q2";
  ASSERT_TRUE(acc.Add(leaf++, RequestEntry(c2, agency, r)).ok());
  ASSERT_TRUE(acc.Add(leaf++, DisclosureEntry(c2, system, "Q2", "{}",
                                              {{"address", "irs", 2024}},
                                              "dc-circuit-2026", "tin:1"))
                  .ok());
  // A reviewed request logs two decisions; the last one counts.
  ASSERT_TRUE(
      acc.Add(leaf++, DecisionEntry(c, system, "Q1", domain::Outcome::kReview,
                                    {"AMBIGUOUS"}))
          .ok());
  ASSERT_TRUE(acc.Add(leaf++, DecisionEntry(c, system, "Q1",
                                            domain::Outcome::kDisclosed,
                                            {"AMBIGUOUS", "REVIEW_CONFIRMED"}))
                  .ok());
  auto rows = acc.Disclosures("2026-03-01", "2026-03-31");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].agency, "DHS");
  EXPECT_EQ(rows[0].official_id, "INV-1");
  EXPECT_EQ(rows[0].statute, "8 USC 1253(a)(1)");
  EXPECT_EQ(rows[0].disclosure_leaf, 1);
  EXPECT_EQ(rows[1].disclosure_leaf, 3);
  EXPECT_EQ(rows[1].request_id, "Q2");
  EXPECT_TRUE(acc.Disclosures("2026-04-01", "2026-04-30").empty());
  JctReport j = acc.Jct(2026);
  EXPECT_EQ(j.total.requests, 2);
  EXPECT_EQ(j.total.disclosures, 2);
  EXPECT_EQ(j.total.taxpayers, 1);  // the same person twice
  EXPECT_EQ(j.by_agency_statute["DHS"]["8 U.S.C. 1253"].disclosures, 2);
  EXPECT_EQ(j.decisions.at("disclosed"), 1);
  EXPECT_EQ(j.decisions.count("review"), 0u);
  EXPECT_EQ(acc.Jct(2025).total.requests, 0);
  EXPECT_FALSE(acc.Add(leaf, "not json").ok());
}

}  // namespace
}  // namespace taxgate::disclosure
