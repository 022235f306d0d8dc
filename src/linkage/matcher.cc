#include "linkage/matcher.h"

#include <algorithm>
#include <cstring>
#include <numeric>
#include <unordered_map>
#include <utility>

#include "linkage/em_trainer.h"
#include "linkage/u_estimator.h"
#include "normalize/dob.h"
#include "normalize/tables_loader.h"
#include "normalize/tin.h"

namespace taxgate::linkage {
namespace {

constexpr int kFirst = static_cast<int>(Field::kFirstName);
constexpr int kSurname = static_cast<int>(Field::kSurname);
constexpr int kDobField = static_cast<int>(Field::kDob);

// Two rows with one TIN belong to one taxpayer when their dates of birth do
// not contradict each other and their names agree well enough.
bool SameTaxpayer(const Person& a, const Person& b) {
  ComparisonVector v = Compare(a, b);
  uint8_t dob = v.level[kDobField];
  bool dob_ok = dob == kMissing || dob <= 2;  // exact, swap, one digit
  uint8_t sur = v.level[kSurname];
  uint8_t first = v.level[kFirst];
  bool name_ok =
      (sur != kMissing && sur <= 3) || (first != kMissing && first <= 2);
  return dob_ok && name_ok;
}

// Rows with different or missing TINs are still one taxpayer when
// everything else says so: the same date of birth, the same (or nickname)
// first name and surname, and TINs one typo apart, or, when a TIN is
// missing, the same street address. This keeps a mistyped TIN on a W-2 or
// an information return without TIN from splitting a person in two (which
// would make every match on them look ambiguous).
bool SameTaxpayerWithoutTin(const Person& a, const Person& b) {
  ComparisonVector v = Compare(a, b);
  auto level = [&](Field f) { return v.level[static_cast<int>(f)]; };
  if (level(Field::kDob) != 0) return false;  // exact, both present
  if (level(Field::kFirstName) > 1 || level(Field::kSurname) > 1) return false;
  if (level(Field::kMiddleName) == 2) return false;  // different middle names
  uint8_t tin = level(Field::kTin);
  if (tin != kMissing) return tin <= 2;  // exact, transposition, one digit
  return level(Field::kAddress) == 0;
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

MatchIndex MatchIndex::Build(std::vector<domain::Record> records) {
  return Build(std::move(records), normalize::LoadDefaultTables());
}

MatchIndex MatchIndex::Build(std::vector<domain::Record> records,
                             std::shared_ptr<const normalize::Tables> tables,
                             const MatchIndexOptions& options) {
  MatchIndex idx;
  idx.tables_ = std::move(tables);
  idx.options_ = options;
  idx.records_ = std::move(records);
  const size_t n = idx.records_.size();
  idx.persons_.reserve(n);
  for (const auto& r : idx.records_) {
    idx.persons_.push_back(NormalizeRecord(r, *idx.tables_));
  }
  // Term frequencies.
  {
    std::unordered_map<std::string_view, uint32_t> first, surname;
    for (const Person& p : idx.persons_) {
      if (!p.name.first.empty()) ++first[p.name.first];
      if (!p.name.surname_full.empty()) ++surname[p.name.surname_full];
    }
    idx.first_tf_.resize(n);
    idx.surname_tf_.resize(n);
    const double total = std::max<size_t>(n, 1);
    for (size_t i = 0; i < n; ++i) {
      const Person& p = idx.persons_[i];
      idx.first_tf_[i] =
          p.name.first.empty() ? 0.f : first[p.name.first] / total;
      idx.surname_tf_[i] = p.name.surname_full.empty()
                               ? 0.f
                               : surname[p.name.surname_full] / total;
    }
  }
  // Blocking index.
  {
    struct Entry {
      uint64_t key;
      uint32_t record;
      uint8_t rule;
    };
    std::vector<Entry> entries;
    entries.reserve(n * 8);
    std::vector<BlockingKey> keys;
    for (size_t i = 0; i < n; ++i) {
      keys.clear();
      BlockingKeys(idx.persons_[i], &keys);
      for (const auto& k : keys) {
        entries.push_back({k.key, static_cast<uint32_t>(i), k.rule});
      }
    }
    std::sort(entries.begin(), entries.end(),
              [](const Entry& a, const Entry& b) {
                return a.key != b.key ? a.key < b.key : a.record < b.record;
              });
    entries.erase(std::unique(entries.begin(), entries.end(),
                              [](const Entry& a, const Entry& b) {
                                return a.key == b.key && a.record == b.record;
                              }),
                  entries.end());
    idx.block_postings_.reserve(entries.size());
    for (size_t i = 0; i < entries.size(); ++i) {
      if (i == 0 || entries[i].key != entries[i - 1].key) {
        idx.block_keys_.push_back(entries[i].key);
        idx.block_rules_.push_back(entries[i].rule);
        idx.block_offsets_.push_back(static_cast<uint32_t>(i));
      }
      idx.block_postings_.push_back(entries[i].record);
    }
    idx.block_offsets_.push_back(static_cast<uint32_t>(entries.size()));
  }
  // Taxpayers: union rows that share a TIN and agree on name and dob, then
  // rows a TIN typo apart (or without TIN) that agree on everything else.
  {
    std::vector<uint32_t> parent(n);
    std::iota(parent.begin(), parent.end(), 0u);
    std::unordered_map<std::string_view, std::vector<uint32_t>> by_tin;
    for (size_t i = 0; i < n; ++i) {
      const std::string& tin = idx.persons_[i].tin;
      if (tin.size() >= 7) by_tin[tin].push_back(static_cast<uint32_t>(i));
    }
    for (auto& [tin, rows] : by_tin) {
      if (rows.size() < 2) continue;
      const size_t limit = rows.size() <= 64 ? rows.size() : 1;
      for (size_t a = 0; a < limit; ++a) {
        for (size_t b = a + 1; b < rows.size(); ++b) {
          uint32_t ra = Find(parent, rows[a]), rb = Find(parent, rows[b]);
          if (ra == rb) continue;
          if (SameTaxpayer(idx.persons_[rows[a]], idx.persons_[rows[b]])) {
            parent[std::max(ra, rb)] = std::min(ra, rb);
          }
        }
      }
    }
    // Rows one TIN typo apart, or without TIN: compare within the blocks of
    // the name-phonetic + dob rule.
    for (size_t b = 0; b + 1 < idx.block_offsets_.size(); ++b) {
      if (idx.block_rules_[b] != kNamePhoneticDobRule) continue;
      uint32_t begin = idx.block_offsets_[b], end = idx.block_offsets_[b + 1];
      if (end - begin < 2 || end - begin > 64) continue;
      for (uint32_t x = begin; x < end; ++x) {
        for (uint32_t y = x + 1; y < end; ++y) {
          uint32_t ra = idx.block_postings_[x], rb = idx.block_postings_[y];
          uint32_t pa = Find(parent, ra), pb = Find(parent, rb);
          if (pa == pb) continue;
          const Person& a = idx.persons_[ra];
          const Person& c = idx.persons_[rb];
          if (!a.tin.empty() && a.tin == c.tin) continue;  // judged above
          if (SameTaxpayerWithoutTin(a, c)) {
            parent[std::max(pa, pb)] = std::min(pa, pb);
          }
        }
      }
    }
    idx.taxpayer_.resize(n);
    for (size_t i = 0; i < n; ++i) {
      idx.taxpayer_[i] = Find(parent, static_cast<uint32_t>(i));
    }
    std::vector<uint32_t> order(n);
    std::iota(order.begin(), order.end(), 0u);
    std::stable_sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) {
      return idx.taxpayer_[a] < idx.taxpayer_[b];
    });
    // CSR indexed by taxpayer id (= the smallest row index of the group).
    idx.taxpayer_offsets_.assign(n + 1, 0);
    for (size_t i = 0; i < n; ++i)
      ++idx.taxpayer_offsets_[idx.taxpayer_[i] + 1];
    for (size_t i = 0; i < n; ++i) {
      idx.taxpayer_offsets_[i + 1] += idx.taxpayer_offsets_[i];
    }
    idx.taxpayer_members_ = std::move(order);
  }
  return idx;
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

Person MatchIndex::Normalize(const domain::PersonQuery& q) const {
  return NormalizeQuery(q, *tables_);
}

void MatchIndex::Candidates(const Person& q, std::vector<uint32_t>* out) const {
  out->clear();
  thread_local std::vector<BlockingKey> keys;
  keys.clear();
  BlockingKeys(q, &keys);
  for (const BlockingKey& k : keys) {
    auto it = std::lower_bound(block_keys_.begin(), block_keys_.end(), k.key);
    if (it == block_keys_.end() || *it != k.key) continue;
    size_t b = it - block_keys_.begin();
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

double MatchIndex::FieldWeightOf(int field, uint8_t level, size_t i,
                                 const Model& m, bool* tf_used) const {
  *tf_used = false;
  if (level == kMissing) return 0.0;
  if (m.tf_adjustment && level == 0 && (field == kFirst || field == kSurname)) {
    double tf = field == kFirst ? first_tf_[i] : surname_tf_[i];
    tf = std::max(tf, m.tf_minimum_u);
    *tf_used = true;
    return std::log2(m.params[field][0].m_probability / tf);
  }
  return m.Weight(field, level);
}

double MatchIndex::Score(const Person& q, size_t i, const Model& m,
                         std::vector<FieldWeight>* weights) const {
  ComparisonVector v = Compare(q, persons_[i]);
  double total = m.PriorWeight();
  if (weights) {
    weights->clear();
    weights->push_back({"prior", "lambda", total});
  }
  for (int f = 0; f < kNumFields; ++f) {
    bool tf = false;
    double w = FieldWeightOf(f, v.level[f], i, m, &tf);
    total += w;
    if (weights) {
      std::string level = LevelName(f, v.level[f]);
      if (tf) level += "_tf";
      weights->push_back({FieldName(f), std::move(level), w});
    }
  }
  return total;
}

MatchResult MatchIndex::Match(const domain::PersonQuery& q,
                              const Model& m) const {
  MatchResult result;
  const Person p = Normalize(q);
  thread_local std::vector<uint32_t> cand;
  Candidates(p, &cand);
  result.pairs_compared = cand.size();
  struct Scored {
    uint32_t taxpayer;
    uint32_t record;
    double weight;
  };
  thread_local std::vector<Scored> scored;
  scored.clear();
  for (uint32_t c : cand) {
    scored.push_back({taxpayer_[c], c, Score(p, c, m)});
  }
  // Best row per taxpayer.
  std::sort(scored.begin(), scored.end(), [](const Scored& a, const Scored& b) {
    if (a.taxpayer != b.taxpayer) return a.taxpayer < b.taxpayer;
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
  const size_t keep = std::min(scored.size(), options_.max_candidates_returned);
  std::partial_sort(scored.begin(), scored.begin() + keep, scored.end(),
                    [](const Scored& a, const Scored& b) {
                      if (a.weight != b.weight) return a.weight > b.weight;
                      return a.record < b.record;
                    });
  for (size_t k = 0; k < keep; ++k) {
    Candidate c;
    c.record_index = scored[k].record;
    c.record_id = records_[c.record_index].record_id;
    c.match_weight = Score(p, c.record_index, m, &c.weights);
    c.probability = WeightToProbability(c.match_weight);
    result.candidates.push_back(std::move(c));
  }
  if (result.candidates.empty()) {
    result.decision = MatchDecision::kNoMatch;
    result.reason_code = "NO_MATCH";
    return result;
  }
  const Candidate& best = result.candidates[0];
  double margin = result.candidates.size() > 1
                      ? best.match_weight - result.candidates[1].match_weight
                      : 1e300;
  bool identified = true;
  if (m.no_identifier_extra_weight > 0) {
    ComparisonVector v = Compare(p, persons_[best.record_index]);
    auto level = [&](Field f) { return v.level[static_cast<int>(f)]; };
    bool identifier = level(Field::kDob) <= 2 || level(Field::kTin) <= 2 ||
                      level(Field::kAddress) <= 1;  // kMissing is 255
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
                    const Model& start, const TrainOptions& options) {
  if (index.size() == 0) {
    return Status::InvalidArgument("linkage: cannot train on an empty store");
  }
  std::vector<std::string> ids;
  ids.reserve(index.size());
  for (const auto& r : index.records()) ids.push_back(r.record_id);
  UEstimate ue = EstimateU(index.persons(), ids, index.taxpayers(),
                           options.max_u_pairs, options.seed);
  Model out = start;
  for (int f = 0; f < kNumFields; ++f) {
    for (int l = 0; l < NumLevels(f); ++l) {
      out.params[f][l].u_probability = ue.u[f][l];
    }
  }
  std::unordered_map<uint64_t, double> counts;
  size_t pairs = 0, used = 0;
  std::vector<uint32_t> cand;
  for (const auto& q : queries) {
    if (pairs >= options.max_em_pairs) break;
    Person p = index.Normalize(q);
    index.Candidates(p, &cand);
    ++used;
    for (uint32_t c : cand) {
      counts[Pack(Compare(p, index.person(c)))] += 1;
      ++pairs;
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
  return out;
}

}  // namespace taxgate::linkage
