#include "policy/test_inputs.h"

#include "common/csv_reader.h"

namespace taxgate::policy::testing {

Result<std::vector<domain::Request>> ReadRequestsCsv(const std::string& path) {
  TG_ASSIGN_OR_RETURN(auto reader, CsvReader::Open(path));
  const std::vector<std::string> optional = {
      "signed_by",   "official_id", "case_number", "statute",
      "tax_periods", "reason",      "purpose",     "fields_requested",
      "first_name",  "middle_name", "last_name",   "dob",
      "street",      "unit",        "city",        "state",
      "zip",         "tin"};
  TG_ASSIGN_OR_RETURN(auto cols, ColumnMap::Build(path, reader->header(),
                                                  {"request_id"}, optional));
  std::vector<domain::Request> out;
  CsvRow row;
  while (true) {
    TG_ASSIGN_OR_RETURN(bool more, reader->Next(&row));
    if (!more) break;
    auto get = [&](const char* name) {
      return std::string(cols.Get(row, name));
    };
    domain::Request r;
    r.request_id = get("request_id");
    r.signed_by = get("signed_by");
    r.official_id = get("official_id");
    r.case_number = get("case_number");
    r.statute = get("statute");
    r.tax_periods = get("tax_periods");
    r.reason = get("reason");
    r.purpose = get("purpose");
    r.fields_requested = get("fields_requested");
    r.person.first_name = get("first_name");
    r.person.middle_name = get("middle_name");
    r.person.last_name = get("last_name");
    r.person.dob = get("dob");
    r.person.street = get("street");
    r.person.unit = get("unit");
    r.person.city = get("city");
    r.person.state = get("state");
    r.person.zip = get("zip");
    r.person.tin = get("tin");
    r.line = row.line;
    r.index = static_cast<int64_t>(out.size());
    out.push_back(std::move(r));
  }
  return out;
}

Result<std::vector<domain::Official>> ReadOfficialsCsv(
    const std::string& path) {
  TG_ASSIGN_OR_RETURN(auto reader, CsvReader::Open(path));
  TG_ASSIGN_OR_RETURN(
      auto cols, ColumnMap::Build(path, reader->header(),
                                  {"official_id", "agency", "role"},
                                  {"name", "title", "valid_from", "valid_to",
                                   "public_key", "revoked_on"}));
  std::vector<domain::Official> out;
  CsvRow row;
  while (true) {
    TG_ASSIGN_OR_RETURN(bool more, reader->Next(&row));
    if (!more) break;
    auto get = [&](const char* name) {
      return std::string(cols.Get(row, name));
    };
    domain::Official o;
    o.official_id = get("official_id");
    o.name = get("name");
    o.agency = get("agency");
    o.title = get("title");
    auto role = domain::ParseRole(get("role"));
    if (!role) {
      return Status::InvalidArgument(path + ":" + std::to_string(row.line) +
                                     ": column 'role': unknown role");
    }
    o.role = *role;
    o.valid_from = get("valid_from");
    o.valid_to = get("valid_to");
    o.public_key = get("public_key");
    o.revoked_on = get("revoked_on");
    out.push_back(std::move(o));
  }
  return out;
}

}  // namespace taxgate::policy::testing
