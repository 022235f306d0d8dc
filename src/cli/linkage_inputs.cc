#include "cli/linkage_inputs.h"

#include <algorithm>
#include <optional>

#include "cli/cli_context.h"
#include "common/file_util.h"
#include "intake/readers.h"
#include "pipeline/keys.h"

namespace taxgate::cli {

Result<LinkageInputs> ReadLinkageInputs(const std::string& records_path,
                                        const std::string& requests_path,
                                        const ruleset::RulesetOptions& rules,
                                        ThreadPool* pool,
                                        const std::string& db_spec) {
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
        if (job == 2 && !records_path.empty()) {
          records.emplace(intake::ReadRecords(records_path));
        }
      },
      1);
  if (!loaded->ok()) return loaded->status();
  if (records) {
    if (!records->ok()) return records->status();
    Warn((*records)->warnings);
    for (const auto& r : (*records)->rejected) Warn({r.message});
  }
  if (!read_requests->ok()) return read_requests->status();
  Warn((*read_requests)->warnings);
  for (const auto& r : (*read_requests)->rejected) Warn({r.message});
  LinkageInputs in;
  in.rules = std::move(*loaded).value();
  in.requests = std::move((*read_requests)->rows);
  in.queries.reserve(in.requests.size());
  for (const auto& r : in.requests) in.queries.push_back(r.person);
  if (!records) {
    TG_ASSIGN_OR_RETURN(auto db, OpenExistingDatabase(db_spec));
    TG_ASSIGN_OR_RETURN(std::string keys_dir, pipeline::KeysDirFor(db_spec));
    if (!FileExists(keys_dir + "/hmac.key")) {
      return Status::NotFound(keys_dir +
                              "/hmac.key: the store's key is not there (a "
                              "store is used with its key folder)");
    }
    // The store's own key (its fingerprint is in the store): another
    // store's key folder is refused, not used to build and keep an index
    // under the wrong key.
    TG_ASSIGN_OR_RETURN(std::string key,
                        pipeline::LoadStoreHmacKey(db.get(), keys_dir));
    record_store::IndexReport report;
    TG_ASSIGN_OR_RETURN(in.index, record_store::OpenMatchIndex(
                                      db.get(), in.rules->tables,
                                      {key, in.rules->tables_digest,
                                       record_store::IndexPath(keys_dir)},
                                      pool, &report));
    Warn(report.warnings);
    in.index_report = std::move(report);
    return in;
  }
  linkage::MatchIndexOptions options;
  options.pool = pool;
  // In record_id order, as a store's index keeps them (record_store.h):
  // equal candidates then break ties alike with --records and --db.
  auto& rows = (*records)->rows;
  std::sort(rows.begin(), rows.end(),
            [](const domain::Record& a, const domain::Record& b) {
              return a.record_id < b.record_id;
            });
  in.index =
      std::make_shared<const linkage::MatchIndex>(linkage::MatchIndex::Build(
          std::move((*records)->rows), in.rules->tables, options));
  return in;
}

}  // namespace taxgate::cli
