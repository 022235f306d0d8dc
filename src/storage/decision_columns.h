// The columns of the decisions table, shared by the backends: each column
// by name with the DecisionRow member it holds. Every statement on
// decisions is made from names through this table (a column list, an
// UPDATE's SET list), so a column can never be read into the wrong member.
// Internal to storage/ (no other module includes it).
#ifndef TAXGATE_STORAGE_DECISION_COLUMNS_H_
#define TAXGATE_STORAGE_DECISION_COLUMNS_H_

#include <cstdio>
#include <cstdlib>
#include <initializer_list>
#include <string_view>
#include <variant>
#include <vector>

#include "storage/database.h"

namespace taxgate::storage::internal {

// The one place a decision row meets its columns: each column by name with
// the member it holds. Every statement on decisions is made from names
// through this table (a column list, an UPDATE's SET list), so a column can
// never be read into the wrong member. The decision is text in the store
// and an Outcome everywhere else.
using DecisionMember =
    std::variant<std::string DecisionRow::*, int64_t DecisionRow::*,
                 std::optional<double> DecisionRow::*,
                 domain::Outcome DecisionRow::*>;
struct DecisionColumn {
  const char* name;
  DecisionMember member;
};
inline const DecisionColumn kDecisionColumnList[] = {
    {"batch_id", &DecisionRow::batch_id},
    {"position", &DecisionRow::position},
    {"agency", &DecisionRow::agency},
    {"request_id", &DecisionRow::request_id},
    {"official_id", &DecisionRow::official_id},
    {"case_number", &DecisionRow::case_number},
    {"name_key", &DecisionRow::name_key},
    {"dob_key", &DecisionRow::dob_key},
    {"decided_on", &DecisionRow::decided_on},
    {"decision", &DecisionRow::decision},
    {"reasons", &DecisionRow::reasons},
    {"record_id", &DecisionRow::record_id},
    {"match_probability", &DecisionRow::match_probability},
    {"match_weight", &DecisionRow::match_weight},
    {"match_decision", &DecisionRow::match_decision},
    {"disclosure_json", &DecisionRow::disclosure_json},
    {"leaf_index", &DecisionRow::leaf_index},
    {"reason_norm", &DecisionRow::reason_norm},
    {"policy_version", &DecisionRow::policy_version},
    {"ruleset_digest", &DecisionRow::ruleset_digest},
    {"model_digest", &DecisionRow::model_digest},
    {"model_version", &DecisionRow::model_version},
    {"evidence_json", &DecisionRow::evidence_json},
    {"decision_leaf", &DecisionRow::decision_leaf},
    {"taxpayer_digest", &DecisionRow::taxpayer_digest},
    {"release_profile", &DecisionRow::release_profile}};

// Some columns of kDecisionColumnList, by name, in the order given. A name
// not in the list is a programming error: it aborts (a dropped column would
// shift every parameter after it).
using DecisionColumns = std::vector<const DecisionColumn*>;
inline DecisionColumns Columns(std::initializer_list<std::string_view> names) {
  DecisionColumns out;
  for (std::string_view n : names) {
    const DecisionColumn* found = nullptr;
    for (const auto& c : kDecisionColumnList) {
      if (n == c.name) found = &c;
    }
    if (found == nullptr) {
      std::fprintf(stderr,
                   "taxgate: internal error: no decision column '%.*s'\n",
                   static_cast<int>(n.size()), n.data());
      std::abort();
    }
    out.push_back(found);
  }
  return out;
}
inline const DecisionColumns& AllColumns() {
  static const DecisionColumns all = [] {
    DecisionColumns out;
    for (const auto& c : kDecisionColumnList) out.push_back(&c);
    return out;
  }();
  return all;
}

}  // namespace taxgate::storage::internal

#endif  // TAXGATE_STORAGE_DECISION_COLUMNS_H_
