#include "cli/linkage_inputs.h"

#include <future>

#include "cli/cli_context.h"
#include "intake/readers.h"
#include "normalize/tables_loader.h"

namespace taxgate::cli {

Result<LinkageInputs> ReadLinkageInputs(const std::string& records_path,
                                        const std::string& requests_path) {
  auto tables = std::async(std::launch::async, normalize::LoadDefaultTables);
  auto requests = std::async(
      std::launch::async, [&] { return intake::ReadRequests(requests_path); });
  auto records = intake::ReadRecords(records_path);
  auto read_requests = requests.get();
  auto loaded_tables = tables.get();
  if (!loaded_tables.ok()) return loaded_tables.status();
  if (!records.ok()) return records.status();
  Warn(records->warnings);
  for (const auto& r : records->rejected) Warn({r.message});
  if (!read_requests.ok()) return read_requests.status();
  Warn(read_requests->warnings);
  for (const auto& r : read_requests->rejected) Warn({r.message});
  LinkageInputs in;
  in.requests = std::move(read_requests->rows);
  in.queries.reserve(in.requests.size());
  for (const auto& r : in.requests) in.queries.push_back(r.person);
  in.index.emplace(linkage::MatchIndex::Build(std::move(records->rows),
                                              std::move(*loaded_tables)));
  return in;
}

}  // namespace taxgate::cli
