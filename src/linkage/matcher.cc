#include "linkage/matcher.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <numeric>
#include <thread>
#include <unordered_map>
#include <utility>

#include "common/sort_order.h"
#include "linkage/em_trainer.h"
#include "linkage/u_estimator.h"
#include "normalize/dob.h"
#include "normalize/tin.h"

namespace taxgate::linkage {
namespace {

constexpr int kFirst = static_cast<int>(Field::kFirstName);
constexpr int kSurname = static_cast<int>(Field::kSurname);

// Given names the same, nicknames of each other or a typo apart: alike
// enough for a shared TIN or date of birth to speak for one person. One
// given name of the other's (given_token) is not: JOSE MARIA and MARIA
// JOSE are twins, MICHAEL JAMES is JAMES's son.
bool FirstNamesAlike(uint8_t first) {
  return first == kFirstExact || first == kFirstNickname || first == kFirstJw92;
}

// Two rows with one TIN belong to one taxpayer when their dates of birth do
// not contradict each other and their names agree well enough.
bool SameTaxpayer(const CompactPerson& a, const CompactPerson& b,
                  const Strings& s) {
  ComparisonVector v = Compare(a, b, s);
  uint8_t dob = LevelOf(v, Field::kDob);
  bool dob_ok = dob == kMissing || AgreesOn(v, Field::kDob);
  uint8_t sur = LevelOf(v, Field::kSurname);
  uint8_t first = LevelOf(v, Field::kFirstName);
  bool name_ok =
      (sur != kMissing && sur <= kSurnameJw80) || FirstNamesAlike(first);
  return dob_ok && name_ok;
}

// Rows with different or missing TINs are still one taxpayer when
// everything else says so: the same date of birth; first names the same
// or nicknames (not a typo apart: twins are DANIEL and DANIELA, often with
// consecutive TINs; not one given name of a compound: JUAN CARLOS and JUAN
// PABLO); surnames the same, swapped, one of two or a
// typo apart; no middle name against it; and TINs one typo apart or, when
// a TIN is missing, the same street address (a typo allowed), or the same
// full name, middle name included, in the same city (the person moved).
// This keeps a mistyped TIN on a W-2 or an information return without TIN
// from splitting a person in two (which would make every match on them
// look ambiguous).
bool SameTaxpayerWithoutTin(const CompactPerson& a, const CompactPerson& b,
                            const Strings& s) {
  ComparisonVector v = Compare(a, b, s);
  auto level = [&](Field f) { return LevelOf(v, f); };
  if (level(Field::kDob) != kDobExact) return false;  // both present
  const uint8_t first = level(Field::kFirstName);
  if ((first != kFirstExact && first != kFirstNickname) ||
      level(Field::kSurname) > kSurnameJw92) {
    return false;
  }
  if (DisagreesOn(v, Field::kMiddleName)) return false;
  if (level(Field::kTin) != kMissing) return AgreesOn(v, Field::kTin);
  if (AgreesOn(v, Field::kAddress)) return true;
  return first == kFirstExact && level(Field::kMiddleName) == kMiddleExact &&
         level(Field::kSurname) == kSurnameExact &&
         level(Field::kPlace) <= kPlaceCity;
}

// Rows at one street address are one taxpayer when a date of birth is
// missing on one of them (an information return often has none): the same
// first name (a typo apart only when the TINs are the same: a father and son
// share a home and a surname, and often their given names), surnames the same,
// swapped, one of two or a typo apart, no middle name or unit against it,
// the same house and street (a typo allowed) in the same ZIP code, and no
// TIN against it. The clusters' dates of birth and TINs are checked as well
// (GroupTaxpayers), so that a father and a son of one name at one address
// who filed with their own dates of birth or TINs are never joined through
// a row that has neither.
bool SameTaxpayerAtAddress(const CompactPerson& a, const CompactPerson& b,
                           const Strings& s) {
  ComparisonVector v = Compare(a, b, s);
  auto level = [&](Field f) { return LevelOf(v, f); };
  const bool tin_agrees = AgreesOn(v, Field::kTin);
  const uint8_t first = level(Field::kFirstName);
  if (!(first == kFirstExact ||
        (first == kFirstJw92 && level(Field::kTin) == kTinExact)) ||
      level(Field::kSurname) > kSurnameJw92 || !AgreesOn(v, Field::kAddress) ||
      level(Field::kPlace) > kPlaceZip) {
    return false;
  }
  if (DisagreesOn(v, Field::kMiddleName) || DisagreesOn(v, Field::kUnit)) {
    return false;
  }
  if (level(Field::kDob) != kMissing && level(Field::kDob) != kDobExact) {
    return false;
  }
  return level(Field::kTin) == kMissing || tin_agrees;
}

uint32_t Find(std::vector<uint32_t>& parent, uint32_t x) {
  while (parent[x] != x) {
    parent[x] = parent[parent[x]];
    x = parent[x];
  }
  return x;
}

uint64_t Pack(const ComparisonVector& v) {
  uint64_t k = 0;
  static_assert(sizeof(v.level) == sizeof(k));
  std::memcpy(&k, v.level.data(), sizeof k);
  return k;
}

ComparisonVector Unpack(uint64_t k) {
  ComparisonVector v;
  std::memcpy(v.level.data(), &k, sizeof k);
  return v;
}

}  // namespace

bool RuledOut(const ComparisonVector& v) {
  const bool first_off = DisagreesOn(v, Field::kFirstName);
  const bool surname_off = DisagreesOn(v, Field::kSurname);
  const bool dob_agrees = AgreesOn(v, Field::kDob);
  if (AgreesOn(v, Field::kTin)) return false;  // a reviewer's question
  return (first_off && !dob_agrees) ||
         (surname_off && DisagreesOn(v, Field::kDob));
}

const char* MatchDecisionName(MatchDecision d) {
  switch (d) {
    case MatchDecision::kMatch:
      return "match";
    case MatchDecision::kPossible:
      return "possible";
    case MatchDecision::kNoMatch:
      return "no_match";
  }
  return "no_match";
}

struct MatchIndex::BlockEntry {
  uint64_t key;
  uint32_t record;
  uint8_t rule;
};

MatchIndex MatchIndex::Build(std::vector<domain::Record> records,
                             std::shared_ptr<const normalize::Tables> tables,
                             const MatchIndexOptions& options) {
  MatchIndex idx;
  idx.tables_ = std::move(tables);
  idx.options_ = options;
  idx.options_.pool = nullptr;  // the pool is the caller's, for Build only
  {
    std::vector<char> bytes;
    std::vector<uint64_t> offsets{0};
    offsets.reserve(records.size() + 1);
    for (const auto& r : records) {
      bytes.insert(bytes.end(), r.record_id.begin(), r.record_id.end());
      offsets.push_back(bytes.size());
    }
    idx.record_id_bytes_.Adopt(std::move(bytes));
    idx.record_id_offsets_.Adopt(std::move(offsets));
  }
  std::vector<BlockEntry> entries = idx.NormalizeRecords(records, options.pool);
  std::vector<domain::Record>().swap(records);
  idx.SortIds();
  idx.ComputeTermFrequencies();
  idx.BuildBlocks(std::move(entries), options.pool);
  idx.GroupTaxpayers();
  return idx;
}

MatchIndex MatchIndex::Empty(std::shared_ptr<const normalize::Tables> tables,
                             const Shape& shape) {
  MatchIndex idx;
  idx.tables_ = std::move(tables);
  idx.options_.blocking.max_block_size = shape.max_block_size;
  idx.options_.blocking.max_tin_block_size = shape.max_tin_block_size;
  idx.options_.max_candidates_returned = shape.max_candidates_returned;
  idx.directory_bits_ = static_cast<int>(shape.directory_bits);
  return idx;
}

MatchIndex::Shape MatchIndex::shape() const {
  return {
      options_.blocking.max_block_size, options_.blocking.max_tin_block_size,
      options_.max_candidates_returned, static_cast<uint64_t>(directory_bits_)};
}

void MatchIndex::SortIds() {
  rows_by_id_.Adopt(IdOrder(size(), [&](size_t i) { return record_id(i); }));
}

size_t MatchIndex::FindRecord(std::string_view id) const {
  auto it = std::lower_bound(rows_by_id_.begin(), rows_by_id_.end(), id,
                             [&](uint32_t row, std::string_view want) {
                               return record_id(row) < want;
                             });
  if (it == rows_by_id_.end() || record_id(*it) != id) return size();
  return *it;
}

// Records are normalized in chunks: the pool's threads normalize a chunk
// and make its blocking keys (each slice into its own run), then the chunk's
// strings are interned into the pool on this thread, in record order. Full
// Persons live only for the chunk. The keys are sorted later, so the index
// does not depend on the slicing.
std::vector<MatchIndex::BlockEntry> MatchIndex::NormalizeRecords(
    const std::vector<domain::Record>& records, ThreadPool* pool) {
  const size_t n = records.size();
  const size_t slices = static_cast<size_t>(ThreadsOf(pool));
  persons_.resize(n);
  std::vector<BlockEntry> unsorted;
  // Pages of a reservation never written are never resident: room enough
  // that the vector does not grow (and copy) while keys come in.
  unsorted.reserve(n * 20);
  constexpr size_t kChunk = 1 << 16;
  std::vector<Person> chunk(std::min(n, kChunk));
  for (size_t chunk_begin = 0; chunk_begin < n; chunk_begin += kChunk) {
    const size_t chunk_n = std::min(kChunk, n - chunk_begin);
    std::vector<std::vector<BlockEntry>> parts(slices);
    ForSlices(pool, chunk_n, slices, [&](size_t t, size_t begin, size_t end) {
      std::vector<BlockEntry>& part = parts[t];
      part.reserve((end - begin) * 14);
      std::vector<BlockingKey> keys;
      for (size_t k = begin; k < end; ++k) {
        const size_t i = chunk_begin + k;
        chunk[k] = NormalizeRecord(records[i], *tables_);
        keys.clear();
        BlockingKeys(chunk[k], &keys);
        for (const auto& key : keys) {
          part.push_back({key.key, static_cast<uint32_t>(i), key.rule});
        }
      }
    });
    for (const auto& part : parts) {
      unsorted.insert(unsorted.end(), part.begin(), part.end());
    }
    for (size_t k = 0; k < chunk_n; ++k) {
      persons_.mut(chunk_begin + k) = Compact(chunk[k], &pool_);
    }
  }
  return unsorted;
}

// Term frequencies of first names and full surnames, by string id.
void MatchIndex::ComputeTermFrequencies() {
  const size_t n = persons_.size();
  std::vector<uint32_t> first(pool_.size(), 0), surname(pool_.size(), 0);
  for (const CompactPerson& p : persons_) {
    if (p.first() != 0) ++first[p.first()];
    if (p.surname_full != 0) ++surname[p.surname_full];
  }
  std::vector<float> first_tf(n), surname_tf(n);
  const double total = std::max<size_t>(n, 1);
  for (size_t i = 0; i < n; ++i) {
    const CompactPerson& p = persons_[i];
    first_tf[i] = p.first() == 0 ? 0.f : std::log2(first[p.first()] / total);
    surname_tf[i] =
        p.surname_full == 0 ? 0.f : std::log2(surname[p.surname_full] / total);
  }
  first_log2_tf_.Adopt(std::move(first_tf));
  surname_log2_tf_.Adopt(std::move(surname_tf));
}

// The blocking index. Keys are hashes, so a bucket sort on their top bits
// spreads them evenly: scatter into buckets (one pass), then sort each small
// bucket, on the pool.
void MatchIndex::BuildBlocks(std::vector<BlockEntry> unsorted,
                             ThreadPool* pool) {
  auto less = [](const BlockEntry& a, const BlockEntry& b) {
    return a.key != b.key ? a.key < b.key : a.record < b.record;
  };
  int sort_bits = 8;
  while (sort_bits < 24 && (size_t{8} << sort_bits) < unsorted.size()) {
    ++sort_bits;
  }
  const size_t buckets = size_t{1} << sort_bits;
  const int shift = 64 - sort_bits;
  std::vector<uint32_t> start(buckets + 1, 0);
  for (const BlockEntry& e : unsorted) ++start[(e.key >> shift) + 1];
  for (size_t b = 0; b < buckets; ++b) start[b + 1] += start[b];
  std::vector<BlockEntry> entries(unsorted.size());
  {
    std::vector<uint32_t> cursor(start.begin(), start.end() - 1);
    for (const BlockEntry& e : unsorted) entries[cursor[e.key >> shift]++] = e;
  }
  std::vector<BlockEntry>().swap(unsorted);
  ForSlices(pool, buckets, 64, [&](size_t, size_t begin, size_t end) {
    for (size_t b = begin; b < end; ++b) {
      std::sort(entries.begin() + start[b], entries.begin() + start[b + 1],
                less);
    }
  });
  entries.erase(std::unique(entries.begin(), entries.end(),
                            [](const BlockEntry& a, const BlockEntry& b) {
                              return a.key == b.key && a.record == b.record;
                            }),
                entries.end());
  std::vector<uint64_t> keys;
  std::vector<uint8_t> rules;
  std::vector<uint32_t> offsets, postings;
  postings.reserve(entries.size());
  for (size_t i = 0; i < entries.size(); ++i) {
    if (i == 0 || entries[i].key != entries[i - 1].key) {
      keys.push_back(entries[i].key);
      rules.push_back(entries[i].rule);
      offsets.push_back(static_cast<uint32_t>(i));
    }
    postings.push_back(entries[i].record);
  }
  offsets.push_back(static_cast<uint32_t>(entries.size()));
  std::vector<BlockEntry>().swap(entries);
  // About four keys per directory bucket.
  int bits = 8;
  while (bits < 24 && (size_t{4} << bits) < keys.size()) ++bits;
  directory_bits_ = bits;
  std::vector<uint32_t> directory((size_t{1} << bits) + 1, 0);
  size_t k = 0;
  for (size_t h = 0; h <= (size_t{1} << bits); ++h) {
    while (k < keys.size() && (keys[k] >> (64 - bits)) < h) ++k;
    directory[h] = static_cast<uint32_t>(k);
  }
  block_keys_.Adopt(std::move(keys));
  block_rules_.Adopt(std::move(rules));
  block_offsets_.Adopt(std::move(offsets));
  block_postings_.Adopt(std::move(postings));
  block_directory_.Adopt(std::move(directory));
}

// Taxpayers: union rows that share a TIN and agree on name and dob, then
// rows a TIN typo apart (or without TIN) that agree on everything else.
void MatchIndex::GroupTaxpayers() {
  const size_t n = persons_.size();
  const Strings store_strings(&pool_);
  std::vector<uint32_t> parent(n);
  std::iota(parent.begin(), parent.end(), 0u);
  // Rows by TIN: (tin id, row) sorted, so each TIN's rows are a run.
  std::vector<std::pair<uint32_t, uint32_t>> by_tin;
  for (size_t i = 0; i < n; ++i) {
    const uint32_t tin = persons_[i].tin;
    if (tin != 0 && pool_.Get(tin).size() >= 7) {
      by_tin.emplace_back(tin, static_cast<uint32_t>(i));
    }
  }
  std::sort(by_tin.begin(), by_tin.end());
  std::vector<uint32_t> rows;
  for (size_t run = 0; run < by_tin.size();) {
    size_t run_end = run;
    rows.clear();
    while (run_end < by_tin.size() &&
           by_tin[run_end].first == by_tin[run].first) {
      rows.push_back(by_tin[run_end++].second);
    }
    run = run_end;
    if (rows.size() < 2) continue;
    const size_t limit = rows.size() <= 64 ? rows.size() : 1;
    for (size_t a = 0; a < limit; ++a) {
      for (size_t b = a + 1; b < rows.size(); ++b) {
        uint32_t ra = Find(parent, rows[a]), rb = Find(parent, rows[b]);
        if (ra == rb) continue;
        if (SameTaxpayer(persons_[rows[a]], persons_[rows[b]], store_strings)) {
          parent[std::max(ra, rb)] = std::min(ra, rb);
        }
      }
    }
  }
  // What each cluster holds so far: a date of birth and a TIN (the first
  // of its rows that has one), so that two clusters are joined only when
  // they do not contradict each other (Compatible).
  std::vector<uint32_t> cluster_dob(n, 0), cluster_tin(n, 0);
  std::vector<uint32_t> cluster_size(n, 0);
  for (size_t i = 0; i < n; ++i) {
    const uint32_t r = Find(parent, static_cast<uint32_t>(i));
    ++cluster_size[r];
    if (cluster_dob[r] == 0) cluster_dob[r] = persons_[i].dob;
    if (cluster_tin[r] == 0) cluster_tin[r] = persons_[i].tin;
  }
  auto compatible = [&](uint32_t ra, uint32_t rb) {
    // Equality is transitive, a typo's tolerance is not: dates of birth
    // must be the same, and TINs a typo apart only when one side is a
    // single row (so no chain of typos walks from one TIN to another).
    const uint32_t dob_a = cluster_dob[ra], dob_b = cluster_dob[rb];
    const uint32_t tin_a = cluster_tin[ra], tin_b = cluster_tin[rb];
    if (dob_a != 0 && dob_b != 0 && dob_a != dob_b) return false;
    if (tin_a == 0 || tin_b == 0 || tin_a == tin_b) return true;
    return (cluster_size[ra] == 1 || cluster_size[rb] == 1) &&
           normalize::CompareTin(pool_.Get(tin_a), pool_.Get(tin_b)) !=
               normalize::TinMatch::kDifferent;
  };
  auto join = [&](uint32_t ra, uint32_t rb) {
    const uint32_t root = std::min(ra, rb), other = std::max(ra, rb);
    parent[other] = root;
    cluster_size[root] += cluster_size[other];
    if (cluster_dob[root] == 0) cluster_dob[root] = cluster_dob[other];
    if (cluster_tin[root] == 0) cluster_tin[root] = cluster_tin[other];
  };
  // Pairs within the small blocks of `rule` that `same` says are one
  // person, cluster by cluster.
  auto link_within = [&](uint8_t rule, auto same) {
    for (size_t b = 0; b + 1 < block_offsets_.size(); ++b) {
      if (block_rules_[b] != rule) continue;
      uint32_t begin = block_offsets_[b], end = block_offsets_[b + 1];
      if (end - begin < 2 || end - begin > 64) continue;
      for (uint32_t x = begin; x < end; ++x) {
        for (uint32_t y = x + 1; y < end; ++y) {
          uint32_t ra = block_postings_[x], rb = block_postings_[y];
          uint32_t pa = Find(parent, ra), pb = Find(parent, rb);
          if (pa == pb) continue;
          const CompactPerson& a = persons_[ra];
          const CompactPerson& c = persons_[rb];
          if (a.tin != 0 && a.tin == c.tin) continue;  // judged above
          if (same(a, c, store_strings) && compatible(pa, pb)) join(pa, pb);
        }
      }
    }
  };
  // Rows one TIN typo apart, or without TIN, with a date of birth: within
  // the blocks of the name-phonetic + dob rule; then rows at one address
  // where one has no date of birth.
  link_within(kNamePhoneticDobRule, SameTaxpayerWithoutTin);
  link_within(kHouseNumberZipRule, SameTaxpayerAtAddress);
  std::vector<uint32_t> taxpayer(n);
  for (size_t i = 0; i < n; ++i) {
    taxpayer[i] = Find(parent, static_cast<uint32_t>(i));
  }
  std::vector<uint32_t>().swap(parent);
  std::vector<uint32_t> order(n);
  std::iota(order.begin(), order.end(), 0u);
  std::stable_sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) {
    return taxpayer[a] < taxpayer[b];
  });
  // CSR indexed by taxpayer id (= the smallest row index of the group).
  std::vector<uint32_t> offsets(n + 1, 0);
  for (size_t i = 0; i < n; ++i) ++offsets[taxpayer[i] + 1];
  for (size_t i = 0; i < n; ++i) offsets[i + 1] += offsets[i];
  taxpayer_.Adopt(std::move(taxpayer));
  taxpayer_offsets_.Adopt(std::move(offsets));
  taxpayer_members_.Adopt(std::move(order));
}

bool MatchIndex::Consistent(std::string* why) const {
  const size_t n = persons_.size();
  const size_t keys = block_keys_.size();
  const size_t strings = pool_.size(), sets = pool_.set_count();
  auto fail = [&](const char* what) {
    *why = what;
    return false;
  };
  if (!pool_.Consistent()) return fail("string pool");
  if (record_id_offsets_.size() != n + 1 ||
      !OffsetsFit(record_id_offsets_.span(), record_id_bytes_.size())) {
    return fail("record ids");
  }
  if (rows_by_id_.size() != n || !AllBelow(rows_by_id_.span(), n)) {
    return fail("record id order");
  }
  if (!row_digests_.empty() && row_digests_.size() != n) {
    return fail("row digests");
  }
  if (first_log2_tf_.size() != n || surname_log2_tf_.size() != n) {
    return fail("term frequencies");
  }
  if (directory_bits_ < 8 || directory_bits_ > 24 ||
      block_directory_.size() != (size_t{1} << directory_bits_) + 1 ||
      !AllBelow(block_directory_.span(), keys + 1) ||
      block_directory_[0] != 0 || block_directory_.back() != keys) {
    return fail("block directory");
  }
  for (size_t h = 1; h < block_directory_.size(); ++h) {
    if (block_directory_[h] < block_directory_[h - 1]) {
      return fail("block directory");
    }
  }
  if (block_rules_.size() != keys || block_offsets_.size() != keys + 1 ||
      !OffsetsFit(block_offsets_.span(), block_postings_.size()) ||
      !AllBelow(block_postings_.span(), n)) {
    return fail("blocks");
  }
  if (taxpayer_.size() != n || !AllBelow(taxpayer_.span(), n) ||
      taxpayer_offsets_.size() != n + 1 ||
      !OffsetsFit(taxpayer_offsets_.span(), size_t{n}) ||
      taxpayer_members_.size() != n || !AllBelow(taxpayer_members_.span(), n)) {
    return fail("taxpayers");
  }
  for (const CompactPerson& p : persons_) {
    uint32_t max =
        std::max({p.surname_full, p.first_soundex, p.house_number,
                  p.street_name, p.suffix, p.po_box, p.unit_id, p.city, p.state,
                  p.zip5, p.street_key, p.unit_key, p.tin});
    for (uint32_t id : p.given) max = std::max(max, id);
    for (uint32_t id : p.surnames) max = std::max(max, id);
    for (uint32_t id : p.alt_surnames) max = std::max(max, id);
    for (uint32_t id : p.surname_soundex) max = std::max(max, id);
    if (max >= strings || p.nickname_set >= sets ||
        p.token_nickname_set >= sets || p.n_given > CompactPerson::kMaxGiven ||
        p.n_surnames > CompactPerson::kMaxSurnames ||
        p.n_alt_surnames > CompactPerson::kMaxAltSurnames ||
        p.n_soundex > CompactPerson::kMaxSoundex) {
      return fail("persons");
    }
  }
  return true;
}

std::vector<size_t> MatchIndex::TaxpayerRecords(size_t i) const {
  std::vector<size_t> out;
  if (i >= taxpayer_.size()) return out;
  uint32_t t = taxpayer_[i];
  for (uint32_t k = taxpayer_offsets_[t]; k < taxpayer_offsets_[t + 1]; ++k) {
    out.push_back(taxpayer_members_[k]);
  }
  return out;
}

PreparedQuery MatchIndex::Prepare(const domain::PersonQuery& q) const {
  PreparedQuery p{NormalizeQuery(q, *tables_), Strings(&pool_), {}};
  p.compact = Compact(p.person, &p.strings);
  return p;
}

namespace {

struct CountBytes {
  size_t total = 0;
  template <class T>
  void operator()(uint32_t, const Column<T>& c) {
    total += c.bytes();
  }
};

}  // namespace

size_t MatchIndex::MemoryBytes() const {
  CountBytes count;
  // VisitColumns hands out the columns; CountBytes only reads them.
  const_cast<MatchIndex*>(this)->VisitColumns(count);
  return count.total;
}

int64_t MatchIndex::FindBlock(uint64_t key) const {
  if (block_directory_.empty()) return -1;
  size_t h = key >> (64 - directory_bits_);
  auto first = block_keys_.begin() + block_directory_[h];
  auto last = block_keys_.begin() + block_directory_[h + 1];
  auto it = std::lower_bound(first, last, key);
  if (it == last || *it != key) return -1;
  return it - block_keys_.begin();
}

void MatchIndex::Candidates(const PreparedQuery& q,
                            std::vector<uint32_t>* out) const {
  out->clear();
  thread_local std::vector<BlockingKey> keys;
  keys.clear();
  BlockingKeys(q.person, &keys, /*query=*/true);
  for (const BlockingKey& k : keys) {
    int64_t found = FindBlock(k.key);
    if (found < 0) continue;
    size_t b = static_cast<size_t>(found);
    uint32_t begin = block_offsets_[b], end = block_offsets_[b + 1];
    size_t cap = k.rule == kTinRule ? options_.blocking.max_tin_block_size
                                    : options_.blocking.max_block_size;
    if (end - begin > cap) continue;
    out->insert(out->end(), block_postings_.begin() + begin,
                block_postings_.begin() + end);
  }
  std::sort(out->begin(), out->end());
  out->erase(std::unique(out->begin(), out->end()), out->end());
}

ScoreTable ScoreTable::Of(const Model& m) {
  ScoreTable t;
  t.prior = m.PriorWeight();
  for (int f = 0; f < kNumFields; ++f) {
    for (int l = 0; l < NumLevels(f); ++l) t.weight[f][l] = m.Weight(f, l);
  }
  t.tf_adjustment = m.tf_adjustment;
  t.log2_m_first_exact = std::log2(m.params[kFirst][kFirstExact].m_probability);
  t.log2_m_surname_exact =
      std::log2(m.params[kSurname][kSurnameExact].m_probability);
  t.log2_tf_minimum_u = std::log2(m.tf_minimum_u);
  return t;
}

double MatchIndex::FieldWeightOf(int field, uint8_t level, size_t i,
                                 const ScoreTable& t, bool* tf_used) const {
  *tf_used = false;
  if (level == kMissing) return 0.0;
  static_assert(kFirstExact == 0 && kSurnameExact == 0);
  if (t.tf_adjustment && level == kFirstExact &&
      (field == kFirst || field == kSurname)) {
    // log2(m / max(tf, tf_minimum_u))
    double log2_tf = field == kFirst ? first_log2_tf_[i] : surname_log2_tf_[i];
    *tf_used = true;
    return (field == kFirst ? t.log2_m_first_exact : t.log2_m_surname_exact) -
           std::max(log2_tf, t.log2_tf_minimum_u);
  }
  return t.weight[field][level];
}

double MatchIndex::WeightOf(const ComparisonVector& v, size_t i,
                            const ScoreTable& t) const {
  double total = t.prior;
  bool tf = false;
  for (int f = 0; f < kNumFields; ++f) {
    total += FieldWeightOf(f, v.level[f], i, t, &tf);
  }
  return total;
}

double MatchIndex::Score(const PreparedQuery& q, size_t i, const ScoreTable& t,
                         std::vector<FieldWeight>* weights) const {
  ComparisonVector v = CompareTo(q, i);
  double total = t.prior;
  if (weights) {
    weights->clear();
    weights->push_back({"prior", "lambda", false, total});
  }
  for (int f = 0; f < kNumFields; ++f) {
    bool tf = false;
    double w = FieldWeightOf(f, v.level[f], i, t, &tf);
    total += w;
    if (weights) {
      weights->push_back({FieldName(f), LevelName(f, v.level[f]), tf, w});
    }
  }
  return total;
}

MatchResult MatchIndex::Match(const domain::PersonQuery& q, const Model& m,
                              bool explain_all) const {
  MatchResult result;
  const PreparedQuery p = Prepare(q);
  thread_local std::vector<uint32_t> cand;
  Candidates(p, &cand);
  result.pairs_compared = cand.size();
  struct Scored {
    uint32_t taxpayer;
    uint32_t record;
    double weight;
    bool ruled_out = false;
  };
  thread_local std::vector<Scored> scored;
  scored.clear();
  const ScoreTable table = ScoreTable::Of(m);
  for (uint32_t c : cand) {
    const ComparisonVector v = CompareTo(p, c);
    scored.push_back({taxpayer_[c], c, WeightOf(v, c, table), RuledOut(v)});
  }
  // Best row per taxpayer (a row not ruled out before one that is).
  std::sort(scored.begin(), scored.end(), [](const Scored& a, const Scored& b) {
    if (a.taxpayer != b.taxpayer) return a.taxpayer < b.taxpayer;
    if (a.ruled_out != b.ruled_out) return b.ruled_out;
    if (a.weight != b.weight) return a.weight > b.weight;
    return a.record < b.record;
  });
  size_t w = 0;
  for (size_t r = 0; r < scored.size(); ++r) {
    if (r == 0 || scored[r].taxpayer != scored[r - 1].taxpayer) {
      scored[w++] = scored[r];
    }
  }
  scored.resize(w);
  // Candidates the request rules out (RuledOut) rank after the others:
  // they are listed for review and --explain, never chosen.
  const size_t keep = std::min(scored.size(), options_.max_candidates_returned);
  std::partial_sort(scored.begin(), scored.begin() + keep, scored.end(),
                    [](const Scored& a, const Scored& b) {
                      if (a.ruled_out != b.ruled_out) return b.ruled_out;
                      if (a.weight != b.weight) return a.weight > b.weight;
                      return a.record < b.record;
                    });
  for (size_t k = 0; k < keep; ++k) {
    Candidate c;
    c.record_index = scored[k].record;
    c.record_id = std::string(record_id(c.record_index));
    c.match_weight = k == 0 || explain_all
                         ? Score(p, c.record_index, table, &c.weights)
                         : scored[k].weight;
    c.probability = WeightToProbability(c.match_weight);
    c.ruled_out = scored[k].ruled_out;
    result.candidates.push_back(std::move(c));
  }
  if (result.candidates.empty() || scored[0].ruled_out) {
    result.decision = MatchDecision::kNoMatch;
    result.reason_code = "NO_MATCH";
    return result;
  }
  const Candidate& best = result.candidates[0];
  // The margin is to the next person the request may name.
  double margin = result.candidates.size() > 1 && !scored[1].ruled_out
                      ? best.match_weight - result.candidates[1].match_weight
                      : 1e300;
  // Identity contradicted: when given name and surname both disagree
  // outright ("else"), or one of them does and the date of birth does not
  // confirm the person (it disagrees, is only the same year, or is not
  // there), a shared TIN or street cannot make the person the same one: a
  // TIN mistyped as a relative's or a neighbour's is how a wrong person's
  // address would go out. Such a pair is never matched automatically; a
  // reviewer sees it.
  const ComparisonVector v = CompareTo(p, best.record_index);
  const bool first_off = DisagreesOn(v, Field::kFirstName);
  const bool surname_off = DisagreesOn(v, Field::kSurname);
  const bool dob_confirms = AgreesOn(v, Field::kDob);
  // Nor is a name only loosely alike (given name Jaro-Winkler 0.80,
  // surname 0.80 or Soundex) with a date of birth against it and no TIN
  // for it: at one home that is a relative (MADISON for MARISOL) as often
  // as two typos.
  const uint8_t surname_level = LevelOf(v, Field::kSurname);
  const uint8_t first_level = LevelOf(v, Field::kFirstName);
  const bool first_weak = first_off || first_level == kFirstJw80;
  const bool surname_weak = surname_off || surname_level == kSurnameJw80 ||
                            surname_level == kSurnamePhonetic;
  // One given name of the other's (CARLOS for JUAN CARLOS) is the person
  // only with a date of birth that confirms it: a son is often named
  // MICHAEL JAMES after his father JAMES, at the same home.
  bool identified = !(first_off && surname_off) &&
                    !((first_off || surname_off) && !dob_confirms) &&
                    !(first_level == kFirstGivenToken && !dob_confirms) &&
                    !((first_weak || surname_weak) &&
                      DisagreesOn(v, Field::kDob) && !AgreesOn(v, Field::kTin));
  if (identified && m.no_identifier_extra_weight > 0) {
    // A date of birth identifies less the bigger the store: among 4x10^6
    // records, 70 of 198,530 persons absent from the store were matched to
    // someone born the same day with a name only alike (DANNY BURNS for
    // DAWN BRANCH, a first name and one surname of two) or living in
    // another state (bench/scale.sh, 1M requests). A shared date of birth
    // counts as an identifier only when both names agree closely (first
    // name exact, nickname or Jaro-Winkler >= 0.92; surname exact, one
    // surname of two, or >= 0.92) and the person does not live elsewhere
    // entirely (street, ZIP and city all different); otherwise the match
    // must carry the weight's extra margin, as one with no identifier does.
    const bool names_agree =
        FirstNamesAlike(first_level) && surname_level <= kSurnameJw92;
    const bool elsewhere =
        DisagreesOn(v, Field::kAddress) && DisagreesOn(v, Field::kPlace);
    const bool dob_identifies =
        AgreesOn(v, Field::kDob) && names_agree && !elsewhere;
    // A street address identifies only in its own place: the same house
    // number and street in another ZIP and city is another address.
    const bool address_identifies =
        AgreesOn(v, Field::kAddress) && !DisagreesOn(v, Field::kPlace);
    bool identifier =
        dob_identifies || AgreesOn(v, Field::kTin) || address_identifies;
    double threshold_weight =
        std::log2(m.match_threshold / (1.0 - m.match_threshold));
    identified =
        identifier ||
        best.match_weight >= threshold_weight + m.no_identifier_extra_weight;
  }
  if (best.probability >= m.match_threshold) {
    if (margin >= m.ambiguity_margin && identified) {
      result.decision = MatchDecision::kMatch;
      result.reason_code = "";
    } else {
      result.decision = MatchDecision::kPossible;
      result.reason_code =
          margin < m.ambiguity_margin ? "AMBIGUOUS" : "LOW_CONFIDENCE";
    }
    result.best = best;
  } else if (best.probability >= m.possible_threshold) {
    result.decision = MatchDecision::kPossible;
    result.reason_code =
        margin >= m.ambiguity_margin ? "LOW_CONFIDENCE" : "AMBIGUOUS";
    result.best = best;
  } else {
    result.decision = MatchDecision::kNoMatch;
    result.reason_code = "NO_MATCH";
  }
  return result;
}

Result<Model> Train(const MatchIndex& index,
                    const std::vector<domain::PersonQuery>& queries,
                    const Model& start) {
  return Train(index, queries, start, TrainOptions{});
}

Result<Model> Train(const MatchIndex& index,
                    const std::vector<domain::PersonQuery>& queries,
                    const Model& start, const TrainOptions& options,
                    TrainReport* report) {
  TrainReport local;
  TrainReport& rep = report ? *report : local;
  rep = TrainReport{};
  if (index.size() == 0) {
    return Status::InvalidArgument("linkage: cannot train on an empty store");
  }
  UEstimate ue = EstimateU(
      index.persons(), index.strings(),
      [&](size_t i) { return index.record_id(i); }, index.taxpayers(),
      options.max_u_pairs, options.seed, options.pool);
  rep.u_pairs = ue.pairs;
  Model out = start;
  for (int f = 0; f < kNumFields; ++f) {
    for (int l = 0; l < NumLevels(f); ++l) {
      out.params[f][l].u_probability = ue.u[f][l];
    }
  }
  // The comparison vectors of each request's candidate pairs, requests in
  // order until max_em_pairs pairs are taken. Requests are prepared and
  // compared on all cores a chunk at a time and taken in order, so the
  // result is the same on any number of threads.
  std::unordered_map<uint64_t, double> counts;
  size_t pairs = 0, used = 0;
  constexpr size_t kChunk = 1024;
  std::vector<std::vector<uint64_t>> gammas(kChunk);
  std::vector<std::vector<uint32_t>> records(kChunk);
  // Every pair taken, by request: (gamma, record), for the report.
  std::vector<std::pair<uint64_t, uint32_t>> taken;
  std::vector<size_t> request_begin;
  for (size_t chunk = 0; chunk < queries.size() && pairs < options.max_em_pairs;
       chunk += kChunk) {
    const size_t chunk_n = std::min(kChunk, queries.size() - chunk);
    ForSlices(options.pool, chunk_n, 32, [&](size_t, size_t begin, size_t end) {
      std::vector<uint32_t> cand;
      for (size_t k = begin; k < end; ++k) {
        PreparedQuery p = index.Prepare(queries[chunk + k]);
        index.Candidates(p, &cand);
        gammas[k].clear();
        records[k].clear();
        for (uint32_t c : cand) {
          gammas[k].push_back(Pack(index.CompareTo(p, c)));
          records[k].push_back(c);
        }
      }
    });
    for (size_t k = 0; k < chunk_n && pairs < options.max_em_pairs; ++k) {
      ++used;
      request_begin.push_back(taken.size());
      for (size_t j = 0; j < gammas[k].size(); ++j) {
        counts[gammas[k][j]] += 1;
        taken.emplace_back(gammas[k][j], records[k][j]);
      }
      pairs += gammas[k].size();
    }
  }
  if (pairs == 0 || used == 0) return out;
  std::vector<std::pair<uint64_t, double>> sorted(counts.begin(), counts.end());
  std::sort(sorted.begin(), sorted.end());
  std::vector<PatternCount> patterns;
  patterns.reserve(sorted.size());
  for (const auto& [k, c] : sorted) patterns.push_back({Unpack(k), c});
  EmParams em_start;
  for (int f = 0; f < kNumFields; ++f) {
    for (int l = 0; l < NumLevels(f); ++l) {
      em_start.m[f][l] = start.params[f][l].m_probability;
      em_start.u[f][l] = ue.u[f][l];
    }
  }
  em_start.lambda = std::clamp(static_cast<double>(used) / pairs, 1e-4, 0.5);
  EmOptions eo;
  eo.fix_u = options.fix_u_in_em;
  eo.progress = options.progress;
  EmResult em = RunEm(patterns, em_start, eo);
  for (int f = 0; f < kNumFields; ++f) {
    for (int l = 0; l < NumLevels(f); ++l) {
      out.params[f][l].m_probability = em.params.m[f][l];
    }
  }
  double expected_matches = em.params.lambda * pairs;
  out.lambda =
      std::clamp(expected_matches / (static_cast<double>(used) * index.size()),
                 1e-12, 0.5);
  out.version = "taxgate-linkage-1/em";
  rep.em_requests = used;
  rep.em_pairs = pairs;
  rep.em_patterns = patterns.size();
  rep.em_iterations = em.iterations;
  rep.em_converged = em.converged;
  // The model's view of the batch: each request's best candidate and its
  // posterior.
  const ScoreTable table = ScoreTable::Of(out);
  request_begin.push_back(taken.size());
  for (size_t r = 0; r + 1 < request_begin.size(); ++r) {
    if (request_begin[r] == request_begin[r + 1]) continue;
    double best = -1e300;
    for (size_t j = request_begin[r]; j < request_begin[r + 1]; ++j) {
      best = std::max(
          best, index.WeightOf(Unpack(taken[j].first), taken[j].second, table));
    }
    double p = WeightToProbability(best);
    if (p >= out.match_threshold) {
      ++rep.predicted_matches;
      rep.estimated_precision += p;
      rep.expected_false_matches += 1 - p;
    } else if (p >= out.possible_threshold) {
      ++rep.predicted_possible;
    }
  }
  if (rep.predicted_matches > 0) {
    rep.estimated_precision /= static_cast<double>(rep.predicted_matches);
  }
  return out;
}

}  // namespace taxgate::linkage
