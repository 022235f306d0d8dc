#include <iostream>

#include "cli/cli_context.h"
#include "common/strings.h"

namespace taxgate::cli {
namespace {

// Adds `set`, `lift` and `list` under `cmd` for one kind of flag. The key is
// a positional AGENCY for holds and --tin for (i)(6) flags.
void AddFlagCommands(CLI::App* cmd, const std::string& kind, Action* run) {
  const bool is_hold = kind == storage::kFlagLegalHold;
  auto db = std::make_shared<std::string>("taxgate.db");
  auto key = std::make_shared<std::string>();
  auto note = std::make_shared<std::string>();
  auto date = std::make_shared<std::string>();
  auto add_key = [&](CLI::App* sub) {
    if (is_hold) {
      sub->add_option("agency", *key, "the agency (as in officials.csv)")
          ->required();
    } else {
      sub->add_option("--tin", *key, "the taxpayer's TIN (9 digits)")
          ->required();
    }
    sub->add_option("--db", *db, "store")->capture_default_str();
  };
  auto* set = cmd->add_subcommand(
      "set", is_hold ? "Bar disclosures to an agency (a court order)"
                     : "Withhold a taxpayer under 6103(i)(6)");
  add_key(set);
  set->add_option("--note", *note,
                  is_hold ? "the order, e.g. 'D.D.C. 25-cv-1234, Nov 2025'"
                          : "why (no taxpayer data)");
  set->add_option("--date", *date, "effective date (default today)");
  set->callback([=] {
    *run = [=] {
      auto when = ParseDateOption("--date", *date);
      if (!when.ok()) return Fail(when.status());
      auto store = OpenStore(*db);
      if (!store.ok()) return Fail(store.status());
      std::string k = is_hold ? *key : DigitsOnly(*key);
      Status s = pipeline::SetFlag(store->OperatorContext(),
                                   {kind, k, *note, when->ToString()});
      if (!s.ok()) return Fail(s);
      std::cout << (is_hold ? "hold set on agency " + k
                            : std::string("(i)(6) flag set on the taxpayer"))
                << " as of " << when->ToString() << " (audited)\n";
      return kExitOk;
    };
  });
  auto* lift = cmd->add_subcommand("lift", "Lift the flag (audited)");
  add_key(lift);
  lift->callback([=] {
    *run = [=] {
      auto store = OpenStore(*db);
      if (!store.ok()) return Fail(store.status());
      std::string k = is_hold ? *key : DigitsOnly(*key);
      Status s = pipeline::LiftFlag(store->OperatorContext(), kind, k);
      if (!s.ok()) return Fail(s);
      std::cout << "lifted (audited)\n";
      return kExitOk;
    };
  });
  auto* list = cmd->add_subcommand(
      "list", is_hold ? "Agencies under a hold"
                      : "How many taxpayers are withheld (never which)");
  list->add_option("--db", *db, "store")->capture_default_str();
  list->callback([=] {
    *run = [=] {
      auto store = OpenExistingDatabase(*db);
      if (!store.ok()) return Fail(store.status());
      auto flags = (*store)->ReadFlags(kind);
      if (!flags.ok()) return Fail(flags.status());
      if (is_hold) {
        for (const auto& f : *flags) {
          std::cout << f.key << "\t" << f.set_on << "\t" << f.note << "\n";
        }
      } else {
        std::cout << flags->size() << " taxpayers withheld under (i)(6)\n";
      }
      return kExitOk;
    };
  });
}

}  // namespace

void RegisterFlags(CLI::App& app, Action* run) {
  auto* hold = app.add_subcommand(
      "hold",
      "Legal holds: no disclosure to an agency while a court order "
      "bars it (LEGAL_HOLD)");
  hold->require_subcommand(1);
  AddFlagCommands(hold, storage::kFlagLegalHold, run);
  auto* withhold = app.add_subcommand(
      "withhold",
      "(i)(6) flags: never disclose a taxpayer whose disclosure would "
      "identify an informant or impair a tax investigation (WITHHELD_I6)");
  withhold->require_subcommand(1);
  AddFlagCommands(withhold, storage::kFlagWithheldI6, run);
}

}  // namespace taxgate::cli
