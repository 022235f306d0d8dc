#include "linkage/eval_io.h"

#include "common/csv_reader.h"
#include "common/strings.h"

namespace taxgate::linkage {

Result<std::vector<domain::Record>> ReadRecords(const std::string& path) {
  TG_ASSIGN_OR_RETURN(auto reader, CsvReader::Open(path));
  TG_ASSIGN_OR_RETURN(
      auto cols, ColumnMap::Build(path, reader->header(), {"record_id"},
                                  {"tin", "first_name", "middle_name",
                                   "last_name", "dob", "street", "unit", "city",
                                   "state", "zip", "tax_year", "source"}));
  std::vector<domain::Record> out;
  CsvRow row;
  while (true) {
    TG_ASSIGN_OR_RETURN(bool more, reader->Next(&row));
    if (!more) break;
    domain::Record r;
    r.record_id = cols.Get(row, "record_id");
    r.tin = cols.Get(row, "tin");
    r.first_name = cols.Get(row, "first_name");
    r.middle_name = cols.Get(row, "middle_name");
    r.last_name = cols.Get(row, "last_name");
    r.dob = cols.Get(row, "dob");
    r.street = cols.Get(row, "street");
    r.unit = cols.Get(row, "unit");
    r.city = cols.Get(row, "city");
    r.state = cols.Get(row, "state");
    r.zip = cols.Get(row, "zip");
    r.tax_year =
        static_cast<int>(ParseInt(cols.Get(row, "tax_year")).value_or(0));
    r.source = domain::ParseSource(cols.Get(row, "source"))
                   .value_or(domain::Source::kReturn);
    out.push_back(std::move(r));
  }
  return out;
}

Result<Requests> ReadRequests(const std::string& path) {
  TG_ASSIGN_OR_RETURN(auto reader, CsvReader::Open(path));
  TG_ASSIGN_OR_RETURN(
      auto cols,
      ColumnMap::Build(path, reader->header(), {"request_id"},
                       {"first_name", "middle_name", "last_name", "dob",
                        "street", "unit", "city", "state", "zip", "tin"}));
  Requests out;
  CsvRow row;
  while (true) {
    TG_ASSIGN_OR_RETURN(bool more, reader->Next(&row));
    if (!more) break;
    domain::PersonQuery q;
    q.first_name = cols.Get(row, "first_name");
    q.middle_name = cols.Get(row, "middle_name");
    q.last_name = cols.Get(row, "last_name");
    q.dob = cols.Get(row, "dob");
    q.street = cols.Get(row, "street");
    q.unit = cols.Get(row, "unit");
    q.city = cols.Get(row, "city");
    q.state = cols.Get(row, "state");
    q.zip = cols.Get(row, "zip");
    q.tin = cols.Get(row, "tin");
    out.ids.emplace_back(cols.Get(row, "request_id"));
    out.queries.push_back(std::move(q));
  }
  return out;
}

}  // namespace taxgate::linkage
