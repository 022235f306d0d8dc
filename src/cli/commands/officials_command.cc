// `taxgate officials import|list|revoke|reinstate`: the registry of
// officials, every change audited (LAW.md, "Officials": an import never
// undoes or postpones a revocation; only reinstate does).
#include <iostream>
#include <nlohmann/json.hpp>

#include "cli/cli_context.h"
#include "common/csv_writer.h"

namespace taxgate::cli {

void RegisterOfficials(CLI::App& app, Action* run) {
  auto* cmd = app.add_subcommand(
      "officials", "The registry of officials (every change is audited)");
  cmd->require_subcommand(1);
  auto db = std::make_shared<std::string>("taxgate.db");

  auto* import = cmd->add_subcommand(
      "import",
      "Insert or update the officials of an officials.csv (an import never "
      "undoes or postpones a revocation)");
  auto file = std::make_shared<std::string>();
  import->add_option("file", *file, "officials.csv")->required();
  import->add_option("--db", *db, "store")->capture_default_str();
  auto json = std::make_shared<bool>(false);
  import->add_flag("--json", *json, "print the summary as one JSON object");
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
  if (*json) {
    std::cout << nlohmann::json{{"imported", s->loaded},
                                {"rows_rejected", s->rejected.size()},
                                {"warnings", s->warnings}}
                     .dump()
              << "\n";
    return kExitOk;
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
                "valid_to", "public_key", "revoked_on"});
    for (const auto& o : *officials) {
      w.WriteRow({o.official_id, o.name, o.agency, o.title,
                  domain::RoleName(o.role), o.valid_from, o.valid_to,
                  o.public_key, o.revoked_on});
    }
    std::cout << w.buffer();
    return kExitOk;
  };
});

auto* revoke = cmd->add_subcommand(
    "revoke",
    "Revoke an official: every decision made after this refuses the "
    "requests they sign or work on");
auto id = std::make_shared<std::string>();
auto effective = std::make_shared<std::string>();
revoke->add_option("id", *id, "official_id")->required();
revoke->add_option("--effective,--date", *effective,
                   "in force from this date (YYYY-MM-DD, today or earlier; "
                   "default today)");
revoke->add_option("--db", *db, "store")->capture_default_str();
revoke->callback([=] {
  *run = [=] {
    auto store = OpenStore(*db);
    if (!store.ok()) return Fail(store.status());
    Status s =
        pipeline::RevokeOfficial(store->OperatorContext(), *id, *effective);
    if (!s.ok()) return Fail(s);
    auto officials = store->db->ReadOfficials();
    if (!officials.ok()) return Fail(officials.status());
    for (const auto& o : *officials) {
      if (o.official_id == *id) {
        std::cout << "officials revoke: " << *id << " revoked from "
                  << o.revoked_on
                  << " (an import never undoes this; officials reinstate "
                     "does)\n";
      }
    }
    return kExitOk;
  };
});

auto* reinstate = cmd->add_subcommand(
    "reinstate",
    "Lift a revocation (the only way back; audited with the note)");
auto note = std::make_shared<std::string>();
reinstate->add_option("id", *id, "official_id")->required();
reinstate
    ->add_option("--note", *note,
                 "why, and on whose authority (kept in the audit log)")
    ->required();
reinstate->add_option("--db", *db, "store")->capture_default_str();
reinstate->callback([=] {
  *run = [=] {
    auto store = OpenStore(*db);
    if (!store.ok()) return Fail(store.status());
    Status s =
        pipeline::ReinstateOfficial(store->OperatorContext(), *id, *note);
    if (!s.ok()) return Fail(s);
    std::cout << "officials reinstate: " << *id << " is no longer revoked\n";
    return kExitOk;
  };
});
}

}  // namespace taxgate::cli
