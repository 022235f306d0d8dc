// `taxgate backup` and `taxgate restore` (pipeline/backup.h): a consistent
// copy of the store with its keys, taken while other commands run, and its
// return, which sets aside what it replaces and is checked against the
// checkpoints published outside the store.
#include <iostream>
#include <nlohmann/json.hpp>

#include "cli/cli_context.h"
#include "common/crypto.h"
#include "common/file_util.h"
#include "pipeline/backup.h"
#include "pipeline/keys.h"
#include "storage/database.h"

namespace taxgate::cli {

void RegisterBackup(CLI::App& app, Action* run) {
  auto* cmd = app.add_subcommand(
      "backup",
      "Copy the store, as of one commit, with its key folder, while other "
      "commands run: FILE and FILE.keys/ (owner-only), verified, audited");
  auto db = std::make_shared<std::string>("taxgate.db");
  auto out = std::make_shared<std::string>();
  cmd->add_option("--db", *db, "store")->capture_default_str();
  cmd->add_option("--out", *out,
                  "the copy (a new file; its keys go to FILE.keys/)")
      ->required();
  auto json = std::make_shared<bool>(false);
  cmd->add_flag("--json", *json, "print the summary as one JSON object");
  cmd->callback([=] {
    *run = [=] {
      if (storage::IsPostgresSpec(*db)) {
        return Fail(pipeline::PostgresBackupRefusal(*db, "backup"));
      }
      if (!FileExists(*db)) {
        return Fail(Status::NotFound(*db + ": no store there (check --db)"));
      }
      auto store = OpenStore(*db);
      if (!store.ok()) return Fail(store.status());
      auto s = pipeline::BackupStore(store->OperatorContext(), store->keys_dir,
                                     *out);
      if (!s.ok()) return Fail(s.status());
      if (*json) {
        std::cout << nlohmann::json{{"path", s->path},
                                    {"keys_dir", s->keys_dir},
                                    {"audit_entries", s->verified.leaves},
                                    {"root_hex", ToHex(s->verified.root)},
                                    {"checkpoints_verified",
                                     s->verified.checkpoints}}
                         .dump()
                  << "\n";
        return kExitOk;
      }
      std::cout << "backup: " << s->path << " and " << s->keys_dir << ": "
                << s->verified.leaves << " audit entries, root "
                << ToHex(s->verified.root) << ", " << s->verified.checkpoints
                << " signed checkpoints verified (audited in " << *db
                << ")\nkeep both together, on an encrypted volume; they hold "
                   "taxpayer data and the store's secret keys\n";
      return kExitOk;
    };
  });
}

void RegisterRestore(CLI::App& app, Action* run) {
  auto* cmd = app.add_subcommand(
      "restore",
      "Put a backup (FILE and FILE.keys/) back as the store. Refused when its "
      "log does not verify or does not extend the checkpoints you published; "
      "the store it replaces is set aside, never removed; audited");
  auto db = std::make_shared<std::string>("taxgate.db");
  auto from = std::make_shared<std::string>();
  auto published = std::make_shared<std::vector<std::string>>();
  auto options = std::make_shared<pipeline::RestoreOptions>();
  cmd->add_option("--from", *from, "the backup (made by taxgate backup)")
      ->required();
  cmd->add_option("--db", *db, "the store to restore")->capture_default_str();
  cmd->add_option("--published", *published,
                  "a checkpoint published outside the store (audit "
                  "checkpoint --out; a witness's copy): the backup must "
                  "extend it; repeatable");
  cmd->add_flag("--replace", options->replace,
                "set aside the store (and key folder) at --db as "
                "<db>.before-restore-<time> and restore over it");
  cmd->add_flag("--accept-loss", options->accept_loss,
                "restore although a published checkpoint signed entries the "
                "backup lacks (recorded in the audit log)");
  cmd->callback([=] {
    *run = [=] {
      for (const std::string* spec : {&*from, &*db}) {
        if (storage::IsPostgresSpec(*spec)) {
          return Fail(pipeline::PostgresBackupRefusal(*spec, "restore"));
        }
      }
      auto notes = ReadPublished(*published);
      if (!notes.ok()) return Fail(notes.status());
      pipeline::RestoreOptions o = *options;
      o.published = *notes;
      auto keys_dir = pipeline::KeysDirFor(*db);
      if (!keys_dir.ok()) return Fail(keys_dir.status());
      auto r = pipeline::RestoreStore(*from, *db, *keys_dir, o);
      if (!r.ok()) return Fail(r.status());
      auto store = OpenStore(*db);
      if (!store.ok()) return Fail(store.status());
      const auto& v = r->verified;
      std::vector<std::pair<std::string, std::string>> facts = {
          {"from", *from},
          {"entries", std::to_string(v.leaves)},
          {"root", ToHex(v.root)},
          {"published_checked", std::to_string(v.published_checked)},
          {"set_aside", r->set_aside}};
      if (v.published_lost > 0) {
        facts.push_back(
            {"lost_entries", std::to_string(v.leaves) + "-" +
                                 std::to_string(v.published_lost - 1)});
      }
      Status s = pipeline::LogOperatorAction(store->OperatorContext(),
                                             "restore", facts);
      if (!s.ok()) return Fail(s);
      std::cout << "restore: " << *db << " is now the backup " << *from << ": "
                << v.leaves << " audit entries, root " << ToHex(v.root) << "; "
                << v.published_checked << " published checkpoints checked\n";
      if (!r->set_aside.empty()) {
        std::cout << "the store it replaced is kept as " << r->set_aside
                  << "\n";
      }
      if (!r->keys_set_aside.empty()) {
        std::cout << "its key folder is kept as " << r->keys_set_aside << "\n";
      }
      if (v.published_lost > 0) {
        std::cout << "LOSS ACCEPTED: entries " << v.leaves << " to "
                  << v.published_lost - 1
                  << " that a published checkpoint signed are not in the "
                     "restored log: report the incident "
                     "(docs/operations.md)\n";
      }
      return kExitOk;
    };
  });
}

}  // namespace taxgate::cli
