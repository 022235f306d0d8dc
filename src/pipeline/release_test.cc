#include "pipeline/release.h"

#include <gtest/gtest.h>

#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "common/crypto.h"
#include "common/strings.h"
#include "disclosure/audit_entry.h"
#include "pipeline/test_inputs.h"
#include "ruleset/ruleset.h"
#include "test_util.h"

namespace taxgate::pipeline {
namespace {

using domain::Source;
using Json = nlohmann::json;

constexpr char kKey[] = "an HMAC key for the tests";

domain::Record Row(std::string id, int year, Source source,
                   std::string street) {
  domain::Record r;
  r.record_id = std::move(id);
  r.tin = "123456789";
  r.first_name = "Maria";
  r.last_name = "Gonzalez";
  r.dob = "1980-04-12";
  r.street = std::move(street);
  r.city = "Springfield";
  r.state = "IL";
  r.zip = "62701";
  r.tax_year = year;
  r.source = source;
  return r;
}

domain::Request Asking(std::string periods, std::string fields) {
  domain::Request r;
  r.request_id = "REQ-9";
  r.case_number = "CR-2026-0909";
  r.tax_periods = std::move(periods);
  r.fields_requested = std::move(fields);
  return r;
}

class ReleaseForTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(InitCrypto());
    auto shipped = ruleset::DefaultRuleset();
    ASSERT_TRUE(shipped.ok()) << shipped.status().ToString();
    shipped_ = *shipped;
    ASSERT_EQ(shipped_->policy->release_profile, "dc-circuit-2026");
  }

  // The shipped policy with a profile of the operator's own in force, as
  // tests/cli/reports.sh makes it: identity from third parties only.
  std::shared_ptr<const ruleset::Ruleset> ThirdPartyOnly() {
    auto copy = testing::WritePolicyCopy(dir_.path(), [](std::string s) {
      const std::string from = "profile = \"dc-circuit-2026\"\n";
      size_t at = s.find(from);
      EXPECT_NE(at, std::string::npos);
      if (at != std::string::npos) {
        s.replace(at, from.size(), "profile = \"third-party-only\"\n");
      }
      return s +
             "\n[release.profiles.third-party-only]\n"
             "sources = [\"info_return\", \"irs\"]\n"
             "description = \"added by the operator\"\n";
    });
    EXPECT_TRUE(copy.ok()) << copy.status().ToString();
    if (!copy.ok()) return nullptr;
    auto rules = ruleset::LoadRuleset({.policy_path = *copy});
    EXPECT_TRUE(rules.ok()) << rules.status().ToString();
    if (!rules.ok()) return nullptr;
    EXPECT_EQ((*rules)->policy->release_profile, "third-party-only");
    return *rules;
  }

  static Json Fields(const Release& r) {
    Json j = Json::parse(r.disclosure_json, nullptr, false);
    EXPECT_TRUE(j.is_object()) << r.disclosure_json;
    return j.is_object() ? j["fields"] : Json::object();
  }

  static std::set<std::string> Names(const Json& fields) {
    std::set<std::string> out;
    for (const auto& [name, f] : fields.items()) out.insert(name);
    return out;
  }

  taxgate::testing::TempDir dir_;
  std::shared_ptr<const ruleset::Ruleset> shipped_;
};

TEST_F(ReleaseForTest, ReleasesOnlyIdentityOfTheLatestRequestedYear) {
  const std::vector<domain::Record> taxpayer = {
      Row("R-2023", 2023, Source::kReturn, "1 First St"),
      Row("R-2024", 2024, Source::kIrs, "2 Second St"),
      Row("R-2024b", 2024, Source::kInfoReturn, "3 Third St"),
      Row("R-2026", 2026, Source::kReturn, "4 Fourth St"),  // not asked
  };
  // Return information is asked too: it never goes out, whatever the
  // policy said of the request.
  Release r = ReleaseFor(Asking("2023-2025", "name;address;tin;income"),
                         taxpayer, {}, *shipped_->policy, kKey);
  EXPECT_EQ(r.decision, domain::Outcome::kDisclosed);
  EXPECT_TRUE(r.codes.empty()) << Join(r.codes, ";");
  EXPECT_EQ(r.profile, "dc-circuit-2026");
  EXPECT_EQ(r.taxpayer_digest, disclosure::TaxpayerDigest(kKey, taxpayer));
  Json fields = Fields(r);
  EXPECT_EQ(Names(fields), (std::set<std::string>{"name", "address", "tin"}));
  EXPECT_EQ(r.disclosure_json.find("income"), std::string::npos);
  // 2024 is the latest year asked; of its rows the IRS's own comes first.
  for (const char* f : {"name", "address", "tin"}) {
    EXPECT_EQ(fields[f]["source"], "irs") << f;
    EXPECT_EQ(fields[f]["tax_year"], 2024) << f;
  }
  EXPECT_EQ(fields["address"]["value"]["street"], "2 Second St");
  EXPECT_EQ(fields["tin"]["value"]["tin"], "123456789");
  EXPECT_EQ(fields["name"]["value"]["last_name"], "Gonzalez");

  // By default the address alone is asked, and goes out with the name.
  Release plain =
      ReleaseFor(Asking("2023", ""), taxpayer, {}, *shipped_->policy, kKey);
  EXPECT_EQ(plain.decision, domain::Outcome::kDisclosed);
  Json only = Fields(plain);
  EXPECT_EQ(Names(only), (std::set<std::string>{"name", "address"}));
  EXPECT_EQ(only["address"]["value"]["street"], "1 First St");
  EXPECT_EQ(only["address"]["source"], "return");
  EXPECT_EQ(only["address"]["tax_year"], 2023);
}

TEST_F(ReleaseForTest, NoRowOfTheRequestedPeriodsIsNoRecord) {
  const std::vector<domain::Record> taxpayer = {
      Row("R-2021", 2021, Source::kReturn, "1 First St"),
      Row("R-2025", 2025, Source::kIrs, "2 Second St")};
  Release r = ReleaseFor(Asking("2022;2023", "address"), taxpayer, {},
                         *shipped_->policy, kKey);
  EXPECT_EQ(r.decision, domain::Outcome::kNoRecord);
  EXPECT_EQ(r.codes, std::vector<std::string>{kNoRecordInPeriods});
  EXPECT_EQ(r.disclosure_json, "");
  EXPECT_EQ(r.taxpayer_digest, "");
  EXPECT_EQ(r.profile, "");
}

TEST_F(ReleaseForTest, AWithheldTinReleasesNothing) {
  std::vector<domain::Record> taxpayer = {
      Row("R-2024", 2024, Source::kReturn, "1 First St"),
      Row("R-2025", 2025, Source::kIrs, "2 Second St")};
  // One row of the taxpayer filed under another TIN, outside the periods:
  // the (i)(6) flag on it still withholds the whole taxpayer.
  taxpayer[0].tin = "987654321";
  // The flags hold keyed digests of TINs (disclosure::WithheldTinKey).
  Release r = ReleaseFor(Asking("2025", "address;tin"), taxpayer,
                         {disclosure::WithheldTinKey(kKey, "987654321")},
                         *shipped_->policy, kKey);
  EXPECT_EQ(r.decision,
            domain::Outcome::kRejected);  // the shipped outcome of WITHHELD_I6
  EXPECT_EQ(r.codes, std::vector<std::string>{"WITHHELD_I6"});
  EXPECT_EQ(r.disclosure_json, "");
  EXPECT_EQ(r.taxpayer_digest, "");

  // The TIN in clear is not a flag's key (nor is a digest made with
  // another key); a flag on somebody else changes nothing.
  for (const std::string& not_it :
       {std::string("987654321"),
        disclosure::WithheldTinKey("another key", "987654321"),
        disclosure::WithheldTinKey(kKey, "111223333")}) {
    Release other = ReleaseFor(Asking("2025", "address;tin"), taxpayer,
                               {not_it}, *shipped_->policy, kKey);
    EXPECT_EQ(other.decision, domain::Outcome::kDisclosed);
  }
  Release other = ReleaseFor(Asking("2025", "address;tin"), taxpayer,
                             {disclosure::WithheldTinKey(kKey, "111223333")},
                             *shipped_->policy, kKey);
  EXPECT_EQ(other.decision, domain::Outcome::kDisclosed);
  EXPECT_EQ(Fields(other)["tin"]["value"]["tin"], "123456789");
}

TEST_F(ReleaseForTest, TheProfileOfThePolicyFileDecidesTheSources) {
  auto third_party = ThirdPartyOnly();
  ASSERT_NE(third_party, nullptr);
  const std::vector<domain::Record> taxpayer = {
      Row("R-2025-return", 2025, Source::kReturn, "9 Return Rd"),
      Row("R-2024-w2", 2024, Source::kInfoReturn, "8 Payroll Ave")};
  const domain::Request asking = Asking("2024;2025", "address");

  Release shipped = ReleaseFor(asking, taxpayer, {}, *shipped_->policy, kKey);
  EXPECT_EQ(shipped.decision, domain::Outcome::kDisclosed);
  EXPECT_EQ(Fields(shipped)["address"]["value"]["street"], "9 Return Rd");
  EXPECT_EQ(Fields(shipped)["address"]["source"], "return");

  // The taxpayer's own return is withheld: the latest third-party row of
  // the periods goes out, under the profile's name.
  Release added = ReleaseFor(asking, taxpayer, {}, *third_party->policy, kKey);
  EXPECT_EQ(added.decision, domain::Outcome::kDisclosed);
  EXPECT_EQ(added.profile, "third-party-only");
  Json fields = Fields(added);
  for (const auto& [name, f] : fields.items()) {
    EXPECT_EQ(f["source"], "info_return") << name;
    EXPECT_EQ(f["tax_year"], 2024) << name;
  }
  EXPECT_EQ(fields["address"]["value"]["street"], "8 Payroll Ave");

  // Only return rows in the periods: nothing may go out under it.
  Release none =
      ReleaseFor(asking, {taxpayer[0]}, {}, *third_party->policy, kKey);
  EXPECT_EQ(none.decision, domain::Outcome::kNoRecord);
  EXPECT_EQ(none.codes, std::vector<std::string>{kNoRecordInPeriods});
  EXPECT_EQ(none.disclosure_json, "");
}

}  // namespace
}  // namespace taxgate::pipeline
