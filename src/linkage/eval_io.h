// Reading records.csv and requests.csv for the linkage evaluation driver and
// the FEBRL4 test (FORMATS.md columns; unknown columns ignored). Not part of
// the linkage library, which does no I/O: the product reads files in intake/.
#ifndef TAXGATE_LINKAGE_EVAL_IO_H_
#define TAXGATE_LINKAGE_EVAL_IO_H_

#include <string>
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

}  // namespace taxgate::linkage

#endif  // TAXGATE_LINKAGE_EVAL_IO_H_
