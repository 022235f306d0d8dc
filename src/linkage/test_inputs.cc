#include "linkage/test_inputs.h"

#include "common/csv_reader.h"
#include "intake/readers.h"

namespace taxgate::linkage {

Result<std::vector<domain::Record>> ReadRecords(const std::string& path) {
  TG_ASSIGN_OR_RETURN(auto read, intake::ReadRecords(path));
  return std::move(read.rows);
}

Result<Requests> ReadRequests(const std::string& path) {
  TG_ASSIGN_OR_RETURN(auto read, intake::ReadRequests(path));
  Requests out;
  for (auto& r : read.rows) {
    out.ids.push_back(std::move(r.request_id));
    out.queries.push_back(std::move(r.person));
  }
  return out;
}

Result<std::unordered_map<std::string, std::string>> ReadPairs(
    const std::string& path) {
  std::unordered_map<std::string, std::string> out;
  TG_ASSIGN_OR_RETURN(auto reader, CsvReader::Open(path));
  CsvRow row;
  while (true) {
    TG_ASSIGN_OR_RETURN(bool more, reader->Next(&row));
    if (!more) break;
    if (row.fields.size() >= 2) out.emplace(row.fields[0], row.fields[1]);
  }
  return out;
}

}  // namespace taxgate::linkage
