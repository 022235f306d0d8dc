// taxgate: the command line face. Every subcommand has --help; exit codes
// are 0 (success), 1 (failure: bad input, a store error, a failed check) and
// 2 (bad usage).
#include <exception>
#include <iostream>

#include "cli/cli_context.h"
#include "cli/witness_hook.h"
#include "common/crypto.h"

int main(int argc, char** argv) {
  using namespace taxgate::cli;
  if (!taxgate::InitCrypto()) {
    std::cerr << "taxgate: cannot initialise libsodium\n";
    return kExitFailure;
  }
  CLI::App app{
      "taxgate: answers lawful 26 U.S.C. 6103(i)(2) requests for taxpayer "
      "identity,\nfinds the named person, releases only what the law allows "
      "and logs every\nstep in a verifiable Merkle log.",
      "taxgate"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "taxgate 0.1.0");
  Action run;
  RegisterSynth(app, &run);
  RegisterLoad(app, &run);
  RegisterPolicy(app, &run);
  RegisterMatch(app, &run);
  RegisterTrain(app, &run);
  RegisterProcess(app, &run);
  RegisterEval(app, &run);
  RegisterOfficials(app, &run);
  RegisterAudit(app, &run);
  RegisterFlags(app, &run);
  RegisterReport(app, &run);
  RegisterBackup(app, &run);
  RegisterRestore(app, &run);
  RegisterReview(app, &run);
  RegisterRelease(app, &run);
  RegisterKeys(app, &run);
  RegisterSign(app, &run);
  RegisterServe(app, &run);
  RegisterUsers(app, &run);
  RegisterWitness(app, &run);
  // --witnesses on every command that signs checkpoints: the checkpoint
  // goes to the outside witnesses after the command (docs/witnesses.md).
  WitnessHook witness_hook(app);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int rc = app.exit(e);
    return rc == 0 ? kExitOk : kExitUsage;
  }
  if (!run) {
    std::cerr << app.help();
    return kExitUsage;
  }
  // Errors travel as Status; an exception escaping a command (a library's,
  // on data nobody expected) is reported, not a call to std::terminate.
  try {
    const int rc = run();
    witness_hook.AfterCommand();
    return rc;
  } catch (const std::exception& e) {
    std::cerr << "taxgate: internal error: " << e.what() << "\n";
    return kExitFailure;
  }
}
