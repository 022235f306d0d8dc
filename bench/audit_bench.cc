// Audit log costs per request: canonical entry bytes, leaf hashing and the
// compact-range root after each append.
//   make bench && build/bench/bench/taxgate_audit_bench
#include <benchmark/benchmark.h>

#include "audit/merkle.h"
#include "common/crypto.h"
#include "disclosure/audit_entry.h"

namespace taxgate {
namespace {

void BM_CompactRangeAppendAndRoot(benchmark::State& state) {
  InitCrypto();
  audit::CompactRange range;
  Hash256 leaf = audit::LeafHash("entry");
  for (auto _ : state) {
    range.Append(leaf);
    benchmark::DoNotOptimize(range.Root());
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_CompactRangeAppendAndRoot);

void BM_RequestEntryAndLeafHash(benchmark::State& state) {
  InitCrypto();
  domain::Request r;
  r.request_id = "REQ-000001";
  r.case_number = "CR-2025-000001";
  r.statute = "8 U.S.C. 1253(a)(1)";
  r.tax_periods = "2023;2024";
  r.reason = "Subject failed to depart after a final order in CR-2025-000001";
  r.person.first_name = "María";
  r.person.last_name = "Núñez García";
  disclosure::EntryContext c{"batch", 1, "2026-11-23T00:00:00Z",
                             std::string(32, 'k')};
  disclosure::Actor a{"agency", "DHS", "INV-1", "DEL-1", ""};
  for (auto _ : state) {
    benchmark::DoNotOptimize(
        audit::LeafHash(disclosure::RequestEntry(c, a, r)));
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_RequestEntryAndLeafHash);

}  // namespace
}  // namespace taxgate
