#include <iostream>
#include <unordered_map>

#include "cli/cli_context.h"
#include "cli/linkage_inputs.h"
#include "eval/evaluator.h"

namespace taxgate::cli {
namespace {

// Counts the candidate pairs of every request and the true pairs whose
// person has no record among the candidates (lost before scoring).
Status MeasureBlocking(const std::string& records, const std::string& requests,
                       const std::string& truth,
                       const std::string& records_truth, int threads,
                       eval::EvalResult* r) {
  ThreadPool pool(threads);
  TG_ASSIGN_OR_RETURN(LinkageInputs in,
                      ReadLinkageInputs(records, requests, {}, &pool));
  TG_ASSIGN_OR_RETURN(auto persons, eval::RecordPersons(records_truth));
  TG_ASSIGN_OR_RETURN(auto wanted, eval::TruePersons(truth, records_truth));
  std::unordered_map<std::string, std::string> person_of_request(wanted.begin(),
                                                                 wanted.end());
  // The person of every store row, by row index.
  std::vector<const std::string*> row_person(in.index->size(), nullptr);
  for (size_t i = 0; i < row_person.size(); ++i) {
    auto it = persons.find(std::string(in.index->record_id(i)));
    if (it != persons.end()) row_person[i] = &it->second;
  }
  // First occurrence of each request id counts (as in Evaluate).
  std::vector<size_t> todo;
  std::unordered_map<std::string, bool> seen;
  for (size_t i = 0; i < in.requests.size(); ++i) {
    if (seen.emplace(in.requests[i].request_id, true).second) todo.push_back(i);
  }
  const size_t slices = 64;
  std::vector<int64_t> pairs(slices, 0), lost(slices, 0);
  pool.ForSlices(todo.size(), slices, [&](size_t t, size_t begin, size_t end) {
    std::vector<uint32_t> cand;
    for (size_t k = begin; k < end; ++k) {
      const domain::Request& req = in.requests[todo[k]];
      in.index->Candidates(in.index->Prepare(req.person), &cand);
      pairs[t] += static_cast<int64_t>(cand.size());
      auto want = person_of_request.find(req.request_id);
      if (want == person_of_request.end()) continue;  // not in the store
      bool found = false;
      for (uint32_t c : cand) {
        if (row_person[c] && *row_person[c] == want->second) {
          found = true;
          break;
        }
      }
      if (!found) ++lost[t];
    }
  });
  r->candidate_pairs = r->lost_at_blocking = 0;
  for (size_t t = 0; t < slices; ++t) {
    r->candidate_pairs += pairs[t];
    r->lost_at_blocking += lost[t];
  }
  // The store's taxpayers against the persons behind its rows.
  std::unordered_map<std::string_view, int64_t> person_number;
  std::vector<eval::RowCluster> rows(row_person.size());
  for (size_t i = 0; i < rows.size(); ++i) {
    rows[i].taxpayer = in.index->taxpayer(i);
    rows[i].person =
        row_person[i] == nullptr
            ? -1
            : person_number
                  .emplace(*row_person[i],
                           static_cast<int64_t>(person_number.size()))
                  .first->second;
  }
  eval::CountClusters(rows, r);
  return Status::Ok();
}

}  // namespace

void RegisterEval(CLI::App& app, Action* run) {
  auto* cmd = app.add_subcommand(
      "eval",
      "Precision, recall, F1, false answers (requests whose person is not in "
      "the store that still got a match) and the precision-recall trade-off "
      "of a matches file; with --records and --requests, also the candidate "
      "pairs, the true pairs lost at blocking, and the store's taxpayers "
      "against the persons of records_truth (persons split, clusters "
      "merging persons)");
  struct Opts {
    std::string matches, truth, records_truth, records, requests;
    bool json = false;
    int threads = 0;
  };
  auto o = std::make_shared<Opts>();
  cmd->add_option("--matches", o->matches, "matches.csv")->required();
  cmd->add_option("--truth", o->truth, "truth.csv")->required();
  cmd->add_option("--records-truth", o->records_truth, "records_truth.csv")
      ->required();
  auto* records = cmd->add_option("--records", o->records,
                                  "records.csv the matches were made on");
  auto* requests =
      cmd->add_option("--requests", o->requests, "requests.csv of the matches");
  records->needs(requests);
  requests->needs(records);
  cmd->add_flag("--json", o->json, "print one JSON object");
  cmd->add_option("--threads", o->threads,
                  "threads for the blocking measure (0 = cores)");
  cmd->callback([=] {
    *run = [=] {
      auto r = eval::Evaluate(o->matches, o->truth, o->records_truth);
      if (!r.ok()) return Fail(r.status());
      if (!o->records.empty()) {
        Status s = MeasureBlocking(o->records, o->requests, o->truth,
                                   o->records_truth, o->threads, &*r);
        if (!s.ok()) return Fail(s);
      }
      std::cout << (o->json ? eval::FormatJson(*r) + "\n"
                            : eval::FormatText(*r));
      return kExitOk;
    };
  });
}

}  // namespace taxgate::cli
