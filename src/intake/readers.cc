#include "intake/readers.h"

#include <filesystem>
#include <set>
#include <system_error>
#include <unordered_set>

#include "common/csv_reader.h"
#include "common/date.h"
#include "common/strings.h"
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

Result<ReadResult<domain::Record>> ReadRecords(const std::string& path) {
  // About one row per 100 bytes (a records.csv row is 100-150): room made
  // once instead of growing a table of millions of ids and rows.
  std::error_code size_error;
  const uintmax_t bytes = std::filesystem::file_size(path, size_error);
  const size_t expected = size_error ? 0 : static_cast<size_t>(bytes / 100);
  std::unordered_set<std::string> ids;
  ids.reserve(expected);
  int64_t odd_tin = 0, odd_state = 0, odd_zip = 0;
  int64_t first_odd_line = 0;
  // Born after the tax year the row is of: a typo of the source (2999 for
  // 1999), kept as written and reported.
  int64_t born_after = 0, first_born_after_line = 0;
  auto result = ReadRows<domain::Record>(
      path, kRecordRequired, kRecordOptional,
      [&](const CsvReader& r, const ColumnMap& m, const CsvRow& row,
          ReadResult<domain::Record>& out) {
        domain::Record rec;
        rec.record_id = std::string(m.Get(row, "record_id"));
        if (rec.record_id.empty()) {
          out.rejected.push_back(
              {row.line, At(r, row, "record_id") + ": empty; row skipped"});
          return;
        }
        if (!ids.insert(rec.record_id).second) {
          out.rejected.push_back(
              {row.line, At(r, row, "record_id") +
                             ": repeats an earlier row's id; row skipped"});
          return;
        }
        std::string tin(m.Get(row, "tin"));
        std::string digits = DigitsOnly(tin);
        rec.tin = digits.size() == 9 ? digits : tin;
        rec.first_name = m.Get(row, "first_name");
        rec.middle_name = m.Get(row, "middle_name");
        rec.last_name = m.Get(row, "last_name");
        rec.dob = m.Get(row, "dob");
        if (!rec.dob.empty() && !ParseIsoDate(rec.dob)) {
          out.rejected.push_back(
              {row.line, At(r, row, "dob") +
                             ": not a YYYY-MM-DD calendar date; row skipped"});
          return;
        }
        rec.street = m.Get(row, "street");
        rec.unit = m.Get(row, "unit");
        rec.city = m.Get(row, "city");
        rec.state = m.Get(row, "state");
        rec.zip = m.Get(row, "zip");
        auto year = ParseInt(m.Get(row, "tax_year"));
        if (!year || *year < 1900 || *year > 9999) {
          out.rejected.push_back(
              {row.line, At(r, row, "tax_year") +
                             ": want a four-digit year; row skipped"});
          return;
        }
        rec.tax_year = static_cast<int>(*year);
        auto source = domain::ParseSource(m.Get(row, "source"));
        if (!source) {
          out.rejected.push_back(
              {row.line, At(r, row, "source") +
                             ": want return, info_return or irs; row skipped"});
          return;
        }
        rec.source = *source;
        if (auto dob = ParseIsoDate(rec.dob); dob && dob->year > rec.tax_year) {
          if (born_after++ == 0) first_born_after_line = row.line;
        }
        bool odd = false;
        if (!rec.tin.empty() && digits.size() != 9) odd = (++odd_tin, true);
        if (!rec.state.empty() &&
            (rec.state.size() != 2 || AsciiUpper(rec.state) != rec.state)) {
          odd = (++odd_state, true);
        }
        std::string zd = DigitsOnly(rec.zip);
        if (!rec.zip.empty() && zd.size() != 5 && zd.size() != 9) {
          odd = (++odd_zip, true);
        }
        if (odd && first_odd_line == 0) first_odd_line = row.line;
        out.rows.push_back(std::move(rec));
      },
      nullptr, expected);
  if (result.ok() && (odd_tin || odd_state || odd_zip)) {
    result->warnings.push_back(
        path + ": loaded rows outside the US shape (first at line " +
        std::to_string(first_odd_line) + "): " + std::to_string(odd_tin) +
        " with a TIN that is not 9 digits, " + std::to_string(odd_state) +
        " with a state that is not a USPS code, " + std::to_string(odd_zip) +
        " with a postcode that is not a ZIP");
  }
  if (result.ok() && born_after > 0) {
    result->warnings.push_back(
        path + ": " + std::to_string(born_after) +
        " rows give a date of birth after their tax year (first at line " +
        std::to_string(first_born_after_line) +
        "): loaded as written; check the source");
  }
  return result;
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
