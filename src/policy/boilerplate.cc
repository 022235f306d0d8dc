#include "policy/boilerplate.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <unordered_set>

#include "text/text.h"

namespace taxgate::policy {
std::vector<std::string> NormalizedWords(std::string_view text) {
  std::string folded = text::Fold(text);
  std::string no_digits;
  no_digits.reserve(folded.size());
  for (char c : folded) {
    if (c < '0' || c > '9') no_digits.push_back(c);
  }
  return text::Words(no_digits);
}

std::string NormalizeReason(std::string_view reason,
                            const domain::PersonQuery& subject) {
  std::unordered_set<std::string> names;
  for (const std::string* field :
       {&subject.first_name, &subject.middle_name, &subject.last_name}) {
    for (auto& w : NormalizedWords(*field)) names.insert(std::move(w));
  }
  std::string out;
  for (const auto& w : NormalizedWords(reason)) {
    if (names.count(w) > 0) continue;
    if (!out.empty()) out += ' ';
    out += w;
  }
  return out;
}

size_t WordCount(std::string_view normalized) {
  return text::Words(normalized).size();
}

std::u32string CodePoints(std::string_view utf8) {
  std::u32string out;
  out.reserve(utf8.size());
  text::ForEachCodePoint(utf8, [&](UChar32 c, std::string_view) {
    if (c >= 0) out.push_back(static_cast<char32_t>(c));
  });
  return out;
}

int BoundedEditDistance(std::string_view a, std::string_view b, int limit) {
  return BoundedEditDistance(std::u32string_view(CodePoints(a)),
                             std::u32string_view(CodePoints(b)), limit);
}

int BoundedEditDistance(std::u32string_view a, std::u32string_view b,
                        int limit) {
  if (limit < 0) return 0;
  // A common prefix or suffix changes no distance: near-copies of one
  // template differ in a few words in the middle.
  while (!a.empty() && !b.empty() && a.front() == b.front()) {
    a.remove_prefix(1);
    b.remove_prefix(1);
  }
  while (!a.empty() && !b.empty() && a.back() == b.back()) {
    a.remove_suffix(1);
    b.remove_suffix(1);
  }
  const int n = static_cast<int>(a.size());
  const int m = static_cast<int>(b.size());
  if (std::abs(n - m) > limit) return limit + 1;
  // Ukkonen's diagonal transitions: far[d] is the furthest row i whose cell
  // (i, i + d) is reached with e edits; each round of one more edit moves
  // every diagonal on, then slides along equal letters. The work is about
  // limit^2 steps plus the slides, not the whole band.
  const int target = m - n;
  const int width = 2 * limit + 3;
  constexpr int kUnreached = -1000000000;
  thread_local std::vector<int> far, next;
  far.assign(static_cast<size_t>(width), kUnreached);
  next.assign(static_cast<size_t>(width), kUnreached);
  auto at = [limit](int d) { return static_cast<size_t>(d + limit + 1); };
  auto slide = [&](int i, int d) {
    while (i < n && i + d < m && a[i] == b[i + d]) ++i;
    return i;
  };
  far[at(0)] = slide(0, 0);
  if (target == 0 && far[at(0)] >= n) return 0;
  for (int e = 1; e <= limit; ++e) {
    const int lo = std::max(-e, -n), hi = std::min(e, m);
    for (int d = lo; d <= hi; ++d) {
      // A letter changed (same diagonal), one of a's dropped (from d + 1),
      // one of b's added (from d - 1).
      int i = std::max({far[at(d)] + 1, far[at(d + 1)] + 1, far[at(d - 1)]});
      i = std::min({i, n, m - d});
      if (i < 0 || i + d < 0) {
        next[at(d)] = kUnreached;
        continue;
      }
      next[at(d)] = slide(i, d);
    }
    std::swap(far, next);
    if (far[at(target)] >= n) return e;
  }
  return limit + 1;
}

int NearCopyLimit(size_t len_a, size_t len_b, int edits, double share) {
  double longer = static_cast<double>(std::max(len_a, len_b));
  int by_share = static_cast<int>(std::floor(share * longer + 1e-9));
  return std::max(edits, by_share);
}

}  // namespace taxgate::policy
