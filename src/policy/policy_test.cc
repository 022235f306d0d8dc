#include "policy/policy.h"

#include <algorithm>
#include <string>

#include "common/data_dir.h"
#include "common/file_util.h"
#include "gtest/gtest.h"
#include "ruleset/ruleset.h"
#include "test_util.h"

namespace taxgate::policy {
namespace {

// The policy file at `path` with the shipped data folder, read as every
// face reads it (ruleset/ruleset.h).
Result<Policy> LoadPolicy(const std::string& path) {
  TG_ASSIGN_OR_RETURN(auto rs, ruleset::LoadRuleset({.policy_path = path}));
  return *rs->policy;
}
Result<Policy> LoadDefaultPolicy() {
  return LoadPolicy(ConfigDir() + "/policy.toml");
}

std::string ShippedPolicyText() {
  auto text = ReadFile(ConfigDir() + "/policy.toml");
  EXPECT_TRUE(text.ok());
  return text.ok() ? *text : "";
}

// Replaces the first `from` in the shipped file by `to`.
std::string Edited(const std::string& from, const std::string& to) {
  std::string s = ShippedPolicyText();
  size_t p = s.find(from);
  EXPECT_NE(p, std::string::npos) << from;
  if (p != std::string::npos) s.replace(p, from.size(), to);
  return s;
}

int LineOf(const std::string& text, const std::string& needle) {
  size_t p = text.find(needle);
  int line = 1;
  for (size_t i = 0; i < p && i < text.size(); ++i) line += text[i] == '\n';
  return line;
}

class PolicyFileTest : public ::testing::Test {
 protected:
  // Writes `text` as bad.toml beside a copy of statutes.csv and loads it.
  Result<Policy> LoadText(const std::string& text) {
    auto csv = ReadFile(ConfigDir() + "/statutes.csv");
    EXPECT_TRUE(csv.ok());
    dir_.Write("statutes.csv", csv.ok() ? *csv : "");
    path_ = dir_.Write("bad.toml", text);
    return LoadPolicy(path_);
  }
  taxgate::testing::TempDir dir_;
  std::string path_;
};

TEST(PolicyTest, ShippedPolicyLoadsWithEveryRule) {
  auto p = LoadDefaultPolicy();
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  EXPECT_EQ(p->version, "2026.3");
  EXPECT_TRUE(p->require_signatures);
  EXPECT_EQ(p->engagement_ceiling, 100);
  EXPECT_EQ(p->engagement_window_days, 365);
  EXPECT_EQ(p->matter_ceiling, 25);
  EXPECT_EQ(p->matter_window_days, 365);
  EXPECT_EQ(p->boilerplate_threshold, 25);
  EXPECT_EQ(p->boilerplate_window_days, 7);
  EXPECT_EQ(p->near_copy_edits, 3);
  EXPECT_DOUBLE_EQ(p->near_copy_share, 0.05);
  EXPECT_EQ(p->reason_min_words, 4);
  EXPECT_EQ(p->review_deadline_days, 7);
  EXPECT_EQ(p->release_window_hours, 24);
  // Placeholder lists in English, Spanish, Portuguese, French at least.
  for (const char* w :
       {"unknown", "desconocido", "desconhecido", "inconnu", "unbekannt"}) {
    EXPECT_TRUE(p->placeholders.any.Has({w}, 0, 1)) << w;
  }
  EXPECT_FALSE(p->placeholders.names.empty());
  EXPECT_FALSE(p->placeholders.addresses.empty());
  EXPECT_FALSE(p->placeholders.reasons.empty());
  EXPECT_FALSE(p->placeholders.cases.empty());
  EXPECT_FALSE(p->refused_use_words.empty());
  EXPECT_EQ(p->release_profile, "dc-circuit-2026");
  EXPECT_EQ(p->release_profiles.size(), 2u);
  EXPECT_EQ(p->release_profiles.at("conservative").sources,
            (std::vector<std::string>{"info_return", "irs"}));
  EXPECT_EQ(p->default_purpose, "criminal_investigation");
  EXPECT_EQ(p->permitted_purposes.size(), 3u);
  EXPECT_TRUE(p->agencies_on_hold.empty());
  EXPECT_EQ(p->rules.size(), AllRuleCodes().size());
  EXPECT_GT(p->statutes.size(), 50u);
  EXPECT_TRUE(p->addresses.loaded());
  EXPECT_EQ(CitationOf(*p, kNameMissing), "26 U.S.C. 6103(i)(2)(B)(i)");
  EXPECT_EQ(CitationOf(*p, kWithheldI6), "26 U.S.C. 6103(i)(6)");
  EXPECT_EQ(CitationOf(*p, "NO_SUCH_CODE"), "");
  const std::vector<std::string_view> review = {
      kStatuteUnknown, kReasonNotSpecific, kAddressUnverified, kMatterTooBroad,
      kPurposeUnclear};
  for (auto code : AllRuleCodes()) {
    bool to_review =
        std::find(review.begin(), review.end(), code) != review.end();
    EXPECT_EQ(OutcomeOf(*p, code),
              to_review ? domain::Outcome::kReview : domain::Outcome::kRejected)
        << code;
    // The fallback for a policy without rules agrees with the shipped file.
    EXPECT_EQ(OutcomeOf(Policy{}, code), OutcomeOf(*p, code)) << code;
  }
}

TEST(PolicyTest, DefaultConstructedPolicyFallsBackToLawMdOutcomes) {
  Policy p;
  EXPECT_EQ(OutcomeOf(p, kStatuteUnknown), domain::Outcome::kReview);
  EXPECT_EQ(OutcomeOf(p, kNameMissing), domain::Outcome::kRejected);
}

TEST_F(PolicyFileTest, ShippedTextLoadsFromAnotherFolder) {
  auto p = LoadText(ShippedPolicyText());
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  EXPECT_EQ(p->source_path, path_);
}

TEST_F(PolicyFileTest, MissingFileIsNotFound) {
  auto p = LoadPolicy(dir_.File("nope.toml"));
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.status().code(), StatusCode::kNotFound);
  EXPECT_NE(p.status().message().find("nope.toml"), std::string::npos);
}

TEST_F(PolicyFileTest, MalformedTomlNamesFileAndLine) {
  std::string text = Edited("ceiling = 100", "ceiling = = 100");
  auto p = LoadText(text);
  ASSERT_FALSE(p.ok());
  std::string want =
      path_ + ":" + std::to_string(LineOf(text, "ceiling = = 100")) + ":";
  EXPECT_NE(p.status().message().find(want), std::string::npos)
      << p.status().message() << " want " << want;
  EXPECT_NE(p.status().message().find("malformed TOML"), std::string::npos);
}

TEST_F(PolicyFileTest, UnknownRuleCodeNamesFileLineAndKey) {
  std::string text = Edited("code = \"LEGAL_HOLD\"", "code = \"LEGAL_HOLDS\"");
  auto p = LoadText(text);
  ASSERT_FALSE(p.ok());
  std::string want = path_ + ":" +
                     std::to_string(LineOf(text, "code = \"LEGAL_HOLDS\"")) +
                     ": key 'code': unknown rule code 'LEGAL_HOLDS'";
  EXPECT_EQ(p.status().message(), want);
  EXPECT_EQ(p.status().code(), StatusCode::kInvalidArgument);
}

TEST_F(PolicyFileTest, EveryMalformationIsRefused) {
  struct Bad {
    std::string from, to, want;
  };
  const std::vector<Bad> bads = {
      {"version = \"2026.3\"", "", "key 'version': missing"},
      {"version = \"2026.3\"", "version = 2026",
       "key 'version': want a string"},
      {"two_person_disclosure = true", "two_person_disclosure = 1",
       "key 'release.two_person_disclosure': want true or false"},
      {"[signatures]\nrequired = true", "[signatures]\nrequired = \"yes\"",
       "key 'signatures.required': want true or false"},
      {"[signatures]\nrequired = true", "", "key 'signatures': missing"},
      {"near_copy_share = 0.05", "near_copy_share = 5",
       "key 'boilerplate.near_copy_share': want a number between 0.0 and "
       "1.0"},
      {"ceiling = 25", "ceiling = 0", "key 'matters.ceiling': got 0"},
      {"whole_names = [\"NA\", \"NA NA\"]", "whole_names = \"NA\"",
       "key 'placeholders.whole_names': want a list of strings"},
      {"whole_names = [\"NA\", \"NA NA\"]", "",
       "key 'placeholders.whole_names': missing"},
      {"review_deadline_days = 7", "review_deadline_days = 0",
       "key 'release.review_deadline_days': got 0"},
      {"ceiling = 100", "ceiling = \"100\"",
       "key 'engagement.ceiling': want an integer"},
      {"ceiling = 100", "ceiling = 0", "key 'engagement.ceiling': got 0"},
      {"threshold = 25", "threshold = -1", "key 'boilerplate.threshold'"},
      {"window_days = 7", "window_days = 7\nfuzzy = true",
       "key 'boilerplate.fuzzy': unknown key"},
      {"[engagement]", "[engagment]", "key 'engagment': unknown key"},
      {"permitted = [\"criminal_investigation\", \"judicial_proceeding\", "
       "\"grand_jury\"]",
       "permitted = []", "key 'purpose.permitted': must not be empty"},
      {"permitted = [\"criminal_investigation\"", "permitted = [1",
       "key 'purpose.permitted'"},
      {"outcome = \"review\"", "outcome = \"eligible\"",
       "key 'outcome': got 'eligible', want rejected or review"},
      {"code = \"LEGAL_HOLD\"", "code = \"NAME_MISSING\"",
       "rule 'NAME_MISSING' listed twice"},
      {"code = \"WITHHELD_I6\"\ncitation = \"26 U.S.C. 6103(i)(6)\"",
       "code = \"WITHHELD_I6\"", "key 'citation': missing"},
      {"profile = \"dc-circuit-2026\"", "profile = \"lenient\"",
       "profile 'lenient' is not defined"},
      {"sources = [\"info_return\", \"irs\"]", "sources = [\"w2\"]",
       "got 'w2', want return, info_return or irs"},
      {"table = \"statutes.csv\"", "table = \"missing.csv\"",
       "key 'statutes.table': "},
      {"earliest_year = 1900", "earliest_year = 19000",
       "key 'tax_periods.earliest_year'"},
      {"agencies = []", "agencies = \"DHS\"",
       "key 'legal_holds.agencies': want a list of strings"},
  };
  for (const auto& b : bads) {
    auto p = LoadText(Edited(b.from, b.to));
    ASSERT_FALSE(p.ok()) << b.to;
    EXPECT_NE(p.status().message().find(b.want), std::string::npos)
        << p.status().message() << "\n  want: " << b.want;
    EXPECT_EQ(p.status().message().rfind(path_, 0), 0u) << p.status().message();
  }
}

TEST_F(PolicyFileTest, LeavingOutARuleIsRefused) {
  std::string text = ShippedPolicyText();
  size_t begin = text.find("[[rules]]\ncode = \"LEGAL_HOLD\"");
  ASSERT_NE(begin, std::string::npos);
  size_t end = text.find("[[rules]]", begin + 1);
  text.erase(begin, end - begin);
  auto p = LoadText(text);
  ASSERT_FALSE(p.ok());
  EXPECT_NE(p.status().message().find("rule 'LEGAL_HOLD' missing"),
            std::string::npos)
      << p.status().message();
}

TEST_F(PolicyFileTest, ABadStatuteTableRowIsRefusedWithItsLine) {
  auto csv = ReadFile(ConfigDir() + "/statutes.csv");
  ASSERT_TRUE(csv.ok());
  dir_.Write("statutes.csv", *csv + "8,9999,felony,x,\n");
  std::string path = dir_.Write("p.toml", ShippedPolicyText());
  auto p = LoadPolicy(path);
  ASSERT_FALSE(p.ok());
  EXPECT_NE(p.status().message().find("statutes.csv:"), std::string::npos)
      << p.status().message();
  EXPECT_NE(p.status().message().find("column 'kind'"), std::string::npos);
}

}  // namespace
}  // namespace taxgate::policy
