#include "normalize/string_similarity.h"

#include <algorithm>
#include <cstdint>
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

namespace {

// Bit set of the bytes of `s`, folded into 64 classes (byte & 63). Folding
// can only make two different bytes look alike, which keeps the bound an
// upper bound.
uint64_t ByteClasses(std::string_view s) {
  uint64_t m = 0;
  for (char c : s) m |= uint64_t{1} << (static_cast<unsigned char>(c) & 63);
  return m;
}

size_t CountIn(std::string_view s, uint64_t classes) {
  size_t n = 0;
  for (char c : s) {
    n += (classes >> (static_cast<unsigned char>(c) & 63)) & 1;
  }
  return n;
}

}  // namespace

double JaroWinklerUpperBound(std::string_view a, std::string_view b) {
  if (a == b) return 1.0;
  const size_t la = a.size(), lb = b.size();
  if (la == 0 || lb == 0) return 0.0;
  const size_t m =
      std::min(CountIn(a, ByteClasses(b)), CountIn(b, ByteClasses(a)));
  if (m == 0) return 0.0;
  const double md = static_cast<double>(m);
  const double jaro = (md / la + md / lb + 1.0) / 3.0;
  size_t prefix = 0;
  const size_t max_prefix = std::min<size_t>({4, la, lb});
  while (prefix < max_prefix && a[prefix] == b[prefix]) ++prefix;
  return std::min(1.0, jaro + prefix * 0.1 * (1.0 - jaro));
}

uint64_t ByteClassMask(std::string_view s) { return ByteClasses(s); }

double JaroWinklerAtLeast(std::string_view a, std::string_view b,
                          uint64_t mask_a, uint64_t mask_b, double floor) {
  if (a == b) return 1.0;
  const size_t la = a.size(), lb = b.size();
  if (la == 0 || lb == 0) return 0.0;
  const int shared = __builtin_popcountll(mask_a & mask_b);
  const int only_a = __builtin_popcountll(mask_a) - shared;
  const int only_b = __builtin_popcountll(mask_b) - shared;
  const long m = std::min<long>(static_cast<long>(la) - only_a,
                                static_cast<long>(lb) - only_b);
  if (m <= 0) return 0.0;
  const double md = static_cast<double>(m);
  const double jaro = (md / la + md / lb + 1.0) / 3.0;
  // The prefix bonus is at most 4 * 0.1 of what is left.
  if (jaro + 0.4 * (1.0 - jaro) < floor) return jaro;
  return JaroWinklerAtLeast(a, b, floor);
}

double JaroWinklerAtLeast(std::string_view a, std::string_view b,
                          double floor) {
  double bound = JaroWinklerUpperBound(a, b);
  return bound < floor ? bound : JaroWinkler(a, b);
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
