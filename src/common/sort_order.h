// IdOrder: the positions 0..n-1 in the order of their string keys, fast on
// millions of keys: sorted first by the keys' first 8 bytes (packed into
// an integer, so the sort touches no string), then each run of equal
// prefixes by the whole key. Ties keep their positions' order (stable).
// A sort comparing the strings themselves misses the cache on every
// compare once there are millions of them (issue 13: 20 s of a 10^7-row
// load).
#ifndef TAXGATE_COMMON_SORT_ORDER_H_
#define TAXGATE_COMMON_SORT_ORDER_H_

#include <algorithm>
#include <cstdint>
#include <string_view>
#include <utility>
#include <vector>

namespace taxgate {

// `key(i)` is the string of position i (it must stay valid during the
// call).
template <class KeyOf>
std::vector<uint32_t> IdOrder(size_t n, const KeyOf& key) {
  auto prefix = [](std::string_view s) {
    uint64_t p = 0;
    for (size_t k = 0; k < 8; ++k) {
      p = (p << 8) | (k < s.size() ? static_cast<uint8_t>(s[k]) : 0);
    }
    return p;
  };
  std::vector<std::pair<uint64_t, uint32_t>> keyed(n);
  bool sorted = true;
  for (size_t i = 0; i < n; ++i) {
    keyed[i] = {prefix(key(i)), static_cast<uint32_t>(i)};
    if (sorted && i > 0 && key(i) < key(i - 1)) sorted = false;
  }
  std::vector<uint32_t> order(n);
  if (!sorted) {
    std::sort(keyed.begin(), keyed.end());
    // Runs of one prefix: by the whole key, then by position.
    for (size_t b = 0; b < n;) {
      size_t e = b + 1;
      while (e < n && keyed[e].first == keyed[b].first) ++e;
      if (e - b > 1) {
        std::sort(keyed.begin() + b, keyed.begin() + e,
                  [&](const auto& x, const auto& y) {
                    std::string_view a = key(x.second), c = key(y.second);
                    return a != c ? a < c : x.second < y.second;
                  });
      }
      b = e;
    }
  }
  for (size_t i = 0; i < n; ++i) order[i] = keyed[i].second;
  return order;
}

}  // namespace taxgate

#endif  // TAXGATE_COMMON_SORT_ORDER_H_
