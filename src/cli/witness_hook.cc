#include "cli/witness_hook.h"

#include <cstdlib>
#include <initializer_list>
#include <iostream>

#include "common/file_util.h"
#include "common/strings.h"
#include "pipeline/witnesses.h"
#include "storage/database.h"

namespace taxgate::cli {
namespace {

// The commands that commit to the audit log, so sign a checkpoint
// (`audit checkpoint` and `audit witness` send by themselves).
const std::vector<std::vector<std::string>>& SigningCommands() {
  static const std::vector<std::vector<std::string>> kCommands = {
      {"process"},
      {"release"},
      {"review", "decide"},
      {"load"},
      {"officials", "import"},
      {"officials", "revoke"},
      {"officials", "reinstate"},
      {"hold", "set"},
      {"hold", "lift"},
      {"withhold", "set"},
      {"withhold", "lift"},
      {"audit", "rotate-key"},
      {"backup"},
      {"restore"},
      {"users", "add"},
      {"users", "role"},
      {"users", "password"},
      {"users", "disable"},
      {"users", "enable"},
      {"users", "unlock"}};
  return kCommands;
}

CLI::App* Find(CLI::App& app, const std::vector<std::string>& path) {
  CLI::App* at = &app;
  for (const auto& name : path) {
    try {
      at = at->get_subcommand(name);
    } catch (const CLI::OptionNotFound&) {
      return nullptr;
    }
  }
  return at;
}

}  // namespace

std::string WitnessesFile(const std::string& option) {
  if (!option.empty()) return option;
  const char* env = std::getenv("TAXGATE_WITNESSES");
  return env && *env ? env : "";
}

WitnessHook::WitnessHook(CLI::App& app) {
  for (const auto& path : SigningCommands()) {
    CLI::App* cmd = Find(app, path);
    if (!cmd) continue;
    CLI::Option* db = cmd->get_option_no_throw("--db");
    if (!db) continue;
    cmd->add_option("--witnesses", option_,
                    "send the checkpoint this command signs to the witnesses "
                    "of this file (name URL key a line; default "
                    "$TAXGATE_WITNESSES); a witness down is a warning");
    entries_.push_back({cmd, db});
  }
}

void WitnessHook::AfterCommand() const {
  const std::string file = WitnessesFile(option_);
  if (file.empty()) return;
  for (const Entry& e : entries_) {
    if (!e.command->parsed()) continue;
    const std::string db_spec =
        e.db->count() > 0 ? e.db->results().back() : e.db->get_default_str();
    if (!StartsWith(db_spec, "postgresql://") && !FileExists(db_spec)) return;
    auto witnesses = pipeline::LoadWitnesses(file);
    if (!witnesses.ok()) {
      Warn({"witnesses not asked: " + witnesses.status().message()});
      return;
    }
    auto db = storage::OpenDatabase(db_spec);
    if (!db.ok()) {
      Warn({"witnesses not asked: " + db.status().message()});
      return;
    }
    auto report = pipeline::CollectCosignatures(db->get(), *witnesses);
    if (!report.ok()) {
      Warn({"witnesses not asked: " + report.status().message()});
      return;
    }
    Warn(report->Warnings());
    if (report->Cosigned() > 0) {
      std::vector<std::string> by;
      for (const auto& o : report->outcomes) {
        if (o.cosigned) by.push_back(o.witness);
      }
      std::cerr << "taxgate: checkpoint " << report->tree_size
                << " cosigned by " << Join(by, ", ") << "\n";
    }
    return;
  }
}

}  // namespace taxgate::cli
