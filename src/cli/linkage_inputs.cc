#include "cli/linkage_inputs.h"

#include <optional>

#include "cli/cli_context.h"
#include "intake/readers.h"

namespace taxgate::cli {

Result<LinkageInputs> ReadLinkageInputs(const std::string& records_path,
                                        const std::string& requests_path,
                                        const ruleset::RulesetOptions& rules,
                                        ThreadPool* pool) {
  // The three reads are independent: run them on the pool.
  std::optional<Result<std::shared_ptr<const ruleset::Ruleset>>> loaded;
  std::optional<Result<intake::ReadResult<domain::Request>>> read_requests;
  std::optional<Result<intake::ReadResult<domain::Record>>> records;
  ForEach(
      pool, 3,
      [&](size_t job) {
        if (job == 0) loaded.emplace(ruleset::LoadRuleset(rules));
        if (job == 1)
          read_requests.emplace(intake::ReadRequests(requests_path));
        if (job == 2) records.emplace(intake::ReadRecords(records_path));
      },
      1);
  if (!loaded->ok()) return loaded->status();
  if (!records->ok()) return records->status();
  Warn((*records)->warnings);
  for (const auto& r : (*records)->rejected) Warn({r.message});
  if (!read_requests->ok()) return read_requests->status();
  Warn((*read_requests)->warnings);
  for (const auto& r : (*read_requests)->rejected) Warn({r.message});
  LinkageInputs in;
  in.rules = std::move(*loaded).value();
  in.requests = std::move((*read_requests)->rows);
  in.queries.reserve(in.requests.size());
  for (const auto& r : in.requests) in.queries.push_back(r.person);
  linkage::MatchIndexOptions options;
  options.pool = pool;
  in.index.emplace(linkage::MatchIndex::Build(std::move((*records)->rows),
                                              in.rules->tables, options));
  return in;
}

}  // namespace taxgate::cli
