// NearCopyIndex (declared in boilerplate.h): the trie walk, the segments
// and the choice between them.
#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <limits>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "common/hash_mix.h"
#include "policy/boilerplate.h"

namespace taxgate::policy {
namespace {

// Reasons shorter than this are compared with each other directly.
constexpr size_t kMinIndexed = 24;

// The base of the polynomial hash of segment texts (mod 2^64), so that the
// hash of any substring of a probe comes from its prefix hashes in O(1).
constexpr uint64_t kBase = 0x100000001B3ull;

// prefix[k] = hash of text[0, k).
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

// The trie walk keeps each cell of the band as one byte holding
// min(distance, limit + 1), so it serves probes of up to about 2,300
// characters (120 edits); longer ones go to the segments.
constexpr int kMaxTrieEdits = 120;
constexpr size_t kLanes = 16;  // cells per block of the band
// The choice of the cheaper way, for a probe allowed t edits. Every trie
// node at depth t or less is within t edits of the probe's start, so the
// trie computes at least a row for each: when there are more than
// kMostSureRows of them (reasons that differ from their first words on),
// the segments are cheaper, at tens of nanoseconds per candidate against a
// few per row (bench/nearcopy.sh shows both). Otherwise the trie walk may
// compute kTrieBudget rows before it gives way to the segments (reasons
// alike at their start and varied after it), and a scratch whose walks give
// up more than one time in eight (after the first 64) uses the segments
// only.
constexpr int64_t kMostSureRows = 512;
// The trie's size: at most kMaxNodesPerReason nodes per reason, beyond a
// first kNodeSlack (synth's templated reasons make 23 per reason at a
// million requests).
constexpr size_t kMaxNodesPerReason = 64;
constexpr size_t kNodeSlack = size_t{1} << 20;
// The segment number of the key of a whole reason (for finding the same
// reason again).
constexpr size_t kWholeText = (size_t{1} << 20) - 2;
constexpr int64_t kTrieBudget = 1 << 15;

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

// One row of the band: `row` for a trie letter at depth d from its parent's
// row `up_row` (depth d - 1). Cell (lane) k of a row at depth d is the edit
// distance of the trie's d letters and the probe's first d - t + k,
// capped at `cap` = t + 1; lanes past `last` (past the band or the
// probe's end) hold cap. `unequal[k]` is 1 where the probe's letter of
// lane k differs from the trie letter. Returns whether a cell is at most
// `limit`.
bool BandRow(const uint8_t* up_row, const uint8_t* unequal, size_t blocks,
             int last, uint8_t cap, uint8_t limit, uint8_t lane_lo,
             uint8_t lane_hi, uint8_t* row) {
#if defined(__SSE2__)
  const __m128i capv = _mm_set1_epi8(static_cast<char>(cap));
  const __m128i limv = _mm_set1_epi8(static_cast<char>(limit));
  const __m128i one = _mm_set1_epi8(1);
  // Cap in the lowest 1, 2, 4, 8 lanes: what a shift brings in.
  const __m128i low1 = _mm_srli_si128(capv, 15);
  const __m128i low2 = _mm_srli_si128(capv, 14);
  const __m128i low4 = _mm_srli_si128(capv, 12);
  const __m128i low8 = _mm_srli_si128(capv, 8);
  const __m128i steps =
      _mm_setr_epi8(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16);
  const __m128i lanes =
      _mm_setr_epi8(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
  // Lanes at or past last + 1 are capped (lane numbers stay under 256).
  const __m128i first_over = _mm_set1_epi8(static_cast<char>(last + 1));
  // A lane outside [lane_lo, lane_hi] needs at least its distance to them
  // in more edits to end where the reasons below end.
  const __m128i lo = _mm_set1_epi8(static_cast<char>(lane_lo));
  const __m128i hi = _mm_set1_epi8(static_cast<char>(lane_hi));
  uint8_t left = cap;  // the cell left of this block
  int alive = 0;
  for (size_t b = 0; b < blocks; ++b) {
    const __m128i p =
        _mm_loadu_si128(reinterpret_cast<const __m128i*>(up_row + 16 * b));
    const __m128i pn = b + 1 < blocks
                           ? _mm_loadu_si128(reinterpret_cast<const __m128i*>(
                                 up_row + 16 * (b + 1)))
                           : capv;
    // Lane k's cell above is the parent row's lane k + 1.
    const __m128i above =
        _mm_or_si128(_mm_srli_si128(p, 1), _mm_slli_si128(pn, 15));
    const __m128i e =
        _mm_loadu_si128(reinterpret_cast<const __m128i*>(unequal + 16 * b));
    // A letter matched or changed (diagonal), a trie letter dropped (above).
    __m128i x = _mm_min_epu8(_mm_adds_epu8(p, e), _mm_adds_epu8(above, one));
    // A probe letter dropped (from the left): a running minimum with one
    // more per lane, in four doubling steps, then the block to the left.
    x = _mm_min_epu8(
        x, _mm_adds_epu8(_mm_or_si128(_mm_slli_si128(x, 1), low1), one));
    x = _mm_min_epu8(x, _mm_adds_epu8(_mm_or_si128(_mm_slli_si128(x, 2), low2),
                                      _mm_set1_epi8(2)));
    x = _mm_min_epu8(x, _mm_adds_epu8(_mm_or_si128(_mm_slli_si128(x, 4), low4),
                                      _mm_set1_epi8(4)));
    x = _mm_min_epu8(x, _mm_adds_epu8(_mm_or_si128(_mm_slli_si128(x, 8), low8),
                                      _mm_set1_epi8(8)));
    x = _mm_min_epu8(
        x, _mm_adds_epu8(_mm_set1_epi8(static_cast<char>(left)), steps));
    x = _mm_min_epu8(x, capv);
    const __m128i lane = _mm_add_epi8(
        lanes, _mm_set1_epi8(static_cast<char>(static_cast<uint8_t>(16 * b))));
    const __m128i over = _mm_cmpeq_epi8(_mm_max_epu8(lane, first_over), lane);
    x = _mm_max_epu8(x, _mm_and_si128(over, capv));
    _mm_storeu_si128(reinterpret_cast<__m128i*>(row + 16 * b), x);
    left = static_cast<uint8_t>(_mm_extract_epi16(x, 7) >> 8);
    const __m128i needed = _mm_adds_epu8(
        x, _mm_adds_epu8(_mm_subs_epu8(lo, lane), _mm_subs_epu8(lane, hi)));
    alive |=
        _mm_movemask_epi8(_mm_cmpeq_epi8(_mm_min_epu8(needed, limv), needed));
  }
  return alive != 0;
#else
  const size_t width = blocks * kLanes;
  bool alive = false;
  for (size_t k = 0; k < width; ++k) {
    int v = cap;
    if (static_cast<int>(k) <= last) {
      const int above = k + 1 < width ? up_row[k + 1] : cap;
      v = std::min(up_row[k] + unequal[k], above + 1);
      if (k > 0) v = std::min(v, row[k - 1] + 1);
      v = std::min<int>(v, cap);
    }
    row[k] = static_cast<uint8_t>(v);
    const int away = std::max(
        {0, lane_lo - static_cast<int>(k), static_cast<int>(k) - lane_hi});
    alive = alive || v + away <= limit;
  }
  return alive;
#endif
}

}  // namespace

NearCopyIndex::NearCopyIndex(int edits, double share, Search search)
    : edits_(edits),
      share_(share),
      search_(search),
      nodes_(1),
      at_depth_(kMaxTrieEdits + 1, 0) {
  // The longest reason the trie may need: a partner of the longest probe
  // it walks for (no more than kMaxTrieEdits edits).
  // MaxEdits grows with the length: the longest such probe by bisection.
  size_t lo = 0, hi = size_t{1} << 40;
  if (MaxEdits(hi) <= kMaxTrieEdits) {
    trie_reach_ = std::numeric_limits<size_t>::max();  // share 0: any length
    return;
  }
  while (hi - lo > 1) {  // MaxEdits(lo) <= kMaxTrieEdits < MaxEdits(hi)
    const size_t mid = lo + (hi - lo) / 2;
    (MaxEdits(mid) <= kMaxTrieEdits ? lo : hi) = mid;
  }
  trie_reach_ = lo + kMaxTrieEdits;
}

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

std::u32string NearCopyIndex::TextOf(uint32_t id) const {
  const size_t end = id + 1 < starts_.size() ? starts_[id + 1] : text_.size();
  return CodePoints(
      std::string_view(text_).substr(starts_[id], end - starts_[id]));
}

void NearCopyIndex::Add(const std::string& utf8, int64_t weight) {
  const std::u32string reason = CodePoints(utf8);
  const auto len = static_cast<uint32_t>(reason.size());
  // The same reason again: found by the hash of its whole text.
  PrefixHashes(reason, &prefix_);
  const uint64_t whole = Key(len, kWholeText, prefix_[len]);
  for (uint32_t id : Insert(whole)) {
    if (lengths_of_[id] == len && TextOf(id) == reason) {
      weights_[id] += weight;
      return;
    }
  }
  const auto id = static_cast<uint32_t>(weights_.size());
  Insert(whole).push_back(id);
  weights_.push_back(weight);
  starts_.push_back(text_.size());
  text_ += utf8;
  lengths_of_.push_back(len);
  counts_.push_back(Counts(reason));
  pairs_.push_back(PairCounts(reason));
  if (trie_on_ && len <= trie_reach_) AddToTrie(reason, id);
  // The segments.
  const size_t parts = static_cast<size_t>(MaxEdits(len)) + 1;
  if (len < kMinIndexed || len < 2 * parts) {
    short_[len].push_back(id);
    return;
  }
  size_t base = len / parts, extra = len % parts, pos = 0;
  for (size_t i = 0; i < parts; ++i) {
    size_t seg = base + (i >= parts - extra ? 1 : 0);
    std::vector<uint32_t>& ids =
        Insert(Key(len, i, SubstringHash(prefix_, pos, seg)));
    // A collision within one reason adds it once.
    if (ids.empty() || ids.back() != id) ids.push_back(id);
    pos += seg;
  }
  auto where = std::lower_bound(lengths_.begin(), lengths_.end(), len);
  if (where == lengths_.end() || *where != len) lengths_.insert(where, len);
}

void NearCopyIndex::AddToTrie(std::u32string_view reason, uint32_t id) {
  const auto len = static_cast<uint32_t>(reason.size());
  // The reason's path, each node on it told of one more length.
  auto note = [len](Node& n) {
    n.min_len = std::min(n.min_len, len);
    n.max_len = std::max(n.max_len, len);
  };
  uint32_t at = 0;
  note(nodes_[0]);
  size_t depth = 0;
  for (char32_t c : reason) {
    ++depth;
    uint32_t child = nodes_[at].child;
    // The newest child first: reasons added in sorted order find it at once.
    while (child != 0 && nodes_[child].letter != c) {
      child = nodes_[child].sibling;
    }
    if (child == 0) {
      child = static_cast<uint32_t>(nodes_.size());
      if (depth < at_depth_.size()) ++at_depth_[depth];
      Node n;
      n.letter = c;
      n.sibling = nodes_[at].child;
      nodes_.push_back(n);
      nodes_[at].child = child;
    }
    at = child;
    note(nodes_[at]);
  }
  nodes_[at].id = id + 1;
  // Reasons that share little text make a node of nearly every letter
  // (24 bytes each, against one for the text): past kMaxNodesPerReason
  // per reason, the trie is dropped and the segments count everything,
  // as they do best for such reasons anyway.
  if (nodes_.size() > kNodeSlack + kMaxNodesPerReason * weights_.size()) {
    trie_on_ = false;
    std::vector<Node>().swap(nodes_);
  }
}

void NearCopyIndex::Compact() {
  if (!trie_on_) return;
  // New numbers: each node's children in a row, the rows in the order a
  // walk reaches them.
  std::vector<uint32_t> renumbered(nodes_.size(), 0);
  std::vector<uint32_t> todo = {0};
  std::vector<uint32_t> children;
  uint32_t next = 1;
  while (!todo.empty()) {
    const uint32_t at = todo.back();
    todo.pop_back();
    children.clear();
    for (uint32_t c = nodes_[at].child; c != 0; c = nodes_[c].sibling) {
      children.push_back(c);
    }
    for (uint32_t c : children) renumbered[c] = next++;
    todo.insert(todo.end(), children.rbegin(), children.rend());
  }
  std::vector<Node> moved(nodes_.size());
  for (size_t old = 0; old < nodes_.size(); ++old) {
    Node n = nodes_[old];
    n.child = n.child == 0 ? 0 : renumbered[n.child];
    n.sibling = n.sibling == 0 ? 0 : renumbered[n.sibling];
    moved[renumbered[old]] = n;
  }
  nodes_ = std::move(moved);
}

int64_t NearCopyIndex::Count(const std::string& utf8, int64_t limit,
                             Scratch* scratch) const {
  const std::u32string probe = CodePoints(utf8);
  const int t = MaxEdits(probe.size());
  bool trie = search_ == Search::kTrie;
  int64_t budget = std::numeric_limits<int64_t>::max();
  if (search_ == Search::kCheaper) {
    int64_t sure = 0;
    for (int d = 1; d <= std::min(t, kMaxTrieEdits); ++d) sure += at_depth_[d];
    trie = sure <= kMostSureRows &&
           scratch->trie_given_up * 8 <= scratch->by_trie + 64;
    budget = kTrieBudget;
  }
  if (trie && trie_on_ && t <= kMaxTrieEdits) {
    const int64_t count = CountByTrie(probe, limit, budget, scratch);
    if (count >= 0) {
      ++scratch->by_trie;
      return count;
    }
    ++scratch->trie_given_up;
  }
  ++scratch->by_segments;
  return CountBySegments(probe, limit, scratch);
}

int64_t NearCopyIndex::CountByTrie(std::u32string_view probe, int64_t limit,
                                   int64_t budget, Scratch* scratch) const {
  const int m = static_cast<int>(probe.size());
  const int t = MaxEdits(probe.size());
  const auto cap = static_cast<uint8_t>(t + 1);
  const size_t blocks = (2 * static_cast<size_t>(t) + 1 + kLanes - 1) / kLanes;
  const size_t stride = blocks * kLanes;
  // Nodes deeper than m + t are never reached (their reasons are too long).
  const size_t depths = static_cast<size_t>(m + t) + 1;
  // Lane k of depth d is the probe's letter d - t - 1 + k: a mismatch row
  // holds it at d + k, with t + 1 ones before the probe and ones after.
  const size_t unequal_len = depths + stride + 1;

  // The probe's distinct letters, each with its mismatch row; one more row
  // of ones for every other letter.
  auto& letters = scratch->letters;
  letters.clear();
  for (char32_t c : probe) letters.emplace_back(c, 0);
  std::sort(letters.begin(), letters.end());
  letters.erase(std::unique(letters.begin(), letters.end(),
                            [](const auto& a, const auto& b) {
                              return a.first == b.first;
                            }),
                letters.end());
  auto& unequal = scratch->unequal;
  unequal.assign((letters.size() + 1) * unequal_len, 1);
  int32_t ascii[128];
  std::fill(std::begin(ascii), std::end(ascii),
            static_cast<int32_t>(letters.size()));
  for (size_t i = 0; i < letters.size(); ++i) {
    letters[i].second = static_cast<uint32_t>(i);
    if (letters[i].first < 128) {
      ascii[letters[i].first] = static_cast<int32_t>(i);
    }
  }
  // The row of a letter: its own if the probe has it, else the ones.
  auto row_of = [&](char32_t c) -> size_t {
    if (c < 128) return static_cast<size_t>(ascii[c]);
    const auto it = std::lower_bound(letters.begin(), letters.end(),
                                     std::make_pair(c, uint32_t{0}));
    return it != letters.end() && it->first == c ? it->second : letters.size();
  };
  for (int x = 0; x < m; ++x) {
    unequal[row_of(probe[x]) * unequal_len + static_cast<size_t>(x + t + 1)] =
        0;
  }
  auto mismatch_row = [&](char32_t c) -> const uint8_t* {
    return unequal.data() + row_of(c) * unequal_len;
  };

  // Row 0: the empty trie prefix against the probe's first j = k - t
  // letters is j edits.
  auto& rows = scratch->rows;
  rows.resize(depths * stride);
  for (size_t k = 0; k < stride; ++k) {
    const int j = static_cast<int>(k) - t;
    rows[k] = j >= 0 && j <= m ? static_cast<uint8_t>(j) : cap;
  }
  // The near-copy limit with a partner of each length up to m + t (no
  // longer one is a near-copy).
  auto& limits = scratch->limits;
  limits.resize(depths);
  for (size_t len = 0; len < depths; ++len) {
    limits[len] = static_cast<uint8_t>(std::min(
        t, NearCopyLimit(static_cast<size_t>(m), len, edits_, share_)));
  }
  int64_t total = 0;
  const Node& root = nodes_[0];
  if (root.id != 0 && m <= limits[0]) {
    total += weights_[root.id - 1];
    if (total > limit) return total;
  }
  auto& stack = scratch->stack;
  stack.clear();
  if (root.child != 0) stack.emplace_back(root.child, 1);
  int64_t done = 0;
  const auto lo = static_cast<int64_t>(m) - t;
  const auto hi = static_cast<int64_t>(m) + t;
  while (!stack.empty()) {
    const auto [id, d] = stack.back();
    stack.pop_back();
    const Node& n = nodes_[id];
    // The next node is the child or, if this one is left, the sibling:
    // both are fetched while this row is computed.
    __builtin_prefetch(&nodes_[n.child]);
    __builtin_prefetch(&nodes_[n.sibling]);
    if (n.sibling != 0) stack.emplace_back(n.sibling, d);
    // Every reason below is too long or too short to be a near-copy.
    if (n.min_len > hi || n.max_len < lo) continue;
    if (++done > budget) {
      scratch->trie_rows += done;
      return -1;
    }
    uint8_t* row = rows.data() + d * stride;
    // The largest limit of any partner below.
    const uint8_t limit_below =
        limits[std::min<size_t>(n.max_len, static_cast<size_t>(hi))];
    const int last = std::max(-1, std::min(2 * t, m - static_cast<int>(d) + t));
    // Lane k ends on the diagonal of a reason of length m + t - k: the
    // lanes of the lengths below need no more edits to get there.
    const auto lane_of = [&](int64_t len) {
      return static_cast<uint8_t>(std::clamp<int64_t>(m + t - len, 0, 255));
    };
    const bool alive =
        BandRow(row - stride, mismatch_row(n.letter) + d, blocks, last, cap,
                limit_below, lane_of(n.max_len), lane_of(n.min_len), row);
    if (!alive) continue;
    if (n.id != 0 && d >= lo && d <= hi &&
        row[m - static_cast<int>(d) + t] <= limits[d]) {
      total += weights_[n.id - 1];
      if (total > limit) break;
    }
    if (n.child != 0) stack.emplace_back(n.child, d + 1);
  }
  scratch->trie_rows += done;
  return total;
}

template <typename Visit>
void NearCopyIndex::ForEachCandidateList(std::u32string_view probe,
                                         std::vector<uint64_t>* prefix,
                                         const Visit& visit) const {
  const size_t lr = probe.size();
  const size_t reach = static_cast<size_t>(MaxEdits(lr)) + 1;
  const size_t lo = lr > reach ? lr - reach : 0;
  // Short reasons: all of their length.
  for (size_t len = lo; len <= lr + reach; ++len) {
    auto it = short_.find(len);
    if (it != short_.end() && !visit(it->second)) return;
  }
  // Indexed reasons: by their segments.
  PrefixHashes(probe, prefix);
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
            Key(len, i, SubstringHash(*prefix, static_cast<size_t>(q), seg)));
        if (hit != nullptr && !visit(*hit)) return;
      }
      pos += seg;
    }
  }
}

int64_t NearCopyIndex::CountBySegments(std::u32string_view probe, int64_t limit,
                                       Scratch* scratch) const {
  const size_t lr = probe.size();
  const Histogram counts = Counts(probe);
  const Pairs pairs = PairCounts(probe);
  std::vector<uint32_t>& seen = scratch->seen;
  if (scratch->owner != this || seen.size() != weights_.size()) {
    seen.assign(weights_.size(), 0);
    scratch->stamp = 0;
    scratch->owner = this;
  }
  if (++scratch->stamp == 0) {  // wrapped: forget every earlier probe
    std::fill(seen.begin(), seen.end(), 0);
    scratch->stamp = 1;
  }
  const uint32_t stamp = scratch->stamp;
  int64_t total = 0;
  ForEachCandidateList(
      probe, &scratch->prefix, [&](const std::vector<uint32_t>& ids) {
        for (uint32_t id : ids) {
          if (seen[id] == stamp) continue;
          seen[id] = stamp;
          const int k = NearCopyLimit(lr, lengths_of_[id], edits_, share_);
          if (LowerBound(counts, counts_[id]) > k) continue;
          if (PairLowerBound(pairs, pairs_[id]) > k) continue;
          scratch->text = TextOf(id);
          if (BoundedEditDistance(probe, scratch->text, k) <= k) {
            total += weights_[id];
            if (total > limit) return false;
          }
        }
        return true;
      });
  return total;
}

}  // namespace taxgate::policy
