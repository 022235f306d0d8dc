#include <iostream>

#include "cli/cli_context.h"
#include "eval/evaluator.h"

namespace taxgate::cli {

void RegisterEval(CLI::App& app, Action* run) {
  auto* cmd = app.add_subcommand(
      "eval",
      "Precision, recall, F1, false answers and the precision-recall "
      "trade-off of a matches file");
  struct Opts {
    std::string matches, truth, records_truth;
    bool json = false;
  };
  auto o = std::make_shared<Opts>();
  cmd->add_option("--matches", o->matches, "matches.csv")->required();
  cmd->add_option("--truth", o->truth, "truth.csv")->required();
  cmd->add_option("--records-truth", o->records_truth, "records_truth.csv")
      ->required();
  cmd->add_flag("--json", o->json, "print one JSON object");
  cmd->callback([=] {
    *run = [=] {
      auto r = eval::Evaluate(o->matches, o->truth, o->records_truth);
      if (!r.ok()) return Fail(r.status());
      std::cout << (o->json ? eval::FormatJson(*r) + "\n"
                            : eval::FormatText(*r));
      return kExitOk;
    };
  });
}

}  // namespace taxgate::cli
