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
#include "ruleset/ruleset.h"

namespace taxgate::cli {

struct LinkageInputs {
  std::shared_ptr<const ruleset::Ruleset> rules;
  std::vector<domain::Request> requests;
  std::vector<domain::PersonQuery> queries;  // requests[i].person
  std::optional<linkage::MatchIndex> index;
};

// The index is built on `pool`. Errors: those of the ruleset and the
// readers (file, line and column named).
Result<LinkageInputs> ReadLinkageInputs(const std::string& records_path,
                                        const std::string& requests_path,
                                        const ruleset::RulesetOptions& rules,
                                        ThreadPool* pool);

}  // namespace taxgate::cli

#endif  // TAXGATE_CLI_LINKAGE_INPUTS_H_
