// Reading records.csv and requests.csv for the linkage evaluation driver and
// the FEBRL4 test (FORMATS.md columns; unknown columns ignored). Not part of
// the linkage library, which does no I/O: the product reads files in intake/.
#ifndef TAXGATE_LINKAGE_TEST_INPUTS_H_
#define TAXGATE_LINKAGE_TEST_INPUTS_H_

#include <string>
#include <unordered_map>
#include <vector>

#include "common/status.h"
#include "domain/record.h"
#include "domain/request.h"

namespace taxgate::linkage {

// Errors: those of CsvReader / ColumnMap (file, line and column named).
Result<std::vector<domain::Record>> ReadRecords(const std::string& path);

struct Requests {
  std::vector<std::string> ids;
  std::vector<domain::PersonQuery> queries;
};
Result<Requests> ReadRequests(const std::string& path);

// The first two columns of a truth file (truth.csv, records_truth.csv) as a
// map, first occurrence winning. Errors: those of CsvReader.
Result<std::unordered_map<std::string, std::string>> ReadPairs(
    const std::string& path);

}  // namespace taxgate::linkage

#endif  // TAXGATE_LINKAGE_TEST_INPUTS_H_
