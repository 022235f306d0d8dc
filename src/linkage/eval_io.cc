#include "linkage/eval_io.h"

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

}  // namespace taxgate::linkage
