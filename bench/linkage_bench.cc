// taxgate_linkage_bench: the linkage module end to end on two CSV files,
// each phase timed apart, with peak memory. Prints figures; asserts nothing.
//
//   taxgate_linkage_bench --records records.csv --requests requests.csv
//       [--out matches.csv] [--no-tin] [--no-dob] [--model model.json]
//       [--save-model model.json] [--threads N] [--profile N] [--repeat K]
//
// Phases: read (CSV -> domain types), index build (normalize every record,
// blocking index, taxpayers), train (EM without labels, unless --model),
// match (every request, on --threads threads). --profile N times the parts
// of matching (normalizing the request, gathering candidates, scoring) on
// one thread over the first N requests. --repeat K matches K times and
// reports the fastest. --no-tin / --no-dob blank those request fields.
// bench/linkage.sh runs it on the sizes and scores the output with
// ../shared/tools/score_matches.py.
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <thread>
#include <vector>

#include "common/csv_writer.h"
#include "common/file_util.h"
#include "common/strings.h"
#include "common/thread_pool.h"
#include "linkage/matcher.h"
#include "linkage/model.h"
#include "linkage/test_inputs.h"
#include "ruleset/ruleset.h"

namespace taxgate::linkage {
namespace {

using Clock = std::chrono::steady_clock;

double Seconds(Clock::time_point t0) {
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

// Peak resident set size of the process so far, in MB.
double PeakRssMb() {
  struct rusage u;
  getrusage(RUSAGE_SELF, &u);
  return u.ru_maxrss / 1024.0;
}

std::string Fixed(double v, int digits) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", digits, v);
  return buf;
}

int Usage() {
  std::fprintf(stderr,
               "usage: taxgate_linkage_bench --records FILE --requests FILE "
               "[--out FILE] [--no-tin] [--no-dob] [--model FILE] "
               "[--save-model FILE] [--threads N] [--profile N] "
               "[--repeat K]\n");
  return 2;
}

int Fail(const Status& s) {
  std::fprintf(stderr, "%s\n", s.ToString().c_str());
  return 1;
}

// Matches every query on the pool; returns the seconds taken.
double MatchAll(const MatchIndex& index, const Model& model,
                const std::vector<domain::PersonQuery>& queries,
                ThreadPool* pool, std::vector<MatchResult>* results) {
  results->assign(queries.size(), MatchResult{});
  auto t0 = Clock::now();
  pool->ForEach(
      queries.size(),
      [&](size_t i) { (*results)[i] = index.Match(queries[i], model); }, 4);
  return Seconds(t0);
}

// Where one thread's matching time goes, over the first `n` queries.
void Profile(const MatchIndex& index, const Model& model,
             const std::vector<domain::PersonQuery>& queries, size_t n) {
  n = std::min(n, queries.size());
  if (n == 0) return;
  std::vector<PreparedQuery> persons;
  persons.reserve(n);
  auto t0 = Clock::now();
  for (size_t i = 0; i < n; ++i) persons.push_back(index.Prepare(queries[i]));
  double t_norm = Seconds(t0);
  std::vector<std::vector<uint32_t>> cands(n);
  auto t1 = Clock::now();
  size_t pairs = 0;
  for (size_t i = 0; i < n; ++i) {
    index.Candidates(persons[i], &cands[i]);
    pairs += cands[i].size();
  }
  double t_cand = Seconds(t1);
  auto t2 = Clock::now();
  double sink = 0;
  const ScoreTable table = ScoreTable::Of(model);
  for (size_t i = 0; i < n; ++i) {
    for (uint32_t c : cands[i]) sink += index.Score(persons[i], c, table);
  }
  double t_score = Seconds(t2);
  auto t3 = Clock::now();
  for (size_t i = 0; i < n; ++i) (void)index.Match(queries[i], model);
  double t_match = Seconds(t3);
  std::printf(
      "profile (1 thread, %zu requests, %zu pairs):\n"
      "  normalize request   %8.2f us/request\n"
      "  gather candidates   %8.2f us/request\n"
      "  score pairs         %8.3f us/pair (%.0f pairs/s)\n"
      "  whole Match()       %8.2f us/request (%.0f requests/s)\n"
      "  (checksum %.1f)\n",
      n, pairs, 1e6 * t_norm / n, 1e6 * t_cand / n,
      pairs ? 1e6 * t_score / pairs : 0.0, pairs / std::max(t_score, 1e-9),
      1e6 * t_match / n, n / std::max(t_match, 1e-9), sink);
}

int Run(int argc, char** argv) {
  std::string records_path, requests_path, out_path, model_path, save_path;
  bool no_tin = false, no_dob = false;
  int threads = 0, repeat = 1;
  size_t profile = 0;
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
    } else if (a == "--threads") {
      threads = static_cast<int>(ParseInt(next()).value_or(0));
    } else if (a == "--profile") {
      profile = static_cast<size_t>(ParseInt(next()).value_or(0));
    } else if (a == "--repeat") {
      repeat = std::max<int>(1, ParseInt(next()).value_or(1));
    } else if (a == "--no-tin") {
      no_tin = true;
    } else if (a == "--no-dob") {
      no_dob = true;
    } else {
      return Usage();
    }
  }
  if (records_path.empty() || requests_path.empty()) return Usage();
  if (threads <= 0) threads = std::max(1u, std::thread::hardware_concurrency());

  auto t0 = Clock::now();
  auto records = ReadRecords(records_path);
  if (!records.ok()) return Fail(records.status());
  auto requests = ReadRequests(requests_path);
  if (!requests.ok()) return Fail(requests.status());
  for (auto& q : requests->queries) {
    if (no_tin) q.tin.clear();
    if (no_dob) q.dob.clear();
  }
  const double t_read = Seconds(t0);
  const double rss_read = PeakRssMb();
  const size_t n_records = records->size();

  auto tt = Clock::now();
  auto loaded = ruleset::LoadRuleset({.model_path = model_path});
  if (!loaded.ok()) {
    std::fprintf(stderr, "%s\n", loaded.status().ToString().c_str());
    return 1;
  }
  std::shared_ptr<const normalize::Tables> tables = (*loaded)->tables;
  const double t_tables = Seconds(tt);
  ThreadPool pool(threads);
  auto t1 = Clock::now();
  MatchIndexOptions index_options;
  index_options.pool = &pool;
  MatchIndex index =
      MatchIndex::Build(std::move(records).value(), tables, index_options);
  const double t_index = Seconds(t1);
  const double rss_index = PeakRssMb();
  const double index_mb = index.MemoryBytes() / 1048576.0;

  auto t2 = Clock::now();
  Model model = DefaultModel();
  if ((*loaded)->model) {
    model = *(*loaded)->model;
  } else {
    TrainOptions train;
    train.pool = &pool;
    auto m = Train(index, requests->queries, model, train);
    if (!m.ok()) return Fail(m.status());
    model = std::move(m).value();
  }
  const double t_train = Seconds(t2);
  if (!save_path.empty()) {
    Status s = WriteFileAtomically(save_path, ModelToJson(model));
    if (!s.ok()) return Fail(s);
  }

  std::vector<MatchResult> results;
  double t_match = 1e300;
  for (int k = 0; k < repeat; ++k) {
    t_match = std::min(
        t_match, MatchAll(index, model, requests->queries, &pool, &results));
  }
  const double rss_match = PeakRssMb();
  const size_t n = requests->queries.size();
  size_t counts[3] = {0, 0, 0};
  size_t pairs = 0;
  for (const auto& r : results) {
    pairs += r.pairs_compared;
    ++counts[static_cast<int>(r.decision)];
  }
  if (!out_path.empty()) {
    CsvWriter w(out_path);
    w.WriteRow({"request_id", "record_id", "match_probability", "match_weight",
                "decision"});
    for (size_t i = 0; i < n; ++i) {
      const MatchResult& r = results[i];
      const char* d = MatchDecisionName(r.decision);
      if (r.best) {
        w.WriteRow({requests->ids[i], r.best->record_id,
                    Fixed(r.best->probability, 6),
                    Fixed(r.best->match_weight, 4), d});
      } else {
        w.WriteRow({requests->ids[i], "", "", "", d});
      }
    }
    Status s = w.Close();
    if (!s.ok()) return Fail(s);
  }
  std::printf(
      "records %zu, requests %zu%s%s, %d matching threads\n"
      "read CSV            %8.3f s   peak %7.0f MB\n"
      "reference tables    %8.3f s\n"
      "index build         %8.3f s   peak %7.0f MB (index %.0f MB + records)\n"
      "train (EM)          %8.3f s%s\n"
      "match               %8.3f s   peak %7.0f MB\n"
      "  %.0f requests/s, %zu pairs scored (%.1f per request), "
      "%.0f pairs/s per core\n"
      "  match %zu, possible %zu, no_match %zu; lambda %.3g, "
      "match threshold %.6f\n",
      n_records, n, no_tin ? ", request TINs removed" : "",
      no_dob ? ", request dobs removed" : "", threads, t_read, rss_read,
      t_tables, t_index, rss_index, index_mb, t_train,
      model_path.empty() ? "" : " (--model given)", t_match, rss_match,
      n / std::max(t_match, 1e-9), pairs,
      n ? static_cast<double>(pairs) / n : 0.0,
      pairs / std::max(t_match, 1e-9) / threads, counts[0], counts[1],
      counts[2], model.lambda, model.match_threshold);
  if (profile > 0) Profile(index, model, requests->queries, profile);
  return 0;
}

}  // namespace
}  // namespace taxgate::linkage

int main(int argc, char** argv) { return taxgate::linkage::Run(argc, argv); }
