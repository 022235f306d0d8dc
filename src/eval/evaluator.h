// Scores a matches file (FORMATS.md matches.csv) against the truth files:
// precision, recall and F1 of the `match` decisions, the share sent to
// `possible`, false answers (requests whose person is not in the store that
// still got a match: the costliest error) and the precision-recall
// trade-off at several probability thresholds. Definitions agree with
// ../shared/tools/score_matches.py (first row per request id counts).
#ifndef TAXGATE_EVAL_EVALUATOR_H_
#define TAXGATE_EVAL_EVALUATOR_H_

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "common/status.h"

namespace taxgate::eval {

struct ThresholdPoint {
  double threshold = 0;  // a row counts as a match when p >= threshold
  double precision = 0;
  double recall = 0;
  int64_t matches = 0;
};

struct EvalResult {
  int64_t requests = 0;    // distinct request ids in the matches file
  int64_t true_pairs = 0;  // requests whose person is in the store (truth)
  int64_t tp = 0;          // `match` to a record of the right person
  int64_t fp = 0;          // `match` to someone else
  int64_t possible = 0;
  int64_t possible_true = 0;  // `possible` whose candidate is right
  int64_t absent = 0;         // requests whose person is not in the store
  int64_t false_absent = 0;   // ... that still got a `match`
  double precision = 0, recall = 0, f1 = 0;
  double possible_share = 0, false_absent_share = 0;
  // With the inputs (eval --records --requests): true pairs whose person has
  // no record among the request's candidates, and candidate pairs in all;
  // -1 when not measured.
  int64_t lost_at_blocking = -1;
  int64_t candidate_pairs = -1;
  // With the inputs too: the store's taxpayers (clusters of rows, matcher.h)
  // against records_truth: persons, persons split over more than one
  // taxpayer (split_persons; extra_taxpayers counts the surplus clusters),
  // and taxpayers that join rows of different persons; -1 when not
  // measured.
  int64_t taxpayers = -1;
  int64_t store_persons = -1;
  int64_t split_persons = -1;
  int64_t extra_taxpayers = -1;
  int64_t merged_taxpayers = -1;
  std::vector<ThresholdPoint> tradeoff;
};

// Errors: those of the CSV reader (file, line, column), InvalidArgument for
// a missing column.
Result<EvalResult> Evaluate(const std::string& matches_path,
                            const std::string& truth_path,
                            const std::string& records_truth_path);

// The person id of each request in the store (request_id -> person_id),
// from truth.csv and records_truth.csv; used to count blocking losses.
Result<std::vector<std::pair<std::string, std::string>>> TruePersons(
    const std::string& truth_path, const std::string& records_truth_path);

// record_id -> person_id of records_truth.csv.
Result<std::unordered_map<std::string, std::string>> RecordPersons(
    const std::string& records_truth_path);

// Fills the taxpayer fields of *r from each row's taxpayer and person
// (the person id's index; rows without a person are skipped).
struct RowCluster {
  uint32_t taxpayer;
  int64_t person;  // -1: the row has no person in records_truth
};
void CountClusters(const std::vector<RowCluster>& rows, EvalResult* r);

std::string FormatText(const EvalResult& r);
std::string FormatJson(const EvalResult& r);

}  // namespace taxgate::eval

#endif  // TAXGATE_EVAL_EVALUATOR_H_
