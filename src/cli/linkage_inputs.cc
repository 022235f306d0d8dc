#include "cli/linkage_inputs.h"

#include <future>

#include "cli/cli_context.h"
#include "intake/readers.h"

namespace taxgate::cli {

Result<LinkageInputs> ReadLinkageInputs(const std::string& records_path,
                                        const std::string& requests_path,
                                        const ruleset::RulesetOptions& rules,
                                        ThreadPool* pool) {
  auto loaded_rules = std::async(std::launch::async,
                                 [&] { return ruleset::LoadRuleset(rules); });
  auto requests = std::async(
      std::launch::async, [&] { return intake::ReadRequests(requests_path); });
  auto records = intake::ReadRecords(records_path);
  auto read_requests = requests.get();
  auto loaded = loaded_rules.get();
  if (!loaded.ok()) return loaded.status();
  if (!records.ok()) return records.status();
  Warn(records->warnings);
  for (const auto& r : records->rejected) Warn({r.message});
  if (!read_requests.ok()) return read_requests.status();
  Warn(read_requests->warnings);
  for (const auto& r : read_requests->rejected) Warn({r.message});
  LinkageInputs in;
  in.rules = std::move(loaded).value();
  in.requests = std::move(read_requests->rows);
  in.queries.reserve(in.requests.size());
  for (const auto& r : in.requests) in.queries.push_back(r.person);
  linkage::MatchIndexOptions options;
  options.pool = pool;
  in.index.emplace(linkage::MatchIndex::Build(std::move(records->rows),
                                              in.rules->tables, options));
  return in;
}

}  // namespace taxgate::cli
