#include "policy/test_inputs.h"

#include "intake/readers.h"

namespace taxgate::policy::testing {

Result<std::vector<domain::Request>> ReadRequestsCsv(const std::string& path) {
  TG_ASSIGN_OR_RETURN(auto read, intake::ReadRequests(path));
  return std::move(read.rows);
}

Result<std::vector<domain::Official>> ReadOfficialsCsv(
    const std::string& path) {
  TG_ASSIGN_OR_RETURN(auto read, intake::ReadOfficials(path));
  return std::move(read.rows);
}

}  // namespace taxgate::policy::testing
