// Reasons: when is the reason of a request missing, too short, or
// boilerplate (LAW.md, REASON_MISSING / REASON_NOT_SPECIFIC).
//
// NormalizeReason is exactly LAW.md's normalization, after the text layer:
//   1. text::Fold: case, accents and look-alike letters folded;
//   2. every run of digits removed ("CR-1064" -> "cr-");
//   3. every run of characters that are not letters made one space, ends
//      trimmed (an apostrophe inside a word joins it: "don't" -> "dont");
//   4. the subject's given, middle and last names removed as whole words:
//      each name field is split into words by the same steps
//      ("Garcia-Lopez" -> "garcia", "lopez"), and every reason word equal to
//      one of them is dropped.
// Two normalized reasons are near-copies when their edit distance
// (Levenshtein, in characters of the normalized text) is at most max(edits,
// floor(share x the longer length)): two changed letters do not make a new
// reason, while reasons that differ in their substance stay apart. Each reason
// counts its own near-copies (no chaining from one near-copy to the next).
//
// Pure functions and immutable-after-build classes; thread-compatible.
#ifndef TAXGATE_POLICY_BOILERPLATE_H_
#define TAXGATE_POLICY_BOILERPLATE_H_

#include <array>
#include <climits>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "domain/request.h"

namespace taxgate::policy {

// Steps 1-4 above.
std::string NormalizeReason(std::string_view reason,
                            const domain::PersonQuery& subject);
// Steps 1-3 only, split into words.
std::vector<std::string> NormalizedWords(std::string_view text);

// The words of a normalized reason (what REASON_NOT_SPECIFIC's "fewer than N
// words" counts).
size_t WordCount(std::string_view normalized);

// Levenshtein distance of `a` and `b` in characters (code points: one
// changed Chinese or Cyrillic letter is one edit, as one Latin letter is) if
// it is at most `limit`, else limit + 1 (Ukkonen: about limit^2 steps plus
// the runs of equal characters). The UTF-8 overload decodes first.
int BoundedEditDistance(std::u32string_view a, std::u32string_view b,
                        int limit);
int BoundedEditDistance(std::string_view a, std::string_view b, int limit);

// The code points of UTF-8 text (invalid bytes dropped).
std::u32string CodePoints(std::string_view utf8);

// The near-copy distance of two reasons of these lengths (in characters).
int NearCopyLimit(size_t len_a, size_t len_b, int edits, double share);

// Counts near-copies of a reason among many (a batch of a million requests
// included) without comparing every pair, in one of two exact ways, chosen
// per probe by their expected cost:
//  - a trie of the indexed reasons, walked with a band of the edit-distance
//    table (one row per trie letter, 16 cells at a time where SSE2 is
//    there): a branch is left as soon as no cell of its row, with the
//    edits still needed to end at the length of a reason below it, is
//    within the limit, so reasons built from one template (what agencies
//    send) share the work of their common text;
//  - segments (PassJoin, Li et al., VLDB 2011): each indexed reason is cut
//    into one more segment than the most edits it may be apart from
//    another, so a near-copy shares at least one segment, near its place
//    (multi-match-aware); a candidate whose letter counts differ by more
//    than twice the edits allowed cannot be a near-copy (each edit changes
//    at most two counts by one), nor one whose counts of letter pairs
//    differ by more than four times, and the rest are checked with
//    BoundedEditDistance. Cheap when reasons differ from their first words
//    on, where the trie has to look at every short prefix.
// The trie is taken unless its nodes near the root show that the reasons
// differ from their first words on, or its walk outgrows a budget; it is
// dropped for good (the segments then count everything) if it grows past
// a bound per reason, which reasons sharing little text would make it do.
// The choice never changes a count.
class NearCopyIndex {
 public:
  // What one counting thread keeps between probes (a Scratch serves any
  // number of indexes, one probe at a time).
  struct Scratch {
    std::vector<uint32_t> seen;  // stamp per reason id: checked this probe
    uint32_t stamp = 0;
    const NearCopyIndex* owner = nullptr;  // the index `seen` belongs to
    std::vector<uint64_t> prefix;          // the probe's prefix hashes
    std::u32string text;                   // a candidate's letters
    // The trie walk: rows of the band by depth, the probe's mismatch rows
    // by letter, the nodes still to visit.
    std::vector<uint8_t> rows;
    std::vector<uint8_t> unequal;
    std::vector<uint8_t> limits;  // the near-copy limit by partner length
    std::vector<std::pair<char32_t, uint32_t>> letters;
    std::vector<std::pair<uint32_t, uint32_t>> stack;
    // How this scratch's probes were counted (for benchmarks).
    int64_t by_trie = 0, by_segments = 0, trie_given_up = 0;
    int64_t trie_rows = 0;  // rows of the band computed
  };
  // Which way Count takes (tests compare each with brute force).
  enum class Search { kCheaper, kTrie, kSegments };

  NearCopyIndex(int edits, double share, Search search = Search::kCheaper);
  // Adds a normalized reason (UTF-8; lengths and edits are counted in
  // characters); `weight` is how many requests carry it.
  void Add(const std::string& reason, int64_t weight);
  // Lays the trie out in the order a walk reads it (each node's children
  // side by side): worth doing once many reasons have been added, before
  // they are counted. Changes no count.
  void Compact();
  // The summed weight of the indexed reasons that are near-copies of
  // `reason` (an identical one included), or a number above `limit` as soon
  // as the sum passes it. Threads counting at once each pass their own
  // Scratch; the overload without one uses the index's own (one thread).
  int64_t Count(const std::string& reason, int64_t limit,
                Scratch* scratch) const;
  int64_t Count(const std::string& reason, int64_t limit) const {
    return Count(reason, limit, &own_);
  }
  bool empty() const { return weights_.empty(); }

 private:
  // The trie: node 0 is the root; children are a list through `sibling`.
  struct Node {
    char32_t letter = 0;
    uint32_t child = 0, sibling = 0;  // 0: none
    // Shortest and longest indexed reason below (in characters).
    uint32_t min_len = UINT32_MAX, max_len = 0;
    uint32_t id = 0;  // 1 + the reason ending here, 0: none
  };
  // The trie walk: the count, or -1 when it needs more than `budget` rows.
  int64_t CountByTrie(std::u32string_view probe, int64_t limit, int64_t budget,
                      Scratch* scratch) const;
  int64_t CountBySegments(std::u32string_view probe, int64_t limit,
                          Scratch* scratch) const;
  void AddToTrie(std::u32string_view reason, uint32_t id);
  std::u32string TextOf(uint32_t id) const;  // an indexed reason's letters
  // Calls visit(ids) for each candidate list the segments look up for
  // `probe` (reasons too short for segments by length, then postings),
  // until it returns false.
  template <typename Visit>
  void ForEachCandidateList(std::u32string_view probe,
                            std::vector<uint64_t>* prefix,
                            const Visit& visit) const;

  using Histogram = std::array<uint8_t, 32>;
  static Histogram Counts(std::u32string_view s);
  // Half the summed difference of two histograms: at most the edit
  // distance of their strings.
  static int LowerBound(const Histogram& a, const Histogram& b);
  // Counts of adjacent letter pairs, hashed into 64 buckets: an edit removes
  // at most two pairs and adds at most two, so a quarter of the summed
  // difference is at most the edit distance (merged buckets and counts held
  // at 255 only lower the difference).
  using Pairs = std::array<uint8_t, 64>;
  static Pairs PairCounts(std::u32string_view s);
  static int PairLowerBound(const Pairs& a, const Pairs& b);
  int MaxEdits(size_t len) const;  // the most edits any partner may need
  // The key of segment `segment` of a reason of length `len` whose text has
  // the polynomial hash `text_hash` (a collision only adds a candidate,
  // which the checks then refuse).
  static uint64_t Key(size_t len, size_t segment, uint64_t text_hash);
  // The postings of `key` (ids of reasons), or null.
  const std::vector<uint32_t>* Find(uint64_t key) const;
  std::vector<uint32_t>& Insert(uint64_t key);

  int edits_;
  double share_;
  Search search_;
  // The trie, while it stays small enough (then dropped: trie_on_ false),
  // of the reasons up to trie_reach_ letters (no longer one is a near-copy
  // of a reason the trie is walked for).
  bool trie_on_ = true;
  size_t trie_reach_ = 0;
  std::vector<Node> nodes_;
  // The trie's nodes by depth, up to the most edits a walk serves.
  std::vector<int64_t> at_depth_;
  // Reasons by id: UTF-8 in one pool, their length in characters.
  std::string text_;
  std::vector<uint64_t> starts_;  // id -> offset in text_ (one past: size)
  std::vector<uint32_t> lengths_of_;
  std::vector<Histogram> counts_;
  std::vector<Pairs> pairs_;
  std::vector<int64_t> weights_;
  // Reasons too short to cut into segments, by length.
  std::unordered_map<size_t, std::vector<uint32_t>> short_;
  // Segment keys -> postings: open addressing, linear probing, a power of
  // two of slots at most half full (most probes miss: one cache line each).
  struct Slot {
    uint64_t key = 0;       // 0: empty (keys are never 0)
    uint32_t postings = 0;  // index into postings_
  };
  std::vector<Slot> slots_;
  std::vector<std::vector<uint32_t>> postings_;
  std::vector<size_t> lengths_;   // lengths with indexed reasons, sorted
  std::vector<uint64_t> prefix_;  // Add's prefix hashes
  mutable Scratch own_;
};

}  // namespace taxgate::policy

#endif  // TAXGATE_POLICY_BOILERPLATE_H_
