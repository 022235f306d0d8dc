#include <iostream>

#include "cli/cli_context.h"
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
  cmd->callback([=] {
    *run = [=] {
      auto store = OpenStore(*db);
      if (!store.ok()) return Fail(store.status());
      auto s = pipeline::LoadRecordStore(store->OperatorContext(), *records,
                                         *options);
      if (!s.ok()) return Fail(s.status());
      Warn(s->warnings);
      for (const auto& r : s->rejected) {
        std::cerr << "taxgate: rejected: " << r.message << "\n";
      }
      std::cout << "load: " << s->loaded << " records into "
                << storage::StoreName(*db) << " (" << s->rejected.size()
                << " rows rejected): " << s->added << " added, " << s->changed
                << " changed, " << s->removed << " removed, " << s->unchanged
                << " unchanged\n";
      return kExitOk;
    };
  });
}

}  // namespace taxgate::cli
