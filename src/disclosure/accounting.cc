#include "disclosure/accounting.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>

#include "common/csv_writer.h"
#include "common/strings.h"
#include "policy/statute_table.h"
#include "text/text.h"

namespace taxgate::disclosure {
namespace {

using Json = nlohmann::json;

std::string Str(const Json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : "";
}

std::string KeyOf(const Json& j) {
  auto pos = j.find("position");
  return Str(j, "batch") + '\x1f' +
         (pos != j.end() && pos->is_number_integer()
              ? std::to_string(pos->get<int64_t>())
              : "");
}

}  // namespace

std::string StatuteForCounts(std::string_view cited) {
  // The citations only (no table is needed to find them; INA sections are
  // not mapped here).
  static const policy::StatuteTable kNoTable;
  std::vector<std::string> parts;
  for (const auto& c : kNoTable.ParseCitations(cited)) {
    if (c.code != policy::CodeKind::kUsc && c.code != policy::CodeKind::kCfr) {
      continue;
    }
    policy::Citation bare = c;
    bare.subsections.clear();
    std::string name = bare.ToString();
    if (std::find(parts.begin(), parts.end(), name) == parts.end()) {
      parts.push_back(std::move(name));
    }
  }
  return parts.empty() ? std::string(Trim(cited)) : Join(parts, "; ");
}

Status Accounting::Add(int64_t leaf_index, std::string_view entry) {
  Json j = Json::parse(entry, nullptr, /*allow_exceptions=*/false);
  if (!j.is_object()) {
    return Status::DataLoss("audit entry " + std::to_string(leaf_index) +
                            " is not a JSON object");
  }
  const std::string type = Str(j, "type");
  const std::string time = Str(j, "time");
  if (type == "request") {
    RequestInfo r;
    const Json& actor = j.value("actor", Json::object());
    // Agency codes compare case-insensitively in reports too.
    r.agency = text::AgencyCode(Str(actor, "agency"));
    r.official_id = Str(actor, "official_id");
    r.signed_by = Str(actor, "signed_by");
    r.statute = Str(j, "statute");
    r.purpose = Str(j, "purpose");
    r.request_id = Str(j, "request_id");
    r.case_number = Str(j, "case_number");
    r.date = time.substr(0, 10);
    requests_[KeyOf(j)] = std::move(r);
  } else if (type == "disclosure") {
    Disclosed d;
    d.key = KeyOf(j);
    d.row.time = time;
    d.row.date = time.substr(0, 10);
    d.row.batch = Str(j, "batch");
    d.row.profile = Str(j, "profile");
    d.row.disclosure_leaf = leaf_index;
    d.taxpayer_digest = Str(j, "taxpayer_digest");
    for (const auto& f : j.value("fields", Json::array())) {
      d.row.fields.push_back(
          {Str(f, "field"), Str(f, "source"), f.value("tax_year", 0)});
    }
    auto r = requests_.find(d.key);
    if (r != requests_.end()) {
      d.row.agency = r->second.agency;
      d.row.official_id = r->second.official_id;
      d.row.signed_by = r->second.signed_by;
      d.row.statute = r->second.statute;
      d.row.purpose = r->second.purpose;
      d.row.request_id = r->second.request_id;
      d.row.case_number = r->second.case_number;
    } else {
      d.row.request_id = Str(j, "request_id");
    }
    disclosures_.push_back(std::move(d));
  } else if (type == "decision") {
    decisions_[KeyOf(j)] = Str(j, "decision");
  }
  return Status::Ok();
}

std::vector<AccountingRow> Accounting::Disclosures(std::string_view from,
                                                   std::string_view to) const {
  std::vector<AccountingRow> out;
  for (const auto& d : disclosures_) {
    if (d.row.date >= from && d.row.date <= to) out.push_back(d.row);
  }
  return out;
}

JctReport Accounting::Jct(int year) const {
  JctReport r;
  r.year = year;
  const std::string y = std::to_string(year);
  auto in_year = [&](const std::string& date) {
    return date.substr(0, 4) == y;
  };
  for (const auto& [key, q] : requests_) {
    if (!in_year(q.date)) continue;
    std::string statute = StatuteForCounts(q.statute);
    ++r.total.requests;
    ++r.by_agency[q.agency].requests;
    ++r.by_agency_statute[q.agency][statute].requests;
    ++r.purposes[q.purpose.empty() ? "(none declared)" : q.purpose];
  }
  std::set<std::string> all;
  std::map<std::string, std::set<std::string>> by_agency;
  std::map<std::string, std::map<std::string, std::set<std::string>>> by_both;
  for (const auto& d : disclosures_) {
    if (!in_year(d.row.date)) continue;
    std::string statute = StatuteForCounts(d.row.statute);
    ++r.total.disclosures;
    ++r.by_agency[d.row.agency].disclosures;
    ++r.by_agency_statute[d.row.agency][statute].disclosures;
    all.insert(d.taxpayer_digest);
    by_agency[d.row.agency].insert(d.taxpayer_digest);
    by_both[d.row.agency][statute].insert(d.taxpayer_digest);
  }
  r.total.taxpayers = static_cast<int64_t>(all.size());
  for (const auto& [a, s] : by_agency) {
    r.by_agency[a].taxpayers = static_cast<int64_t>(s.size());
  }
  for (const auto& [a, m] : by_both) {
    for (const auto& [st, s] : m) {
      r.by_agency_statute[a][st].taxpayers = static_cast<int64_t>(s.size());
    }
  }
  for (const auto& [key, what] : decisions_) {
    auto q = requests_.find(key);
    if (q != requests_.end() && in_year(q->second.date)) ++r.decisions[what];
  }
  return r;
}

std::string AccountingCsv(const std::vector<AccountingRow>& rows) {
  CsvWriter w;
  w.WriteRow({"date", "agency", "official_id", "signed_by", "statute",
              "purpose", "fields", "request_id", "case_number",
              "disclosure_leaf"});
  for (const auto& r : rows) {
    std::vector<std::string> fields;
    for (const auto& f : r.fields) {
      fields.push_back(f.field + ":" + f.source + ":" +
                       std::to_string(f.tax_year));
    }
    w.WriteRow({r.date, r.agency, r.official_id, r.signed_by, r.statute,
                r.purpose, Join(fields, ";"), r.request_id, r.case_number,
                std::to_string(r.disclosure_leaf)});
  }
  return w.buffer();
}

}  // namespace taxgate::disclosure
