// Outside witnesses from the command line (docs/witnesses.md):
//  - `taxgate witness serve` and `taxgate witness key` (RegisterWitness);
//  - WitnessHook: after a command that signs checkpoints, its latest
//    checkpoint goes to the witnesses of the file given by its --witnesses
//    option or $TAXGATE_WITNESSES (best effort: a witness down is a warning
//    on stderr, never a failure of the command).
#ifndef TAXGATE_CLI_WITNESS_HOOK_H_
#define TAXGATE_CLI_WITNESS_HOOK_H_

#include <string>
#include <vector>

#include "cli/cli_context.h"

namespace taxgate::cli {

void RegisterWitness(CLI::App& app, Action* run);

// The witnesses file a command uses: `option` if set, else
// $TAXGATE_WITNESSES, else "".
std::string WitnessesFile(const std::string& option);

class WitnessHook {
 public:
  // Adds --witnesses FILE to every command of `app` that signs checkpoints
  // (those that commit to the audit log). REQUIRES: every command is
  // registered already.
  explicit WitnessHook(CLI::App& app);
  // Call after the command ran (whatever its exit code: it may have
  // committed some chunks before failing). Sends the store's latest
  // checkpoint when the command that ran signs checkpoints and a
  // witnesses file is set; prints warnings, never fails.
  void AfterCommand() const;

 private:
  struct Entry {
    CLI::App* command;
    CLI::Option* db;
  };
  std::vector<Entry> entries_;
  std::string option_;
};

}  // namespace taxgate::cli

#endif  // TAXGATE_CLI_WITNESS_HOOK_H_
