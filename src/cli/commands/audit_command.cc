#include <iostream>
#include <nlohmann/json.hpp>

#include "cli/cli_context.h"
#include "common/crypto.h"
#include "pipeline/verify.h"

namespace taxgate::cli {

void RegisterAudit(CLI::App& app, Action* run) {
  auto* cmd = app.add_subcommand("audit", "The verifiable audit log");
  cmd->require_subcommand(1);
  auto db = std::make_shared<std::string>("taxgate.db");
  auto json = std::make_shared<bool>(false);

  auto* verify = cmd->add_subcommand(
      "verify",
      "Recompute every leaf hash and tree root; name the first bad entry");
  verify->add_option("--db", *db, "store")->capture_default_str();
  verify->add_flag("--json", *json, "print the result as JSON");
  verify->callback([=] {
    *run = [=] {
      auto store = storage::OpenDatabase(*db);
      if (!store.ok()) return Fail(store.status());
      auto report = pipeline::VerifyAuditLog(store->get());
      if (!report.ok()) return Fail(report.status());
      if (*json) {
        nlohmann::json j = {{"ok", report->ok},
                            {"leaves_checked", report->leaves},
                            {"root_hash_hex", ToHex(report->root)}};
        if (!report->ok) {
          j["first_bad_leaf"] = report->first_bad;
          j["problem"] = report->problem;
        }
        std::cout << j.dump() << "\n";
      } else if (report->ok) {
        std::cout << "audit verify: OK, " << report->leaves << " entries, root "
                  << ToHex(report->root) << "\n";
      } else {
        std::cout << "audit verify: FAILED at entry " << report->first_bad
                  << ": " << report->problem << " (" << report->leaves
                  << " entries before it are good)\n";
      }
      return report->ok ? kExitOk : kExitFailure;
    };
  });

  auto* show = cmd->add_subcommand("show", "Print the bytes of entry N");
  auto index = std::make_shared<int64_t>(0);
  show->add_option("n", *index, "leaf index")
      ->required()
      ->check(CLI::NonNegativeNumber);
  show->add_option("--db", *db, "store")->capture_default_str();
  show->add_flag("--json", *json, "print {leaf_index, leaf_base64}");
  show->callback([=] {
    *run = [=] {
      auto store = storage::OpenDatabase(*db);
      if (!store.ok()) return Fail(store.status());
      auto leaf = (*store)->ReadAuditLeaf(*index);
      if (!leaf.ok()) return Fail(leaf.status());
      if (*json) {
        std::cout << nlohmann::json{{"leaf_index", leaf->index},
                                    {"leaf_base64", Base64Encode(leaf->entry)}}
                         .dump()
                  << "\n";
      } else {
        std::cout << leaf->entry << "\n";
      }
      return kExitOk;
    };
  });
}

}  // namespace taxgate::cli
