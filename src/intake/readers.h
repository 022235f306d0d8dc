// Readers for the input files of FORMATS.md: records.csv, requests.csv,
// officials.csv, turned into domain values.
//
// Two kinds of bad input (FORMATS.md, "Bad input"):
//  - damage to the file as a whole (missing file, empty file, a missing
//    required column, broken quoting, invalid UTF-8) is an error: the Result
//    holds an InvalidArgument/NotFound Status naming file, line and column,
//    and nothing is returned;
//  - a bad row (wrong number of fields, a required field empty or invalid) is
//    a per-row rejection naming the line and the field; the other rows are
//    returned.
// Messages never quote a taxpayer's data, only positions and column names.
#ifndef TAXGATE_INTAKE_READERS_H_
#define TAXGATE_INTAKE_READERS_H_

#include <cstdint>
#include <string>
#include <vector>

#include "common/csv_reader.h"
#include "common/progress.h"
#include "common/status.h"
#include "common/thread_pool.h"
#include "domain/official.h"
#include "domain/record.h"
#include "domain/request.h"

namespace taxgate::intake {

struct RowRejection {
  int64_t line = 0;
  std::string message;  // "records.csv:12: column 'tax_year': ..."
};

template <typename T>
struct ReadResult {
  std::vector<T> rows;
  std::vector<RowRejection> rejected;
  // Non-fatal notes (unknown columns; counts of rows outside the US shape).
  std::vector<std::string> warnings;
};

// Rows are converted on `pool` when given (the result is the same);
// `progress` is told the rows read (stage "reading records").
Result<ReadResult<domain::Record>> ReadRecords(
    const std::string& path, ThreadPool* pool = nullptr,
    const ProgressFn& progress = nullptr);
Result<ReadResult<domain::Request>> ReadRequests(const std::string& path);
// The same for a requests.csv held in memory (the service's batches);
// `name` stands for the file in messages.
Result<ReadResult<domain::Request>> ReadRequestsFromString(
    const std::string& name, const std::string& text);
Result<ReadResult<domain::Official>> ReadOfficials(const std::string& path);

// One request as a requests.csv of its own (a header and one row: the
// signed columns and `signature`, values exactly as given), which
// ReadRequestsFromString reads back to the same request.
std::string RequestCsv(const domain::Request& r);

// A request from one row of a requests.csv, every field exactly as written
// (not trimmed: the signer signed these strings); absent columns are "".
domain::Request RequestFromRow(const ColumnMap& m, const CsvRow& row);

// Column names of each file, in FORMATS.md order.
const std::vector<std::string>& RecordColumns();
const std::vector<std::string>& RequestColumns();
const std::vector<std::string>& OfficialColumns();

}  // namespace taxgate::intake

#endif  // TAXGATE_INTAKE_READERS_H_
