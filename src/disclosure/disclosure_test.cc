#include <gtest/gtest.h>

#include "common/crypto.h"
#include "disclosure/audit_entry.h"
#include "disclosure/field_selector.h"

namespace taxgate::disclosure {
namespace {

domain::Record Row(const std::string& id, int year, domain::Source s,
                   const std::string& street) {
  domain::Record r;
  r.record_id = id;
  r.tax_year = year;
  r.source = s;
  r.first_name = "Ana";
  r.last_name = "Núñez";
  r.street = street;
  r.city = "Austin";
  r.state = "TX";
  r.zip = "78701";
  r.tin = "123456789";
  return r;
}

std::vector<domain::Record> MixedRows() {
  return {Row("R1", 2022, domain::Source::kReturn, "1 Old Rd"),
          Row("R2", 2023, domain::Source::kInfoReturn, "2 W2 St"),
          Row("R3", 2023, domain::Source::kReturn, "3 Own Ave"),
          Row("R4", 2024, domain::Source::kReturn, "4 New Blvd")};
}

// The sources of the shipped profiles (config/policy.toml).
const std::vector<domain::Source> kDcCircuit2026 =
    ProfileSources({"return", "info_return", "irs"});
const std::vector<domain::Source> kConservative =
    ProfileSources({"info_return", "irs"});

TEST(SelectFieldsTest, DefaultProfileTakesLatestRowOfRequestedPeriods) {
  auto sel =
      SelectFields(MixedRows(), {2022, 2023}, {"address"}, kDcCircuit2026);
  ASSERT_TRUE(sel.released);
  ASSERT_EQ(sel.fields.size(), 2u);  // name as held + address
  EXPECT_EQ(sel.fields[0].name, "name");
  EXPECT_EQ(sel.fields[1].name, "address");
  // 2024 is not asked for; in 2023 a return beats an info return.
  EXPECT_EQ(sel.fields[1].record_id, "R3");
  EXPECT_EQ(sel.fields[1].parts[0].second, "3 Own Ave");
  EXPECT_EQ(sel.fields[1].source, domain::Source::kReturn);
  EXPECT_EQ(sel.fields[1].tax_year, 2023);
}

TEST(SelectFieldsTest, ConservativeProfileWithholdsWhatTheTaxpayerFiled) {
  auto sel =
      SelectFields(MixedRows(), {2022, 2023}, {"address"}, kConservative);
  ASSERT_TRUE(sel.released);
  EXPECT_EQ(sel.fields[1].record_id, "R2");
  EXPECT_EQ(sel.fields[1].source, domain::Source::kInfoReturn);
  // Only returns in the periods asked: nothing may go out.
  auto none = SelectFields(MixedRows(), {2022}, {"address"}, kConservative);
  EXPECT_FALSE(none.released);
  EXPECT_TRUE(none.fields.empty());
}

TEST(SelectFieldsTest, NoRowInPeriodsMeansNoRecordAndUnknownProfileNothing) {
  EXPECT_FALSE(SelectFields(MixedRows(), {2019}, {}, kDcCircuit2026).released);
  EXPECT_FALSE(SelectFields(MixedRows(), {2023}, {}, {}).released);
}

TEST(SelectFieldsTest, AProfileOfThePolicyFileReleasesItsOwnSources) {
  // A profile an operator adds ("returns-only") releases what it names,
  // not nothing (issue 10: the names were hard-coded here once).
  auto sel = SelectFields(MixedRows(), {2023}, {"address"},
                          ProfileSources({"return"}));
  ASSERT_TRUE(sel.released);
  EXPECT_EQ(sel.fields[1].record_id, "R3");
  EXPECT_EQ(ProfileSources({"irs", "bogus"}),
            std::vector<domain::Source>{domain::Source::kIrs});
}

TEST(SelectFieldsTest, TinOnlyWhenAskedAndNeverOtherFields) {
  auto sel =
      SelectFields(MixedRows(), {2024}, {"tin", "income"}, kDcCircuit2026);
  ASSERT_EQ(sel.fields.size(), 1u);
  EXPECT_EQ(sel.fields[0].name, "tin");
}

TEST(AuditEntryTest, EntriesAreCanonicalAndHoldNoTaxpayerDataInClear) {
  ASSERT_TRUE(InitCrypto());
  domain::Request r;
  r.request_id = "Q1";
  r.case_number = "CR-1";
  r.reason = "Subject José Núñez is wanted";
  r.person.first_name = "José";
  r.person.last_name = "Núñez";
  r.person.dob = "1980-01-02";
  r.person.street = "1 Main St";
  EntryContext c{"batchdigest", 3, "2026-11-23T00:00:00Z", "secret"};
  Actor a{"agency", "DHS", "INV-1", "DEL-1", ""};
  std::string e = RequestEntry(c, a, r);
  EXPECT_EQ(e, RequestEntry(c, a, r));
  EXPECT_EQ(e.find("Jos"), std::string::npos);
  EXPECT_EQ(e.find("1980"), std::string::npos);
  EXPECT_EQ(e.find("Main"), std::string::npos);
  EXPECT_EQ(e.find(' '), std::string::npos);  // compact
  EXPECT_NE(e.find("\"actor\":{\"agency\":\"DHS\""), std::string::npos);
  // A different key gives a different digest: digests cannot be replayed.
  EntryContext c2 = c;
  c2.key = "other";
  EXPECT_NE(RequestDigest(c.key, r), RequestDigest(c2.key, r));
  std::string m = MatchEntry(c, a, "Q1", "R000123", 0.9991, 17.5, "match",
                             {"m1", "modeldigest", "rulesetdigest"});
  EXPECT_EQ(m.find("R000123"), std::string::npos);
  // What decided the match is named: the model's parameters and the ruleset.
  EXPECT_NE(m.find("\"model_digest\":\"modeldigest\""), std::string::npos);
  EXPECT_NE(m.find("\"ruleset\":\"rulesetdigest\""), std::string::npos);
  EXPECT_NE(m.find("\"probability\":\"0.999100\""), std::string::npos);
}

}  // namespace
}  // namespace taxgate::disclosure
