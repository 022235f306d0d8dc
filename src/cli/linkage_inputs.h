// The inputs of the linkage commands (match, train, eval with --records):
// a store file and a request file read at the same time as the reference
// tables, rejected rows reported as warnings, and the match index built.
#ifndef TAXGATE_CLI_LINKAGE_INPUTS_H_
#define TAXGATE_CLI_LINKAGE_INPUTS_H_

#include <optional>
#include <string>
#include <vector>

#include "common/status.h"
#include "domain/request.h"
#include "linkage/matcher.h"

namespace taxgate::cli {

struct LinkageInputs {
  std::vector<domain::Request> requests;
  std::vector<domain::PersonQuery> queries;  // requests[i].person
  std::optional<linkage::MatchIndex> index;
};

// Errors: those of the readers (file, line and column named).
Result<LinkageInputs> ReadLinkageInputs(const std::string& records_path,
                                        const std::string& requests_path);

}  // namespace taxgate::cli

#endif  // TAXGATE_CLI_LINKAGE_INPUTS_H_
