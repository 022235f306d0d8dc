#include "normalize/string_similarity.h"

#include <algorithm>
#include <memory>
#include <vector>

namespace taxgate::normalize {

double Jaro(std::string_view a, std::string_view b) {
  if (a == b) return 1.0;
  const size_t la = a.size(), lb = b.size();
  if (la == 0 || lb == 0) return 0.0;
  const size_t window =
      std::max<size_t>(std::max(la, lb) / 2, 1) - 1;  // floor(max/2) - 1
  bool a_small[64] = {}, b_small[64] = {};
  bool* am = a_small;
  bool* bm = b_small;
  std::unique_ptr<bool[]> a_heap, b_heap;
  if (la > 64 || lb > 64) {
    a_heap.reset(new bool[la]());
    b_heap.reset(new bool[lb]());
    am = a_heap.get();
    bm = b_heap.get();
  }
  size_t matches = 0;
  for (size_t i = 0; i < la; ++i) {
    size_t lo = i > window ? i - window : 0;
    size_t hi = std::min(i + window + 1, lb);
    for (size_t j = lo; j < hi; ++j) {
      if (!bm[j] && a[i] == b[j]) {
        am[i] = bm[j] = true;
        ++matches;
        break;
      }
    }
  }
  if (matches == 0) return 0.0;
  size_t transpositions = 0;
  for (size_t i = 0, j = 0; i < la; ++i) {
    if (!am[i]) continue;
    while (!bm[j]) ++j;
    if (a[i] != b[j]) ++transpositions;
    ++j;
  }
  const double m = static_cast<double>(matches);
  return (m / la + m / lb + (m - transpositions / 2.0) / m) / 3.0;
}

double JaroWinkler(std::string_view a, std::string_view b) {
  double j = Jaro(a, b);
  size_t prefix = 0;
  const size_t max_prefix = std::min<size_t>({4, a.size(), b.size()});
  while (prefix < max_prefix && a[prefix] == b[prefix]) ++prefix;
  return j + prefix * 0.1 * (1.0 - j);
}

int DamerauLevenshtein(std::string_view a, std::string_view b) {
  const size_t la = a.size(), lb = b.size();
  if (la == 0) return static_cast<int>(lb);
  if (lb == 0) return static_cast<int>(la);
  // Three rolling rows of length lb + 1.
  int small[3][65];
  std::vector<int> big;
  int* rows[3];
  if (lb + 1 <= 65) {
    for (int k = 0; k < 3; ++k) rows[k] = small[k];
  } else {
    big.assign(3 * (lb + 1), 0);
    for (int k = 0; k < 3; ++k) rows[k] = big.data() + k * (lb + 1);
  }
  int* prev2 = rows[0];
  int* prev = rows[1];
  int* cur = rows[2];
  for (size_t j = 0; j <= lb; ++j) prev[j] = static_cast<int>(j);
  for (size_t i = 1; i <= la; ++i) {
    cur[0] = static_cast<int>(i);
    for (size_t j = 1; j <= lb; ++j) {
      int cost = a[i - 1] == b[j - 1] ? 0 : 1;
      int v = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        v = std::min(v, prev2[j - 2] + 1);
      }
      cur[j] = v;
    }
    int* t = prev2;
    prev2 = prev;
    prev = cur;
    cur = t;
  }
  return prev[lb];
}

}  // namespace taxgate::normalize
