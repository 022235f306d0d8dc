#include <algorithm>
#include <cstdio>
#include <iostream>

#include "cli/cli_context.h"
#include "common/progress.h"
#include "common/thread_pool.h"
#include "ruleset/ruleset.h"
#include "storage/database.h"

namespace taxgate::cli {

void RegisterLoad(CLI::App& app, Action* run) {
  auto* cmd = app.add_subcommand(
      "load",
      "Load (or refresh) the record store from records.csv. The whole file "
      "is one transaction: a damaged file changes nothing. Refused, with the "
      "store unchanged: a file with no valid row, a file cut off mid-row, "
      "more than 1% of rows rejected, or a refresh removing more than 5% of "
      "the store without --allow-removal.");
  auto records = std::make_shared<std::string>();
  auto db = std::make_shared<std::string>("taxgate.db");
  auto options = std::make_shared<pipeline::LoadOptions>();
  auto threads = std::make_shared<int>(0);
  auto json = std::make_shared<bool>(false);
  cmd->add_option("--records", *records, "records.csv")->required();
  cmd->add_option("--db", *db, "store: a SQLite path")->capture_default_str();
  cmd->add_flag("--allow-removal", options->allow_removal,
                "let a refresh remove more than 5% of the store's records "
                "(recorded in the audit log)");
  cmd->add_option("--max-rejected-share", options->max_rejected_share,
                  "refuse the file when more than this share of its rows "
                  "are rejected")
      ->capture_default_str()
      ->check(CLI::Range(0.0, 1.0));
  cmd->add_option("--threads", *threads,
                  "threads for the digests and the index build (0 = cores)");
  cmd->add_flag("--json", *json, "print the summary as one JSON object");
  cmd->callback([=] {
    *run = [=] {
      // The reference tables first: the index is built with them.
      auto rules = ruleset::LoadRuleset({});
      if (!rules.ok()) return Fail(rules.status());
      auto store = OpenStore(*db);
      if (!store.ok()) return Fail(store.status());
      ThreadPool pool(*threads);
      pipeline::LoadOptions o = *options;
      o.tables = (*rules)->tables;
      o.tables_digest = (*rules)->tables_digest;
      o.pool = &pool;
      auto progress = std::make_unique<TerminalProgress>("load");
      o.progress = progress->Fn();
      auto s = pipeline::LoadRecordStore(store->OperatorContext(), *records, o);
      progress.reset();  // clears the line
      if (!s.ok()) return Fail(s.status());
      Warn(s->warnings);
      for (const auto& r : s->rejected) {
        std::cerr << "taxgate: rejected: " << r.message << "\n";
      }
      const double total =
          s->read_seconds + s->write_seconds + s->index_seconds;
      if (*json) {
        nlohmann::json j = {
            {"loaded", s->loaded},
            {"rejected", s->rejected.size()},
            {"added", s->added},
            {"changed", s->changed},
            {"removed", s->removed},
            {"unchanged", s->unchanged},
            {"read_seconds", s->read_seconds},
            {"write_seconds", s->write_seconds},
            {"index_seconds", s->index_seconds},
            {"index_bytes", s->index_bytes},
            {"index_path", record_store::IndexPath(store->keys_dir)},
            {"seconds", total}};
        std::cout << j.dump() << "\n";
        return kExitOk;
      }
      std::cout << "load: " << s->loaded << " records into "
                << storage::StoreName(*db) << " (" << s->rejected.size()
                << " rows rejected): " << s->added << " added, " << s->changed
                << " changed, " << s->removed << " removed, " << s->unchanged
                << " unchanged\n";
      char line[160];
      std::snprintf(
          line, sizeof line, "  read %.1f s, written %.1f s (%.0f records/s)",
          s->read_seconds, s->write_seconds,
          s->loaded / std::max(1e-9, s->read_seconds + s->write_seconds));
      std::cout << line << "\n";
      if (s->index_built) {
        std::snprintf(line, sizeof line,
                      "  match index: built in %.1f s, %.0f MB: ",
                      s->index_seconds, s->index_bytes / 1e6);
        std::cout << line << record_store::IndexPath(store->keys_dir) << "\n";
      }
      return kExitOk;
    };
  });
}

}  // namespace taxgate::cli
