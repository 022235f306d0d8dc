#include "policy/boilerplate.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#include <unordered_set>

#include "common/hash_mix.h"
#include "text/text.h"

namespace taxgate::policy {
namespace {

// Reasons shorter than this are compared with each other directly.
constexpr size_t kMinIndexed = 24;

// The base of the polynomial hash of segment texts (mod 2^64), so that the
// hash of any substring of a probe comes from its prefix hashes in O(1).
constexpr uint64_t kBase = 0x100000001B3ull;

// prefix[k] = hash of text[0, k); pow is extended to cover text's length.
void PrefixHashes(std::u32string_view text, std::vector<uint64_t>* prefix) {
  prefix->assign(text.size() + 1, 0);
  for (size_t k = 0; k < text.size(); ++k) {
    (*prefix)[k + 1] = (*prefix)[k] * kBase + text[k] + 1;
  }
}

uint64_t Power(size_t n) {
  static const std::vector<uint64_t> table = [] {
    std::vector<uint64_t> t(4096, 1);
    for (size_t k = 1; k < t.size(); ++k) t[k] = t[k - 1] * kBase;
    return t;
  }();
  if (n < table.size()) return table[n];
  uint64_t p = table.back();
  for (size_t k = table.size() - 1; k < n; ++k) p *= kBase;
  return p;
}

uint64_t SubstringHash(const std::vector<uint64_t>& prefix, size_t begin,
                       size_t length) {
  return prefix[begin + length] - prefix[begin] * Power(length);
}

}  // namespace

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

NearCopyIndex::NearCopyIndex(int edits, double share)
    : edits_(edits), share_(share) {}

int NearCopyIndex::MaxEdits(size_t len) const {
  // A partner of length L' <= len + t, and t = max(edits, share x L'), so t
  // <= max(edits, share x len / (1 - share)).
  double s = std::min(share_, 0.5);
  int by_share = static_cast<int>(
      std::floor(s * static_cast<double>(len) / (1.0 - s) + 1e-9));
  return std::max(edits_, by_share);
}

uint64_t NearCopyIndex::Key(size_t len, size_t segment, uint64_t text_hash) {
  uint64_t k = Mix64(text_hash ^ Mix64((len << 20) ^ (segment + 1)));
  return k == 0 ? 1 : k;
}

const std::vector<uint32_t>* NearCopyIndex::Find(uint64_t key) const {
  if (slots_.empty()) return nullptr;
  const size_t mask = slots_.size() - 1;
  for (size_t at = key & mask;; at = (at + 1) & mask) {
    const Slot& slot = slots_[at];
    if (slot.key == key) return &postings_[slot.postings];
    if (slot.key == 0) return nullptr;
  }
}

std::vector<uint32_t>& NearCopyIndex::Insert(uint64_t key) {
  if (2 * (postings_.size() + 1) > slots_.size()) {
    std::vector<Slot> old = std::move(slots_);
    slots_.assign(std::max<size_t>(1024, 2 * old.size()), Slot{});
    const size_t mask = slots_.size() - 1;
    for (const Slot& s : old) {
      if (s.key == 0) continue;
      size_t at = s.key & mask;
      while (slots_[at].key != 0) at = (at + 1) & mask;
      slots_[at] = s;
    }
  }
  const size_t mask = slots_.size() - 1;
  size_t at = key & mask;
  while (slots_[at].key != 0 && slots_[at].key != key) at = (at + 1) & mask;
  if (slots_[at].key == 0) {
    slots_[at] = Slot{key, static_cast<uint32_t>(postings_.size())};
    postings_.emplace_back();
  }
  return postings_[slots_[at].postings];
}

NearCopyIndex::Histogram NearCopyIndex::Counts(std::u32string_view s) {
  Histogram h{};
  for (char32_t c : s) {
    size_t b = (c >= 'a' && c <= 'z') ? c - 'a' : 26 + c % 6;
    if (h[b] < 255) ++h[b];
  }
  return h;
}

namespace {

// The summed absolute difference of two count arrays (16 bytes at a time
// where SSE2 is there: PSADBW).
template <size_t N>
int AbsDiff(const std::array<uint8_t, N>& a, const std::array<uint8_t, N>& b) {
  static_assert(N % 16 == 0);
#if defined(__SSE2__)
  __m128i sum = _mm_setzero_si128();
  for (size_t i = 0; i < N; i += 16) {
    const __m128i x =
        _mm_loadu_si128(reinterpret_cast<const __m128i*>(a.data() + i));
    const __m128i y =
        _mm_loadu_si128(reinterpret_cast<const __m128i*>(b.data() + i));
    sum = _mm_add_epi64(sum, _mm_sad_epu8(x, y));
  }
  return _mm_cvtsi128_si32(sum) + _mm_extract_epi16(sum, 4);
#else
  int diff = 0;
  for (size_t i = 0; i < N; ++i) diff += std::abs(a[i] - b[i]);
  return diff;
#endif
}

}  // namespace

int NearCopyIndex::LowerBound(const Histogram& a, const Histogram& b) {
  return (AbsDiff(a, b) + 1) / 2;
}

NearCopyIndex::Pairs NearCopyIndex::PairCounts(std::u32string_view s) {
  Pairs h{};
  for (size_t k = 1; k < s.size(); ++k) {
    const uint64_t mixed =
        (uint64_t{s[k - 1]} << 32 | s[k]) * 0x9E3779B97F4A7C15ull;
    const size_t b = mixed >> (64 - 6);
    if (h[b] < 255) ++h[b];
  }
  return h;
}

int NearCopyIndex::PairLowerBound(const Pairs& a, const Pairs& b) {
  return (AbsDiff(a, b) + 3) / 4;
}

void NearCopyIndex::Add(const std::string& utf8, int64_t weight) {
  std::u32string reason = CodePoints(utf8);
  auto found = by_text_.find(reason);
  if (found != by_text_.end()) {
    weights_[found->second] += weight;
    return;
  }
  const auto id = static_cast<uint32_t>(reasons_.size());
  reasons_.push_back(reason);
  counts_.push_back(Counts(reason));
  pairs_.push_back(PairCounts(reason));
  weights_.push_back(weight);
  by_text_.emplace(reason, id);
  const size_t len = reason.size();
  const size_t parts = static_cast<size_t>(MaxEdits(len)) + 1;
  if (len < kMinIndexed || len < 2 * parts) {
    short_[len].push_back(id);
    return;
  }
  PrefixHashes(reason, &prefix_);
  size_t base = len / parts, extra = len % parts, pos = 0;
  for (size_t i = 0; i < parts; ++i) {
    size_t seg = base + (i >= parts - extra ? 1 : 0);
    std::vector<uint32_t>& ids =
        Insert(Key(len, i, SubstringHash(prefix_, pos, seg)));
    // A collision within one reason adds it once.
    if (ids.empty() || ids.back() != id) ids.push_back(id);
    pos += seg;
  }
  auto at = std::lower_bound(lengths_.begin(), lengths_.end(), len);
  if (at == lengths_.end() || *at != len) lengths_.insert(at, len);
}

int64_t NearCopyIndex::Count(const std::string& utf8, int64_t limit,
                             Scratch* scratch) const {
  const std::u32string reason = CodePoints(utf8);
  const size_t lr = reason.size();
  const Histogram counts = Counts(reason);
  const Pairs pairs = PairCounts(reason);
  std::vector<uint32_t>& seen = scratch->seen;
  if (scratch->owner != this || seen.size() != reasons_.size()) {
    seen.assign(reasons_.size(), 0);
    scratch->stamp = 0;
    scratch->owner = this;
  }
  if (++scratch->stamp == 0) {  // wrapped: forget every earlier probe
    std::fill(seen.begin(), seen.end(), 0);
    scratch->stamp = 1;
  }
  const uint32_t stamp = scratch->stamp;
  int64_t total = 0;
  auto check = [&](uint32_t id) {
    if (seen[id] == stamp) return;
    seen[id] = stamp;
    const std::u32string& s = reasons_[id];
    int k = NearCopyLimit(lr, s.size(), edits_, share_);
    if (LowerBound(counts, counts_[id]) > k) return;
    if (PairLowerBound(pairs, pairs_[id]) > k) return;
    if (BoundedEditDistance(reason, s, k) <= k) total += weights_[id];
  };
  const size_t reach = static_cast<size_t>(MaxEdits(lr)) + 1;
  const size_t lo = lr > reach ? lr - reach : 0;
  // Short reasons: directly.
  for (size_t len = lo; len <= lr + reach && total <= limit; ++len) {
    auto it = short_.find(len);
    if (it == short_.end()) continue;
    for (uint32_t id : it->second) {
      check(id);
      if (total > limit) return total;
    }
  }
  // Indexed reasons: by their segments.
  std::vector<uint64_t>& prefix = scratch->prefix;
  PrefixHashes(reason, &prefix);
  const auto probe_len = static_cast<int64_t>(lr);
  auto begin = std::lower_bound(lengths_.begin(), lengths_.end(), lo);
  for (auto l = begin; l != lengths_.end() && *l <= lr + reach; ++l) {
    const size_t len = *l;
    const int64_t tau = NearCopyLimit(lr, len, edits_, share_);
    const int64_t delta = probe_len - static_cast<int64_t>(len);
    if (std::abs(delta) > tau) continue;
    const size_t parts = static_cast<size_t>(MaxEdits(len)) + 1;
    // The reason of length len was cut into T + 1 segments, T >= tau: a
    // near-copy matches some segment i at a place q with at most i edits
    // before it and T - i after it (Li et al., Lemma 2, multi-match-aware),
    // and, like any matching segment, at most tau on either side.
    const auto t = static_cast<int64_t>(parts) - 1;
    size_t base = len / parts, extra = len % parts, pos = 0;
    for (size_t i = 0; i < parts; ++i) {
      const size_t seg = base + (i >= parts - extra ? 1 : 0);
      const auto p = static_cast<int64_t>(pos);
      const auto ii = static_cast<int64_t>(i);
      const int64_t q_lo = std::max({int64_t{0}, p - std::min(ii, tau),
                                     p + delta - std::min(t - ii, tau)});
      const int64_t q_hi =
          std::min({probe_len - static_cast<int64_t>(seg),
                    p + std::min(ii, tau), p + delta + std::min(t - ii, tau)});
      for (int64_t q = q_lo; q <= q_hi; ++q) {
        const std::vector<uint32_t>* hit = Find(
            Key(len, i, SubstringHash(prefix, static_cast<size_t>(q), seg)));
        if (hit == nullptr) continue;
        for (uint32_t id : *hit) {
          check(id);
          if (total > limit) return total;
        }
      }
      pos += seg;
    }
  }
  return total;
}

}  // namespace taxgate::policy
