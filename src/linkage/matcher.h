// MatchIndex and Match: finding the person a request names among the store's
// records (Fellegi-Sunter scoring over blocked candidates, per taxpayer).
//
// MatchIndex::Build normalizes every record once (normalize/), computes the
// blocking keys (blocking_rule.h), the term frequencies of first names and
// surnames, and clusters rows into taxpayers (GroupTaxpayers: a shared TIN
// with compatible names and dates of birth; a TIN one typo apart or none,
// with the same date of birth and names; a row without date of birth at the
// same street with the same names; never two clusters whose dates of birth
// or TINs contradict). Match() normalizes the request, gathers candidates from
// the blocks, scores each with the model (comparison.h levels, log2 Bayes
// factors, term-frequency adjustment) and keeps the best row per taxpayer.
// Candidates are taxpayers, so several rows of one person (years, sources)
// never make a match ambiguous; the ambiguity margin compares the best two
// *different* taxpayers.
//
// Decision (thresholds in the Model):
//   match     best probability >= match_threshold, best weight - second
//             taxpayer's weight >= ambiguity_margin and an identifier
//             agrees with the best (the TIN; the street address unless in
//             another ZIP and city; the date of birth when both names agree
//             closely and the person does not live elsewhere entirely), or its
//             weight clears the threshold by no_identifier_extra_weight
//             bits (a common name in the right ZIP code alone is not
//             enough to disclose), and the identity is not contradicted:
//             given name and surname do not both disagree outright, and
//             when one of them does, the date of birth confirms the person
//             (a TIN or street shared with another person never discloses
//             that person's address)
//             Candidates the request rules out (RuledOut) are never
//             chosen: listed last, and alone they make a no_match.
//   possible  reason "AMBIGUOUS" when the margin failed, else
//             "LOW_CONFIDENCE" (probability >= possible_threshold, no
//             identifier agrees, or the identity is contradicted)
//   no_match  reason "NO_MATCH"; `best` is empty, `candidates` still lists
//             the closest ones for review and --explain.
//
// Thread-safety: Build once; Match(), record_id(), TaxpayerRecords() are
// const and safe to call from many threads at once. The index keeps no
// record row, only what matching reads; its arrays are Columns
// (common/column.h), owned when built here, borrowed from a mapped file
// when read back (record_store/index_file.h).
#ifndef TAXGATE_LINKAGE_MATCHER_H_
#define TAXGATE_LINKAGE_MATCHER_H_

#include <array>
#include <cassert>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/column.h"
#include "common/progress.h"
#include "common/status.h"
#include "common/thread_pool.h"
#include "domain/record.h"
#include "domain/request.h"
#include "linkage/blocking_rule.h"
#include "linkage/comparison.h"
#include "linkage/model.h"
#include "linkage/person.h"
#include "normalize/tables.h"

namespace taxgate::linkage {

enum class MatchDecision { kMatch, kPossible, kNoMatch };
const char* MatchDecisionName(
    MatchDecision d);  // "match", "possible", "no_match"

// One comparison's contribution: log2 Bayes factor (waterfall chart). The
// names are static strings (comparison.h), so a weight costs no allocation.
struct FieldWeight {
  std::string_view field;    // "first_name", ..., or "prior"
  std::string_view level;    // "exact", ..., "missing" ("lambda" for prior)
  bool tf_adjusted = false;  // u of this level was the value's frequency
  double weight = 0;
  // The level as the explain output names it: "exact_tf" when tf-adjusted.
  std::string Label() const {
    return std::string(level) + (tf_adjusted ? "_tf" : "");
  }
};

// The request rules the record's person out when no TIN agrees and: the
// given name disagrees outright and no date of birth confirms the person
// (a surname may change with marriage, a given name does not); or the
// surname and the date of birth both disagree outright. Whatever the pair
// shares besides (a home, a place), it is someone else: a housemate or a
// relative at the address given. Such a candidate is never the best one:
// it is listed last, and a request whose candidates are all ruled out is
// answered NO_MATCH. When the TINs agree the pair is a reviewer's question
// (a TIN mistyped as a relative's, or one person's names written anew), as
// the identity rules of Match say.
bool RuledOut(const ComparisonVector& v);

struct Candidate {
  size_t record_index;  // row of the MatchIndex
  std::string record_id;
  double match_weight;     // prior + sum of field weights (log2 odds)
  double probability;      // of being the same person
  bool ruled_out = false;  // RuledOut: listed, never chosen
  // Prior first, then one per comparison; empty for candidates after the
  // first unless Match was asked to explain all.
  std::vector<FieldWeight> weights;
};

struct MatchResult {
  MatchDecision decision = MatchDecision::kNoMatch;
  std::string reason_code;  // "" for match, "AMBIGUOUS", "LOW_CONFIDENCE",
                            // "NO_MATCH"
  std::optional<Candidate> best;      // empty for no_match
  std::vector<Candidate> candidates;  // top few taxpayers, best first
  size_t pairs_compared = 0;
};

struct MatchIndexOptions {
  BlockingOptions blocking;
  size_t max_candidates_returned = 5;
  // The command's workers for Build (common/thread_pool.h); null = this
  // thread only. The index is the same whatever the pool.
  ThreadPool* pool = nullptr;
};

// A model's weights in the form scoring reads: log2(m/u) of every level,
// the prior, and for term-frequency adjustment log2 m of the exact levels.
// Built once per request (Match) instead of once per pair.
struct ScoreTable {
  double prior = 0;
  std::array<std::array<double, kMaxLevels>, kNumFields> weight{};
  bool tf_adjustment = false;
  double log2_m_first_exact = 0, log2_m_surname_exact = 0;
  double log2_tf_minimum_u = 0;
  static ScoreTable Of(const Model& m);
};

// A request prepared for matching: its normalized Person (blocking keys are
// made from it), its strings resolved against the store's pool, and its
// CompactPerson. Made by MatchIndex::Prepare; borrows the index's pool.
struct PreparedQuery {
  Person person;
  Strings strings;
  CompactPerson compact;
};

class MatchIndex {
 public:
  // The settings an index is built with, stored with it.
  struct Shape {
    uint64_t max_block_size = 0;
    uint64_t max_tin_block_size = 0;
    uint64_t max_candidates_returned = 0;
    uint64_t directory_bits = 0;
  };

  // REQUIRES: tables != nullptr. The records are normalized and dropped:
  // the index keeps their ids and what matching reads, not the rows (the
  // rows to disclose are read from the store, record_store.h).
  static MatchIndex Build(std::vector<domain::Record> records,
                          std::shared_ptr<const normalize::Tables> tables,
                          const MatchIndexOptions& options = {});

  // An index with no arrays, to be filled by VisitColumns with borrowed
  // arrays (record_store/index_file.h) and checked with Consistent().
  static MatchIndex Empty(std::shared_ptr<const normalize::Tables> tables,
                          const Shape& shape);
  Shape shape() const;
  // Keeps `backing` (the mapping borrowed columns point into) alive as long
  // as the index.
  void KeepAlive(std::shared_ptr<const void> backing) {
    backing_ = std::move(backing);
  }
  // Calls v(id, column) for every array of the index, ids 0, 1, ... in a
  // fixed order (the file format numbers its sections by them). Returns
  // the number of ids used. Writers read the columns only.
  template <class V>
  uint32_t VisitColumns(V& v);
  // Whether borrowed arrays fit together: sizes agree, offsets are in
  // range and ascending, every record, string and set id is in range; so
  // that a damaged or crafted file cannot make Match read outside them.
  // `why` names the first that does not.
  bool Consistent(std::string* why) const;

  // `explain_all`: per-field weights for every returned candidate (the
  // review console's waterfall, --explain); otherwise for the best only.
  MatchResult Match(const domain::PersonQuery& q, const Model& m,
                    bool explain_all = false) const;
  // The id of record i (the store's record_id).
  std::string_view record_id(size_t i) const {
    return {
        record_id_bytes_.data() + record_id_offsets_[i],
        static_cast<size_t>(record_id_offsets_[i + 1] - record_id_offsets_[i])};
  }
  // A digest of each stored row, given by whoever built the index
  // (record_store.h: a keyed digest of the row as stored), so that the rows
  // read back from the store to disclose can be checked against the rows
  // that were matched. 0 when none was given.
  uint64_t row_digest(size_t i) const {
    return row_digests_.empty() ? 0 : row_digests_[i];
  }
  // REQUIRES: one per record, in row order.
  void SetRowDigests(std::vector<uint64_t> digests) {
    row_digests_.Adopt(std::move(digests));
  }
  // The row of `id`, or size() when the index has none.
  size_t FindRecord(std::string_view id) const;
  // Rows of the taxpayer of row i (same TIN and compatible name/dob), i
  // included, ascending; {i} when it has no TIN.
  std::vector<size_t> TaxpayerRecords(size_t i) const;
  size_t size() const { return persons_.size(); }

  // For training and evaluation.
  PreparedQuery Prepare(const domain::PersonQuery& q) const;
  const CompactPerson& person(size_t i) const { return persons_[i]; }
  std::span<const CompactPerson> persons() const { return persons_.span(); }
  const StringPool& strings() const { return pool_; }
  uint32_t taxpayer(size_t i) const { return taxpayer_[i]; }
  std::span<const uint32_t> taxpayers() const { return taxpayer_.span(); }
  // Candidate record indexes of `q` (deduplicated, ascending) into *out.
  void Candidates(const PreparedQuery& q, std::vector<uint32_t>* out) const;
  // The comparison vector of `q` and record `record_index`.
  // REQUIRES: `q` was prepared by this index (Prepare).
  ComparisonVector CompareTo(const PreparedQuery& q,
                             size_t record_index) const {
    assert(q.strings.Over(&pool_));
    return Compare(q.compact, persons_[record_index], q.strings);
  }
  // The match weight of a comparison vector of a request and record
  // `record_index` (term frequencies are the record's).
  double WeightOf(const ComparisonVector& v, size_t record_index,
                  const ScoreTable& t) const;
  // Total match weight of a pair and, when `weights` is set, its parts.
  double Score(const PreparedQuery& q, size_t record_index, const ScoreTable& t,
               std::vector<FieldWeight>* weights = nullptr) const;
  // Bytes of the index's arrays (persons, record ids, string pool,
  // blocking index, taxpayers, term frequencies), owned or mapped.
  size_t MemoryBytes() const;

 private:
  MatchIndex() = default;
  double FieldWeightOf(int field, uint8_t level, size_t record_index,
                       const ScoreTable& t, bool* tf_used) const;
  // Index of `key` in block_keys_, or -1.
  int64_t FindBlock(uint64_t key) const;
  // The jobs of Build, in order.
  struct BlockEntry;  // one blocking key of one record (matcher.cc)
  // Normalizes every record into persons_ and returns its blocking keys.
  std::vector<BlockEntry> NormalizeRecords(
      const std::vector<domain::Record>& records, ThreadPool* pool);
  void ComputeTermFrequencies();
  void BuildBlocks(std::vector<BlockEntry> unsorted, ThreadPool* pool);
  // Taxpayers: rows of one person under one TIN, or a TIN typo apart.
  void GroupTaxpayers();
  // Row of each record id, for FindRecord (sorted by id).
  void SortIds();

  std::shared_ptr<const normalize::Tables> tables_;
  std::shared_ptr<const void> backing_;  // see KeepAlive
  MatchIndexOptions options_;
  int directory_bits_ = 0;
  // Record ids: bytes and offsets (size() + 1), and the rows in id order.
  Column<char> record_id_bytes_;
  Column<uint64_t> record_id_offsets_;
  Column<uint32_t> rows_by_id_;
  StringPool pool_;
  Column<CompactPerson> persons_;
  // log2 of the share of records with this first name / full surname.
  Column<float> first_log2_tf_;
  Column<float> surname_log2_tf_;
  // Blocking index: sorted unique keys, CSR postings. Keys are hashes, so
  // their top bits spread evenly: block_directory_[h] is the first key whose
  // top `directory_bits_` bits are >= h, and a lookup searches only its
  // bucket (a few keys) instead of the whole array.
  Column<uint64_t> block_keys_;
  Column<uint32_t> block_directory_;
  Column<uint8_t> block_rules_;
  Column<uint32_t> block_offsets_;
  Column<uint32_t> block_postings_;
  // Taxpayers: id per record, CSR member lists.
  Column<uint32_t> taxpayer_;
  Column<uint32_t> taxpayer_offsets_;
  Column<uint32_t> taxpayer_members_;
  Column<uint64_t> row_digests_;  // empty, or one per record
};

template <class V>
uint32_t MatchIndex::VisitColumns(V& v) {
  v(0, record_id_bytes_);
  v(1, record_id_offsets_);
  v(2, rows_by_id_);
  v(3, persons_);
  v(4, first_log2_tf_);
  v(5, surname_log2_tf_);
  v(6, block_keys_);
  v(7, block_directory_);
  v(8, block_rules_);
  v(9, block_offsets_);
  v(10, block_postings_);
  v(11, taxpayer_);
  v(12, taxpayer_offsets_);
  v(13, taxpayer_members_);
  v(14, row_digests_);
  return pool_.VisitColumns(v, 15);
}

struct TrainOptions {
  size_t max_u_pairs = 50000;     // random record pairs for u
  size_t max_em_pairs = 2000000;  // candidate pairs for EM
  uint64_t seed = 42;
  bool fix_u_in_em = false;  // EM also fits u of blocked pairs (then unused)
  // The command's workers (null = this thread only); the model is the same
  // whatever the pool.
  ThreadPool* pool = nullptr;
  ProgressFn progress;  // told of each EM iteration (stage "EM")
};

// What training saw and what the trained model expects of this batch: the
// posterior of each training request's best candidate is the model's own
// estimate that it is the person, so over the requests it would match the
// mean posterior estimates their precision (no labels needed).
struct TrainReport {
  size_t u_pairs = 0;      // random store pairs behind the u estimates
  size_t em_requests = 0;  // requests whose candidate pairs EM used
  size_t em_pairs = 0;     // candidate pairs EM used
  size_t em_patterns = 0;  // distinct comparison vectors among them
  int em_iterations = 0;
  bool em_converged = false;
  size_t predicted_matches = 0;    // best posterior >= match_threshold
  size_t predicted_possible = 0;   // in [possible_threshold, match_threshold)
  double estimated_precision = 0;  // mean posterior of the matches
  double expected_false_matches = 0;  // sum of (1 - posterior) over them
};

// EM training without labels on candidate pairs of these requests against
// the index: u from random store pairs, m and lambda by EM on the blocked
// pairs, lambda rescaled to all request-record pairs. Thresholds, version
// and tf settings come from `start`, as do the starting m values.
// Errors: InvalidArgument when the index is empty.
Result<Model> Train(const MatchIndex& index,
                    const std::vector<domain::PersonQuery>& queries,
                    const Model& start);
Result<Model> Train(const MatchIndex& index,
                    const std::vector<domain::PersonQuery>& queries,
                    const Model& start, const TrainOptions& options,
                    TrainReport* report = nullptr);

}  // namespace taxgate::linkage

#endif  // TAXGATE_LINKAGE_MATCHER_H_
