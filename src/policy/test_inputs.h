// Test-only readers: requests.csv and officials.csv straight into domain
// values with CsvReader + ColumnMap, so the policy tests do not depend on the
// intake module. No per-row validation: every column is copied as written.
#ifndef TAXGATE_POLICY_TEST_INPUTS_H_
#define TAXGATE_POLICY_TEST_INPUTS_H_

#include <string>
#include <vector>

#include "common/status.h"
#include "domain/official.h"
#include "domain/request.h"

namespace taxgate::policy::testing {

Result<std::vector<domain::Request>> ReadRequestsCsv(const std::string& path);
Result<std::vector<domain::Official>> ReadOfficialsCsv(const std::string& path);

}  // namespace taxgate::policy::testing

#endif  // TAXGATE_POLICY_TEST_INPUTS_H_
