// Fuzzes the statute field of a request: the citation parser of
// policy/statute_table.h (StatuteTable::ParseCitations, Classify*) on the
// shipped config/statutes.csv, and the statute rule of
// policy/request_rules.h (CheckStatute) under the shipped policy.
//
// Properties: no crash, sanitizer report or hang (the parser says it is
// linear in the field, and bounds what a range expands to); the parse is
// bounded by the field; ClassifyAll, Classify, ParseCitation and
// ClassifyText agree; CheckStatute returns sorted, distinct codes of the
// statute rules.
#include <set>
#include <string>

#include "fuzz_util.h"
#include "policy/request_rules.h"
#include "policy/rule_codes.h"
#include "policy/statute_table.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace taxgate;
  using namespace taxgate::fuzz;
  const policy::Policy& pol = *ShippedRuleset().policy;
  const policy::StatuteTable& table = pol.statutes;
  const std::string_view text = AsText(data, size);

  std::vector<policy::Citation> cites = table.ParseCitations(text);
  // At most 1024 expanded from ranges and lists, plus one per byte.
  FUZZ_CHECK(cites.size() <= 1024 + size + 1);
  std::vector<policy::StatuteKind> kinds = table.ClassifyAll(text);
  FUZZ_CHECK(kinds.size() == cites.size());
  for (size_t i = 0; i < cites.size(); ++i) {
    FUZZ_CHECK(table.Classify(cites[i]) == kinds[i]);
    FUZZ_CHECK(kinds[i] != policy::StatuteKind::kMixed);
    FUZZ_CHECK(!cites[i].ToString().empty());
  }
  std::optional<policy::Citation> first = table.ParseCitation(text);
  FUZZ_CHECK(first.has_value() ==
             (!cites.empty() && cites[0].code != policy::CodeKind::kUnparsed));
  if (first) FUZZ_CHECK(first->ToString() == cites[0].ToString());
  FUZZ_CHECK(table.ClassifyText(text) ==
             (kinds.empty() ? policy::StatuteKind::kUnknown : kinds[0]));

  std::vector<std::string> codes = policy::CheckStatute(text, pol);
  static const std::set<std::string> kStatuteCodes = {
      policy::kStatuteMissing, policy::kStatuteUnknown,
      policy::kStatuteNotCriminal, policy::kStatuteTaxAdministration};
  for (size_t i = 0; i < codes.size(); ++i) {
    FUZZ_CHECK(kStatuteCodes.count(codes[i]) == 1);
    if (i > 0) FUZZ_CHECK(codes[i - 1] < codes[i]);
  }
  return 0;
}
