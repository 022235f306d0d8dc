#include <iostream>

#include "cli/cli_context.h"
#include "common/csv_writer.h"

namespace taxgate::cli {

void RegisterOfficials(CLI::App& app, Action* run) {
  auto* cmd = app.add_subcommand(
      "officials", "The registry of officials (every change is audited)");
  cmd->require_subcommand(1);
  auto db = std::make_shared<std::string>("taxgate.db");

  auto* import = cmd->add_subcommand(
      "import", "Insert or replace the officials of an officials.csv");
  auto file = std::make_shared<std::string>();
  import->add_option("file", *file, "officials.csv")->required();
  import->add_option("--db", *db, "store")->capture_default_str();
  import->callback([=] {
    *run = [=] {
      auto store = OpenStore(*db);
  if (!store.ok()) return Fail(store.status());
  auto s = pipeline::ImportOfficials(store->OperatorContext(), *file);
  if (!s.ok()) return Fail(s.status());
  Warn(s->warnings);
  for (const auto& r : s->rejected) {
    std::cerr << "taxgate: rejected: " << r.message << "\n";
  }
  std::cout << "officials import: " << s->loaded << " officials ("
            << s->rejected.size() << " rows rejected)\n";
  return kExitOk;
};
}  // namespace taxgate::cli
);

auto* list = cmd->add_subcommand("list", "Print the registry as CSV");
list->add_option("--db", *db, "store")->capture_default_str();
list->callback([=] {
  *run = [=] {
    auto store = OpenStore(*db);
    if (!store.ok()) return Fail(store.status());
    auto officials = store->db->ReadOfficials();
    if (!officials.ok()) return Fail(officials.status());
    CsvWriter w;
    w.WriteRow({"official_id", "name", "agency", "title", "role", "valid_from",
                "valid_to", "revoked_on"});
    for (const auto& o : *officials) {
      w.WriteRow({o.official_id, o.name, o.agency, o.title,
                  domain::RoleName(o.role), o.valid_from, o.valid_to,
                  o.revoked_on});
    }
    std::cout << w.buffer();
    return kExitOk;
  };
});

auto* revoke = cmd->add_subcommand(
    "revoke", "Revoke an official: requests they sign or work are refused");
auto id = std::make_shared<std::string>();
auto date = std::make_shared<std::string>();
revoke->add_option("id", *id, "official_id")->required();
revoke->add_option("--date", *date, "revoked as of (default today)");
revoke->add_option("--db", *db, "store")->capture_default_str();
revoke->callback([=] {
  *run = [=] {
    auto when = ParseAsOf(*date);
    if (!when.ok()) return Fail(when.status());
    auto store = OpenStore(*db);
    if (!store.ok()) return Fail(store.status());
    Status s = pipeline::RevokeOfficial(store->OperatorContext(), *id,
                                        when->ToString());
    if (!s.ok()) return Fail(s);
    std::cout << "officials revoke: " << *id << " revoked as of "
              << when->ToString() << "\n";
    return kExitOk;
  };
});
}

}  // namespace taxgate::cli
