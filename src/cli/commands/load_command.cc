#include <iostream>

#include "cli/cli_context.h"

namespace taxgate::cli {

void RegisterLoad(CLI::App& app, Action* run) {
  auto* cmd = app.add_subcommand(
      "load",
      "Load (or refresh) the record store from records.csv. The whole file "
      "is one transaction: a damaged file changes nothing.");
  auto records = std::make_shared<std::string>();
  auto db = std::make_shared<std::string>("taxgate.db");
  cmd->add_option("--records", *records, "records.csv")->required();
  cmd->add_option("--db", *db, "store: a SQLite path")->capture_default_str();
  cmd->callback([=] {
    *run = [=] {
      auto store = OpenStore(*db);
      if (!store.ok()) return Fail(store.status());
      auto s = pipeline::LoadRecordStore(store->OperatorContext(), *records);
      if (!s.ok()) return Fail(s.status());
      Warn(s->warnings);
      for (const auto& r : s->rejected) {
        std::cerr << "taxgate: rejected: " << r.message << "\n";
      }
      std::cout << "load: " << s->loaded << " records into " << *db << " ("
                << s->rejected.size() << " rows rejected)\n";
      return kExitOk;
    };
  });
}

}  // namespace taxgate::cli
