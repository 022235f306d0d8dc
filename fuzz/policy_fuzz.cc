// Fuzzes the policy file (policy/policy.h: StatuteTableName and
// ParsePolicy on an InputFile made of the fuzz bytes, common/input_files.h),
// with the shipped statute table (config/statutes.csv) and USPS vocabulary
// (data/reference/).
//
// Properties: no crash, sanitizer report or hang (TOML syntax errors,
// unknown keys, wrong types and ranges are errors); a policy that reads
// named its statute table, gives every rule code of LAW.md a citation and
// an outcome (rejected or review) and no other code, and answers CitationOf
// and OutcomeOf with them; the same bytes read twice give the same policy.
#include <fstream>
#include <sstream>
#include <string>

#include "common/input_files.h"
#include "fuzz_util.h"
#include "policy/policy.h"
#include "policy/rule_codes.h"

namespace taxgate::fuzz {
namespace {

// The shipped statute table, read from where the ruleset read it.
const InputFile& ShippedStatutes() {
  static const InputFile* file = [] {
    for (const auto& in : ShippedRuleset().inputs) {
      if (in.name != "config/statutes.csv") continue;
      std::ifstream f(in.path, std::ios::binary);
      std::ostringstream bytes;
      bytes << f.rdbuf();
      FUZZ_CHECK(f.good() || f.eof());
      return new InputFile{"config/statutes.csv", in.path, bytes.str()};
    }
    std::fprintf(stderr, "fuzz: the ruleset names no statute table\n");
    std::exit(2);
  }();
  return *file;
}

}  // namespace
}  // namespace taxgate::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace taxgate;
  using namespace taxgate::fuzz;
  const ruleset::Ruleset& rs = ShippedRuleset();
  const InputFile& statutes = ShippedStatutes();

  InputFiles files;
  files.Add(InputFile{"config/policy.toml", "policy.toml",
                      std::string(AsText(data, size))});
  auto got = files.Get("config/policy.toml");
  FUZZ_CHECK(got.ok() && (*got)->bytes.size() == size);
  const InputFile& file = **got;

  auto table_name = policy::StatuteTableName(file);
  auto pol = policy::ParsePolicy(file, statutes, rs.tables->usps);
  // ParsePolicy reads the document StatuteTableName reads.
  if (!table_name.ok()) FUZZ_CHECK(!pol.ok());
  if (!pol.ok()) {
    FUZZ_CHECK(!pol.status().message().empty());
    return 0;
  }

  FUZZ_CHECK(*table_name == pol->statute_table_file);
  FUZZ_CHECK(pol->addresses.loaded());
  FUZZ_CHECK(pol->statutes.size() == rs.policy->statutes.size());
  FUZZ_CHECK(pol->rules.size() == policy::AllRuleCodes().size());
  for (std::string_view code : policy::AllRuleCodes()) {
    auto rule = pol->rules.find(code);
    FUZZ_CHECK(rule != pol->rules.end());
    FUZZ_CHECK(rule->second.code == code);
    FUZZ_CHECK(rule->second.outcome == domain::Outcome::kRejected ||
               rule->second.outcome == domain::Outcome::kReview);
    FUZZ_CHECK(policy::OutcomeOf(*pol, code) == rule->second.outcome);
    FUZZ_CHECK(policy::CitationOf(*pol, code) == rule->second.citation);
  }
  FUZZ_CHECK(pol->release_profiles.count(pol->release_profile) == 1);

  auto again = policy::ParsePolicy(file, statutes, rs.tables->usps);
  FUZZ_CHECK(again.ok());
  FUZZ_CHECK(again->version == pol->version);
  FUZZ_CHECK(again->rules.size() == pol->rules.size());
  FUZZ_CHECK(again->permitted_purposes == pol->permitted_purposes);
  return 0;
}
