// Fuzzes the statute table's reader (policy/statute_table.h,
// StatuteTable::FromCsv: config/statutes.csv, which counsel edits) and the
// classification of citations against a table read from the fuzz bytes.
//
// Properties: no crash, sanitizer report or hang; a table that reads
// classifies every citation (never as kMixed, which is a table-only kind);
// reading is deterministic (the same bytes give a table that classifies
// alike).
#include <string>

#include "fuzz_util.h"
#include "policy/statute_table.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace taxgate;
  using namespace taxgate::fuzz;
  const std::string content(AsText(data, size));
  auto table = policy::StatuteTable::FromCsv("statutes.csv", content);
  if (!table.ok()) {
    FUZZ_CHECK(!table.status().message().empty());
    return 0;
  }
  auto again = policy::StatuteTable::FromCsv("statutes.csv", content);
  FUZZ_CHECK(again.ok());
  FUZZ_CHECK(again->size() == table->size());
  static const char* const kFields[] = {
      "8 U.S.C. 1326(a)",
      "8 U.S.C. § 1253(a)(1); 18 U.S.C. 1028A",
      "INA § 237, 8 C.F.R. 241.4",
      "26 U.S.C. 7201",
      "Title 8, United States Code, Section 1325(a)",
      "8 U.S.C. §§ 1324-1327 et seq.",
      "Tex. Penal Code § 38.04",
      "21 U.S.C. 841(a)(1)-(b)(1)(C)"};
  for (const char* field : kFields) {
    auto kinds = table->ClassifyAll(field);
    FUZZ_CHECK(kinds == again->ClassifyAll(field));
    for (policy::StatuteKind k : kinds) {
      FUZZ_CHECK(k != policy::StatuteKind::kMixed);
    }
  }
  return 0;
}
