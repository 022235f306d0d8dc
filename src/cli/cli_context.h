// Shared plumbing of the `taxgate` command: opening the store with its key
// and ledger, reporting errors, exit codes (FORMATS.md: 0 success, 1
// failure, 2 bad usage).
#ifndef TAXGATE_CLI_CLI_CONTEXT_H_
#define TAXGATE_CLI_CLI_CONTEXT_H_

#include <CLI/CLI.hpp>
#include <functional>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "common/date.h"
#include "common/status.h"
#include "pipeline/answers.h"
#include "pipeline/ledger.h"
#include "pipeline/operator_actions.h"
#include "pipeline/verify.h"
#include "record_store/record_store.h"
#include "storage/database.h"

namespace taxgate::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;
inline constexpr int kExitUsage = 2;

// Prints "taxgate: <message>" on stderr and returns kExitFailure.
int Fail(const Status& s);
// Prints each message on stderr, prefixed "taxgate: warning: ".
void Warn(const std::vector<std::string>& messages);

// How a command got its match index, for its summary: "match index:
// mapped from PATH in 0.21 s" or "match index: built in 30.2 s (why)";
// and as JSON {"path", "mapped", "rebuilt_because", "seconds"}.
std::string IndexLine(const record_store::IndexReport& r);
nlohmann::json IndexJson(const record_store::IndexReport& r);

// An open store with its keys and audit ledger (which signs a checkpoint
// at every commit).
struct Store {
  std::unique_ptr<storage::Database> db;
  std::string keys_dir;  // the store's key folder
  std::string origin;    // the log's name in its checkpoints
  std::string key;       // HMAC key
  std::optional<pipeline::Ledger> ledger;
  pipeline::OperatorContext OperatorContext();
};
Result<Store> OpenStore(const std::string& db_spec);
// A store for a command that only reads, opened read-only
// (storage::OpenMode::kReadOnly): never made when it is not there (a
// mistyped --db is an error, not a new empty store that verifies), never
// written; an auditor's read-only copy will do.
// Errors: NotFound naming the path; those of OpenDatabase.
Result<std::unique_ptr<storage::Database>> OpenExistingDatabase(
    const std::string& db_spec);

// Parses --as-of (empty = today, UTC). Errors: InvalidArgument.
Result<Date> ParseAsOf(const std::string& text);
// Parses the date option `option` (empty = today, UTC). Errors:
// InvalidArgument naming the option and the value.
Result<Date> ParseDateOption(const std::string& option,
                             const std::string& text);
// Option checks whose message a person reads: "--leaf: want a whole number
// 0 or more, got '-1'" (CLI11's ranges print the type's limits).
CLI::Validator NonNegative();
CLI::Validator Positive();
// The operator running the command ($TAXGATE_OPERATOR, $USER, or "operator").
std::string OperatorName();

// A --listen value, "HOST:PORT" ("[::1]:PORT" for IPv6; port 0: a free
// one). Errors: InvalidArgument naming `option`.
Status ParseListen(const std::string& text, std::string* host, int* port,
                   const std::string& option = "--listen");

// Prints what the agency is told of a batch and why answers are held.
void PrintAnswers(const std::map<std::string, int64_t>& by_answer,
                  const pipeline::AnswerSummary& answers);

// Each command file registers its subcommands; `run` is set to the action.
using Action = std::function<int()>;
void RegisterSynth(CLI::App& app, Action* run);
void RegisterLoad(CLI::App& app, Action* run);
void RegisterPolicy(CLI::App& app, Action* run);
void RegisterMatch(CLI::App& app, Action* run);
void RegisterTrain(CLI::App& app, Action* run);
void RegisterProcess(CLI::App& app, Action* run);
void RegisterEval(CLI::App& app, Action* run);
void RegisterOfficials(CLI::App& app, Action* run);
void RegisterAudit(CLI::App& app, Action* run);
void RegisterFlags(CLI::App& app, Action* run);
void RegisterBackup(CLI::App& app, Action* run);
void RegisterRestore(CLI::App& app, Action* run);
// The signed notes in `files` (audit checkpoint --out), for
// pipeline::VerifyAuditLog. Errors: NotFound naming a missing file.
Result<std::vector<pipeline::PublishedCheckpoint>> ReadPublished(
    const std::vector<std::string>& files);
void RegisterReport(CLI::App& app, Action* run);
void RegisterReview(CLI::App& app, Action* run);
void RegisterRelease(CLI::App& app, Action* run);
void RegisterKeys(CLI::App& app, Action* run);
void RegisterSign(CLI::App& app, Action* run);
void RegisterServe(CLI::App& app, Action* run);
void RegisterUsers(CLI::App& app, Action* run);

}  // namespace taxgate::cli

#endif  // TAXGATE_CLI_CLI_CONTEXT_H_
