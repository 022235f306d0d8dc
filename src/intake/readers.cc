#include "intake/readers.h"

#include <filesystem>
#include <set>
#include <system_error>
#include <unordered_set>

#include "common/csv_reader.h"
#include "common/csv_writer.h"
#include "common/date.h"
#include "common/strings.h"
#include "common/thread_pool.h"
#include "domain/request_signature.h"
#include "text/text.h"

namespace taxgate::intake {
namespace {

const std::vector<std::string> kRecordRequired = {"record_id"};
const std::vector<std::string> kRecordOptional = {
    "tin",  "first_name", "middle_name", "last_name", "dob",      "street",
    "unit", "city",       "state",       "zip",       "tax_year", "source"};
const std::vector<std::string> kRequestRequired = {"request_id"};
const std::vector<std::string> kRequestOptional = {
    "signed_by",   "official_id", "case_number", "statute",
    "tax_periods", "reason",      "purpose",     "fields_requested",
    "first_name",  "middle_name", "last_name",   "dob",
    "street",      "unit",        "city",        "state",
    "zip",         "tin",         "signature"};
const std::vector<std::string> kOfficialRequired = {"official_id", "name",
                                                    "agency", "role"};
const std::vector<std::string> kOfficialOptional = {"title", "valid_from",
                                                    "valid_to", "public_key"};

std::vector<std::string> Concat(const std::vector<std::string>& a,
                                const std::vector<std::string>& b) {
  std::vector<std::string> out = a;
  out.insert(out.end(), b.begin(), b.end());
  return out;
}

std::string At(const CsvReader& r, const CsvRow& row, const std::string& col) {
  return r.name() + ":" + std::to_string(row.line) + ": column '" + col + "'";
}

// Iterates the data rows of `path`, calling `fn(reader, map, row, out)` on
// each row whose shape fits the header; rows that do not fit are rejected.
template <typename T, typename Fn>
Result<ReadResult<T>> ReadRows(const std::string& path,
                               const std::vector<std::string>& required,
                               const std::vector<std::string>& optional, Fn fn,
                               const std::string* text = nullptr,
                               size_t expected_rows = 0) {
  TG_ASSIGN_OR_RETURN(auto reader, text ? CsvReader::FromString(path, *text)
                                        : CsvReader::Open(path));
  TG_ASSIGN_OR_RETURN(ColumnMap map, ColumnMap::Build(path, reader->header(),
                                                      required, optional));
  ReadResult<T> out;
  out.rows.reserve(expected_rows);
  if (!map.unknown_columns().empty()) {
    out.warnings.push_back(map.UnknownColumnsWarning());
  }
  CsvRow row;
  while (true) {
    TG_ASSIGN_OR_RETURN(bool more, reader->Next(&row));
    if (!more) break;
    std::string shape = reader->RowShapeError(row);
    if (!shape.empty()) {
      out.rejected.push_back({row.line, shape + "; row skipped"});
      continue;
    }
    fn(*reader, map, row, out);
  }
  return out;
}

}  // namespace

const std::vector<std::string>& RecordColumns() {
  static const auto* v =
      new std::vector<std::string>(Concat(kRecordRequired, kRecordOptional));
  return *v;
}
const std::vector<std::string>& RequestColumns() {
  static const auto* v =
      new std::vector<std::string>(Concat(kRequestRequired, kRequestOptional));
  return *v;
}
const std::vector<std::string>& OfficialColumns() {
  static const auto* v = new std::vector<std::string>(
      Concat(kOfficialRequired, kOfficialOptional));
  return *v;
}

namespace {

// One row of records.csv converted on its own (any thread): the record, or
// why the row is refused. Whether its id repeats an earlier row's is
// decided afterwards, in file order (IdSet).
struct ConvertedRecord {
  size_t id_hash = 0;   // of the record's id
  std::string refused;  // the rejection, "" when the row is kept
  bool odd_tin = false, odd_state = false, odd_zip = false;
  bool born_after = false;  // born after the row's tax year
};

void ConvertRecord(const CsvReader& r, const ColumnMap& m, const CsvRow& row,
                   domain::Record* record, ConvertedRecord* c) {
  *c = ConvertedRecord();
  domain::Record& rec = *record;
  rec.record_id = std::string(m.Get(row, "record_id"));
  if (rec.record_id.empty()) {
    c->refused = At(r, row, "record_id") + ": empty; row skipped";
    return;
  }
  c->id_hash = std::hash<std::string_view>()(rec.record_id);
  std::string tin(m.Get(row, "tin"));
  std::string digits = DigitsOnly(tin);
  rec.tin = digits.size() == 9 ? digits : tin;
  rec.first_name = m.Get(row, "first_name");
  rec.middle_name = m.Get(row, "middle_name");
  rec.last_name = m.Get(row, "last_name");
  rec.dob = m.Get(row, "dob");
  if (!rec.dob.empty() && !ParseIsoDate(rec.dob)) {
    c->refused =
        At(r, row, "dob") + ": not a YYYY-MM-DD calendar date; row skipped";
    return;
  }
  rec.street = m.Get(row, "street");
  rec.unit = m.Get(row, "unit");
  rec.city = m.Get(row, "city");
  rec.state = m.Get(row, "state");
  rec.zip = m.Get(row, "zip");
  auto year = ParseInt(m.Get(row, "tax_year"));
  if (!year || *year < 1900 || *year > 9999) {
    c->refused =
        At(r, row, "tax_year") + ": want a four-digit year; row skipped";
    return;
  }
  rec.tax_year = static_cast<int>(*year);
  auto source = domain::ParseSource(m.Get(row, "source"));
  if (!source) {
    c->refused =
        At(r, row, "source") + ": want return, info_return or irs; row skipped";
    return;
  }
  rec.source = *source;
  if (auto dob = ParseIsoDate(rec.dob); dob && dob->year > rec.tax_year) {
    c->born_after = true;
  }
  c->odd_tin = !rec.tin.empty() && digits.size() != 9;
  c->odd_state = !rec.state.empty() &&
                 (rec.state.size() != 2 || AsciiUpper(rec.state) != rec.state);
  std::string zd = DigitsOnly(rec.zip);
  c->odd_zip = !rec.zip.empty() && zd.size() != 5 && zd.size() != 9;
}

// The record ids seen so far, by their hashes (made on the pool): an open
// addressing table of (hash, where the id is), the strings compared only
// when two hashes are equal. Ids of rows refused after their id was taken
// are kept aside (a later row with the same id still repeats it).
class IdSet {
 public:
  explicit IdSet(size_t expected) { Resize(expected * 2 + 16); }
  // True when `id` was not seen before; `ref` says where it lives (see
  // `id_at`, the caller's lookup of a ref).
  template <typename IdAt>
  bool Insert(size_t hash, std::string_view id, uint32_t ref,
              const IdAt& id_at) {
    if ((size_ + 1) * 2 > slots_.size()) Grow();
    const uint64_t h = Key(hash);
    for (size_t i = h & mask_;; i = (i + 1) & mask_) {
      Slot& s = slots_[i];
      if (s.hash == 0) {
        s = {h, ref};
        ++size_;
        return true;
      }
      if (s.hash == h && id_at(s.ref) == id) return false;
    }
  }

 private:
  struct Slot {
    uint64_t hash = 0;  // 0: empty
    uint32_t ref = 0;
  };
  static uint64_t Key(size_t hash) { return hash == 0 ? 1 : hash; }
  void Resize(size_t want) {
    size_t n = 16;
    while (n < want) n *= 2;
    slots_.assign(n, Slot());
    mask_ = n - 1;
  }
  void Grow() {
    std::vector<Slot> old;
    old.swap(slots_);
    Resize(old.size() * 2);
    for (const Slot& s : old) {
      if (s.hash == 0) continue;
      size_t i = s.hash & mask_;
      while (slots_[i].hash != 0) i = (i + 1) & mask_;
      slots_[i] = s;
    }
  }
  std::vector<Slot> slots_;
  size_t mask_ = 0;
  size_t size_ = 0;
};

}  // namespace

Result<ReadResult<domain::Record>> ReadRecords(const std::string& path,
                                               ThreadPool* pool,
                                               const ProgressFn& progress) {
  // About one row per 100 bytes (a records.csv row is 100-150): room made
  // once instead of growing a table of millions of ids and rows.
  std::error_code size_error;
  const uintmax_t bytes = std::filesystem::file_size(path, size_error);
  const size_t expected = size_error ? 0 : static_cast<size_t>(bytes / 100);
  TG_ASSIGN_OR_RETURN(auto reader, CsvReader::Open(path));
  TG_ASSIGN_OR_RETURN(ColumnMap map,
                      ColumnMap::Build(path, reader->header(), kRecordRequired,
                                       kRecordOptional));
  ReadResult<domain::Record> out;
  out.rows.reserve(expected);
  if (!map.unknown_columns().empty()) {
    out.warnings.push_back(map.UnknownColumnsWarning());
  }
  // Ids of rows refused after their id was taken: refs from kAside on.
  constexpr uint32_t kAside = uint32_t{1} << 31;
  std::vector<std::string> aside;
  IdSet ids(expected);
  auto id_at = [&](uint32_t ref) -> std::string_view {
    return ref >= kAside ? std::string_view(aside[ref - kAside])
                         : std::string_view(out.rows[ref].record_id);
  };
  int64_t odd_tin = 0, odd_state = 0, odd_zip = 0;
  int64_t first_odd_line = 0;
  // Born after the tax year the row is of: a typo of the source (2999 for
  // 1999), kept as written and reported.
  int64_t born_after = 0, first_born_after_line = 0;

  // A block of rows at a time: parsed on this thread (the CSV's quoting
  // decides where a row ends), converted on the pool into their places at
  // the end of out.rows, then taken in file order (the ids, the
  // rejections, the counts); a row refused leaves a place the next kept
  // rows move down into.
  constexpr size_t kBlock = 8192;
  std::vector<CsvRow> block(kBlock);
  std::vector<std::string> shape(kBlock);
  std::vector<ConvertedRecord> converted(kBlock);
  for (bool more = true; more;) {
    size_t n = 0;
    while (n < kBlock) {
      TG_ASSIGN_OR_RETURN(more, reader->Next(&block[n]));
      if (!more) break;
      shape[n] = reader->RowShapeError(block[n]);
      ++n;
    }
    const size_t base = out.rows.size();
    out.rows.resize(base + n);
    if (progress) {
      progress("reading records", static_cast<int64_t>(base + n), -1);
    }
    ForEach(
        n < 64 ? nullptr : pool, n,
        [&](size_t i) {
          if (shape[i].empty()) {
            ConvertRecord(*reader, map, block[i], &out.rows[base + i],
                          &converted[i]);
          }
        },
        256);
    size_t kept_rows = base;  // out.rows[base, kept_rows): kept so far
    for (size_t i = 0; i < n; ++i) {
      const int64_t line = block[i].line;
      if (!shape[i].empty()) {
        out.rejected.push_back({line, shape[i] + "; row skipped"});
        continue;
      }
      ConvertedRecord& c = converted[i];
      domain::Record& rec = out.rows[base + i];
      const std::string& id = rec.record_id;
      if (!id.empty()) {
        const bool kept = c.refused.empty();
        const uint32_t ref = kept
                                 ? static_cast<uint32_t>(kept_rows)
                                 : kAside + static_cast<uint32_t>(aside.size());
        if (!ids.Insert(c.id_hash, id, ref, id_at)) {
          out.rejected.push_back(
              {line, At(*reader, block[i], "record_id") +
                         ": repeats an earlier row's id; row skipped"});
          continue;
        }
        if (!kept) aside.push_back(id);
      }
      if (!c.refused.empty()) {
        out.rejected.push_back({line, std::move(c.refused)});
        continue;
      }
      if (c.born_after && born_after++ == 0) first_born_after_line = line;
      odd_tin += c.odd_tin;
      odd_state += c.odd_state;
      odd_zip += c.odd_zip;
      if ((c.odd_tin || c.odd_state || c.odd_zip) && first_odd_line == 0) {
        first_odd_line = line;
      }
      if (kept_rows != base + i) out.rows[kept_rows] = std::move(rec);
      ++kept_rows;
    }
    out.rows.resize(kept_rows);
  }
  if (odd_tin || odd_state || odd_zip) {
    out.warnings.push_back(
        path + ": loaded rows outside the US shape (first at line " +
        std::to_string(first_odd_line) + "): " + std::to_string(odd_tin) +
        " with a TIN that is not 9 digits, " + std::to_string(odd_state) +
        " with a state that is not a USPS code, " + std::to_string(odd_zip) +
        " with a postcode that is not a ZIP");
  }
  if (born_after > 0) {
    out.warnings.push_back(
        path + ": " + std::to_string(born_after) +
        " rows give a date of birth after their tax year (first at line " +
        std::to_string(first_born_after_line) +
        "): loaded as written; check the source");
  }
  return out;
}

domain::Request RequestFromRow(const ColumnMap& m, const CsvRow& row) {
  // Every field exactly as written: it is what the signer signed
  // (domain/request_signature.h); the rules read it through the text layer.
  auto raw = [&](std::string_view col) {
    return std::string(m.GetRaw(row, col));
  };
  domain::Request q;
  q.request_id = raw("request_id");
  q.signed_by = raw("signed_by");
  q.official_id = raw("official_id");
  q.case_number = raw("case_number");
  q.statute = raw("statute");
  q.tax_periods = raw("tax_periods");
  q.reason = raw("reason");
  q.purpose = raw("purpose");
  q.fields_requested = raw("fields_requested");
  auto& p = q.person;
  p.first_name = raw("first_name");
  p.middle_name = raw("middle_name");
  p.last_name = raw("last_name");
  p.dob = raw("dob");
  p.street = raw("street");
  p.unit = raw("unit");
  p.city = raw("city");
  p.state = raw("state");
  p.zip = raw("zip");
  p.tin = raw("tin");
  q.signature = raw("signature");
  q.line = row.line;
  return q;
}

namespace {
Result<ReadResult<domain::Request>> ReadRequestsText(const std::string& path,
                                                     const std::string* text);
}  // namespace

Result<ReadResult<domain::Request>> ReadRequests(const std::string& path) {
  return ReadRequestsText(path, nullptr);
}

std::string RequestCsv(const domain::Request& r) {
  std::vector<std::string> header, row;
  for (auto& [name, value] : domain::SignedRequestMembers(r)) {
    header.push_back(name);
    row.push_back(value);
  }
  header.push_back("signature");
  row.push_back(r.signature);
  CsvWriter w;
  w.WriteRow(header);
  w.WriteRow(row);
  return w.buffer();
}

Result<ReadResult<domain::Request>> ReadRequestsFromString(
    const std::string& name, const std::string& text) {
  return ReadRequestsText(name, &text);
}

namespace {
Result<ReadResult<domain::Request>> ReadRequestsText(const std::string& path,
                                                     const std::string* text) {
  int64_t index = 0;
  return ReadRows<domain::Request>(
      path, kRequestRequired, kRequestOptional,
      [&](const CsvReader& r, const ColumnMap& m, const CsvRow& row,
          ReadResult<domain::Request>& out) {
        domain::Request q = RequestFromRow(m, row);
        if (Trim(q.request_id).empty()) {
          out.rejected.push_back(
              {row.line, At(r, row, "request_id") + ": empty; row skipped"});
          return;
        }
        q.line = row.line;
        q.index = index++;
        out.rows.push_back(std::move(q));
      },
      text);
}
}  // namespace

Result<ReadResult<domain::Official>> ReadOfficials(const std::string& path) {
  std::unordered_set<std::string> ids;
  return ReadRows<domain::Official>(
      path, kOfficialRequired, kOfficialOptional,
      [&](const CsvReader& r, const ColumnMap& m, const CsvRow& row,
          ReadResult<domain::Official>& out) {
        domain::Official o;
        o.official_id = std::string(m.Get(row, "official_id"));
        if (o.official_id.empty()) {
          out.rejected.push_back(
              {row.line, At(r, row, "official_id") + ": empty; row skipped"});
          return;
        }
        if (!ids.insert(o.official_id).second) {
          out.rejected.push_back(
              {row.line, At(r, row, "official_id") +
                             ": repeats an earlier row's id; row skipped"});
          return;
        }
        o.agency = m.Get(row, "agency");
        if (o.agency.empty()) {
          out.rejected.push_back(
              {row.line, At(r, row, "agency") + ": empty; row skipped"});
          return;
        }
        auto role = domain::ParseRole(m.Get(row, "role"));
        if (!role) {
          out.rejected.push_back(
              {row.line, At(r, row, "role") +
                             ": want head_of_agency, inspector_general, "
                             "delegate or investigator; row skipped"});
          return;
        }
        o.role = *role;
        o.name = m.Get(row, "name");
        // The engagement ceiling counts one person's matters across all the
        // ids registered under that name: an id with no name would be a
        // person of its own, a way around it.
        if (!text::HasLetter(text::Clean(o.name))) {
          out.rejected.push_back(
              {row.line, At(r, row, "name") +
                             ": empty or no letter (an official is a named "
                             "person); row skipped"});
          return;
        }
        o.title = m.Get(row, "title");
        for (auto [col, dst] : {std::pair{"valid_from", &o.valid_from},
                                std::pair{"valid_to", &o.valid_to}}) {
          *dst = m.Get(row, col);
          if (!dst->empty() && !ParseIsoDate(*dst)) {
            out.rejected.push_back(
                {row.line,
                 At(r, row, col) + ": want a YYYY-MM-DD date; row skipped"});
            return;
          }
        }
        if (!o.valid_to.empty() && !o.valid_from.empty() &&
            *ParseIsoDate(o.valid_to) < *ParseIsoDate(o.valid_from)) {
          out.warnings.push_back(
              At(r, row, "valid_to") + ": " + o.valid_to +
              " is before valid_from " + o.valid_from +
              ": the official is never in force (every request they sign or "
              "make is refused)");
        }
        o.public_key = m.Get(row, "public_key");
        out.rows.push_back(std::move(o));
      });
}

}  // namespace taxgate::intake
