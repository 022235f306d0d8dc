// UEstimator: u-probabilities from random pairs of store records.
//
// u = P(level | different people) is estimated as the share of each level
// among record pairs drawn at random: record order is fixed by a seeded hash
// of each record's id (not by its position), so the sample does not depend
// on row order; pairs of the same taxpayer are skipped. The pairs are
// compared on the threads of `pool` (null: this thread); the result does not
// depend on the number. Counts get one pseudo-pair per level so that a level
// never seen keeps u > 0. The identifiers' rare levels are not sampled but
// counted over every pair of different taxpayers: date of birth exact, day
// and month swapped and one digit off (from the dates' frequencies and
// their neighbours), TIN exact (from the TINs'); the sampled levels of
// those fields share what is left. Pure, deterministic.
#ifndef TAXGATE_LINKAGE_U_ESTIMATOR_H_
#define TAXGATE_LINKAGE_U_ESTIMATOR_H_

#include <array>
#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/thread_pool.h"
#include "linkage/comparison.h"
#include "linkage/person.h"

namespace taxgate::linkage {

struct UEstimate {
  std::array<std::array<double, kMaxLevels>, kNumFields> u{};
  size_t pairs = 0;
};

// REQUIRES: persons and taxpayer have the same size, id_of(i) is the id of
// person i; `pool` holds the persons' strings.
UEstimate EstimateU(std::span<const CompactPerson> persons,
                    const StringPool& pool,
                    const std::function<std::string_view(size_t)>& id_of,
                    std::span<const uint32_t> taxpayer, size_t max_pairs,
                    uint64_t seed, ThreadPool* thread_pool = nullptr);

}  // namespace taxgate::linkage

#endif  // TAXGATE_LINKAGE_U_ESTIMATOR_H_
