// taxgate_linkage_eval: the linkage module end to end on two CSV files.
//
//   taxgate_linkage_eval --records records.csv --requests requests.csv
//       --out matches.csv [--no-tin] [--no-dob] [--model model.json]
//       [--save-model model.json] [--threads N] [--explain explain.jsonl]
//
// Reads the store and the requests (FORMATS.md columns), builds the match
// index, trains by EM without labels (unless --model), matches every request
// and writes matches.csv (request_id, record_id, match_probability,
// match_weight, decision). Prints timings to stderr. --no-tin / --no-dob
// blank those request fields, to measure matching without them.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "common/csv_reader.h"
#include "common/csv_writer.h"
#include "common/strings.h"
#include "domain/record.h"
#include "domain/request.h"
#include "linkage/eval_io.h"
#include "linkage/matcher.h"
#include "linkage/model.h"

namespace taxgate::linkage {
namespace {

double Seconds(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0)
      .count();
}

std::string Fixed(double v, int digits) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", digits, v);
  return buf;
}

int Run(int argc, char** argv) {
  std::string records_path, requests_path, out_path, model_path, save_path,
      explain_path;
  bool no_tin = false, no_dob = false;
  int threads = 0;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto next = [&]() -> std::string {
      return i + 1 < argc ? argv[++i] : std::string();
    };
    if (a == "--records") {
      records_path = next();
    } else if (a == "--requests") {
      requests_path = next();
    } else if (a == "--out") {
      out_path = next();
    } else if (a == "--model") {
      model_path = next();
    } else if (a == "--save-model") {
      save_path = next();
    } else if (a == "--explain") {
      explain_path = next();
    } else if (a == "--threads") {
      threads = static_cast<int>(ParseInt(next()).value_or(0));
    } else if (a == "--no-tin") {
      no_tin = true;
    } else if (a == "--no-dob") {
      no_dob = true;
    } else {
      std::fprintf(stderr, "unknown argument %s\n", a.c_str());
      return 2;
    }
  }
  if (records_path.empty() || requests_path.empty() || out_path.empty()) {
    std::fprintf(stderr,
                 "usage: taxgate_linkage_eval --records FILE --requests FILE "
                 "--out FILE [--no-tin] [--no-dob] [--model FILE] "
                 "[--save-model FILE] [--threads N] [--explain FILE]\n");
    return 2;
  }
  auto t0 = std::chrono::steady_clock::now();
  auto records = ReadRecords(records_path);
  if (!records.ok()) {
    std::fprintf(stderr, "%s\n", records.status().ToString().c_str());
    return 1;
  }
  auto requests = ReadRequests(requests_path);
  if (!requests.ok()) {
    std::fprintf(stderr, "%s\n", requests.status().ToString().c_str());
    return 1;
  }
  for (auto& q : requests->queries) {
    if (no_tin) q.tin.clear();
    if (no_dob) q.dob.clear();
  }
  double t_read = Seconds(t0);
  auto t1 = std::chrono::steady_clock::now();
  const size_t n_records = records->size();
  MatchIndex index = MatchIndex::Build(std::move(records).value());
  double t_index = Seconds(t1);
  auto t2 = std::chrono::steady_clock::now();
  Model model = DefaultModel();
  if (!model_path.empty()) {
    auto m = LoadModel(model_path);
    if (!m.ok()) {
      std::fprintf(stderr, "%s\n", m.status().ToString().c_str());
      return 1;
    }
    model = std::move(m).value();
  } else {
    auto m = Train(index, requests->queries, model);
    if (!m.ok()) {
      std::fprintf(stderr, "%s\n", m.status().ToString().c_str());
      return 1;
    }
    model = std::move(m).value();
  }
  double t_train = Seconds(t2);
  if (!save_path.empty()) {
    Status s = SaveModel(model, save_path);
    if (!s.ok()) {
      std::fprintf(stderr, "%s\n", s.ToString().c_str());
      return 1;
    }
  }
  auto t3 = std::chrono::steady_clock::now();
  const size_t n = requests->queries.size();
  std::vector<MatchResult> results(n);
  if (threads <= 0) threads = std::max(1u, std::thread::hardware_concurrency());
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t) {
    pool.emplace_back([&, t] {
      for (size_t i = t; i < n; i += threads) {
        results[i] = index.Match(requests->queries[i], model);
      }
    });
  }
  for (auto& th : pool) th.join();
  double t_match = Seconds(t3);
  CsvWriter w(out_path);
  w.WriteRow({"request_id", "record_id", "match_probability", "match_weight",
              "decision"});
  size_t counts[3] = {0, 0, 0};
  size_t pairs = 0;
  std::ofstream explain;
  if (!explain_path.empty()) explain.open(explain_path);
  for (size_t i = 0; i < n; ++i) {
    const MatchResult& r = results[i];
    pairs += r.pairs_compared;
    ++counts[static_cast<int>(r.decision)];
    const char* d = MatchDecisionName(r.decision);
    if (r.best) {
      w.WriteRow({requests->ids[i], r.best->record_id,
                  Fixed(r.best->probability, 6), Fixed(r.best->match_weight, 4),
                  d});
    } else {
      w.WriteRow({requests->ids[i], "", "", "", d});
    }
    if (explain.is_open()) {
      explain << "{\"request_id\":\"" << requests->ids[i]
              << "\",\"decision\":\"" << d << "\",\"reason\":\""
              << r.reason_code << "\",\"candidates\":[";
      for (size_t c = 0; c < r.candidates.size(); ++c) {
        const Candidate& cand = r.candidates[c];
        explain << (c ? "," : "") << "{\"record_id\":\"" << cand.record_id
                << "\",\"weight\":" << Fixed(cand.match_weight, 3)
                << ",\"p\":" << Fixed(cand.probability, 6) << ",\"w\":{";
        for (size_t k = 0; k < cand.weights.size(); ++k) {
          explain << (k ? "," : "") << "\"" << cand.weights[k].field << "\":[\""
                  << cand.weights[k].level << "\","
                  << Fixed(cand.weights[k].weight, 2) << "]";
        }
        explain << "}}";
      }
      explain << "]}\n";
    }
  }
  Status s = w.Close();
  if (!s.ok()) {
    std::fprintf(stderr, "%s\n", s.ToString().c_str());
    return 1;
  }
  std::fprintf(stderr,
               "records=%zu requests=%zu read=%.3fs index_build=%.3fs "
               "train=%.3fs match=%.3fs (%.0f requests/s, %d threads) "
               "pairs_compared=%zu (%.1f per request)\n"
               "match=%zu possible=%zu no_match=%zu lambda=%.3g\n",
               n_records, n, t_read, t_index, t_train, t_match,
               n / std::max(t_match, 1e-9), threads, pairs,
               n ? static_cast<double>(pairs) / n : 0.0, counts[0], counts[1],
               counts[2], model.lambda);
  return 0;
}

}  // namespace
}  // namespace taxgate::linkage

int main(int argc, char** argv) { return taxgate::linkage::Run(argc, argv); }
