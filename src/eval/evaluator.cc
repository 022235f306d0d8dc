#include "eval/evaluator.h"

#include <algorithm>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <unordered_map>
#include <unordered_set>

#include "common/csv_reader.h"
#include "common/strings.h"

namespace taxgate::eval {
namespace {

using Map = std::unordered_map<std::string, std::string>;

// Reads two columns of a CSV file into a map (first occurrence wins).
Result<Map> ReadPairs(const std::string& path, const std::string& key,
                      const std::string& value) {
  TG_ASSIGN_OR_RETURN(auto reader, CsvReader::Open(path));
  TG_ASSIGN_OR_RETURN(
      auto cols, ColumnMap::Build(path, reader->header(), {key, value}, {}));
  Map out;
  CsvRow row;
  while (true) {
    TG_ASSIGN_OR_RETURN(bool more, reader->Next(&row));
    if (!more) break;
    out.emplace(std::string(cols.Get(row, key)),
                std::string(cols.Get(row, value)));
  }
  return out;
}

struct Row {
  std::string request_id, record_id, decision;
  double probability = 0;
};

}  // namespace

Result<std::vector<std::pair<std::string, std::string>>> TruePersons(
    const std::string& truth_path, const std::string& records_truth_path) {
  TG_ASSIGN_OR_RETURN(Map person,
                      ReadPairs(records_truth_path, "record_id", "person_id"));
  TG_ASSIGN_OR_RETURN(Map truth,
                      ReadPairs(truth_path, "request_id", "record_id"));
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& [req, rec] : truth) {
    auto it = person.find(rec);
    out.emplace_back(req, it == person.end() ? rec : it->second);
  }
  return out;
}

Result<std::unordered_map<std::string, std::string>> RecordPersons(
    const std::string& records_truth_path) {
  return ReadPairs(records_truth_path, "record_id", "person_id");
}

Result<EvalResult> Evaluate(const std::string& matches_path,
                            const std::string& truth_path,
                            const std::string& records_truth_path) {
  TG_ASSIGN_OR_RETURN(Map person,
                      ReadPairs(records_truth_path, "record_id", "person_id"));
  TG_ASSIGN_OR_RETURN(Map truth,
                      ReadPairs(truth_path, "request_id", "record_id"));
  Map want;
  for (const auto& [req, rec] : truth) {
    auto it = person.find(rec);
    want[req] = it == person.end() ? rec : it->second;
  }
  TG_ASSIGN_OR_RETURN(auto reader, CsvReader::Open(matches_path));
  TG_ASSIGN_OR_RETURN(auto cols,
                      ColumnMap::Build(matches_path, reader->header(),
                                       {"request_id", "record_id", "decision"},
                                       {"match_probability", "match_weight"}));
  std::vector<Row> rows;
  std::unordered_set<std::string> seen;
  CsvRow csv;
  while (true) {
    TG_ASSIGN_OR_RETURN(bool more, reader->Next(&csv));
    if (!more) break;
    Row r;
    r.request_id = cols.Get(csv, "request_id");
    if (!seen.insert(r.request_id).second) continue;
    r.record_id = cols.Get(csv, "record_id");
    r.decision = cols.Get(csv, "decision");
    std::string p(cols.Get(csv, "match_probability"));
    r.probability = p.empty() ? 0.0 : std::atof(p.c_str());
    rows.push_back(std::move(r));
  }
  auto right = [&](const Row& r) {
    auto w = want.find(r.request_id);
    if (w == want.end() || r.record_id.empty()) return false;
    auto p = person.find(r.record_id);
    return (p == person.end() ? r.record_id : p->second) == w->second;
  };
  EvalResult res;
  res.true_pairs = static_cast<int64_t>(want.size());
  for (const Row& r : rows) {
    ++res.requests;
    bool in_store = want.count(r.request_id) > 0;
    if (!in_store) ++res.absent;
    if (r.decision == "possible") {
      ++res.possible;
      if (right(r)) ++res.possible_true;
    }
    if (r.decision != "match" || r.record_id.empty()) continue;
    if (!in_store) ++res.false_absent;
    if (right(r)) {
      ++res.tp;
    } else {
      ++res.fp;
    }
  }
  auto ratio = [](double a, double b) { return b > 0 ? a / b : 0.0; };
  res.precision = ratio(res.tp, res.tp + res.fp);
  res.recall = ratio(res.tp, res.true_pairs);
  res.f1 = ratio(2 * res.precision * res.recall, res.precision + res.recall);
  res.possible_share = ratio(res.possible, res.requests);
  res.false_absent_share = ratio(res.false_absent, res.absent);
  for (double t : {0.5, 0.8, 0.9, 0.95, 0.99, 0.999, 0.9999}) {
    ThresholdPoint pt;
    pt.threshold = t;
    int64_t tp = 0;
    for (const Row& r : rows) {
      if (r.record_id.empty() || r.probability < t) continue;
      ++pt.matches;
      if (right(r)) ++tp;
    }
    pt.precision = ratio(tp, pt.matches);
    pt.recall = ratio(tp, res.true_pairs);
    res.tradeoff.push_back(pt);
  }
  return res;
}

void CountClusters(const std::vector<RowCluster>& rows, EvalResult* r) {
  // Distinct (person, taxpayer) pairs, sorted both ways.
  std::vector<std::pair<int64_t, uint32_t>> by_person;
  for (const RowCluster& c : rows) {
    if (c.person >= 0) by_person.emplace_back(c.person, c.taxpayer);
  }
  std::sort(by_person.begin(), by_person.end());
  by_person.erase(std::unique(by_person.begin(), by_person.end()),
                  by_person.end());
  r->taxpayers = r->store_persons = 0;
  r->split_persons = r->extra_taxpayers = r->merged_taxpayers = 0;
  for (size_t i = 0; i < by_person.size();) {
    size_t j = i;
    while (j < by_person.size() && by_person[j].first == by_person[i].first) {
      ++j;
    }
    ++r->store_persons;
    if (j - i > 1) {
      ++r->split_persons;
      r->extra_taxpayers += static_cast<int64_t>(j - i - 1);
    }
    i = j;
  }
  std::vector<std::pair<uint32_t, int64_t>> by_taxpayer;
  for (const auto& [person, taxpayer] : by_person) {
    by_taxpayer.emplace_back(taxpayer, person);
  }
  std::sort(by_taxpayer.begin(), by_taxpayer.end());
  for (size_t i = 0; i < by_taxpayer.size();) {
    size_t j = i;
    while (j < by_taxpayer.size() &&
           by_taxpayer[j].first == by_taxpayer[i].first) {
      ++j;
    }
    ++r->taxpayers;
    if (j - i > 1) ++r->merged_taxpayers;
    i = j;
  }
}

std::string FormatText(const EvalResult& r) {
  char buf[512];
  std::string out;
  std::snprintf(buf, sizeof buf,
                "requests %lld (in store %lld, absent %lld)\n"
                "precision %.5f  recall %.5f  F1 %.5f  (tp %lld, fp %lld)\n"
                "possible %lld (%.2f%% of requests; %lld of them right)\n"
                "false answers: %lld of %lld absent requests got a match "
                "(%.3f%%)\n",
                static_cast<long long>(r.requests),
                static_cast<long long>(r.true_pairs),
                static_cast<long long>(r.absent), r.precision, r.recall, r.f1,
                static_cast<long long>(r.tp), static_cast<long long>(r.fp),
                static_cast<long long>(r.possible), 100 * r.possible_share,
                static_cast<long long>(r.possible_true),
                static_cast<long long>(r.false_absent),
                static_cast<long long>(r.absent), 100 * r.false_absent_share);
  out += buf;
  if (r.lost_at_blocking >= 0) {
    std::snprintf(buf, sizeof buf,
                  "blocking: %lld candidate pairs (%.1f per request); true "
                  "pairs lost at blocking: %lld of %lld (%.3f%%)\n",
                  static_cast<long long>(r.candidate_pairs),
                  r.requests ? static_cast<double>(r.candidate_pairs) /
                                   static_cast<double>(r.requests)
                             : 0.0,
                  static_cast<long long>(r.lost_at_blocking),
                  static_cast<long long>(r.true_pairs),
                  r.true_pairs
                      ? 100.0 * static_cast<double>(r.lost_at_blocking) /
                            static_cast<double>(r.true_pairs)
                      : 0.0);
    out += buf;
  }
  if (r.taxpayers >= 0) {
    std::snprintf(buf, sizeof buf,
                  "taxpayers: %lld clusters of the store's rows for %lld "
                  "persons; %lld persons split (%lld clusters too many), "
                  "%lld clusters merge persons\n",
                  static_cast<long long>(r.taxpayers),
                  static_cast<long long>(r.store_persons),
                  static_cast<long long>(r.split_persons),
                  static_cast<long long>(r.extra_taxpayers),
                  static_cast<long long>(r.merged_taxpayers));
    out += buf;
  }
  out += "threshold  precision  recall   pairs\n";
  for (const auto& p : r.tradeoff) {
    std::snprintf(buf, sizeof buf, "%-9g  %.5f    %.5f  %lld\n", p.threshold,
                  p.precision, p.recall, static_cast<long long>(p.matches));
    out += buf;
  }
  return out;
}

std::string FormatJson(const EvalResult& r) {
  nlohmann::json j = {{"requests", r.requests},
                      {"true_pairs", r.true_pairs},
                      {"tp", r.tp},
                      {"fp", r.fp},
                      {"precision", r.precision},
                      {"recall", r.recall},
                      {"f1", r.f1},
                      {"possible", r.possible},
                      {"possible_true", r.possible_true},
                      {"possible_share", r.possible_share},
                      {"absent", r.absent},
                      {"false_absent", r.false_absent},
                      {"false_absent_share", r.false_absent_share}};
  if (r.lost_at_blocking >= 0) {
    j["lost_at_blocking"] = r.lost_at_blocking;
    j["candidate_pairs"] = r.candidate_pairs;
  }
  if (r.taxpayers >= 0) {
    j["taxpayers"] = r.taxpayers;
    j["store_persons"] = r.store_persons;
    j["split_persons"] = r.split_persons;
    j["extra_taxpayers"] = r.extra_taxpayers;
    j["merged_taxpayers"] = r.merged_taxpayers;
  }
  j["tradeoff"] = nlohmann::json::array();
  for (const auto& p : r.tradeoff) {
    j["tradeoff"].push_back({{"threshold", p.threshold},
                             {"precision", p.precision},
                             {"recall", p.recall},
                             {"matches", p.matches}});
  }
  return j.dump();
}

}  // namespace taxgate::eval
