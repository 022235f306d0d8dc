// Golden test: the statute rules on ../shared/data/legal-examples-v2 (the
// 221 public examples, signed, plus six broken signatures) must give
// exactly expected.csv (decision and set of codes for every row, matched by
// request id and occurrence), as of 2026-11-22 as its README says.
//
// Set TAXGATE_POLICY_DECISIONS_OUT=FILE to also write the decisions as
// FORMATS.md's decisions.csv, for ../shared/tools/compare_decisions.py.
#include <cstdlib>
#include <map>
#include <unordered_map>

#include "common/csv_reader.h"
#include "common/csv_writer.h"
#include "common/strings.h"
#include "gtest/gtest.h"
#include "policy/evaluator.h"
#include "policy/test_inputs.h"
#include "ruleset/ruleset.h"
#include "test_util.h"

namespace taxgate::policy {
namespace {

constexpr Date kExamplesAsOf{2026, 11, 22};

struct Expected {
  std::string request_id;
  std::string decision;
  std::string codes;
};

std::vector<Expected> ReadExpected(const std::string& path) {
  std::vector<Expected> out;
  auto reader = CsvReader::Open(path);
  EXPECT_TRUE(reader.ok()) << reader.status().ToString();
  if (!reader.ok()) return out;
  auto cols = ColumnMap::Build(path, (*reader)->header(),
                               {"request_id", "decision", "codes"}, {});
  EXPECT_TRUE(cols.ok()) << cols.status().ToString();
  if (!cols.ok()) return out;
  CsvRow row;
  while (true) {
    auto more = (*reader)->Next(&row);
    EXPECT_TRUE(more.ok());
    if (!more.ok() || !*more) break;
    out.push_back({std::string(cols->Get(row, "request_id")),
                   std::string(cols->Get(row, "decision")),
                   std::string(cols->Get(row, "codes"))});
  }
  return out;
}

TEST(LegalExamplesTest, ReproducesExpectedDecisionsExactly) {
  std::string dir = taxgate::testing::SharedDir() + "/data/legal-examples-v2";
  auto rs = ruleset::DefaultRuleset();
  ASSERT_TRUE(rs.ok()) << rs.status().ToString();
  const Policy* policy = (*rs)->policy.get();
  auto requests = testing::ReadRequestsCsv(dir + "/requests.csv");
  ASSERT_TRUE(requests.ok()) << requests.status().ToString();
  auto officials = testing::ReadOfficialsCsv(dir + "/officials.csv");
  ASSERT_TRUE(officials.ok()) << officials.status().ToString();
  std::unordered_map<std::string, domain::Official> registry;
  for (const auto& o : *officials) registry[o.official_id] = o;
  OfficialLookup lookup =
      [&](const std::string& id) -> const domain::Official* {
    auto it = registry.find(id);
    return it == registry.end() ? nullptr : &it->second;
  };

  std::vector<Evaluation> evals =
      EvaluateBatch(*policy, *requests, lookup, History{}, kExamplesAsOf);
  ASSERT_EQ(evals.size(), requests->size());

  std::vector<Expected> expected = ReadExpected(dir + "/expected.csv");
  ASSERT_EQ(expected.size(), requests->size());
  int agree = 0;
  for (size_t i = 0; i < expected.size(); ++i) {
    ASSERT_EQ(expected[i].request_id, (*requests)[i].request_id) << "row " << i;
    std::string got_decision = domain::OutcomeName(evals[i].outcome);
    std::string got_codes = Join(evals[i].codes, ";");
    EXPECT_EQ(got_decision, expected[i].decision)
        << expected[i].request_id << " (row " << i + 2 << ")";
    EXPECT_EQ(got_codes, expected[i].codes)
        << expected[i].request_id << " (row " << i + 2 << ")";
    if (got_decision == expected[i].decision &&
        got_codes == expected[i].codes) {
      ++agree;
    }
  }
  EXPECT_EQ(agree, static_cast<int>(expected.size()));

  if (const char* out = std::getenv("TAXGATE_POLICY_DECISIONS_OUT")) {
    CsvWriter w(out);
    w.WriteRow({"request_id", "decision", "reasons", "record_id",
                "match_probability"});
    for (size_t i = 0; i < evals.size(); ++i) {
      w.WriteRow({(*requests)[i].request_id,
                  domain::OutcomeName(evals[i].outcome),
                  Join(evals[i].codes, ";"), "", ""});
    }
    ASSERT_TRUE(w.Close().ok());
  }
}

TEST(LegalExamplesTest, DuplicatesPointAtTheEarlierRequest) {
  std::string dir = taxgate::testing::SharedDir() + "/data/legal-examples-v2";
  auto rs = ruleset::DefaultRuleset();
  ASSERT_TRUE(rs.ok()) << rs.status().ToString();
  const Policy* policy = (*rs)->policy.get();
  auto requests = testing::ReadRequestsCsv(dir + "/requests.csv");
  ASSERT_TRUE(requests.ok());
  auto officials = testing::ReadOfficialsCsv(dir + "/officials.csv");
  ASSERT_TRUE(officials.ok());
  std::map<std::string, domain::Official> registry;
  for (const auto& o : *officials) registry[o.official_id] = o;
  auto evals = EvaluateBatch(
      *policy, *requests,
      [&](const std::string& id) -> const domain::Official* {
        auto it = registry.find(id);
        return it == registry.end() ? nullptr : &it->second;
      },
      History{}, kExamplesAsOf);
  int duplicates = 0;
  for (size_t i = 0; i < evals.size(); ++i) {
    bool dup = std::find(evals[i].codes.begin(), evals[i].codes.end(),
                         kDuplicateRequest) != evals[i].codes.end();
    EXPECT_EQ(dup, !evals[i].duplicate_of.empty());
    if (dup) {
      ++duplicates;
      EXPECT_EQ(evals[i].duplicate_of, "LX-0001");
    }
  }
  EXPECT_EQ(duplicates, 2);
}

}  // namespace
}  // namespace taxgate::policy
