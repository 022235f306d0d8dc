// The inputs of the linkage commands (match, train, eval with --records):
// the ruleset, and a store file and a request file read at the same time,
// rejected rows reported as warnings, and the match index built.
#ifndef TAXGATE_CLI_LINKAGE_INPUTS_H_
#define TAXGATE_CLI_LINKAGE_INPUTS_H_

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/status.h"
#include "domain/request.h"
#include "linkage/matcher.h"
#include "record_store/record_store.h"
#include "ruleset/ruleset.h"

namespace taxgate::cli {

struct LinkageInputs {
  std::shared_ptr<const ruleset::Ruleset> rules;
  std::vector<domain::Request> requests;
  std::vector<domain::PersonQuery> queries;  // requests[i].person
  std::shared_ptr<const linkage::MatchIndex> index;
  // With a store (db_spec): how its index was had (mapped or built).
  std::optional<record_store::IndexReport> index_report;
};

// The index is built from `records_path` on `pool`; or, when records_path
// is "" and `db_spec` names a store, it is the store's match index (mapped
// from its file, record_store.h). Errors: those of the ruleset, the
// readers (file, line and column named) and the store.
Result<LinkageInputs> ReadLinkageInputs(const std::string& records_path,
                                        const std::string& requests_path,
                                        const ruleset::RulesetOptions& rules,
                                        ThreadPool* pool,
                                        const std::string& db_spec = "");

}  // namespace taxgate::cli

#endif  // TAXGATE_CLI_LINKAGE_INPUTS_H_
