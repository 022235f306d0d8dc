// The HTML reports a person reads (report/html_report.h draws them):
//   - report.html beside a processed batch's outputs (`taxgate process`):
//     answers by outcome and rule code, the match-probability histogram,
//     the review queue by reason, the model's own (label-free) estimate of
//     its errors, and the precision-recall curve when truth files are
//     given;
//   - `taxgate report html`: the same for any period, read from the audit
//     log; with --year, the annual public report of 26 U.S.C.
//     6103(p)(3)(C) (counts only: no request, person or official).
#ifndef TAXGATE_CLI_REPORTS_H_
#define TAXGATE_CLI_REPORTS_H_

#include <nlohmann/json.hpp>
#include <string>

#include "common/status.h"
#include "linkage/error_estimate.h"
#include "storage/database.h"

namespace taxgate::cli {

// The label-free estimate (linkage/error_estimate.h).
using linkage::ErrorEstimate;
// It as `process` and `match` print it: one line, and the "estimated_errors"
// object of their --json.
std::string EstimateLine(const ErrorEstimate& e);
nlohmann::json EstimateJson(const ErrorEstimate& e);

struct TruthFiles {
  std::string truth;          // truth.csv ("" = none)
  std::string records_truth;  // records_truth.csv
};

// Writes `out_dir`/report.html from the batch's decisions.csv and
// matches.csv in `out_dir`; returns the estimate it shows. Errors: those of
// the files.
Result<ErrorEstimate> WriteBatchReport(const std::string& out_dir,
                                       const std::string& title,
                                       const TruthFiles& truth);

// The estimate of a matches.csv (FORMATS.md).
Result<ErrorEstimate> EstimateErrors(const std::string& matches_csv);

// The report of the log's entries dated from..to (YYYY-MM-DD, both
// included); `annual` > 0: the public report of that year.
Result<std::string> LogReport(storage::Database* db, const std::string& from,
                              const std::string& to, int annual);

}  // namespace taxgate::cli

#endif  // TAXGATE_CLI_REPORTS_H_
