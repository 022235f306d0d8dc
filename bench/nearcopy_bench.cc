// The near-copy count of REASON_NOT_SPECIFIC alone (bench/nearcopy.sh
// drives it): the reasons of a requests file, normalized as the policy
// does, each distinct one counted against all of them with the limit of
// the shipped policy (25), one thread, by each way NearCopyIndex has (the
// trie, the segments, and the cheaper of the two per probe). Prints the
// time of each and how the cheaper one chose, and checks that the three
// agree. With --varied, the reasons are instead words drawn at random from
// the file's reasons (reasons that differ from their first words on).
//
// Usage: taxgate_nearcopy_bench REQUESTS.csv [N] [--varied]
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "intake/readers.h"
#include "policy/boilerplate.h"

namespace {

using taxgate::policy::NearCopyIndex;

struct Run {
  double build_s = 0, count_s = 0;
  NearCopyIndex::Scratch scratch;
  std::vector<int64_t> counts;
};

Run Measure(const std::map<std::string, int64_t>& reasons,
            const std::vector<std::string>& order,
            NearCopyIndex::Search search) {
  Run run;
  auto t0 = std::chrono::steady_clock::now();
  NearCopyIndex index(3, 0.05, search);
  // In the order of the file, as the policy adds them.
  for (const auto& r : order) index.Add(r, reasons.at(r));
  index.Compact();
  auto t1 = std::chrono::steady_clock::now();
  for (const auto& [reason, weight] : reasons) {
    run.counts.push_back(index.Count(reason, 25, &run.scratch));
  }
  auto t2 = std::chrono::steady_clock::now();
  run.build_s = std::chrono::duration<double>(t1 - t0).count();
  run.count_s = std::chrono::duration<double>(t2 - t1).count();
  return run;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr,
                 "usage: taxgate_nearcopy_bench REQUESTS.csv [N] [--varied]\n");
    return 2;
  }
  size_t n = argc > 2 ? std::strtoul(argv[2], nullptr, 10) : 0;
  const bool varied = argc > 3 && std::strcmp(argv[3], "--varied") == 0;
  auto read = taxgate::intake::ReadRequests(argv[1]);
  if (!read.ok()) {
    std::fprintf(stderr, "%s\n", read.status().ToString().c_str());
    return 1;
  }
  const auto& rows = read->rows;
  if (n == 0 || n > rows.size()) n = rows.size();
  std::vector<std::string> normalized;
  for (size_t i = 0; i < n; ++i) {
    normalized.push_back(
        taxgate::policy::NormalizeReason(rows[i].reason, rows[i].person));
  }
  if (varied) {
    std::vector<std::string> words;
    for (const auto& r : normalized) {
      for (auto& w : taxgate::policy::NormalizedWords(r)) words.push_back(w);
    }
    std::mt19937 rng(1);
    for (auto& r : normalized) {
      const size_t count = 4 + rng() % 22;
      r.clear();
      for (size_t w = 0; w < count && !words.empty(); ++w) {
        if (!r.empty()) r += ' ';
        r += words[rng() % words.size()];
      }
    }
  }
  std::map<std::string, int64_t> reasons;
  std::vector<std::string> order;  // distinct, first seen first
  for (const auto& r : normalized) {
    if (!r.empty() && reasons[r]++ == 0) order.push_back(r);
  }
  std::printf("== near-copy count: %zu %s reasons, %zu distinct ==\n", n,
              varied ? "varied" : "file", reasons.size());
  const std::pair<const char*, NearCopyIndex::Search> ways[] = {
      {"cheaper", NearCopyIndex::Search::kCheaper},
      {"trie", NearCopyIndex::Search::kTrie},
      {"segments", NearCopyIndex::Search::kSegments}};
  std::vector<int64_t> first;
  int status = 0;
  for (const auto& [name, search] : ways) {
    Run run = Measure(reasons, order, search);
    const auto& s = run.scratch;
    std::printf(
        "%-9s build %6.2f s  count %7.2f s  %7.1f us/reason  by trie %ld, "
        "by segments %ld (trie given up %ld), trie rows/probe %.0f\n",
        name, run.build_s, run.count_s,
        1e6 * run.count_s / static_cast<double>(reasons.size()),
        static_cast<long>(s.by_trie), static_cast<long>(s.by_segments),
        static_cast<long>(s.trie_given_up),
        static_cast<double>(s.trie_rows) /
            static_cast<double>(
                std::max<int64_t>(1, s.by_trie + s.trie_given_up)));
    // Counts past the limit stop anywhere above it.
    for (auto& c : run.counts) c = std::min<int64_t>(c, 26);
    if (first.empty()) {
      first = run.counts;
    } else if (run.counts != first) {
      std::printf("MISMATCH: %s counts differ from the cheaper way's\n", name);
      status = 1;
    }
  }
  int64_t over = 0;
  for (int64_t c : first) over += c > 25;
  std::printf("reasons with more than 25 near-copies: %ld\n",
              static_cast<long>(over));
  return status;
}
